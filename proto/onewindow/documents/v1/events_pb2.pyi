from onewindow.common.v1 import classification_pb2 as _classification_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class DocumentUploaded(_message.Message):
    __slots__ = ("document_id", "owner_id", "document_type", "version", "size_bytes", "sha256", "uploaded_by", "uploaded_by_kind", "uploaded_by_department")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_KIND_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    owner_id: str
    document_type: str
    version: int
    size_bytes: int
    sha256: str
    uploaded_by: str
    uploaded_by_kind: str
    uploaded_by_department: str
    def __init__(self, document_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., document_type: _Optional[str] = ..., version: _Optional[int] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ..., uploaded_by: _Optional[str] = ..., uploaded_by_kind: _Optional[str] = ..., uploaded_by_department: _Optional[str] = ...) -> None: ...

class DocumentVersionAdded(_message.Message):
    __slots__ = ("document_id", "owner_id", "document_type", "version", "size_bytes", "sha256", "uploaded_by", "uploaded_by_kind", "uploaded_by_department")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_KIND_FIELD_NUMBER: _ClassVar[int]
    UPLOADED_BY_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    owner_id: str
    document_type: str
    version: int
    size_bytes: int
    sha256: str
    uploaded_by: str
    uploaded_by_kind: str
    uploaded_by_department: str
    def __init__(self, document_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., document_type: _Optional[str] = ..., version: _Optional[int] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ..., uploaded_by: _Optional[str] = ..., uploaded_by_kind: _Optional[str] = ..., uploaded_by_department: _Optional[str] = ...) -> None: ...

class CertificateIssued(_message.Message):
    __slots__ = ("document_id", "certificate_type", "applicant_id", "case_id", "case_number", "issuer_department", "bundle_id", "service_type", "issued_at", "key_id", "expires_at")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ISSUER_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    certificate_type: str
    applicant_id: str
    case_id: str
    case_number: str
    issuer_department: str
    bundle_id: str
    service_type: str
    issued_at: str
    key_id: str
    expires_at: str
    def __init__(self, document_id: _Optional[str] = ..., certificate_type: _Optional[str] = ..., applicant_id: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., issuer_department: _Optional[str] = ..., bundle_id: _Optional[str] = ..., service_type: _Optional[str] = ..., issued_at: _Optional[str] = ..., key_id: _Optional[str] = ..., expires_at: _Optional[str] = ...) -> None: ...

class CertificateRevoked(_message.Message):
    __slots__ = ("document_id", "certificate_type", "applicant_id", "case_id", "case_number", "issuer_department", "reason", "revoked_at")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ISSUER_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    certificate_type: str
    applicant_id: str
    case_id: str
    case_number: str
    issuer_department: str
    reason: str
    revoked_at: str
    def __init__(self, document_id: _Optional[str] = ..., certificate_type: _Optional[str] = ..., applicant_id: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., issuer_department: _Optional[str] = ..., reason: _Optional[str] = ..., revoked_at: _Optional[str] = ...) -> None: ...

class ReceiptIssued(_message.Message):
    __slots__ = ("document_id", "applicant_id", "case_id", "case_number", "service_type", "receiving_office", "due_date", "key_id")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RECEIVING_OFFICE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    applicant_id: str
    case_id: str
    case_number: str
    service_type: str
    receiving_office: str
    due_date: str
    key_id: str
    def __init__(self, document_id: _Optional[str] = ..., applicant_id: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., service_type: _Optional[str] = ..., receiving_office: _Optional[str] = ..., due_date: _Optional[str] = ..., key_id: _Optional[str] = ...) -> None: ...

class DocumentIntegrityFailed(_message.Message):
    __slots__ = ("document_id", "owner_id", "document_type", "version", "expected_sha256", "actual_sha256", "reason", "checked_at")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_SHA256_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_SHA256_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHECKED_AT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    owner_id: str
    document_type: str
    version: int
    expected_sha256: str
    actual_sha256: str
    reason: str
    checked_at: str
    def __init__(self, document_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., document_type: _Optional[str] = ..., version: _Optional[int] = ..., expected_sha256: _Optional[str] = ..., actual_sha256: _Optional[str] = ..., reason: _Optional[str] = ..., checked_at: _Optional[str] = ...) -> None: ...

class DocumentRemoved(_message.Message):
    __slots__ = ("document_id", "owner_id", "document_type", "kind", "reason", "removed_at")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REMOVED_AT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    owner_id: str
    document_type: str
    kind: str
    reason: str
    removed_at: str
    def __init__(self, document_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., document_type: _Optional[str] = ..., kind: _Optional[str] = ..., reason: _Optional[str] = ..., removed_at: _Optional[str] = ...) -> None: ...

class DocumentLegalHoldChanged(_message.Message):
    __slots__ = ("document_id", "owner_id", "held", "reason", "changed_by", "department", "changed_at")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    HELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    owner_id: str
    held: bool
    reason: str
    changed_by: str
    department: str
    changed_at: str
    def __init__(self, document_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., held: _Optional[bool] = ..., reason: _Optional[str] = ..., changed_by: _Optional[str] = ..., department: _Optional[str] = ..., changed_at: _Optional[str] = ...) -> None: ...
