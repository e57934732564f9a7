"""HTTP routes: each translates HTTP ↔ one or a few gRPC calls, nothing more."""
