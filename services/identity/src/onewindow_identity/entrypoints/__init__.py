"""Entrypoints: the gRPC servicer (protobuf ↔ commands only)."""
