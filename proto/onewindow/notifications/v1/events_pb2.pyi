from onewindow.common.v1 import classification_pb2 as _classification_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class DeliverySucceeded(_message.Message):
    __slots__ = ("delivery_id", "notice_id", "channel", "recipient", "event_id", "event_type", "case_id", "attempts", "department")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    notice_id: str
    channel: str
    recipient: str
    event_id: str
    event_type: str
    case_id: str
    attempts: int
    department: str
    def __init__(self, delivery_id: _Optional[str] = ..., notice_id: _Optional[str] = ..., channel: _Optional[str] = ..., recipient: _Optional[str] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., case_id: _Optional[str] = ..., attempts: _Optional[int] = ..., department: _Optional[str] = ...) -> None: ...

class DeliveryFailed(_message.Message):
    __slots__ = ("delivery_id", "notice_id", "channel", "recipient", "event_id", "event_type", "case_id", "attempts", "last_error", "department")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    notice_id: str
    channel: str
    recipient: str
    event_id: str
    event_type: str
    case_id: str
    attempts: int
    last_error: str
    department: str
    def __init__(self, delivery_id: _Optional[str] = ..., notice_id: _Optional[str] = ..., channel: _Optional[str] = ..., recipient: _Optional[str] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., case_id: _Optional[str] = ..., attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., department: _Optional[str] = ...) -> None: ...

class SubscriptionSuspended(_message.Message):
    __slots__ = ("subscription_id", "department", "consecutive_failures")
    SUBSCRIPTION_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    CONSECUTIVE_FAILURES_FIELD_NUMBER: _ClassVar[int]
    subscription_id: str
    department: str
    consecutive_failures: int
    def __init__(self, subscription_id: _Optional[str] = ..., department: _Optional[str] = ..., consecutive_failures: _Optional[int] = ...) -> None: ...
