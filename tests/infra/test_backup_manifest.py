"""infra/backup.py refuses to restore a backup whose files do not match their manifest, naming
the file, before it touches any database (docs/operations.md)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "infra"))
import backup


def _backup(tmp_path: Path) -> Path:
    for name, data in (("cases.dump", b"PGDMP..."), ("documents-content.tar", b"tar")):
        (tmp_path / name).write_bytes(data)
    files = {
        p.name: {"bytes": p.stat().st_size, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
        for p in tmp_path.iterdir()
    }
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1, "files": files}))
    return tmp_path


def test_an_intact_backup_passes(tmp_path):
    assert set(backup.verify(_backup(tmp_path))["files"]) == {"cases.dump", "documents-content.tar"}


def test_a_changed_file_is_refused_by_name(tmp_path):
    source = _backup(tmp_path)
    (source / "cases.dump").write_bytes(b"PGDMP!..")  # same size, other bytes
    with pytest.raises(SystemExit, match=r"cases\.dump does not match its checksum"):
        backup.verify(source)


def test_a_missing_file_is_refused_by_name(tmp_path):
    source = _backup(tmp_path)
    (source / "documents-content.tar").unlink()
    with pytest.raises(SystemExit, match=r"documents-content\.tar is missing"):
        backup.verify(source)


def test_a_part_the_backup_does_not_hold_is_refused_before_anything_is_loaded(tmp_path):
    source = _backup(tmp_path)  # a manifest without databases, content or users
    args = argparse.Namespace(parts="databases", recreate_databases=True)
    with pytest.raises(SystemExit, match="holds no databases"):
        backup.restore(source, args)


def test_content_from_one_kind_of_store_is_refused_by_the_other(tmp_path, monkeypatch):
    monkeypatch.setenv("ONEWINDOW_DOCUMENTS_STORE", "fs")
    monkeypatch.setenv("ONEWINDOW_DOCUMENTS_STORAGE_DIR", str(tmp_path / "documents"))
    refused = "comes from the s3 store and this stack.s ONEWINDOW_DOCUMENTS_STORE is fs"
    with pytest.raises(SystemExit, match=refused):
        backup.restore_content(_backup(tmp_path), replace=True, store="s3")
    assert not (tmp_path / "documents").exists()  # nothing unpacked
