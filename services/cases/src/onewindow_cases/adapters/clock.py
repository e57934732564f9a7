"""The real clock: instants in UTC, working days as local dates where they are counted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


class SystemClock:
    """The real clock; working days are local dates in ``timezone``."""

    def __init__(self, timezone: str = "Asia/Shanghai") -> None:
        self._tz = ZoneInfo(timezone)

    def now(self) -> datetime:
        """Now, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """The local date."""
        return datetime.now(self._tz).date()

    def day_of(self, at: datetime) -> date:
        """The local date of an instant."""
        return at.astimezone(self._tz).date()
