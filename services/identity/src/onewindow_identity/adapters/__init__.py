"""Adapters: PostgreSQL (SQLAlchemy), Keycloak (python-keycloak), and in-memory fakes."""
