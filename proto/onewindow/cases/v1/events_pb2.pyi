from onewindow.common.v1 import classification_pb2 as _classification_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseSubmitted(_message.Message):
    __slots__ = ("case_id", "case_number", "service_type", "catalogue_version", "responsible_department", "receiving_office", "delivery_office", "channel", "applicant_id", "submitted_by", "bundle_id", "status", "due_date", "waiting_for_case_id", "document_ids")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CATALOGUE_VERSION_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RECEIVING_OFFICE_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_OFFICE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    WAITING_FOR_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    service_type: str
    catalogue_version: int
    responsible_department: str
    receiving_office: str
    delivery_office: str
    channel: str
    applicant_id: str
    submitted_by: str
    bundle_id: str
    status: str
    due_date: str
    waiting_for_case_id: str
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., service_type: _Optional[str] = ..., catalogue_version: _Optional[int] = ..., responsible_department: _Optional[str] = ..., receiving_office: _Optional[str] = ..., delivery_office: _Optional[str] = ..., channel: _Optional[str] = ..., applicant_id: _Optional[str] = ..., submitted_by: _Optional[str] = ..., bundle_id: _Optional[str] = ..., status: _Optional[str] = ..., due_date: _Optional[str] = ..., waiting_for_case_id: _Optional[str] = ..., document_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BundleSubmitted(_message.Message):
    __slots__ = ("bundle_id", "bundle_number", "bundle_type", "applicant_id", "parts")
    class Part(_message.Message):
        __slots__ = ("case_id", "case_number", "service_type", "responsible_department")
        CASE_ID_FIELD_NUMBER: _ClassVar[int]
        CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
        SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
        RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
        case_id: str
        case_number: str
        service_type: str
        responsible_department: str
        def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., service_type: _Optional[str] = ..., responsible_department: _Optional[str] = ...) -> None: ...
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    bundle_id: str
    bundle_number: str
    bundle_type: str
    applicant_id: str
    parts: _containers.RepeatedCompositeFieldContainer[BundleSubmitted.Part]
    def __init__(self, bundle_id: _Optional[str] = ..., bundle_number: _Optional[str] = ..., bundle_type: _Optional[str] = ..., applicant_id: _Optional[str] = ..., parts: _Optional[_Iterable[_Union[BundleSubmitted.Part, _Mapping]]] = ...) -> None: ...

class CaseStatusChanged(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "responsible_department", "from_status", "to_status", "status_text", "action", "reason", "due_date", "bundle_id", "version")
    class StatusTextEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_TEXT_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    responsible_department: str
    from_status: str
    to_status: str
    status_text: _containers.ScalarMap[str, str]
    action: str
    reason: str
    due_date: str
    bundle_id: str
    version: int
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., responsible_department: _Optional[str] = ..., from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., status_text: _Optional[_Mapping[str, str]] = ..., action: _Optional[str] = ..., reason: _Optional[str] = ..., due_date: _Optional[str] = ..., bundle_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class SupplementRequested(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "supplement_id", "reason", "requested_document_types", "responsible_department")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    supplement_id: str
    reason: str
    requested_document_types: _containers.RepeatedScalarFieldContainer[str]
    responsible_department: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., supplement_id: _Optional[str] = ..., reason: _Optional[str] = ..., requested_document_types: _Optional[_Iterable[str]] = ..., responsible_department: _Optional[str] = ...) -> None: ...

class SupplementProvided(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "supplement_id", "document_ids", "due_date", "responsible_department", "assignee")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    supplement_id: str
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    due_date: str
    responsible_department: str
    assignee: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., supplement_id: _Optional[str] = ..., document_ids: _Optional[_Iterable[str]] = ..., due_date: _Optional[str] = ..., responsible_department: _Optional[str] = ..., assignee: _Optional[str] = ...) -> None: ...

class CaseDecided(_message.Message):
    __slots__ = ("case_id", "case_number", "outcome", "reason", "applicant_id", "responsible_department", "service_type", "issue_certificate", "certificate_type", "bundle_id", "delivery_office", "decided_by", "service_type_name")
    class ServiceTypeNameEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ISSUE_CERTIFICATE_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_OFFICE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_NAME_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    outcome: str
    reason: str
    applicant_id: str
    responsible_department: str
    service_type: str
    issue_certificate: bool
    certificate_type: str
    bundle_id: str
    delivery_office: str
    decided_by: str
    service_type_name: _containers.ScalarMap[str, str]
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., outcome: _Optional[str] = ..., reason: _Optional[str] = ..., applicant_id: _Optional[str] = ..., responsible_department: _Optional[str] = ..., service_type: _Optional[str] = ..., issue_certificate: _Optional[bool] = ..., certificate_type: _Optional[str] = ..., bundle_id: _Optional[str] = ..., delivery_office: _Optional[str] = ..., decided_by: _Optional[str] = ..., service_type_name: _Optional[_Mapping[str, str]] = ...) -> None: ...

class DecisionAnnulled(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "responsible_department", "service_type", "certificate_type", "reason", "annulled_by", "bundle_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ANNULLED_BY_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    responsible_department: str
    service_type: str
    certificate_type: str
    reason: str
    annulled_by: str
    bundle_id: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., responsible_department: _Optional[str] = ..., service_type: _Optional[str] = ..., certificate_type: _Optional[str] = ..., reason: _Optional[str] = ..., annulled_by: _Optional[str] = ..., bundle_id: _Optional[str] = ...) -> None: ...

class CaseClosed(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "responsible_department", "outcome", "status")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    responsible_department: str
    outcome: str
    status: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., responsible_department: _Optional[str] = ..., outcome: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class CaseWithdrawn(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "responsible_department", "reason", "bundle_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    responsible_department: str
    reason: str
    bundle_id: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., responsible_department: _Optional[str] = ..., reason: _Optional[str] = ..., bundle_id: _Optional[str] = ...) -> None: ...

class DeadlineApproaching(_message.Message):
    __slots__ = ("case_id", "case_number", "responsible_department", "assignee", "due_date", "threshold_percent", "allowed_working_days")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_PERCENT_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    responsible_department: str
    assignee: str
    due_date: str
    threshold_percent: int
    allowed_working_days: int
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., responsible_department: _Optional[str] = ..., assignee: _Optional[str] = ..., due_date: _Optional[str] = ..., threshold_percent: _Optional[int] = ..., allowed_working_days: _Optional[int] = ...) -> None: ...

class CaseOverdue(_message.Message):
    __slots__ = ("case_id", "case_number", "responsible_department", "assignee", "due_date")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    responsible_department: str
    assignee: str
    due_date: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., responsible_department: _Optional[str] = ..., assignee: _Optional[str] = ..., due_date: _Optional[str] = ...) -> None: ...

class DeadlineExtended(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "working_days", "reason", "due_date")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    working_days: int
    reason: str
    due_date: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., working_days: _Optional[int] = ..., reason: _Optional[str] = ..., due_date: _Optional[str] = ...) -> None: ...

class BundleCompleted(_message.Message):
    __slots__ = ("bundle_id", "bundle_number", "bundle_type", "applicant_id", "outcome", "parts")
    class Part(_message.Message):
        __slots__ = ("case_id", "case_number", "service_type", "outcome")
        CASE_ID_FIELD_NUMBER: _ClassVar[int]
        CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
        SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
        OUTCOME_FIELD_NUMBER: _ClassVar[int]
        case_id: str
        case_number: str
        service_type: str
        outcome: str
        def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., service_type: _Optional[str] = ..., outcome: _Optional[str] = ...) -> None: ...
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    bundle_id: str
    bundle_number: str
    bundle_type: str
    applicant_id: str
    outcome: str
    parts: _containers.RepeatedCompositeFieldContainer[BundleCompleted.Part]
    def __init__(self, bundle_id: _Optional[str] = ..., bundle_number: _Optional[str] = ..., bundle_type: _Optional[str] = ..., applicant_id: _Optional[str] = ..., outcome: _Optional[str] = ..., parts: _Optional[_Iterable[_Union[BundleCompleted.Part, _Mapping]]] = ...) -> None: ...

class RatingReceived(_message.Message):
    __slots__ = ("case_id", "case_number", "score", "comment", "department", "office", "service_type", "follow_up_task_id", "level", "follow_up_due_date")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    score: int
    comment: str
    department: str
    office: str
    service_type: str
    follow_up_task_id: str
    level: str
    follow_up_due_date: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ..., department: _Optional[str] = ..., office: _Optional[str] = ..., service_type: _Optional[str] = ..., follow_up_task_id: _Optional[str] = ..., level: _Optional[str] = ..., follow_up_due_date: _Optional[str] = ...) -> None: ...

class FollowUpOverdue(_message.Message):
    __slots__ = ("task_id", "case_id", "case_number", "department", "due_date", "rated_on", "level")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    RATED_ON_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    case_id: str
    case_number: str
    department: str
    due_date: str
    rated_on: str
    level: str
    def __init__(self, task_id: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., department: _Optional[str] = ..., due_date: _Optional[str] = ..., rated_on: _Optional[str] = ..., level: _Optional[str] = ...) -> None: ...

class FollowUpRemediated(_message.Message):
    __slots__ = ("task_id", "case_id", "case_number", "department", "due_date", "rated_on", "remediated_on", "on_time", "resolved_by")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    RATED_ON_FIELD_NUMBER: _ClassVar[int]
    REMEDIATED_ON_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    case_id: str
    case_number: str
    department: str
    due_date: str
    rated_on: str
    remediated_on: str
    on_time: bool
    resolved_by: str
    def __init__(self, task_id: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., department: _Optional[str] = ..., due_date: _Optional[str] = ..., rated_on: _Optional[str] = ..., remediated_on: _Optional[str] = ..., on_time: _Optional[bool] = ..., resolved_by: _Optional[str] = ...) -> None: ...

class CaseAssigned(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "responsible_department", "assignee", "assigned_by", "previous_assignee", "action", "reason", "version")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_BY_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    responsible_department: str
    assignee: str
    assigned_by: str
    previous_assignee: str
    action: str
    reason: str
    version: int
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., responsible_department: _Optional[str] = ..., assignee: _Optional[str] = ..., assigned_by: _Optional[str] = ..., previous_assignee: _Optional[str] = ..., action: _Optional[str] = ..., reason: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class CaseTransferred(_message.Message):
    __slots__ = ("case_id", "case_number", "applicant_id", "from_department", "to_department", "responsible_department", "service_type", "reason", "due_date")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    TO_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    case_number: str
    applicant_id: str
    from_department: str
    to_department: str
    responsible_department: str
    service_type: str
    reason: str
    due_date: str
    def __init__(self, case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., applicant_id: _Optional[str] = ..., from_department: _Optional[str] = ..., to_department: _Optional[str] = ..., responsible_department: _Optional[str] = ..., service_type: _Optional[str] = ..., reason: _Optional[str] = ..., due_date: _Optional[str] = ...) -> None: ...

class OfferMade(_message.Message):
    __slots__ = ("offer_id", "rule", "person_id", "service_type", "bundle_type", "title", "trigger_event", "trigger_event_id", "trigger_case_id", "expires_at", "missing_fields", "missing_document_types")
    class TitleEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_EVENT_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELDS_FIELD_NUMBER: _ClassVar[int]
    MISSING_DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    rule: str
    person_id: str
    service_type: str
    bundle_type: str
    title: _containers.ScalarMap[str, str]
    trigger_event: str
    trigger_event_id: str
    trigger_case_id: str
    expires_at: str
    missing_fields: _containers.RepeatedScalarFieldContainer[str]
    missing_document_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, offer_id: _Optional[str] = ..., rule: _Optional[str] = ..., person_id: _Optional[str] = ..., service_type: _Optional[str] = ..., bundle_type: _Optional[str] = ..., title: _Optional[_Mapping[str, str]] = ..., trigger_event: _Optional[str] = ..., trigger_event_id: _Optional[str] = ..., trigger_case_id: _Optional[str] = ..., expires_at: _Optional[str] = ..., missing_fields: _Optional[_Iterable[str]] = ..., missing_document_types: _Optional[_Iterable[str]] = ...) -> None: ...

class OfferConfirmed(_message.Message):
    __slots__ = ("offer_id", "rule", "person_id", "case_id", "case_number", "bundle_id", "confirmed_by")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_BY_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    rule: str
    person_id: str
    case_id: str
    case_number: str
    bundle_id: str
    confirmed_by: str
    def __init__(self, offer_id: _Optional[str] = ..., rule: _Optional[str] = ..., person_id: _Optional[str] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., bundle_id: _Optional[str] = ..., confirmed_by: _Optional[str] = ...) -> None: ...

class OfferDeclined(_message.Message):
    __slots__ = ("offer_id", "rule", "person_id", "declined_by", "reason")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    DECLINED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    rule: str
    person_id: str
    declined_by: str
    reason: str
    def __init__(self, offer_id: _Optional[str] = ..., rule: _Optional[str] = ..., person_id: _Optional[str] = ..., declined_by: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class OfferExpired(_message.Message):
    __slots__ = ("offer_id", "rule", "person_id", "expires_at")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    rule: str
    person_id: str
    expires_at: str
    def __init__(self, offer_id: _Optional[str] = ..., rule: _Optional[str] = ..., person_id: _Optional[str] = ..., expires_at: _Optional[str] = ...) -> None: ...
