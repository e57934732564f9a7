"""S3-compatible object storage for content (ONEWINDOW_DOCUMENTS_STORE=s3), through boto3.

Objects in one bucket:
  ``blobs/<key>``          content, uploaded once under the key of its first upload
  ``sha256/<sha>``         the digest index: its body names the blob holding that content, so
                           identical content is stored once (a later upload of it is dropped)
  ``refs/<key>``           a promoted key: its body names the blob it reads
  ``holders/<sha>/<key>``  written before a key's ref: the keys that hold content ``sha``, so
                           a delete removes the blob only when no key holds it any more
  ``staging/<key>.open``   written first: an upload of <key> is under way (the janitor finds
                           it if the process dies; unfinished multipart uploads are not
                           portably listable: MinIO lists them per object name only)
  ``staging/<key>.sha256`` written last by stage(): complete, with this digest
  ``staging/<key>.seg/<offset>``  a resumable upload's pieces (one object per part size, or
                           less where a stream broke off); seal() assembles them into the blob

S3 has no rename and a server-side copy would move every byte again, so content is uploaded
straight to its blob and promotion only writes small objects: the digest entry (unless there is
one: then our blob is deleted and the ref names the earlier one), the ref, then the markers go.
Every step may be repeated, so a crash anywhere leaves the marker until the ref exists.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

import boto3  # type: ignore[import-untyped]
from botocore.client import Config  # type: ignore[import-untyped]
from botocore.exceptions import ClientError  # type: ignore[import-untyped]

from onewindow_documents.adapters.content import SHA256_HEX, check_key, shared_digest
from onewindow_documents.config import S3Settings
from onewindow_documents.service_layer.ports import StagedConflict

MIN_PART = 5 * 1024 * 1024  # S3's smallest part but the last
MARKER = ".sha256"
OPEN = ".open"
SEGMENTS = ".seg/"
IN_FLIGHT = 2  # parts uploading while the next is received


def client(settings: S3Settings) -> Any:
    """A boto3 S3 client for the endpoint (path-style addressing: works with any server)."""
    return boto3.client(
        "s3",
        endpoint_url=settings.endpoint,
        region_name=settings.region,
        aws_access_key_id=settings.access_key,
        aws_secret_access_key=settings.secret_key,
        config=Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            retries={"max_attempts": 3, "mode": "standard"},
            max_pool_connections=16,
        ),
    )


def _missing(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}


class S3ContentStore:
    """The ContentStore port over an S3 bucket; memory use is one part, whatever the size."""

    def __init__(self, settings: S3Settings, s3: Any | None = None) -> None:
        self.settings = settings
        self.bucket = settings.bucket
        self.s3 = s3 or client(settings)

    def _get_text(self, name: str) -> str | None:
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=name)["Body"]
        except ClientError as e:
            if _missing(e):
                return None
            raise
        with body:
            return str(body.read().decode("ascii"))

    def _has(self, name: str) -> bool:
        try:
            self.s3.head_object(Bucket=self.bucket, Key=name)
        except ClientError as e:
            if _missing(e):
                return False
            raise
        return True

    def stage(self, key: str, chunks: Iterable[bytes]) -> None:
        """Upload the chunks to blobs/<key> (multipart above one part) between the markers."""
        check_key(key)
        self.s3.put_object(Bucket=self.bucket, Key=f"staging/{key}{OPEN}", Body=b"")
        shared = shared_digest(chunks)
        upload = _StreamingUpload(
            self.s3, self.bucket, f"blobs/{key}", self.settings.part_size, hashing=not shared
        )
        try:
            for chunk in chunks:
                upload.write(chunk)
            upload.finish()
            sha = (shared or upload.digest).hexdigest()
            self.s3.put_object(Bucket=self.bucket, Key=f"staging/{key}{MARKER}", Body=sha.encode())
        except BaseException:
            upload.abort()
            self._delete(key, blob=True)
            raise

    def promote(self, key: str) -> None:
        """Index the blob by its digest (or drop it for an identical earlier one), write the
        key's ref, remove the markers."""
        sha = self._get_text(f"staging/{check_key(key)}{MARKER}")
        if sha is None or not SHA256_HEX.match(sha):
            if self._has(f"refs/{key}"):
                return  # promoted already
            raise FileNotFoundError(key)
        self._hold(sha, key)  # before the index is read: a concurrent delete then sees it
        blob = self._index(sha, f"blobs/{key}")
        self.s3.put_object(Bucket=self.bucket, Key=f"refs/{key}", Body=blob.encode())
        self._delete(key, blob=blob != f"blobs/{key}")

    def _hold(self, sha: str, key: str) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=f"holders/{sha}/{key}", Body=b"")

    def _holders(self, sha: str) -> int:
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=f"holders/{sha}/", MaxKeys=1)
        return int(listed.get("KeyCount", 0))

    def delete(self, key: str, sha256: str, *, shared: bool = False) -> bool:
        """Remove the key's ref (and holder entry); remove the blob and its digest entry only
        when no other key holds the content and ``shared`` is false. True when the blob went.

        The digest entry goes before the holders are counted again: a promotion that wrote its
        holder in between finds the entry (restored) or none (and keeps its own blob)."""
        if not SHA256_HEX.match(sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        ref = self._get_text(f"refs/{check_key(key)}")
        self._delete_names([f"refs/{key}", f"holders/{sha256}/{key}"])
        if shared or self._holders(sha256):
            return False
        index = self._get_text(f"sha256/{sha256}")
        blob = index or ref
        if blob is None:
            return False
        self._delete_names([f"sha256/{sha256}"])
        if self._holders(sha256):  # a promotion took the content meanwhile
            if index is not None:
                self.s3.put_object(Bucket=self.bucket, Key=f"sha256/{sha256}", Body=index.encode())
            return False
        self._delete_names([blob])
        return True

    def _index(self, sha: str, blob: str) -> str:
        """The blob holding content ``sha``: an earlier one, else ``blob`` (now indexed)."""
        earlier = self._get_text(f"sha256/{sha}")
        if earlier is not None:
            return earlier
        self.s3.put_object(Bucket=self.bucket, Key=f"sha256/{sha}", Body=blob.encode())
        return blob

    def _segments(self, key: str) -> list[tuple[int, int, str]]:
        """(offset, size, name) of the contiguous pieces appended to ``key``, in order."""
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"staging/{check_key(key)}{SEGMENTS}"
        )
        found = sorted(
            (int(item["Key"].rsplit("/", 1)[1]), int(item["Size"]), item["Key"])
            for page in pages
            for item in page.get("Contents", [])
        )
        contiguous, end = [], 0
        for offset, size, name in found:
            if offset != end:
                break  # a piece after a gap is not acknowledged
            contiguous.append((offset, size, name))
            end += size
        return contiguous

    def staged_size(self, key: str) -> int:
        """Bytes appended to ``key`` so far (its contiguous pieces)."""
        return sum(size for _, size, _ in self._segments(key))

    def append(self, key: str, offset: int, chunks: Iterable[bytes]) -> int:
        """One object per part size; the rest is written when the chunks end or break off."""
        size = self.staged_size(key)
        if size != offset:
            raise StagedConflict(size)
        buffer = bytearray()
        try:
            for chunk in chunks:
                buffer += chunk
                if len(buffer) >= self.settings.part_size:
                    size = self._put_segment(key, size, buffer)
        finally:
            if buffer:
                size = self._put_segment(key, size, buffer)
        return size

    def _put_segment(self, key: str, offset: int, buffer: bytearray) -> int:
        name = f"staging/{key}{SEGMENTS}{offset:020d}"
        self.s3.put_object(Bucket=self.bucket, Key=name, Body=bytes(buffer))
        end = offset + len(buffer)
        buffer.clear()
        return end

    def read_staged(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The appended pieces in order."""
        for _, _, name in self._segments(key):
            body = self.s3.get_object(Bucket=self.bucket, Key=name)["Body"]
            with body:
                yield from body.iter_chunks(chunk_size)

    def seal(self, key: str, sha256: str) -> None:
        """Assemble the pieces into ``blobs/<key>`` (multipart above one part), then mark it
        staged with its digest and remove the pieces: promote() takes it from there."""
        if not SHA256_HEX.match(sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        pieces = [name for _, _, name in self._segments(key)]
        upload = _StreamingUpload(
            self.s3, self.bucket, f"blobs/{key}", self.settings.part_size, hashing=False
        )
        try:
            for chunk in self.read_staged(key, 1024 * 1024):
                upload.write(chunk)
            upload.finish()
        except BaseException:
            upload.abort()
            raise
        self.s3.put_object(Bucket=self.bucket, Key=f"staging/{key}{MARKER}", Body=sha256.encode())
        self._delete_names(pieces)

    def _delete_names(self, names: list[str]) -> None:
        for i in range(0, len(names), 1000):  # DeleteObjects takes at most 1000
            objects = [{"Key": n} for n in names[i : i + 1000]]
            self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True})

    def discard(self, key: str) -> None:
        """Remove what is staged for ``key``, an unfinished multipart upload included."""
        name = f"blobs/{check_key(key)}"
        self._delete_names([n for _, _, n in self._segments(key)])
        if self._has(f"refs/{key}"):
            return  # promoted: its blob is content now
        listed = self.s3.list_multipart_uploads(Bucket=self.bucket, Prefix=name)
        for item in listed.get("Uploads", []):
            if item["Key"] == name:
                self.s3.abort_multipart_upload(
                    Bucket=self.bucket, Key=name, UploadId=item["UploadId"]
                )
        self._delete(key, blob=True)

    def _delete(self, key: str, *, blob: bool) -> None:
        names = [f"staging/{key}{MARKER}", f"staging/{key}{OPEN}"]
        if blob:
            names.append(f"blobs/{key}")
        self.s3.delete_objects(
            Bucket=self.bucket, Delete={"Objects": [{"Key": n} for n in names], "Quiet": True}
        )

    def put(self, key: str, data: bytes) -> None:
        """Store generated content (once per digest) and the key's ref."""
        sha = hashlib.sha256(data).hexdigest()
        self._hold(sha, check_key(key))
        blob = self._get_text(f"sha256/{sha}")
        if blob is None:
            blob = f"blobs/{check_key(key)}"
            self.s3.put_object(Bucket=self.bucket, Key=blob, Body=data)
            self.s3.put_object(Bucket=self.bucket, Key=f"sha256/{sha}", Body=blob.encode())
        self.s3.put_object(Bucket=self.bucket, Key=f"refs/{check_key(key)}", Body=blob.encode())

    def exists(self, key: str) -> bool:
        """True when there is content; a committed upload left staged by a crash is promoted."""
        if self._has(f"refs/{check_key(key)}"):
            return True
        if self._has(f"staging/{key}{MARKER}"):
            self.promote(key)
            return True
        return False

    def read(self, key: str, chunk_size: int) -> Iterator[bytes]:
        """The content in chunks; FileNotFoundError (before streaming) when there is none."""
        blob = self._get_text(f"refs/{check_key(key)}")
        if blob is None:
            raise FileNotFoundError(key)
        body = self.s3.get_object(Bucket=self.bucket, Key=blob)["Body"]

        def chunks() -> Iterator[bytes]:
            with body:
                yield from body.iter_chunks(chunk_size)

        return chunks()

    def staged_before(self, cutoff: datetime) -> list[str]:
        """Keys staged before ``cutoff``, unfinished multipart uploads (``.open``) included."""
        keys = set()
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix="staging/"
        )
        for page in pages:
            for item in page.get("Contents", []):
                if item["LastModified"] < cutoff:
                    # <key>.open, <key>.sha256, <key>.seg/<offset>: keys have no dot
                    keys.add(item["Key"].removeprefix("staging/").split(".", 1)[0])
        return sorted(k for k in keys if _is_key(k))

    def objects_stored(self) -> int:
        """How many contents are stored (identical uploads count once)."""
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix="blobs/"
        )
        return sum(len(page.get("Contents", [])) for page in pages)


def _is_key(value: str) -> bool:
    try:
        check_key(value)
    except ValueError:
        return False
    return True


class _StreamingUpload:
    """A single PUT for small content, multipart above one part: parts go out on two threads
    while the next one is received, so memory stays at three parts whatever the size."""

    def __init__(
        self, s3: Any, bucket: str, name: str, part_size: int, *, hashing: bool = True
    ) -> None:
        self.s3, self.bucket, self.name = s3, bucket, name
        self.hashing = hashing
        self.part_size = max(part_size, MIN_PART)
        self.digest = hashlib.sha256()
        self.buffer = bytearray()
        self.upload_id = ""
        self.parts: list[dict[str, Any]] = []
        self.pending: deque[Future[dict[str, Any]]] = deque()
        self.pool: ThreadPoolExecutor | None = None

    def write(self, chunk: bytes) -> None:
        if self.hashing:
            self.digest.update(chunk)
        self.buffer += chunk
        while len(self.buffer) >= self.part_size:
            self._send_part(bytes(self.buffer[: self.part_size]))
            del self.buffer[: self.part_size]

    def _send_part(self, data: bytes) -> None:
        if self.pool is None:
            created = self.s3.create_multipart_upload(Bucket=self.bucket, Key=self.name)
            self.upload_id = created["UploadId"]
            self.pool = ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="s3-part")
        while len(self.pending) >= IN_FLIGHT:
            self.parts.append(self.pending.popleft().result())
        number = len(self.parts) + len(self.pending) + 1
        self.pending.append(self.pool.submit(self._upload_part, number, data))

    def _upload_part(self, number: int, data: bytes) -> dict[str, Any]:
        answer = self.s3.upload_part(
            Bucket=self.bucket, Key=self.name, UploadId=self.upload_id,
            PartNumber=number, Body=data,
        )  # fmt: skip
        return {"PartNumber": number, "ETag": answer["ETag"]}

    def finish(self) -> None:
        if self.pool is None:
            self.s3.put_object(Bucket=self.bucket, Key=self.name, Body=bytes(self.buffer))
            return
        if self.buffer:
            self._send_part(bytes(self.buffer))
        while self.pending:
            self.parts.append(self.pending.popleft().result())
        self.pool.shutdown()
        self.s3.complete_multipart_upload(
            Bucket=self.bucket, Key=self.name, UploadId=self.upload_id,
            MultipartUpload={"Parts": self.parts},
        )  # fmt: skip
        self.upload_id = ""  # complete: nothing left to abort
        self.buffer.clear()

    def abort(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)  # no part lands after the abort
        if self.upload_id:
            self.s3.abort_multipart_upload(
                Bucket=self.bucket, Key=self.name, UploadId=self.upload_id
            )
