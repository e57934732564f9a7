import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from onewindow.common.v1 import access_log_pb2 as _access_log_pb2
from onewindow.common.v1 import classification_pb2 as _classification_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeleteDocumentRequest(_message.Message):
    __slots__ = ("document_id",)
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    def __init__(self, document_id: _Optional[str] = ...) -> None: ...

class DeleteDocumentResponse(_message.Message):
    __slots__ = ("document_id", "removed_at")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    removed_at: _timestamp_pb2.Timestamp
    def __init__(self, document_id: _Optional[str] = ..., removed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetLegalHoldRequest(_message.Message):
    __slots__ = ("document_id", "held", "reason")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    HELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    held: bool
    reason: str
    def __init__(self, document_id: _Optional[str] = ..., held: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class SetLegalHoldResponse(_message.Message):
    __slots__ = ("document_id", "held", "reason", "changed_at")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    HELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    held: bool
    reason: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, document_id: _Optional[str] = ..., held: _Optional[bool] = ..., reason: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetDocumentsMetadataRequest(_message.Message):
    __slots__ = ("document_ids", "purpose", "applicant_id")
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    applicant_id: str
    def __init__(self, document_ids: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., applicant_id: _Optional[str] = ...) -> None: ...

class DocumentMetadata(_message.Message):
    __slots__ = ("id", "owner_id", "document_type", "certificate_type", "issuer_department", "status", "title", "latest_version", "created_at", "updated_at", "case_id", "case_number", "kind")
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ISSUER_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    LATEST_VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    id: str
    owner_id: str
    document_type: str
    certificate_type: str
    issuer_department: str
    status: str
    title: str
    latest_version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    case_id: str
    case_number: str
    kind: str
    def __init__(self, id: _Optional[str] = ..., owner_id: _Optional[str] = ..., document_type: _Optional[str] = ..., certificate_type: _Optional[str] = ..., issuer_department: _Optional[str] = ..., status: _Optional[str] = ..., title: _Optional[str] = ..., latest_version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., kind: _Optional[str] = ...) -> None: ...

class GetDocumentsMetadataResponse(_message.Message):
    __slots__ = ("documents", "missing_ids")
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[DocumentMetadata]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, documents: _Optional[_Iterable[_Union[DocumentMetadata, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class DocumentVersion(_message.Message):
    __slots__ = ("document_id", "version", "size_bytes", "sha256", "content_type", "uploaded_by", "uploaded_by_kind", "uploaded_by_department", "uploaded_at", "filename")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_KIND_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_AT_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    version: int
    size_bytes: int
    sha256: str
    content_type: str
    uploaded_by: str
    uploaded_by_kind: str
    uploaded_by_department: str
    uploaded_at: _timestamp_pb2.Timestamp
    filename: str
    def __init__(self, document_id: _Optional[str] = ..., version: _Optional[int] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ..., content_type: _Optional[str] = ..., uploaded_by: _Optional[str] = ..., uploaded_by_kind: _Optional[str] = ..., uploaded_by_department: _Optional[str] = ..., uploaded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., filename: _Optional[str] = ...) -> None: ...

class UploadMetadata(_message.Message):
    __slots__ = ("document_type", "title", "document_id", "owner_id", "content_type", "filename", "client_key", "size_bytes", "session_id", "offset")
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    document_type: str
    title: str
    document_id: str
    owner_id: str
    content_type: str
    filename: str
    client_key: str
    size_bytes: int
    session_id: str
    offset: int
    def __init__(self, document_type: _Optional[str] = ..., title: _Optional[str] = ..., document_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., content_type: _Optional[str] = ..., filename: _Optional[str] = ..., client_key: _Optional[str] = ..., size_bytes: _Optional[int] = ..., session_id: _Optional[str] = ..., offset: _Optional[int] = ...) -> None: ...

class UploadDocumentRequest(_message.Message):
    __slots__ = ("metadata", "chunk")
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    metadata: UploadMetadata
    chunk: bytes
    def __init__(self, metadata: _Optional[_Union[UploadMetadata, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class UploadDocumentResponse(_message.Message):
    __slots__ = ("document", "version")
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    document: DocumentMetadata
    version: DocumentVersion
    def __init__(self, document: _Optional[_Union[DocumentMetadata, _Mapping]] = ..., version: _Optional[_Union[DocumentVersion, _Mapping]] = ...) -> None: ...

class GetUploadSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class GetUploadSessionResponse(_message.Message):
    __slots__ = ("session_id", "offset", "complete")
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    offset: int
    complete: bool
    def __init__(self, session_id: _Optional[str] = ..., offset: _Optional[int] = ..., complete: _Optional[bool] = ...) -> None: ...

class DownloadDocumentRequest(_message.Message):
    __slots__ = ("document_id", "version", "purpose")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    version: int
    purpose: str
    def __init__(self, document_id: _Optional[str] = ..., version: _Optional[int] = ..., purpose: _Optional[str] = ...) -> None: ...

class DownloadDocumentResponse(_message.Message):
    __slots__ = ("version", "chunk")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    version: DocumentVersion
    chunk: bytes
    def __init__(self, version: _Optional[_Union[DocumentVersion, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class ListVersionsRequest(_message.Message):
    __slots__ = ("document_id", "purpose")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    purpose: str
    def __init__(self, document_id: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class ListVersionsResponse(_message.Message):
    __slots__ = ("versions",)
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    versions: _containers.RepeatedCompositeFieldContainer[DocumentVersion]
    def __init__(self, versions: _Optional[_Iterable[_Union[DocumentVersion, _Mapping]]] = ...) -> None: ...

class ListWalletRequest(_message.Message):
    __slots__ = ("owner_id", "page_size", "page_token", "kind", "purpose")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    page_size: int
    page_token: str
    kind: str
    purpose: str
    def __init__(self, owner_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., kind: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class ListWalletResponse(_message.Message):
    __slots__ = ("documents", "next_page_token")
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[DocumentMetadata]
    next_page_token: str
    def __init__(self, documents: _Optional[_Iterable[_Union[DocumentMetadata, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CountWalletRequest(_message.Message):
    __slots__ = ("kind",)
    KIND_FIELD_NUMBER: _ClassVar[int]
    kind: str
    def __init__(self, kind: _Optional[str] = ...) -> None: ...

class CountWalletResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class VerifyCertificateRequest(_message.Message):
    __slots__ = ("document_id", "signed_certificate", "certificate_json", "signature")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNED_CERTIFICATE_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_JSON_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    signed_certificate: bytes
    certificate_json: bytes
    signature: str
    def __init__(self, document_id: _Optional[str] = ..., signed_certificate: _Optional[bytes] = ..., certificate_json: _Optional[bytes] = ..., signature: _Optional[str] = ...) -> None: ...

class VerifyCertificateResponse(_message.Message):
    __slots__ = ("valid", "reason", "issuer_department", "subject_id", "issued_at", "revoked", "certificate_type", "case_id", "case_number", "document_id", "key_id", "revoked_at", "revocation_reason", "expires_at")
    VALID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ISSUER_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOCATION_REASON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    reason: str
    issuer_department: str
    subject_id: str
    issued_at: _timestamp_pb2.Timestamp
    revoked: bool
    certificate_type: str
    case_id: str
    case_number: str
    document_id: str
    key_id: str
    revoked_at: _timestamp_pb2.Timestamp
    revocation_reason: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, valid: _Optional[bool] = ..., reason: _Optional[str] = ..., issuer_department: _Optional[str] = ..., subject_id: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked: _Optional[bool] = ..., certificate_type: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., document_id: _Optional[str] = ..., key_id: _Optional[str] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revocation_reason: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetSigningKeysRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SigningKey(_message.Message):
    __slots__ = ("kid", "kty", "crv", "alg", "x", "valid_from", "retired_at")
    KID_FIELD_NUMBER: _ClassVar[int]
    KTY_FIELD_NUMBER: _ClassVar[int]
    CRV_FIELD_NUMBER: _ClassVar[int]
    ALG_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    RETIRED_AT_FIELD_NUMBER: _ClassVar[int]
    kid: str
    kty: str
    crv: str
    alg: str
    x: str
    valid_from: _timestamp_pb2.Timestamp
    retired_at: _timestamp_pb2.Timestamp
    def __init__(self, kid: _Optional[str] = ..., kty: _Optional[str] = ..., crv: _Optional[str] = ..., alg: _Optional[str] = ..., x: _Optional[str] = ..., valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., retired_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetSigningKeysResponse(_message.Message):
    __slots__ = ("keys", "jwks_json")
    KEYS_FIELD_NUMBER: _ClassVar[int]
    JWKS_JSON_FIELD_NUMBER: _ClassVar[int]
    keys: _containers.RepeatedCompositeFieldContainer[SigningKey]
    jwks_json: str
    def __init__(self, keys: _Optional[_Iterable[_Union[SigningKey, _Mapping]]] = ..., jwks_json: _Optional[str] = ...) -> None: ...

class ListAccessLogRequest(_message.Message):
    __slots__ = ("owner_id", "page_size", "page_token")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    page_size: int
    page_token: str
    def __init__(self, owner_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class AccessLogEntry(_message.Message):
    __slots__ = ("id", "document_id", "accessor_subject", "accessor_kind", "accessor_username", "department", "office", "action", "purpose", "accessed_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCESSOR_SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACCESSOR_KIND_FIELD_NUMBER: _ClassVar[int]
    ACCESSOR_USERNAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    ACCESSED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    document_id: str
    accessor_subject: str
    accessor_kind: str
    accessor_username: str
    department: str
    office: str
    action: str
    purpose: str
    accessed_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., document_id: _Optional[str] = ..., accessor_subject: _Optional[str] = ..., accessor_kind: _Optional[str] = ..., accessor_username: _Optional[str] = ..., department: _Optional[str] = ..., office: _Optional[str] = ..., action: _Optional[str] = ..., purpose: _Optional[str] = ..., accessed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListAccessLogResponse(_message.Message):
    __slots__ = ("entries", "next_page_token", "records")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessLogEntry]
    next_page_token: str
    records: _containers.RepeatedCompositeFieldContainer[_access_log_pb2.AccessLogEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessLogEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., records: _Optional[_Iterable[_Union[_access_log_pb2.AccessLogEntry, _Mapping]]] = ...) -> None: ...
