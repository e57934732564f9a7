"""OneWindow identity service."""
