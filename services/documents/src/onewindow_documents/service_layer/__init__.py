"""OneWindow documents."""
