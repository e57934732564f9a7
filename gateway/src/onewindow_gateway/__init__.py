"""OneWindow HTTP/JSON gateway (package reserved; no server yet — see ../README.md)."""
