"""Uploads pass through chunk by chunk: form fields first, then the file."""

from gateway_fakes import Behaviour, citizen, gateway, run


def test_a_multipart_upload_reaches_the_service_in_chunks_with_its_metadata():
    b = Behaviour()
    content = b"0123456789abcdef" * 65536  # 1 MiB

    async def scenario():
        async with gateway(b) as http:
            return await http.post(
                "/v1/documents",
                data={"document_type": "resident_id", "title": "ID"},
                files={"file": ("id.png", content, "image/png")},
                headers={**citizen(), "Idempotency-Key": "upload-key-0001"},
            )

    reply = run(scenario())
    assert reply.status_code == 201, reply.text
    name, metadata, counts = b.seen[-1]
    assert name == "UploadDocument"
    assert (metadata.document_type, metadata.filename, metadata.content_type) == (
        "resident_id",
        "id.png",
        "image/png",
    )
    assert int(counts["size"]) == len(content) and int(counts["chunks"]) >= 4
    assert metadata.client_key == "upload-key-0001"  # the upload is idempotent too


def test_an_upload_without_a_file_or_with_unknown_fields_is_422():
    KEYED = {**citizen(), "Idempotency-Key": "upload-key-0002"}

    async def scenario():
        async with gateway(Behaviour()) as http:
            no_file = await http.post(
                "/v1/documents", data={"document_type": "x"}, files={}, headers=KEYED
            )
            odd = await http.post(
                "/v1/documents",
                data={"colour": "red"},
                files={"file": ("a", b"1")},
                headers=KEYED,
            )
            return no_file, odd

    no_file, odd = run(scenario())
    assert no_file.status_code in (415, 422)
    assert odd.status_code == 422 and odd.json()["invalid_params"][0]["name"] == "colour"


def test_a_truncated_upload_is_refused_and_never_completes_at_the_service():
    b = Behaviour()
    body = (
        b'--XYZ\r\nContent-Disposition: form-data; name="document_type"\r\n\r\nresident_id\r\n'
        b'--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n'
        + b"x" * 100_000
        + b"\r\n--XY"  # the closing boundary never arrives
    )
    headers = {
        **citizen(),
        "Idempotency-Key": "upload-key-0004",
        "Content-Type": "multipart/form-data; boundary=XYZ",
        "Accept-Language": "en",
    }

    async def scenario():
        async with gateway(b) as http:
            return await http.post("/v1/documents", content=body, headers=headers)

    reply = run(scenario())
    assert reply.status_code == 400
    assert "closing boundary" in reply.json()["detail"]
    assert not [s for s in b.seen if s[0] == "UploadDocument"]
