"""The filesystem content store: content addressed by SHA-256, staged → promoted, the janitor."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from onewindow_documents.adapters.content import FilesystemContentStore
from onewindow_documents.service_layer.janitor import sweep_staged


def _key() -> str:
    return str(uuid.uuid4())


def _read(store: FilesystemContentStore, key: str) -> bytes:
    return b"".join(store.read(key, 3))


def test_identical_content_is_stored_once_under_its_digest(tmp_path: Path):
    store, a, b = FilesystemContentStore(tmp_path), _key(), _key()
    for key in (a, b):
        store.stage(key, [b"same ", b"bytes"])
        store.promote(key)
    assert (_read(store, a), _read(store, b)) == (b"same bytes", b"same bytes")
    assert store.objects_stored() == 1
    sha = hashlib.sha256(b"same bytes").hexdigest()
    assert store.object_path(sha).read_bytes() == b"same bytes"
    assert os.stat(store.object_path(sha)).st_nlink == 3  # the object and two keys: one copy


def test_staged_content_is_invisible_until_promoted_and_discard_leaves_nothing(tmp_path: Path):
    store, key = FilesystemContentStore(tmp_path), _key()
    store.stage(key, [b"draft"])
    with pytest.raises(FileNotFoundError):
        store.read(key, 4)
    store.discard(key)
    assert not store.exists(key)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_failing_stream_leaves_no_staged_file(tmp_path: Path):
    store, key = FilesystemContentStore(tmp_path), _key()

    def broken():
        yield b"half"
        raise ConnectionError("client went away")

    with pytest.raises(ConnectionError):
        store.stage(key, broken())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_promotion_repeats_safely_after_a_crash_half_way(tmp_path: Path):
    store, key = FilesystemContentStore(tmp_path), _key()
    store.stage(key, [b"committed content"])
    sha = hashlib.sha256(b"committed content").hexdigest()
    [staged] = list(store.staging.iterdir())
    store.object_path(sha).parent.mkdir(parents=True)
    os.link(staged, store.object_path(sha))  # the crash came after the object, before the key
    assert store.exists(key)  # a committed version's first read finishes the promotion
    assert _read(store, key) == b"committed content"
    store.promote(key)  # and again: nothing changes
    assert list(store.staging.iterdir()) == [] and store.objects_stored() == 1


def test_keys_never_name_paths(tmp_path: Path):
    store = FilesystemContentStore(tmp_path)
    with pytest.raises(ValueError):
        store.stage("../../etc/passwd", [b"x"])
    with pytest.raises(ValueError):
        store.read("../x", 4)


def test_janitor_promotes_committed_removes_abandoned_and_leaves_fresh_uploads(tmp_path: Path):
    store = FilesystemContentStore(tmp_path)
    committed, abandoned, fresh = _key(), _key(), _key()
    for key in (committed, abandoned, fresh):
        store.stage(key, [key.encode()])
    (store.staging / f"{_key()}.part").write_bytes(b"partial")  # a process killed mid-upload
    for path in store.staging.iterdir():
        if not path.name.startswith(fresh):
            then = (datetime.now(UTC) - timedelta(hours=2)).timestamp()
            os.utime(path, (then, then))
    sweep = sweep_staged(
        store=store, committed=lambda keys: {k for k in keys if k == committed},
        now=datetime.now(UTC),
    )  # fmt: skip
    assert sweep.promoted == (committed,) and len(sweep.removed) == 2
    assert abandoned in sweep.removed
    assert _read(store, committed) == committed.encode()
    assert not store.exists(abandoned)
    assert [p.name.split("@")[0] for p in store.staging.iterdir()] == [fresh]
