"""Adapters: tables, repositories, the documents and identity ports."""
