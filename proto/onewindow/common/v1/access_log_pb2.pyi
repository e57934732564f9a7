import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from onewindow.common.v1 import classification_pb2 as _classification_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AccessLogEntry(_message.Message):
    __slots__ = ("at", "actor_subject", "actor_kind", "actor_department", "actor_office", "actor_username", "action", "object_kind", "object_id", "purpose", "case_id", "source")
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_KIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_OFFICE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USERNAME_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    OBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    OBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    actor_subject: str
    actor_kind: str
    actor_department: str
    actor_office: str
    actor_username: str
    action: str
    object_kind: str
    object_id: str
    purpose: str
    case_id: str
    source: str
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor_subject: _Optional[str] = ..., actor_kind: _Optional[str] = ..., actor_department: _Optional[str] = ..., actor_office: _Optional[str] = ..., actor_username: _Optional[str] = ..., action: _Optional[str] = ..., object_kind: _Optional[str] = ..., object_id: _Optional[str] = ..., purpose: _Optional[str] = ..., case_id: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...
