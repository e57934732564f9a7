"""The content-store contract, run against the filesystem and a real S3-compatible server
(infra/s3.sh: MinIO on ONEWINDOW_S3_ENDPOINT), and crashes between commit and storage."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from onewindow_documents import bootstrap
from onewindow_documents.adapters.content_refs import committed_keys
from onewindow_documents.adapters.s3 import S3ContentStore
from onewindow_documents.service_layer import reads
from onewindow_documents.service_layer.commands import Download
from onewindow_documents.service_layer.janitor import sweep_staged
from onewindow_documents.testing import sample_pdf
from onewindow_kit.principal import Principal

pytestmark = pytest.mark.integration
HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from crash_upload import store_for  # noqa: E402


@pytest.fixture(params=["fs", "s3"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(kind: str, tmp_path: Path) -> Any:
    return store_for(kind, tmp_path)


def _key() -> str:
    return str(uuid.uuid4())


def _staged(store: Any) -> list[str]:
    return store.staged_before(datetime.now(UTC) + timedelta(days=1))


def test_large_content_round_trips_byte_for_byte(store: Any):
    key = _key()
    content = os.urandom(12 * 1024 * 1024 + 123)  # three parts on S3 (5 MiB parts)
    store.stage(key, (content[i : i + (1 << 20)] for i in range(0, len(content), 1 << 20)))
    assert key in _staged(store)
    with pytest.raises(FileNotFoundError):
        store.read(key, 1 << 20)  # staged is not readable
    store.promote(key)
    assert key not in _staged(store)
    back = b"".join(store.read(key, 1 << 20))
    assert hashlib.sha256(back).digest() == hashlib.sha256(content).digest()


def test_identical_content_is_stored_once(store: Any):
    content, before = os.urandom(4096), store.objects_stored()
    keys = [_key(), _key()]
    for key in keys:
        store.stage(key, [content])
        store.promote(key)
    store.put(_key(), content)  # generated content with the same bytes too
    assert store.objects_stored() == before + 1
    assert [b"".join(store.read(k, 1000)) for k in keys] == [content, content]


def test_a_failed_stream_leaves_nothing_staged(store: Any):
    key = _key()

    def broken():
        yield os.urandom(6 * 1024 * 1024)  # past one S3 part: a multipart upload had begun
        raise ConnectionError("client went away")

    with pytest.raises(ConnectionError):
        store.stage(key, broken())
    assert key not in _staged(store) and not store.exists(key)
    if isinstance(store, S3ContentStore):
        assert _multipart_uploads(store, key) == []


def test_discarded_content_is_gone(store: Any):
    key = _key()
    store.stage(key, [b"refused upload"])
    store.discard(key)
    assert key not in _staged(store) and not store.exists(key)
    with pytest.raises(FileNotFoundError):
        store.read(key, 10)


def _crash(moment: str, kind: str, root: Path, person_id: str) -> None:
    child = subprocess.run(
        [sys.executable, str(HERE / "crash_upload.py"), moment, kind, str(root), person_id],
        capture_output=True, text=True, timeout=120, env=os.environ,
    )  # fmt: skip
    assert child.returncode == -9, child.stderr[-2000:]


def _versions_of(engine: Any, person_id: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT d.id::text, v.content_key FROM documents.documents d "
                "JOIN documents.document_versions v ON v.document_id = d.id "
                "WHERE d.owner_id = :owner"
            ),
            {"owner": person_id},
        )
        return [(r[0], r[1]) for r in rows]


def test_killed_after_commit_loses_no_version(stack, kind: str, tmp_path: Path):
    person_id = str(uuid.uuid4())
    _crash("after-commit", kind, tmp_path, person_id)
    [(document_id, key)] = _versions_of(stack.engine, person_id)
    store = store_for(kind, tmp_path)
    svc = bootstrap.build_services(stack.engine, store, stack.svc.signer, max_upload_bytes=1 << 20)
    owner = Principal(
        subject=f"user-{person_id}", roles=frozenset({"citizen"}), person_id=person_id
    )
    _, chunks = reads.download(Download(document_id), svc=svc, actor=owner)
    assert b"".join(chunks) == sample_pdf(b"committed but never promoted")
    assert key not in _staged(store)


def test_killed_mid_upload_leaves_no_version_and_the_janitor_no_orphan(
    stack, kind: str, tmp_path: Path
):
    person_id = str(uuid.uuid4())
    store = store_for(kind, tmp_path)
    _crash("mid-stage", kind, tmp_path, person_id)
    assert _versions_of(stack.engine, person_id) == []
    left = set(_staged(store))
    assert left, "the killed upload left staged content for the janitor"
    if isinstance(store, S3ContentStore):
        assert any(_multipart_uploads(store, key) for key in left)  # killed mid-multipart
    # An hour later (the janitor's age limit, moved instead of waited for):
    later = datetime.now(UTC) + timedelta(hours=1, seconds=5)
    sweep = sweep_staged(store=store, committed=committed_keys(stack.engine), now=later)
    assert left <= set(sweep.removed)
    assert _staged(store) == []
    if isinstance(store, S3ContentStore):
        assert [_multipart_uploads(store, key) for key in left] == [[] for _ in left]


def _multipart_uploads(store: S3ContentStore, key: str) -> list[dict]:
    """Unfinished multipart uploads of a key (MinIO lists them per object name only)."""
    listed = store.s3.list_multipart_uploads(Bucket=store.bucket, Prefix=f"blobs/{key}")
    return [u for u in listed.get("Uploads", []) if u["Key"] == f"blobs/{key}"]
