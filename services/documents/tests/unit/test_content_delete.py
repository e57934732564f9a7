"""Deleting content from the filesystem and in-memory stores: reference-safe."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest

from onewindow_documents.adapters.content import FilesystemContentStore, InMemoryContentStore


def _key() -> str:
    return str(uuid.uuid4())


def test_filesystem_object_goes_with_its_last_key(tmp_path: Path):
    store, a, b = FilesystemContentStore(tmp_path), _key(), _key()
    sha = hashlib.sha256(b"shared").hexdigest()
    for key in (a, b):
        store.stage(key, [b"shared"])
        store.promote(key)
    assert store.delete(a, sha) is False
    assert store.object_path(sha).exists()
    assert b"".join(store.read(b, 4)) == b"shared"
    assert store.delete(b, sha) is True
    assert not store.object_path(sha).exists()
    assert store.objects_stored() == 0


def test_filesystem_promotion_after_a_delete_stores_the_content_again(tmp_path: Path):
    store, a, b = FilesystemContentStore(tmp_path), _key(), _key()
    sha = hashlib.sha256(b"again").hexdigest()
    store.put(a, b"again")
    store.stage(b, [b"again"])
    assert store.delete(a, sha) is True
    store.promote(b)
    assert b"".join(store.read(b, 100)) == b"again"
    assert store.object_path(sha).exists()


def test_in_memory_store_reports_whether_the_bytes_went():
    store = InMemoryContentStore()
    store.put("a", b"x")
    store.put("b", b"x")
    assert store.delete("a", hashlib.sha256(b"x").hexdigest()) is False
    assert store.delete("b", hashlib.sha256(b"x").hexdigest()) is True
    with pytest.raises(FileNotFoundError):
        store.read("b", 1)
