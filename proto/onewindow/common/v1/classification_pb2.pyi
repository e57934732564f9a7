from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class Classification(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLASSIFICATION_UNSPECIFIED: _ClassVar[Classification]
    PUBLIC: _ClassVar[Classification]
    INTERNAL: _ClassVar[Classification]
    PERSONAL: _ClassVar[Classification]
    SENSITIVE: _ClassVar[Classification]
CLASSIFICATION_UNSPECIFIED: Classification
PUBLIC: Classification
INTERNAL: Classification
PERSONAL: Classification
SENSITIVE: Classification
CLASSIFICATION_FIELD_NUMBER: _ClassVar[int]
classification: _descriptor.FieldDescriptor
