"""Deleting a version's content is reference-safe on both stores (filesystem and the real
S3-compatible server): the bytes go only when no other key holds them."""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration
HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from crash_upload import store_for  # noqa: E402


@pytest.fixture(params=["fs", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    return store_for(str(request.param), tmp_path)


def _key() -> str:
    return str(uuid.uuid4())


def _upload(store: Any, key: str, content: bytes) -> None:
    store.stage(key, [content])
    store.promote(key)


def test_content_shared_by_two_keys_survives_the_first_delete(store: Any):
    content = os.urandom(4096)
    sha, a, b = hashlib.sha256(content).hexdigest(), _key(), _key()
    _upload(store, a, content)
    _upload(store, b, content)
    before = store.objects_stored()
    assert store.delete(a, sha) is False
    assert not store.exists(a)
    with pytest.raises(FileNotFoundError):
        store.read(a, 1024)
    assert b"".join(store.read(b, 1024)) == content  # the other key still reads it
    assert store.objects_stored() == before
    assert store.delete(b, sha) is True
    assert not store.exists(b)
    assert store.objects_stored() == before - 1


def test_generated_content_counts_as_a_holder(store: Any):
    content = os.urandom(2048)
    sha, uploaded, generated = hashlib.sha256(content).hexdigest(), _key(), _key()
    _upload(store, uploaded, content)
    store.put(generated, content)
    assert store.delete(uploaded, sha) is False
    assert b"".join(store.read(generated, 1024)) == content


def test_a_caller_that_knows_another_version_keeps_the_bytes(store: Any):
    content = os.urandom(1024)
    sha, key = hashlib.sha256(content).hexdigest(), _key()
    _upload(store, key, content)
    before = store.objects_stored()
    assert store.delete(key, sha, shared=True) is False
    assert not store.exists(key)
    assert store.objects_stored() == before


def test_content_uploaded_again_after_a_delete_is_stored_and_readable(store: Any):
    content = os.urandom(1024)
    sha, first, second = hashlib.sha256(content).hexdigest(), _key(), _key()
    _upload(store, first, content)
    assert store.delete(first, sha) is True
    _upload(store, second, content)
    assert b"".join(store.read(second, 1024)) == content
    assert store.delete(first, sha) is False  # deleting twice changes nothing
    assert b"".join(store.read(second, 1024)) == content
