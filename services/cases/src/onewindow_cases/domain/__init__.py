"""The cases domain: plain Python, no gRPC, SQL or Kafka."""
