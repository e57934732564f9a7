import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from onewindow.common.v1 import access_log_pb2 as _access_log_pb2
from onewindow.common.v1 import classification_pb2 as _classification_pb2
from onewindow.cases.v1 import offers_pb2 as _offers_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTCOME_UNSPECIFIED: _ClassVar[Outcome]
    OUTCOME_APPROVED: _ClassVar[Outcome]
    OUTCOME_REJECTED: _ClassVar[Outcome]

class RatingLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RATING_LEVEL_UNSPECIFIED: _ClassVar[RatingLevel]
    RATING_LEVEL_VERY_DISSATISFIED: _ClassVar[RatingLevel]
    RATING_LEVEL_DISSATISFIED: _ClassVar[RatingLevel]
    RATING_LEVEL_NEUTRAL: _ClassVar[RatingLevel]
    RATING_LEVEL_SATISFIED: _ClassVar[RatingLevel]
    RATING_LEVEL_VERY_SATISFIED: _ClassVar[RatingLevel]
OUTCOME_UNSPECIFIED: Outcome
OUTCOME_APPROVED: Outcome
OUTCOME_REJECTED: Outcome
RATING_LEVEL_UNSPECIFIED: RatingLevel
RATING_LEVEL_VERY_DISSATISFIED: RatingLevel
RATING_LEVEL_DISSATISFIED: RatingLevel
RATING_LEVEL_NEUTRAL: RatingLevel
RATING_LEVEL_SATISFIED: RatingLevel
RATING_LEVEL_VERY_SATISFIED: RatingLevel

class CatalogueVersion(_message.Message):
    __slots__ = ("version", "state", "label", "checksum", "loaded_at", "loaded_by", "published_at", "published_by", "service_type_count", "bundle_count")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    LOADED_AT_FIELD_NUMBER: _ClassVar[int]
    LOADED_BY_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_COUNT_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_COUNT_FIELD_NUMBER: _ClassVar[int]
    version: int
    state: str
    label: str
    checksum: str
    loaded_at: _timestamp_pb2.Timestamp
    loaded_by: str
    published_at: _timestamp_pb2.Timestamp
    published_by: str
    service_type_count: int
    bundle_count: int
    def __init__(self, version: _Optional[int] = ..., state: _Optional[str] = ..., label: _Optional[str] = ..., checksum: _Optional[str] = ..., loaded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., loaded_by: _Optional[str] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_by: _Optional[str] = ..., service_type_count: _Optional[int] = ..., bundle_count: _Optional[int] = ...) -> None: ...

class LoadCatalogueRequest(_message.Message):
    __slots__ = ("source_yaml", "label")
    SOURCE_YAML_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    source_yaml: str
    label: str
    def __init__(self, source_yaml: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class LoadCatalogueResponse(_message.Message):
    __slots__ = ("catalogue",)
    CATALOGUE_FIELD_NUMBER: _ClassVar[int]
    catalogue: CatalogueVersion
    def __init__(self, catalogue: _Optional[_Union[CatalogueVersion, _Mapping]] = ...) -> None: ...

class PublishCatalogueRequest(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class PublishCatalogueResponse(_message.Message):
    __slots__ = ("catalogue",)
    CATALOGUE_FIELD_NUMBER: _ClassVar[int]
    catalogue: CatalogueVersion
    def __init__(self, catalogue: _Optional[_Union[CatalogueVersion, _Mapping]] = ...) -> None: ...

class ListCatalogueVersionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCatalogueVersionsResponse(_message.Message):
    __slots__ = ("versions",)
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    versions: _containers.RepeatedCompositeFieldContainer[CatalogueVersion]
    def __init__(self, versions: _Optional[_Iterable[_Union[CatalogueVersion, _Mapping]]] = ...) -> None: ...

class StatusInfo(_message.Message):
    __slots__ = ("code", "text", "kind", "final")
    class TextEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    code: str
    text: _containers.ScalarMap[str, str]
    kind: str
    final: bool
    def __init__(self, code: _Optional[str] = ..., text: _Optional[_Mapping[str, str]] = ..., kind: _Optional[str] = ..., final: _Optional[bool] = ...) -> None: ...

class TransitionInfo(_message.Message):
    __slots__ = ("from_status", "to_status", "roles", "any_office", "reason_required")
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    ANY_OFFICE_FIELD_NUMBER: _ClassVar[int]
    REASON_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    from_status: str
    to_status: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    any_office: bool
    reason_required: bool
    def __init__(self, from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., any_office: _Optional[bool] = ..., reason_required: _Optional[bool] = ...) -> None: ...

class DocumentRequirementInfo(_message.Message):
    __slots__ = ("document_type", "accepted_certificate_types")
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_CERTIFICATE_TYPES_FIELD_NUMBER: _ClassVar[int]
    document_type: str
    accepted_certificate_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, document_type: _Optional[str] = ..., accepted_certificate_types: _Optional[_Iterable[str]] = ...) -> None: ...

class ServiceTypeInfo(_message.Message):
    __slots__ = ("code", "name", "department", "form_schema_json", "required_documents", "min_assurance", "time_limit_working_days", "allows_extension", "max_extension_working_days", "certificate_type", "statuses", "transitions")
    class NameEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    FORM_SCHEMA_JSON_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    MIN_ASSURANCE_FIELD_NUMBER: _ClassVar[int]
    TIME_LIMIT_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    ALLOWS_EXTENSION_FIELD_NUMBER: _ClassVar[int]
    MAX_EXTENSION_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    TRANSITIONS_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: _containers.ScalarMap[str, str]
    department: str
    form_schema_json: str
    required_documents: _containers.RepeatedCompositeFieldContainer[DocumentRequirementInfo]
    min_assurance: str
    time_limit_working_days: int
    allows_extension: bool
    max_extension_working_days: int
    certificate_type: str
    statuses: _containers.RepeatedCompositeFieldContainer[StatusInfo]
    transitions: _containers.RepeatedCompositeFieldContainer[TransitionInfo]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[_Mapping[str, str]] = ..., department: _Optional[str] = ..., form_schema_json: _Optional[str] = ..., required_documents: _Optional[_Iterable[_Union[DocumentRequirementInfo, _Mapping]]] = ..., min_assurance: _Optional[str] = ..., time_limit_working_days: _Optional[int] = ..., allows_extension: _Optional[bool] = ..., max_extension_working_days: _Optional[int] = ..., certificate_type: _Optional[str] = ..., statuses: _Optional[_Iterable[_Union[StatusInfo, _Mapping]]] = ..., transitions: _Optional[_Iterable[_Union[TransitionInfo, _Mapping]]] = ...) -> None: ...

class BundlePartInfo(_message.Message):
    __slots__ = ("service_type", "satisfied_by")
    class SatisfiedByEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    SATISFIED_BY_FIELD_NUMBER: _ClassVar[int]
    service_type: str
    satisfied_by: _containers.ScalarMap[str, str]
    def __init__(self, service_type: _Optional[str] = ..., satisfied_by: _Optional[_Mapping[str, str]] = ...) -> None: ...

class BundleInfo(_message.Message):
    __slots__ = ("code", "name", "parts", "form_schema_json", "required_document_types")
    class NameEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    FORM_SCHEMA_JSON_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: _containers.ScalarMap[str, str]
    parts: _containers.RepeatedCompositeFieldContainer[BundlePartInfo]
    form_schema_json: str
    required_document_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[_Mapping[str, str]] = ..., parts: _Optional[_Iterable[_Union[BundlePartInfo, _Mapping]]] = ..., form_schema_json: _Optional[str] = ..., required_document_types: _Optional[_Iterable[str]] = ...) -> None: ...

class OfficeInfo(_message.Message):
    __slots__ = ("code", "name", "departments")
    class NameEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: _containers.ScalarMap[str, str]
    departments: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[_Mapping[str, str]] = ..., departments: _Optional[_Iterable[str]] = ...) -> None: ...

class DepartmentInfo(_message.Message):
    __slots__ = ("code", "name")
    class NameEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: _containers.ScalarMap[str, str]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[_Mapping[str, str]] = ...) -> None: ...

class GetCatalogueRequest(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class GetCatalogueResponse(_message.Message):
    __slots__ = ("catalogue", "departments", "offices", "service_types", "bundles")
    CATALOGUE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    OFFICES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    BUNDLES_FIELD_NUMBER: _ClassVar[int]
    catalogue: CatalogueVersion
    departments: _containers.RepeatedCompositeFieldContainer[DepartmentInfo]
    offices: _containers.RepeatedCompositeFieldContainer[OfficeInfo]
    service_types: _containers.RepeatedCompositeFieldContainer[ServiceTypeInfo]
    bundles: _containers.RepeatedCompositeFieldContainer[BundleInfo]
    def __init__(self, catalogue: _Optional[_Union[CatalogueVersion, _Mapping]] = ..., departments: _Optional[_Iterable[_Union[DepartmentInfo, _Mapping]]] = ..., offices: _Optional[_Iterable[_Union[OfficeInfo, _Mapping]]] = ..., service_types: _Optional[_Iterable[_Union[ServiceTypeInfo, _Mapping]]] = ..., bundles: _Optional[_Iterable[_Union[BundleInfo, _Mapping]]] = ...) -> None: ...

class CaseDocument(_message.Message):
    __slots__ = ("document_type", "document_id", "satisfied_by_case_id", "state")
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SATISFIED_BY_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    document_type: str
    document_id: str
    satisfied_by_case_id: str
    state: str
    def __init__(self, document_type: _Optional[str] = ..., document_id: _Optional[str] = ..., satisfied_by_case_id: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class Decision(_message.Message):
    __slots__ = ("outcome", "reason", "decided_at", "decided_by", "certificate_type")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    outcome: str
    reason: str
    decided_at: _timestamp_pb2.Timestamp
    decided_by: str
    certificate_type: str
    def __init__(self, outcome: _Optional[str] = ..., reason: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_by: _Optional[str] = ..., certificate_type: _Optional[str] = ...) -> None: ...

class HistoryEntry(_message.Message):
    __slots__ = ("at", "action", "from_status", "to_status", "actor_subject", "actor_kind", "actor_department", "actor_office", "reason", "acting_for")
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_OFFICE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTING_FOR_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    action: str
    from_status: str
    to_status: str
    actor_subject: str
    actor_kind: str
    actor_department: str
    actor_office: str
    reason: str
    acting_for: str
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., action: _Optional[str] = ..., from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., actor_subject: _Optional[str] = ..., actor_kind: _Optional[str] = ..., actor_department: _Optional[str] = ..., actor_office: _Optional[str] = ..., reason: _Optional[str] = ..., acting_for: _Optional[str] = ...) -> None: ...

class Supplement(_message.Message):
    __slots__ = ("id", "reason", "requested_document_types", "requested_at", "requested_by", "provided_at", "provided_document_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    PROVIDED_AT_FIELD_NUMBER: _ClassVar[int]
    PROVIDED_DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    requested_document_types: _containers.RepeatedScalarFieldContainer[str]
    requested_at: _timestamp_pb2.Timestamp
    requested_by: str
    provided_at: _timestamp_pb2.Timestamp
    provided_document_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ..., requested_document_types: _Optional[_Iterable[str]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., requested_by: _Optional[str] = ..., provided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., provided_document_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("id", "case_number", "catalogue_version", "service_type", "service_type_name", "responsible_department", "receiving_office", "delivery_office", "channel", "applicant_id", "submitted_by", "bundle_id", "bundle_part", "status", "status_text", "final", "clock", "start_date", "due_date", "time_limit_working_days", "extension_working_days", "extension_reason", "paused_working_days", "assignee", "form", "documents", "external_reference", "decision", "version", "created_at", "updated_at", "history", "supplements", "waiting_for_case_id")
    class ServiceTypeNameEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class StatusTextEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CATALOGUE_VERSION_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RECEIVING_OFFICE_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_OFFICE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_PART_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_TEXT_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    TIME_LIMIT_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_REASON_FIELD_NUMBER: _ClassVar[int]
    PAUSED_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    FORM_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENTS_FIELD_NUMBER: _ClassVar[int]
    WAITING_FOR_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_number: str
    catalogue_version: int
    service_type: str
    service_type_name: _containers.ScalarMap[str, str]
    responsible_department: str
    receiving_office: str
    delivery_office: str
    channel: str
    applicant_id: str
    submitted_by: str
    bundle_id: str
    bundle_part: int
    status: str
    status_text: _containers.ScalarMap[str, str]
    final: bool
    clock: str
    start_date: str
    due_date: str
    time_limit_working_days: int
    extension_working_days: int
    extension_reason: str
    paused_working_days: int
    assignee: str
    form: _struct_pb2.Struct
    documents: _containers.RepeatedCompositeFieldContainer[CaseDocument]
    external_reference: str
    decision: Decision
    version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    history: _containers.RepeatedCompositeFieldContainer[HistoryEntry]
    supplements: _containers.RepeatedCompositeFieldContainer[Supplement]
    waiting_for_case_id: str
    def __init__(self, id: _Optional[str] = ..., case_number: _Optional[str] = ..., catalogue_version: _Optional[int] = ..., service_type: _Optional[str] = ..., service_type_name: _Optional[_Mapping[str, str]] = ..., responsible_department: _Optional[str] = ..., receiving_office: _Optional[str] = ..., delivery_office: _Optional[str] = ..., channel: _Optional[str] = ..., applicant_id: _Optional[str] = ..., submitted_by: _Optional[str] = ..., bundle_id: _Optional[str] = ..., bundle_part: _Optional[int] = ..., status: _Optional[str] = ..., status_text: _Optional[_Mapping[str, str]] = ..., final: _Optional[bool] = ..., clock: _Optional[str] = ..., start_date: _Optional[str] = ..., due_date: _Optional[str] = ..., time_limit_working_days: _Optional[int] = ..., extension_working_days: _Optional[int] = ..., extension_reason: _Optional[str] = ..., paused_working_days: _Optional[int] = ..., assignee: _Optional[str] = ..., form: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., documents: _Optional[_Iterable[_Union[CaseDocument, _Mapping]]] = ..., external_reference: _Optional[str] = ..., decision: _Optional[_Union[Decision, _Mapping]] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., history: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ..., supplements: _Optional[_Iterable[_Union[Supplement, _Mapping]]] = ..., waiting_for_case_id: _Optional[str] = ...) -> None: ...

class CaseSummary(_message.Message):
    __slots__ = ("id", "case_number", "service_type", "responsible_department", "receiving_office", "applicant_id", "status", "status_text", "clock", "due_date", "assignee", "bundle_id", "version", "created_at", "final")
    class StatusTextEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RECEIVING_OFFICE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_TEXT_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_number: str
    service_type: str
    responsible_department: str
    receiving_office: str
    applicant_id: str
    status: str
    status_text: _containers.ScalarMap[str, str]
    clock: str
    due_date: str
    assignee: str
    bundle_id: str
    version: int
    created_at: _timestamp_pb2.Timestamp
    final: bool
    def __init__(self, id: _Optional[str] = ..., case_number: _Optional[str] = ..., service_type: _Optional[str] = ..., responsible_department: _Optional[str] = ..., receiving_office: _Optional[str] = ..., applicant_id: _Optional[str] = ..., status: _Optional[str] = ..., status_text: _Optional[_Mapping[str, str]] = ..., clock: _Optional[str] = ..., due_date: _Optional[str] = ..., assignee: _Optional[str] = ..., bundle_id: _Optional[str] = ..., version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., final: _Optional[bool] = ...) -> None: ...

class SubmitCaseRequest(_message.Message):
    __slots__ = ("client_key", "service_type", "catalogue_version", "form", "document_ids", "applicant_id", "identity_verified_in_person", "delivery_office", "external_reference")
    CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CATALOGUE_VERSION_FIELD_NUMBER: _ClassVar[int]
    FORM_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_VERIFIED_IN_PERSON_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_OFFICE_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    client_key: str
    service_type: str
    catalogue_version: int
    form: _struct_pb2.Struct
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    applicant_id: str
    identity_verified_in_person: bool
    delivery_office: str
    external_reference: str
    def __init__(self, client_key: _Optional[str] = ..., service_type: _Optional[str] = ..., catalogue_version: _Optional[int] = ..., form: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., document_ids: _Optional[_Iterable[str]] = ..., applicant_id: _Optional[str] = ..., identity_verified_in_person: _Optional[bool] = ..., delivery_office: _Optional[str] = ..., external_reference: _Optional[str] = ...) -> None: ...

class SubmitCaseResponse(_message.Message):
    __slots__ = ("case", "replayed")
    CASE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    replayed: bool
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class Bundle(_message.Message):
    __slots__ = ("id", "bundle_number", "bundle_type", "name", "catalogue_version", "applicant_id", "state", "outcome", "parts_total", "parts_decided", "parts", "created_at", "completed_at", "status_text")
    class NameEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class StatusTextEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CATALOGUE_VERSION_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    PARTS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    PARTS_DECIDED_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_TEXT_FIELD_NUMBER: _ClassVar[int]
    id: str
    bundle_number: str
    bundle_type: str
    name: _containers.ScalarMap[str, str]
    catalogue_version: int
    applicant_id: str
    state: str
    outcome: str
    parts_total: int
    parts_decided: int
    parts: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    created_at: _timestamp_pb2.Timestamp
    completed_at: _timestamp_pb2.Timestamp
    status_text: _containers.ScalarMap[str, str]
    def __init__(self, id: _Optional[str] = ..., bundle_number: _Optional[str] = ..., bundle_type: _Optional[str] = ..., name: _Optional[_Mapping[str, str]] = ..., catalogue_version: _Optional[int] = ..., applicant_id: _Optional[str] = ..., state: _Optional[str] = ..., outcome: _Optional[str] = ..., parts_total: _Optional[int] = ..., parts_decided: _Optional[int] = ..., parts: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status_text: _Optional[_Mapping[str, str]] = ...) -> None: ...

class SubmitBundleRequest(_message.Message):
    __slots__ = ("client_key", "bundle_type", "catalogue_version", "form", "document_ids", "applicant_id", "identity_verified_in_person", "delivery_office", "external_reference")
    CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CATALOGUE_VERSION_FIELD_NUMBER: _ClassVar[int]
    FORM_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    IDENTITY_VERIFIED_IN_PERSON_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_OFFICE_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    client_key: str
    bundle_type: str
    catalogue_version: int
    form: _struct_pb2.Struct
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    applicant_id: str
    identity_verified_in_person: bool
    delivery_office: str
    external_reference: str
    def __init__(self, client_key: _Optional[str] = ..., bundle_type: _Optional[str] = ..., catalogue_version: _Optional[int] = ..., form: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., document_ids: _Optional[_Iterable[str]] = ..., applicant_id: _Optional[str] = ..., identity_verified_in_person: _Optional[bool] = ..., delivery_office: _Optional[str] = ..., external_reference: _Optional[str] = ...) -> None: ...

class SubmitBundleResponse(_message.Message):
    __slots__ = ("bundle", "replayed")
    BUNDLE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    bundle: Bundle
    replayed: bool
    def __init__(self, bundle: _Optional[_Union[Bundle, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id", "case_number", "purpose")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    purpose: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class GetBundleRequest(_message.Message):
    __slots__ = ("bundle_id",)
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    bundle_id: str
    def __init__(self, bundle_id: _Optional[str] = ...) -> None: ...

class GetBundleResponse(_message.Message):
    __slots__ = ("bundle",)
    BUNDLE_FIELD_NUMBER: _ClassVar[int]
    bundle: Bundle
    def __init__(self, bundle: _Optional[_Union[Bundle, _Mapping]] = ...) -> None: ...

class ListMyCasesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "open_only")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    open_only: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., open_only: _Optional[bool] = ...) -> None: ...

class ListMyCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListMyBundlesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMyBundlesResponse(_message.Message):
    __slots__ = ("bundles", "next_page_token")
    BUNDLES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    bundles: _containers.RepeatedCompositeFieldContainer[Bundle]
    next_page_token: str
    def __init__(self, bundles: _Optional[_Iterable[_Union[Bundle, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetMyOverviewRequest(_message.Message):
    __slots__ = ("cases_page_size", "bundles_page_size", "offers_page_size")
    CASES_PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    BUNDLES_PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    OFFERS_PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    cases_page_size: int
    bundles_page_size: int
    offers_page_size: int
    def __init__(self, cases_page_size: _Optional[int] = ..., bundles_page_size: _Optional[int] = ..., offers_page_size: _Optional[int] = ...) -> None: ...

class GetMyOverviewResponse(_message.Message):
    __slots__ = ("open_cases", "open_cases_next_page_token", "open_bundles", "open_offers")
    OPEN_CASES_FIELD_NUMBER: _ClassVar[int]
    OPEN_CASES_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OPEN_BUNDLES_FIELD_NUMBER: _ClassVar[int]
    OPEN_OFFERS_FIELD_NUMBER: _ClassVar[int]
    open_cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    open_cases_next_page_token: str
    open_bundles: _containers.RepeatedCompositeFieldContainer[Bundle]
    open_offers: _containers.RepeatedCompositeFieldContainer[_offers_pb2.Offer]
    def __init__(self, open_cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., open_cases_next_page_token: _Optional[str] = ..., open_bundles: _Optional[_Iterable[_Union[Bundle, _Mapping]]] = ..., open_offers: _Optional[_Iterable[_Union[_offers_pb2.Offer, _Mapping]]] = ...) -> None: ...

class ListQueueRequest(_message.Message):
    __slots__ = ("statuses", "service_types", "receiving_office", "due_on_or_before", "assignee", "page_size", "page_token")
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    RECEIVING_OFFICE_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_OR_BEFORE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    statuses: _containers.RepeatedScalarFieldContainer[str]
    service_types: _containers.RepeatedScalarFieldContainer[str]
    receiving_office: str
    due_on_or_before: str
    assignee: str
    page_size: int
    page_token: str
    def __init__(self, statuses: _Optional[_Iterable[str]] = ..., service_types: _Optional[_Iterable[str]] = ..., receiving_office: _Optional[str] = ..., due_on_or_before: _Optional[str] = ..., assignee: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListQueueResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SearchCasesRequest(_message.Message):
    __slots__ = ("case_number", "applicant_id", "external_reference", "purpose", "page_size", "page_token")
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_number: str
    applicant_id: str
    external_reference: str
    purpose: str
    page_size: int
    page_token: str
    def __init__(self, case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., external_reference: _Optional[str] = ..., purpose: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class SearchCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ClaimCaseRequest(_message.Message):
    __slots__ = ("case_id", "expected_version")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class ClaimCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class AssignCaseRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "assignee", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    assignee: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., assignee: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class AssignCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class TransitionCaseRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "to_status", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    to_status: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., to_status: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class TransitionCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class RequestSupplementRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "reason", "requested_document_types")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    reason: str
    requested_document_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., reason: _Optional[str] = ..., requested_document_types: _Optional[_Iterable[str]] = ...) -> None: ...

class RequestSupplementResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ProvideSupplementRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "document_ids", "form_changes", "comment")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    FORM_CHANGES_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    form_changes: _struct_pb2.Struct
    comment: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., document_ids: _Optional[_Iterable[str]] = ..., form_changes: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., comment: _Optional[str] = ...) -> None: ...

class ProvideSupplementResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ExtendDeadlineRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "working_days", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    working_days: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., working_days: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ExtendDeadlineResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class DecideCaseRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "outcome", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    outcome: Outcome
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., outcome: _Optional[_Union[Outcome, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class DecideCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class AnnulDecisionRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class AnnulDecisionResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class CloseCaseRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class CloseCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class WithdrawCaseRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class WithdrawCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class Rating(_message.Message):
    __slots__ = ("case_id", "score", "comment", "rated_at", "follow_up_task_id", "level")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    RATED_AT_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    score: int
    comment: str
    rated_at: _timestamp_pb2.Timestamp
    follow_up_task_id: str
    level: RatingLevel
    def __init__(self, case_id: _Optional[str] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ..., rated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up_task_id: _Optional[str] = ..., level: _Optional[_Union[RatingLevel, str]] = ...) -> None: ...

class RateCaseRequest(_message.Message):
    __slots__ = ("case_id", "score", "comment", "level")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    score: int
    comment: str
    level: RatingLevel
    def __init__(self, case_id: _Optional[str] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ..., level: _Optional[_Union[RatingLevel, str]] = ...) -> None: ...

class RateCaseResponse(_message.Message):
    __slots__ = ("rating",)
    RATING_FIELD_NUMBER: _ClassVar[int]
    rating: Rating
    def __init__(self, rating: _Optional[_Union[Rating, _Mapping]] = ...) -> None: ...

class GetRatingSummaryRequest(_message.Message):
    __slots__ = ("group_by", "department")
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    group_by: str
    department: str
    def __init__(self, group_by: _Optional[str] = ..., department: _Optional[str] = ...) -> None: ...

class RatingAggregate(_message.Message):
    __slots__ = ("key", "count", "average", "distribution")
    KEY_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_FIELD_NUMBER: _ClassVar[int]
    DISTRIBUTION_FIELD_NUMBER: _ClassVar[int]
    key: str
    count: int
    average: float
    distribution: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, key: _Optional[str] = ..., count: _Optional[int] = ..., average: _Optional[float] = ..., distribution: _Optional[_Iterable[int]] = ...) -> None: ...

class GetRatingSummaryResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[RatingAggregate]
    def __init__(self, rows: _Optional[_Iterable[_Union[RatingAggregate, _Mapping]]] = ...) -> None: ...

class FollowUpTask(_message.Message):
    __slots__ = ("id", "case_id", "case_number", "department", "score", "comment", "state", "created_at", "resolution", "resolved_by", "level", "due_date", "resolved_at", "remediated_on_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    REMEDIATED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    case_id: str
    case_number: str
    department: str
    score: int
    comment: str
    state: str
    created_at: _timestamp_pb2.Timestamp
    resolution: str
    resolved_by: str
    level: RatingLevel
    due_date: str
    resolved_at: _timestamp_pb2.Timestamp
    remediated_on_time: bool
    def __init__(self, id: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., department: _Optional[str] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ..., state: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolution: _Optional[str] = ..., resolved_by: _Optional[str] = ..., level: _Optional[_Union[RatingLevel, str]] = ..., due_date: _Optional[str] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., remediated_on_time: _Optional[bool] = ...) -> None: ...

class ListFollowUpTasksRequest(_message.Message):
    __slots__ = ("open_only", "page_size", "page_token")
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    open_only: bool
    page_size: int
    page_token: str
    def __init__(self, open_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListFollowUpTasksResponse(_message.Message):
    __slots__ = ("tasks", "next_page_token")
    TASKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[FollowUpTask]
    next_page_token: str
    def __init__(self, tasks: _Optional[_Iterable[_Union[FollowUpTask, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CompleteFollowUpTaskRequest(_message.Message):
    __slots__ = ("task_id", "resolution")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    resolution: str
    def __init__(self, task_id: _Optional[str] = ..., resolution: _Optional[str] = ...) -> None: ...

class CompleteFollowUpTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: FollowUpTask
    def __init__(self, task: _Optional[_Union[FollowUpTask, _Mapping]] = ...) -> None: ...

class AccessLogEntry(_message.Message):
    __slots__ = ("case_id", "case_number", "at", "actor_subject", "actor_department", "actor_office", "purpose")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_OFFICE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    at: _timestamp_pb2.Timestamp
    actor_subject: str
    actor_department: str
    actor_office: str
    purpose: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor_subject: _Optional[str] = ..., actor_department: _Optional[str] = ..., actor_office: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class ListCaseAccessLogRequest(_message.Message):
    __slots__ = ("case_id", "page_size", "page_token")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    page_size: int
    page_token: str
    def __init__(self, case_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCaseAccessLogResponse(_message.Message):
    __slots__ = ("entries", "next_page_token", "records")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessLogEntry]
    next_page_token: str
    records: _containers.RepeatedCompositeFieldContainer[_access_log_pb2.AccessLogEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessLogEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., records: _Optional[_Iterable[_Union[_access_log_pb2.AccessLogEntry, _Mapping]]] = ...) -> None: ...

class TransferCaseRequest(_message.Message):
    __slots__ = ("case_id", "expected_version", "to_department", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    TO_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    expected_version: int
    to_department: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., expected_version: _Optional[int] = ..., to_department: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class TransferCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class GetStatisticsRequest(_message.Message):
    __slots__ = ("date_from", "date_to", "group_by", "department", "service_type", "office")
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    date_from: str
    date_to: str
    group_by: str
    department: str
    service_type: str
    office: str
    def __init__(self, date_from: _Optional[str] = ..., date_to: _Optional[str] = ..., group_by: _Optional[str] = ..., department: _Optional[str] = ..., service_type: _Optional[str] = ..., office: _Optional[str] = ...) -> None: ...

class HandlingTimeBin(_message.Message):
    __slots__ = ("working_days", "cases")
    WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    working_days: int
    cases: int
    def __init__(self, working_days: _Optional[int] = ..., cases: _Optional[int] = ...) -> None: ...

class StatisticsRow(_message.Message):
    __slots__ = ("period_start", "department", "service_type", "office", "received", "decided", "closed", "closed_on_time", "supplements_requested", "withdrawals", "transfers_in", "transfers_out", "ratings", "bad_ratings", "median_handling_days", "p90_handling_days", "handling_time", "bad_ratings_remediated_on_time", "follow_ups_overdue")
    class RatingsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    DECIDED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENTS_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWALS_FIELD_NUMBER: _ClassVar[int]
    TRANSFERS_IN_FIELD_NUMBER: _ClassVar[int]
    TRANSFERS_OUT_FIELD_NUMBER: _ClassVar[int]
    RATINGS_FIELD_NUMBER: _ClassVar[int]
    BAD_RATINGS_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_HANDLING_DAYS_FIELD_NUMBER: _ClassVar[int]
    P90_HANDLING_DAYS_FIELD_NUMBER: _ClassVar[int]
    HANDLING_TIME_FIELD_NUMBER: _ClassVar[int]
    BAD_RATINGS_REMEDIATED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UPS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    period_start: str
    department: str
    service_type: str
    office: str
    received: int
    decided: int
    closed: int
    closed_on_time: int
    supplements_requested: int
    withdrawals: int
    transfers_in: int
    transfers_out: int
    ratings: _containers.ScalarMap[str, int]
    bad_ratings: int
    median_handling_days: float
    p90_handling_days: float
    handling_time: _containers.RepeatedCompositeFieldContainer[HandlingTimeBin]
    bad_ratings_remediated_on_time: int
    follow_ups_overdue: int
    def __init__(self, period_start: _Optional[str] = ..., department: _Optional[str] = ..., service_type: _Optional[str] = ..., office: _Optional[str] = ..., received: _Optional[int] = ..., decided: _Optional[int] = ..., closed: _Optional[int] = ..., closed_on_time: _Optional[int] = ..., supplements_requested: _Optional[int] = ..., withdrawals: _Optional[int] = ..., transfers_in: _Optional[int] = ..., transfers_out: _Optional[int] = ..., ratings: _Optional[_Mapping[str, int]] = ..., bad_ratings: _Optional[int] = ..., median_handling_days: _Optional[float] = ..., p90_handling_days: _Optional[float] = ..., handling_time: _Optional[_Iterable[_Union[HandlingTimeBin, _Mapping]]] = ..., bad_ratings_remediated_on_time: _Optional[int] = ..., follow_ups_overdue: _Optional[int] = ...) -> None: ...

class GetStatisticsResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[StatisticsRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[StatisticsRow, _Mapping]]] = ...) -> None: ...

class GetLiveBacklogRequest(_message.Message):
    __slots__ = ("department", "office")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    department: str
    office: str
    def __init__(self, department: _Optional[str] = ..., office: _Optional[str] = ...) -> None: ...

class BacklogRow(_message.Message):
    __slots__ = ("department", "office", "open", "due_soon", "overdue")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    DUE_SOON_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    department: str
    office: str
    open: int
    due_soon: int
    overdue: int
    def __init__(self, department: _Optional[str] = ..., office: _Optional[str] = ..., open: _Optional[int] = ..., due_soon: _Optional[int] = ..., overdue: _Optional[int] = ...) -> None: ...

class GetLiveBacklogResponse(_message.Message):
    __slots__ = ("as_of", "rows")
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    as_of: str
    rows: _containers.RepeatedCompositeFieldContainer[BacklogRow]
    def __init__(self, as_of: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[BacklogRow, _Mapping]]] = ...) -> None: ...

class GetOpenDataStatisticsRequest(_message.Message):
    __slots__ = ("month",)
    MONTH_FIELD_NUMBER: _ClassVar[int]
    month: str
    def __init__(self, month: _Optional[str] = ...) -> None: ...

class OpenDataCount(_message.Message):
    __slots__ = ("value", "suppressed")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SUPPRESSED_FIELD_NUMBER: _ClassVar[int]
    value: int
    suppressed: bool
    def __init__(self, value: _Optional[int] = ..., suppressed: _Optional[bool] = ...) -> None: ...

class OpenDataMedian(_message.Message):
    __slots__ = ("value", "suppressed", "empty")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SUPPRESSED_FIELD_NUMBER: _ClassVar[int]
    EMPTY_FIELD_NUMBER: _ClassVar[int]
    value: float
    suppressed: bool
    empty: bool
    def __init__(self, value: _Optional[float] = ..., suppressed: _Optional[bool] = ..., empty: _Optional[bool] = ...) -> None: ...

class OpenDataRow(_message.Message):
    __slots__ = ("month", "department", "service_type", "received", "closed", "closed_on_time", "median_handling_working_days", "ratings_very_satisfied", "ratings_satisfied", "ratings_neutral", "ratings_dissatisfied", "ratings_very_dissatisfied", "bad_ratings_remediated_on_time")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_HANDLING_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    RATINGS_VERY_SATISFIED_FIELD_NUMBER: _ClassVar[int]
    RATINGS_SATISFIED_FIELD_NUMBER: _ClassVar[int]
    RATINGS_NEUTRAL_FIELD_NUMBER: _ClassVar[int]
    RATINGS_DISSATISFIED_FIELD_NUMBER: _ClassVar[int]
    RATINGS_VERY_DISSATISFIED_FIELD_NUMBER: _ClassVar[int]
    BAD_RATINGS_REMEDIATED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    month: str
    department: str
    service_type: str
    received: OpenDataCount
    closed: OpenDataCount
    closed_on_time: OpenDataCount
    median_handling_working_days: OpenDataMedian
    ratings_very_satisfied: OpenDataCount
    ratings_satisfied: OpenDataCount
    ratings_neutral: OpenDataCount
    ratings_dissatisfied: OpenDataCount
    ratings_very_dissatisfied: OpenDataCount
    bad_ratings_remediated_on_time: OpenDataCount
    def __init__(self, month: _Optional[str] = ..., department: _Optional[str] = ..., service_type: _Optional[str] = ..., received: _Optional[_Union[OpenDataCount, _Mapping]] = ..., closed: _Optional[_Union[OpenDataCount, _Mapping]] = ..., closed_on_time: _Optional[_Union[OpenDataCount, _Mapping]] = ..., median_handling_working_days: _Optional[_Union[OpenDataMedian, _Mapping]] = ..., ratings_very_satisfied: _Optional[_Union[OpenDataCount, _Mapping]] = ..., ratings_satisfied: _Optional[_Union[OpenDataCount, _Mapping]] = ..., ratings_neutral: _Optional[_Union[OpenDataCount, _Mapping]] = ..., ratings_dissatisfied: _Optional[_Union[OpenDataCount, _Mapping]] = ..., ratings_very_dissatisfied: _Optional[_Union[OpenDataCount, _Mapping]] = ..., bad_ratings_remediated_on_time: _Optional[_Union[OpenDataCount, _Mapping]] = ...) -> None: ...

class GetOpenDataStatisticsResponse(_message.Message):
    __slots__ = ("month", "k", "complete", "as_of", "rows")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    K_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    month: str
    k: int
    complete: bool
    as_of: str
    rows: _containers.RepeatedCompositeFieldContainer[OpenDataRow]
    def __init__(self, month: _Optional[str] = ..., k: _Optional[int] = ..., complete: _Optional[bool] = ..., as_of: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[OpenDataRow, _Mapping]]] = ...) -> None: ...
