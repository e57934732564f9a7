"""Content stores: the filesystem (default) and memory (tests)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from onewindow_documents.adapters.repositories import is_uuid


class FilesystemContentStore:
    """Content under ``root/<k[:2]>/<key>``; staged uploads under ``root/staging/``.

    Promotion is a rename within one filesystem, so a reader sees either nothing or the
    whole content.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.staging = root / "staging"

    def _path(self, key: str) -> Path:
        if not is_uuid(key):  # keys are ids we made; never a path from outside
            raise ValueError(f"not a content key: {key!r}")
        return self.root / key[:2] / key

    def _staged(self, key: str) -> Path:
        self._path(key)
        return self.staging / f"{key}.part"

    def stage(self, key: str, chunks: Iterable[bytes]) -> None:
        """Write the chunks to the staging file; removed again when anything fails."""
        self.staging.mkdir(parents=True, exist_ok=True)
        path = self._staged(key)
        try:
            with path.open("xb") as f:
                for chunk in chunks:
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise

    def promote(self, key: str) -> None:
        """Rename the staged file into place."""
        final = self._path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._staged(key), final)

    def discard(self, key: str) -> None:
        """Remove the staged file."""
        self._staged(key).unlink(missing_ok=True)

    def put(self, key: str, data: bytes) -> None:
        """Write via a temporary file in the target folder, then rename over the target."""
        final = self._path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".put-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def exists(self, key: str) -> bool:
        """True when there is content; a committed upload left staged by a crash is promoted."""
        if self._path(key).exists():
            return True
        if self._staged(key).exists():
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


class InMemoryContentStore:
    """Content in dictionaries (unit tests)."""

    def __init__(self) -> None:
        self.staged: dict[str, bytes] = {}
        self.content: dict[str, bytes] = {}

    def stage(self, key: str, chunks: Iterable[bytes]) -> None:
        """Collect the chunks; nothing is kept when the iteration fails."""
        self.staged[key] = b"".join(chunks)

    def promote(self, key: str) -> None:
        """Move staged content into place."""
        self.content[key] = self.staged.pop(key)

    def discard(self, key: str) -> None:
        """Forget staged content."""
        self.staged.pop(key, None)

    def put(self, key: str, data: bytes) -> None:
        """Store content directly."""
        self.content[key] = data

    def exists(self, key: str) -> bool:
        """True when there is content."""
        if key in self.staged:
            self.promote(key)
        return key in self.content

    def read(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The content in chunks."""
        if key not in self.content:
            raise FileNotFoundError(key)
        data = self.content[key]
        return iter([data[i : i + chunk_size] for i in range(0, len(data), chunk_size)])
