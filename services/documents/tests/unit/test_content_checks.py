"""Content checks: the real type is sniffed from the first bytes and must match the declared
type and the document type's allowed list; a refusal stores nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

import pytest

from onewindow_documents import config
from onewindow_documents.service_layer import uploads
from onewindow_documents.service_layer.commands import Upload
from onewindow_documents.service_layer.content_check import ContentPolicy, parse_policy
from onewindow_documents.testing import (
    World,
    citizen,
    memory_world,
    sample_jpeg,
    sample_pdf,
    sample_png,
)
from onewindow_kit.errors import InvalidArgument
from onewindow_kit.settings import SettingsError

GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20
PLAN_PDF_ONLY = ContentPolicy(per_type={"floor_plan": ("application/pdf",)})


def _violations(exc: pytest.ExceptionInfo[InvalidArgument]) -> dict[str, str]:
    return {v.field: v.description for v in exc.value.violations}


class _Sent:
    """Chunks a client sends, counting how many the server pulled."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks, self.pulled = list(chunks), 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk


def _world(policy: ContentPolicy | None = None) -> World:
    world = memory_world(max_upload_bytes=1 << 20)
    if policy is not None:
        world.svc = replace(world.svc, content_policy=policy)
    return world


def _nothing_stored(world: World) -> bool:
    return not (world.tables.documents or world.tables.events or world.store.staged) and (
        not world.store.content
    )


@pytest.mark.parametrize(
    ("content", "declared", "stored_as"),
    [
        (sample_pdf(), "application/pdf", "application/pdf"),
        (sample_png(), "image/png", "image/png"),
        (sample_jpeg(), "image/jpg", "image/jpeg"),  # a common alias
        (sample_jpeg(), "IMAGE/JPEG; q=1", "image/jpeg"),
        (sample_png(), "", "image/png"),  # undeclared: the sniffed type is recorded
        (sample_pdf(), "application/octet-stream", "application/pdf"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_and_recorded_with_their_real_type(
    content: bytes, declared: str, stored_as: str
):
    world, owner = _world(), citizen()
    _, version = uploads.upload_document(
        Upload(document_type="resident_id", content_type=declared),
        [content[:3], content[3:]],
        svc=world.svc,
        actor=owner,
    )
    assert version.content_type == stored_as
    assert list(world.store.content.values()) == [content]


def test_content_of_another_type_than_declared_is_refused_on_the_content_type():
    world, owner = _world(), citizen()
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id", content_type="image/png"),
            [sample_pdf(b"not a photo")],
            svc=world.svc,
            actor=owner,
        )
    assert "the content is 'application/pdf'" in _violations(exc)["metadata.content_type"]
    assert _nothing_stored(world)


@pytest.mark.parametrize("content", [GIF, b"scan" * 512, b"%PD"])
def test_content_of_no_accepted_type_is_refused_before_the_store_sees_it(content: bytes):
    world, owner = _world(), citizen()
    sent = _Sent([content[:8], content[8:], *[b"\0" * 300] * 50])
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id"), sent, svc=world.svc, actor=owner
        )
    assert "accepts application/pdf, image/jpeg, image/png" in _violations(exc)["content"]
    assert _nothing_stored(world)
    assert sent.pulled <= 3  # refused from the first bytes, not after the whole stream


def test_a_declared_type_the_document_type_does_not_accept_is_refused_before_any_content():
    world, owner = _world(), citizen()
    sent = _Sent([b"plain text"])
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="resident_id", content_type="text/plain"),
            sent,
            svc=world.svc,
            actor=owner,
        )
    assert "'text/plain' is not accepted" in _violations(exc)["metadata.content_type"]
    assert sent.pulled == 0 and _nothing_stored(world)


def test_the_allowed_list_is_per_document_type_and_binds_new_versions_too():
    world, owner = _world(PLAN_PDF_ONLY), citizen()
    with pytest.raises(InvalidArgument) as exc:
        uploads.upload_document(
            Upload(document_type="floor_plan"), [sample_png()], svc=world.svc, actor=owner
        )
    assert "'floor_plan' accepts application/pdf" in _violations(exc)["content"]
    photo, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [sample_png()], svc=world.svc, actor=owner
    )
    plan, _ = uploads.upload_document(
        Upload(document_type="floor_plan"), [sample_pdf()], svc=world.svc, actor=owner
    )
    with pytest.raises(InvalidArgument) as exc:  # a version's type is its document's
        uploads.upload_document(
            Upload(document_id=plan.id), [sample_jpeg()], svc=world.svc, actor=owner
        )
    assert "content" in _violations(exc)
    assert world.tables.documents[plan.id].latest_version == 1
    assert world.tables.documents[photo.id].document_type == "resident_id"


def test_policy_from_configuration():
    policy = parse_policy("*=application/pdf, floor_plan=application/pdf|image/PNG")
    assert policy.allowed("resident_id") == ("application/pdf",)
    assert policy.allowed("floor_plan") == ("application/pdf", "image/png")
    assert parse_policy("").allowed("anything") == ("application/pdf", "image/jpeg", "image/png")
    loaded = config.load(environ={"ONEWINDOW_DOCUMENTS_CONTENT_TYPES": "floor_plan=image/jpeg"})
    assert loaded.content_policy.allowed("floor_plan") == ("image/jpeg",)
    for bad in ("floor_plan", "floor_plan=", "=image/png", "floor_plan=pdf"):
        with pytest.raises(SettingsError) as exc:
            config.load(environ={"ONEWINDOW_DOCUMENTS_CONTENT_TYPES": bad})
        assert "ONEWINDOW_DOCUMENTS_CONTENT_TYPES" in str(exc.value)
