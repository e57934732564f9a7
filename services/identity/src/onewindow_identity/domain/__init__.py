"""Plain-Python identity domain: no grpc, sqlalchemy, kafka or keycloak imports."""
