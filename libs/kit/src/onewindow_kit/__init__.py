"""OneWindow service kit."""
