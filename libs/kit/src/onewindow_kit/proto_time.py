"""datetime ↔ protobuf Timestamp, the same way in every service."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp


def ts(value: datetime | None) -> Timestamp | None:
    """A Timestamp, or None so the message field stays unset."""
    if value is None:
        return None
    out = Timestamp()
    out.FromDatetime(value)
    return out
