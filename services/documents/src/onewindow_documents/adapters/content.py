"""Content stores: the filesystem (default) and memory (unit tests); S3 is in adapters/s3.py.

Content is addressed by its SHA-256: identical content is stored once, and the key a version
names (its upload id) refers to it. Staged → committed: an upload is written to staging first
and becomes readable under its key only when promoted, after its metadata committed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onewindow_documents.adapters.repositories import is_uuid
from onewindow_documents.service_layer.ports import StagedConflict

if TYPE_CHECKING:
    from onewindow_documents.adapters.s3 import S3ContentStore
    from onewindow_documents.config import DocumentsSettings

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def check_key(key: str) -> str:
    """Keys are ids we made; never a path or object name from outside."""
    if not is_uuid(key):
        raise ValueError(f"not a content key: {key!r}")
    return key


def shared_digest(chunks: Iterable[bytes]) -> Any:
    """The caller's running SHA-256 of these chunks, when it keeps one (the upload handler
    does): hashing every byte twice costs more than the upload's disk or network."""
    digest = getattr(chunks, "digest", None)
    return digest if getattr(digest, "name", "") == "sha256" else None


class FilesystemContentStore:
    """Objects under ``root/sha256/<h[:2]>/<sha>``; a key is a hard link to its object at
    ``root/<k[:2]>/<key>`` (one inode: stored once); staged uploads under ``root/staging/``.

    A staged upload is first ``<key>.part``; once fully written and synced it is renamed to
    ``<key>@<sha>``, which is what "staged" means. Every promotion step is a link or an unlink
    that may be repeated, so a crash anywhere leaves the staged file until the key is in place.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.staging = root / "staging"

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)[:2] / key

    def object_path(self, sha256: str) -> Path:
        """Where the content with this digest lives."""
        if not SHA256_HEX.match(sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        return self.root / "sha256" / sha256[:2] / sha256

    def _staged(self, key: str) -> tuple[Path, str] | None:
        for path in self.staging.glob(f"{check_key(key)}@*"):
            return path, path.name.split("@", 1)[1]
        return None

    def stage(self, key: str, chunks: Iterable[bytes]) -> None:
        """Write and hash the chunks; nothing stays behind when anything fails."""
        self.staging.mkdir(parents=True, exist_ok=True)
        part = self.staging / f"{check_key(key)}.part"
        shared = shared_digest(chunks)
        digest = shared or hashlib.sha256()
        try:
            with part.open("xb") as f:
                for chunk in chunks:
                    if not shared:
                        digest.update(chunk)
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            os.replace(part, self.staging / f"{key}@{digest.hexdigest()}")
        except BaseException:
            part.unlink(missing_ok=True)
            raise

    def promote(self, key: str) -> None:
        """Link the staged content into its object (unless that exists) and the key to it."""
        staged = self._staged(key)
        if staged is None:
            if self._path(key).exists():
                return  # promoted already
            raise FileNotFoundError(key)
        path, sha = staged
        target = self.object_path(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        final = self._path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(3):
            _link(path, target)  # exists already: the same bytes, stored once
            try:
                _link(target, final)
                break
            except FileNotFoundError:
                continue  # a delete removed the object in between: store it again
        path.unlink(missing_ok=True)

    def delete(self, key: str, sha256: str, *, shared: bool = False) -> bool:
        """Remove the key; remove its object too when no other key links it and the caller
        knows of no other version with that digest (``shared``). True when the object went.

        Hard links are counted by the kernel, so a key promoted meanwhile keeps its bytes
        even when the object entry is removed (it is stored again by the next upload)."""
        self._path(key).unlink(missing_ok=True)
        target = self.object_path(sha256)
        try:
            links = target.stat().st_nlink
        except FileNotFoundError:
            return False
        if shared or links > 1:
            return False
        target.unlink(missing_ok=True)
        return True

    def discard(self, key: str) -> None:
        """Remove the staged content (partial or complete) of ``key``."""
        (self.staging / f"{check_key(key)}.part").unlink(missing_ok=True)
        staged = self._staged(key)
        if staged is not None:
            staged[0].unlink(missing_ok=True)

    def put(self, key: str, data: bytes) -> None:
        """Stage then promote in one go (generated content)."""
        self.discard(key)
        self.stage(key, [data])
        self.promote(key)

    def exists(self, key: str) -> bool:
        """True when there is content; a committed upload left staged by a crash is promoted."""
        if self._path(key).exists():
            return True
        if self._staged(key) is not None:
            self.promote(key)
            return True
        return False

    def read(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The content in chunks."""
        f = self._path(key).open("rb")  # opened now: a missing file fails before streaming

        def chunks() -> Iterator[bytes]:
            with f:
                while chunk := f.read(chunk_size):
                    yield chunk

        return chunks()

    def _partial(self, key: str) -> Path:
        return self.staging / f"{check_key(key)}.part"

    def staged_size(self, key: str) -> int:
        """Bytes appended to ``key`` so far."""
        try:
            return self._partial(key).stat().st_size
        except FileNotFoundError:
            return 0

    def append(self, key: str, offset: int, chunks: Iterable[bytes]) -> int:
        """Append to ``staging/<key>.part`` under an exclusive lock; what was written stays
        (synced) when the chunks break off."""
        self.staging.mkdir(parents=True, exist_ok=True)
        with self._partial(key).open("ab") as f:
            try:
                fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StagedConflict(self.staged_size(key), busy=True) from None
            if f.seek(0, os.SEEK_END) != offset:
                raise StagedConflict(f.tell())
            try:
                for chunk in chunks:
                    f.write(chunk)
            finally:
                f.flush()
                os.fsync(f.fileno())
            return f.tell()

    def read_staged(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The appended content."""
        with self._partial(key).open("rb") as f:
            while chunk := f.read(chunk_size):
                yield chunk

    def seal(self, key: str, sha256: str) -> None:
        """``<key>.part`` becomes ``<key>@<sha>``: staged and complete."""
        if not SHA256_HEX.match(sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        os.replace(self._partial(key), self.staging / f"{key}@{sha256}")

    def staged_before(self, cutoff: datetime) -> list[str]:
        """Keys with staged content (complete or partial) last written before ``cutoff``."""
        if not self.staging.is_dir():
            return []
        keys = set()
        for path in self.staging.iterdir():
            key = path.name.split("@", 1)[0].removesuffix(".part")
            written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            if is_uuid(key) and written < cutoff:
                keys.add(key)
        return sorted(keys)

    def objects_stored(self) -> int:
        """How many distinct contents are stored (identical uploads count once)."""
        return sum(1 for p in (self.root / "sha256").glob("*/*") if p.is_file())


def _link(source: Path, target: Path) -> None:
    with contextlib.suppress(FileExistsError):  # there already: the same bytes
        os.link(source, target)


class InMemoryContentStore:
    """Content in dictionaries (unit tests)."""

    def __init__(self) -> None:
        self.staged: dict[str, bytes] = {}
        self.content: dict[str, bytes] = {}
        self.partial: dict[str, bytearray] = {}  # resumable uploads under way

    def stage(self, key: str, chunks: Iterable[bytes]) -> None:
        """Collect the chunks; nothing is kept when the iteration fails."""
        self.staged[key] = b"".join(chunks)

    def promote(self, key: str) -> None:
        """Move staged content into place."""
        self.content[key] = self.staged.pop(key)

    def discard(self, key: str) -> None:
        """Forget staged content."""
        self.staged.pop(key, None)
        self.partial.pop(key, None)

    def staged_size(self, key: str) -> int:
        """Bytes appended so far."""
        return len(self.partial.get(key, b""))

    def append(self, key: str, offset: int, chunks: Iterable[bytes]) -> int:
        """Keep each chunk as it arrives (what arrived stays when the chunks fail)."""
        if self.staged_size(key) != offset:
            raise StagedConflict(self.staged_size(key))
        partial = self.partial.setdefault(key, bytearray())
        for chunk in chunks:
            partial += chunk
        return len(partial)

    def read_staged(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The appended content in chunks."""
        data = bytes(self.partial.get(key, b""))
        return iter([data[i : i + chunk_size] for i in range(0, len(data), chunk_size)])

    def seal(self, key: str, sha256: str) -> None:
        """The appended content becomes the staged content."""
        self.staged[key] = bytes(self.partial.pop(key))

    def put(self, key: str, data: bytes) -> None:
        """Store content directly."""
        self.content[key] = data

    def exists(self, key: str) -> bool:
        """True when there is content."""
        if key in self.staged:
            self.promote(key)
        return key in self.content

    def delete(self, key: str, sha256: str, *, shared: bool = False) -> bool:
        """Forget the key's content; True when no other key holds the same bytes."""
        data = self.content.pop(key, None)
        if data is None:
            return False
        return not shared and data not in self.content.values()

    def read(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The content in chunks."""
        if key not in self.content:
            raise FileNotFoundError(key)
        data = self.content[key]
        return iter([data[i : i + chunk_size] for i in range(0, len(data), chunk_size)])


def build_store(settings: DocumentsSettings) -> FilesystemContentStore | S3ContentStore:
    """The store ONEWINDOW_DOCUMENTS_STORE names (boto3 is imported only for s3)."""
    if settings.store == "s3" and settings.s3 is not None:
        from onewindow_documents.adapters.s3 import S3ContentStore

        return S3ContentStore(settings.s3)
    return FilesystemContentStore(settings.storage_dir)
