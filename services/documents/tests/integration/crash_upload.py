"""Run by test_content_stores.py in a child process: an upload over the real database whose
process is killed (SIGKILL, no cleanup) at a chosen moment.

Usage: python crash_upload.py after-commit|mid-stage fs|s3 STORAGE_DIR PERSON_ID
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from onewindow_documents import bootstrap, config
from onewindow_documents.adapters.content import FilesystemContentStore
from onewindow_documents.adapters.s3 import S3ContentStore
from onewindow_documents.service_layer import uploads
from onewindow_documents.service_layer.commands import Upload
from onewindow_documents.testing import sample_pdf
from onewindow_kit.db import make_engine
from onewindow_kit.principal import Principal
from onewindow_kit.settings import Env

CHUNK = 3 * 1024 * 1024  # two chunks pass one 5 MiB part: a multipart upload is under way


def store_for(kind: str, root: Path) -> Any:
    """The store under test (S3 with the smallest part size)."""
    if kind == "s3":
        settings = config.s3_settings(Env())
        return S3ContentStore(type(settings)(**{**settings.__dict__, "part_size": 5 << 20}))
    return FilesystemContentStore(root)


class KilledOnPromotion:
    """The store, except that the process dies right after the metadata committed."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def promote(self, key: str) -> None:
        os.kill(os.getpid(), signal.SIGKILL)


def killed_mid_stream() -> Iterator[bytes]:
    """Content whose sender dies after two chunks (the process goes with it)."""
    yield b"%PDF" + b"a" * (CHUNK - 4)
    yield b"b" * CHUNK
    os.kill(os.getpid(), signal.SIGKILL)
    yield b"never"


def main(moment: str, kind: str, root: str, person_id: str) -> None:
    common = config.load(test=True).common
    engine = make_engine(common.database_url)
    store = store_for(kind, Path(root))
    chunks: Any = [sample_pdf(b"committed but never promoted")]
    if moment == "after-commit":
        store = KilledOnPromotion(store)
    else:
        chunks = killed_mid_stream()
    svc = bootstrap.build_services(engine, store, None, max_upload_bytes=64 << 20)  # type: ignore[arg-type]
    actor = Principal(
        subject=f"user-{person_id}", roles=frozenset({"citizen"}), person_id=person_id
    )
    uploads.upload_document(Upload(document_type="floor_plan"), chunks, svc=svc, actor=actor)


if __name__ == "__main__":
    main(*sys.argv[1:5])
