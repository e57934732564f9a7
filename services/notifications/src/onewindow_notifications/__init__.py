"""OneWindow notifications service (package reserved; no processes yet — see README.md)."""
