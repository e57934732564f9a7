"""Log rotation (ONEWINDOW_LOG_FILE): past the size limit the file rotates, N older files are
kept, and no line is lost or torn — also with two processes writing to one file."""

from __future__ import annotations

import json
import logging
import multiprocessing
from pathlib import Path

import pytest

from onewindow_kit.logfile import RotatingLogFile, file_handler
from onewindow_kit.logging import JsonFormatter, configure_logging, get_logger
from onewindow_kit.settings import SettingsError


def _logger(path: Path, max_bytes: int, backups: int, name: str) -> logging.Logger:
    handler = RotatingLogFile(path, max_bytes, backups)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(name)
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def _lines(path: Path) -> list[dict]:
    """Every line of the file and its rotated copies, oldest first."""
    files = sorted(path.parent.glob(path.name + ".*[0-9]"), key=lambda p: -int(p.suffix[1:]))
    out = []
    for file in [*files, path]:
        out += [json.loads(line) for line in file.read_text().splitlines()]
    return out


def _write(path: str, writer: int, count: int) -> None:
    logger = _logger(Path(path), 8192, 100, f"writer-{writer}")
    for n in range(count):
        logger.info("line_written", extra={"fields": {"writer": writer, "n": n}})


def test_a_file_past_the_limit_rotates_and_no_line_is_lost(tmp_path):
    path = tmp_path / "cases-serve.log"
    logger = _logger(path, 4096, 5, "rotation-test")
    for n in range(100):  # ~90 bytes a line: about 2.2 files
        logger.info("case_submitted", extra={"fields": {"n": n}})
    assert (tmp_path / "cases-serve.log.1").exists() and (tmp_path / "cases-serve.log.2").exists()
    assert all(p.stat().st_size <= 4096 for p in tmp_path.glob("cases-serve.log*"))
    assert [line["n"] for line in _lines(path)] == list(range(100))


def test_only_the_configured_number_of_older_files_is_kept(tmp_path):
    path = tmp_path / "gateway-serve.log"
    logger = _logger(path, 4096, 3, "backups-test")
    for n in range(1000):  # ~20 files' worth
        logger.info("request_served", extra={"fields": {"n": n}})
    names = sorted(p.name for p in tmp_path.glob("gateway-serve.log*") if p.suffix != ".lock")
    assert names == ["gateway-serve.log", *(f"gateway-serve.log.{i}" for i in (1, 2, 3))]
    kept = [line["n"] for line in _lines(path)]
    assert kept == list(range(kept[0], 1000))  # the newest lines, none missing in between
    assert len(kept) > 100


def test_two_processes_writing_one_file_lose_and_tear_no_line(tmp_path):
    path = tmp_path / "gateway-serve.log"
    ctx = multiprocessing.get_context("fork")
    writers = [ctx.Process(target=_write, args=(str(path), w, 1500)) for w in (1, 2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    lines = _lines(path)  # json.loads fails on a torn line
    assert len(list(tmp_path.glob("gateway-serve.log.*[0-9]"))) > 10
    for w in (1, 2):
        assert [line["n"] for line in lines if line["writer"] == w] == list(range(1500))


def test_configure_logging_writes_json_lines_to_the_file_it_is_given(tmp_path, monkeypatch):
    path = tmp_path / "identity-relay.log"
    monkeypatch.setenv("ONEWINDOW_LOG_FILE", str(path))
    monkeypatch.setenv("ONEWINDOW_LOG_MAX_BYTES", "4096")
    monkeypatch.setenv("ONEWINDOW_LOG_BACKUPS", "2")
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO")
        get_logger("test").info("outbox_relayed", batch=3)
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], root.level = saved[0], saved[1]
    [line] = _lines(path)
    assert line["event"] == "outbox_relayed" and line["batch"] == 3


def test_without_a_file_the_process_logs_to_stderr():
    assert file_handler({}) is None
    assert file_handler({"ONEWINDOW_LOG_FILE": "-"}) is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ONEWINDOW_LOG_MAX_BYTES", "12"),
        ("ONEWINDOW_LOG_MAX_BYTES", "1M"),
        ("ONEWINDOW_LOG_BACKUPS", "-1"),
    ],
)
def test_bad_rotation_settings_are_refused_naming_the_variable(tmp_path, name, value):
    env = {"ONEWINDOW_LOG_FILE": str(tmp_path / "x.log"), name: value}
    with pytest.raises(SettingsError, match=name):
        file_handler(env)
