"""OneWindow cases service."""
