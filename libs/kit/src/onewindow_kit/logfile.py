"""Size-based rotation of a process's JSON log file (ONEWINDOW_LOG_FILE) that loses no line.

Why not logrotate with ``copytruncate``: lines written between its copy and its truncate are
lost, and the processes would keep no say over when it happens. Why not the standard
``RotatingFileHandler``: it is safe with one writer only, and a gateway runs several uvicorn
workers that log to one file. Here every write and every rotation happens under an exclusive
``flock`` on ``<file>.lock``; a writer that finds the file renamed by another one (a new inode)
reopens it before writing. Rotation renames ``app.log`` -> ``app.log.1`` -> … -> ``app.log.N``
and never truncates, so every line written is in one of the files until it ages past N."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Mapping
from pathlib import Path

from onewindow_kit.settings import Env, SettingsError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_BACKUPS = 5


class RotatingLogFile(logging.Handler):
    """Append each record as one line to ``path``; past ``max_bytes`` the file becomes
    ``path.1`` (older ones shift up, the one past ``backups`` is removed)."""

    def __init__(self, path: str | os.PathLike[str], max_bytes: int, backups: int) -> None:
        super().__init__()
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.backups = backups
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(f"{self.path}.lock", os.O_WRONLY | os.O_CREAT, 0o640)
        self._fd = -1
        self._inode = -1
        self._open()

    def _open(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        self._inode = os.fstat(self._fd).st_ino

    def _reopen_if_moved(self) -> None:
        try:
            moved = os.stat(self.path).st_ino != self._inode
        except FileNotFoundError:
            moved = True
        if moved:
            self._open()

    def _rotate(self) -> None:
        if self.backups <= 0:
            os.unlink(self.path)  # no backups kept: start afresh
        else:
            for index in range(self.backups - 1, 0, -1):
                older = Path(f"{self.path}.{index}")
                if older.exists():
                    os.replace(older, f"{self.path}.{index + 1}")
            os.replace(self.path, f"{self.path}.1")
        self._open()

    def emit(self, record: logging.LogRecord) -> None:
        """Write the formatted record as one line, rotating first when it would not fit."""
        try:
            data = (self.format(record) + "\n").encode("utf-8", "backslashreplace")
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            try:
                self._reopen_if_moved()
                size = os.fstat(self._fd).st_size
                if self.max_bytes > 0 and size > 0 and size + len(data) > self.max_bytes:
                    self._rotate()
                view = memoryview(data)
                while view:
                    view = view[os.write(self._fd, view) :]
            finally:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        """Release the file and the lock file."""
        self.acquire()
        try:
            for fd in (self._fd, self._lock_fd):
                if fd >= 0:
                    os.close(fd)
            self._fd = self._lock_fd = -1
        finally:
            self.release()
            super().close()


def file_handler(environ: Mapping[str, str] | None = None) -> RotatingLogFile | None:
    """The handler ONEWINDOW_LOG_FILE asks for (None: log to stderr), rotated at
    ONEWINDOW_LOG_MAX_BYTES with ONEWINDOW_LOG_BACKUPS older files kept."""
    env = Env(environ)
    path = env.get_str("ONEWINDOW_LOG_FILE", "-")
    if path == "-":
        return None
    max_bytes = env.get_int("ONEWINDOW_LOG_MAX_BYTES", DEFAULT_MAX_BYTES)
    backups = env.get_int("ONEWINDOW_LOG_BACKUPS", DEFAULT_BACKUPS)
    if max_bytes < 4096:
        raise SettingsError(
            f"environment variable ONEWINDOW_LOG_MAX_BYTES must be >= 4096, got {max_bytes}"
        )
    if backups < 0:
        raise SettingsError(
            f"environment variable ONEWINDOW_LOG_BACKUPS must be >= 0, got {backups}"
        )
    return RotatingLogFile(path, max_bytes, backups)
