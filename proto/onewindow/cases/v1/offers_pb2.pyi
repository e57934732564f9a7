import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from onewindow.common.v1 import classification_pb2 as _classification_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OfferState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OFFER_STATE_UNSPECIFIED: _ClassVar[OfferState]
    OFFER_STATE_OFFERED: _ClassVar[OfferState]
    OFFER_STATE_CONFIRMED: _ClassVar[OfferState]
    OFFER_STATE_DECLINED: _ClassVar[OfferState]
    OFFER_STATE_EXPIRED: _ClassVar[OfferState]
OFFER_STATE_UNSPECIFIED: OfferState
OFFER_STATE_OFFERED: OfferState
OFFER_STATE_CONFIRMED: OfferState
OFFER_STATE_DECLINED: OfferState
OFFER_STATE_EXPIRED: OfferState

class Offer(_message.Message):
    __slots__ = ("id", "rule", "person_id", "state", "service_type", "bundle_type", "title", "prefill", "documents", "person_fields", "missing_fields", "missing_document_types", "trigger_event", "trigger_case_id", "offered_at", "expires_at", "decided_at", "case_id", "case_number", "bundle_id", "catalogue_version", "version")
    class TitleEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class DocumentsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PREFILL_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELDS_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELDS_FIELD_NUMBER: _ClassVar[int]
    MISSING_DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_EVENT_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    OFFERED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    CATALOGUE_VERSION_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    rule: str
    person_id: str
    state: OfferState
    service_type: str
    bundle_type: str
    title: _containers.ScalarMap[str, str]
    prefill: _struct_pb2.Struct
    documents: _containers.ScalarMap[str, str]
    person_fields: _containers.RepeatedScalarFieldContainer[str]
    missing_fields: _containers.RepeatedScalarFieldContainer[str]
    missing_document_types: _containers.RepeatedScalarFieldContainer[str]
    trigger_event: str
    trigger_case_id: str
    offered_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    decided_at: _timestamp_pb2.Timestamp
    case_id: str
    case_number: str
    bundle_id: str
    catalogue_version: int
    version: int
    def __init__(self, id: _Optional[str] = ..., rule: _Optional[str] = ..., person_id: _Optional[str] = ..., state: _Optional[_Union[OfferState, str]] = ..., service_type: _Optional[str] = ..., bundle_type: _Optional[str] = ..., title: _Optional[_Mapping[str, str]] = ..., prefill: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., documents: _Optional[_Mapping[str, str]] = ..., person_fields: _Optional[_Iterable[str]] = ..., missing_fields: _Optional[_Iterable[str]] = ..., missing_document_types: _Optional[_Iterable[str]] = ..., trigger_event: _Optional[str] = ..., trigger_case_id: _Optional[str] = ..., offered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., case_id: _Optional[str] = ..., case_number: _Optional[str] = ..., bundle_id: _Optional[str] = ..., catalogue_version: _Optional[int] = ..., version: _Optional[int] = ...) -> None: ...

class ListMyOffersRequest(_message.Message):
    __slots__ = ("open_only", "page_size")
    OPEN_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    open_only: bool
    page_size: int
    def __init__(self, open_only: _Optional[bool] = ..., page_size: _Optional[int] = ...) -> None: ...

class ListMyOffersResponse(_message.Message):
    __slots__ = ("offers",)
    OFFERS_FIELD_NUMBER: _ClassVar[int]
    offers: _containers.RepeatedCompositeFieldContainer[Offer]
    def __init__(self, offers: _Optional[_Iterable[_Union[Offer, _Mapping]]] = ...) -> None: ...

class GetOfferRequest(_message.Message):
    __slots__ = ("offer_id",)
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    def __init__(self, offer_id: _Optional[str] = ...) -> None: ...

class GetOfferResponse(_message.Message):
    __slots__ = ("offer",)
    OFFER_FIELD_NUMBER: _ClassVar[int]
    offer: Offer
    def __init__(self, offer: _Optional[_Union[Offer, _Mapping]] = ...) -> None: ...

class ConfirmOfferRequest(_message.Message):
    __slots__ = ("offer_id", "form", "document_ids", "delivery_office")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    FORM_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_OFFICE_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    form: _struct_pb2.Struct
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    delivery_office: str
    def __init__(self, offer_id: _Optional[str] = ..., form: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., document_ids: _Optional[_Iterable[str]] = ..., delivery_office: _Optional[str] = ...) -> None: ...

class ConfirmOfferResponse(_message.Message):
    __slots__ = ("offer", "replayed")
    OFFER_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    offer: Offer
    replayed: bool
    def __init__(self, offer: _Optional[_Union[Offer, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class DeclineOfferRequest(_message.Message):
    __slots__ = ("offer_id", "reason")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    reason: str
    def __init__(self, offer_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DeclineOfferResponse(_message.Message):
    __slots__ = ("offer",)
    OFFER_FIELD_NUMBER: _ClassVar[int]
    offer: Offer
    def __init__(self, offer: _Optional[_Union[Offer, _Mapping]] = ...) -> None: ...
