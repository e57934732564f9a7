"""One handler per command; each runs in one unit of work."""
