"""Entrypoints: the gRPC servicer and the deadline scanner process."""
