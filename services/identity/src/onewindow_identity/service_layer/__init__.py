"""Use cases: one handler per command, driven through ports (unit of work, identity provider)."""
