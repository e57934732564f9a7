"""Structured logs: one JSON line per event name plus fields, with the correlation id."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
import uuid
from typing import Any

from google.protobuf.message import Message

from onewindow_kit.classification import redacted, scrub_current
from onewindow_kit.logfile import RotatingLogFile, file_handler

_correlation: contextvars.ContextVar[str] = contextvars.ContextVar(
    "onewindow_correlation_id", default=""
)
CORRELATION_HEADER = "x-correlation-id"


def correlation_id() -> str:
    """The correlation id of the work in progress ('' when none)."""
    return _correlation.get()


def set_correlation_id(value: str | None) -> contextvars.Token:
    """Bind a correlation id (a new one when ``value`` is empty)."""
    return _correlation.set(value or str(uuid.uuid4()))


def reset_correlation_id(token: contextvars.Token) -> None:
    """Undo set_correlation_id."""
    _correlation.reset(token)


class JsonFormatter(logging.Formatter):
    """Render a record as one JSON object: ts, level, logger, event, correlation_id, fields.

    Personal data never reaches the line: a protobuf message given as a field is written with
    its PERSONAL and SENSITIVE values redacted (by the contract's classification), and the
    protected values of the work in progress (a call's request, a consumed event; see
    ``onewindow_kit.classification.protect``) are removed wherever else they appear, e.g. in
    an error text or a stack trace."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        cid = correlation_id()
        if cid:
            entry["correlation_id"] = cid
        for name, value in getattr(record, "fields", {}).items():
            entry[name] = redacted(value) if isinstance(value, Message) else value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return scrub_current(json.dumps(entry, default=str, ensure_ascii=False))


class EventLogger:
    """``log.info("case_submitted", case_id=...)``: an event name plus fields."""

    def __init__(self, name: str) -> None:
        self._logger = logging.getLogger(name)

    def _log(self, level: int, event: str, exc_info: bool = False, **fields: Any) -> None:
        if self._logger.isEnabledFor(level):
            self._logger.log(level, event, extra={"fields": fields}, exc_info=exc_info)

    def enabled(self, level: int) -> bool:
        """Whether a line at ``level`` would be written (to skip building costly fields)."""
        return self._logger.isEnabledFor(level)

    def debug(self, event: str, **fields: Any) -> None:
        """Log at debug."""
        self._log(logging.DEBUG, event, **fields)

    def info(self, event: str, **fields: Any) -> None:
        """Log at info."""
        self._log(logging.INFO, event, **fields)

    def warning(self, event: str, **fields: Any) -> None:
        """Log at warning."""
        self._log(logging.WARNING, event, **fields)

    def error(self, event: str, **fields: Any) -> None:
        """Log at error."""
        self._log(logging.ERROR, event, **fields)

    def exception(self, event: str, **fields: Any) -> None:
        """Log at error with the current exception."""
        self._log(logging.ERROR, event, exc_info=True, **fields)


def get_logger(name: str) -> EventLogger:
    """A structured logger."""
    return EventLogger(name)


def configure_logging(level: str = "INFO") -> None:
    """Send JSON lines to stderr, or to ONEWINDOW_LOG_FILE rotated by size (see
    onewindow_kit.logfile); called once by each process's entrypoint."""
    handler: logging.Handler = file_handler() or logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in root.handlers:
        if isinstance(old, RotatingLogFile):
            old.close()  # a log file of an earlier call is released
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("kafka").setLevel(logging.WARNING)
