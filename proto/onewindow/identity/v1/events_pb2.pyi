import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from onewindow.common.v1 import classification_pb2 as _classification_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PersonRegistered(_message.Message):
    __slots__ = ("person_id", "country", "family_name", "given_name", "email", "phone", "assurance_level", "subject")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    FAMILY_NAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    ASSURANCE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    country: str
    family_name: str
    given_name: str
    email: str
    phone: str
    assurance_level: str
    subject: str
    def __init__(self, person_id: _Optional[str] = ..., country: _Optional[str] = ..., family_name: _Optional[str] = ..., given_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., assurance_level: _Optional[str] = ..., subject: _Optional[str] = ...) -> None: ...

class AssuranceLevelChanged(_message.Message):
    __slots__ = ("person_id", "previous_level", "new_level", "method", "office", "verified_by", "verification_id")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_LEVEL_FIELD_NUMBER: _ClassVar[int]
    NEW_LEVEL_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_BY_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    previous_level: str
    new_level: str
    method: str
    office: str
    verified_by: str
    verification_id: str
    def __init__(self, person_id: _Optional[str] = ..., previous_level: _Optional[str] = ..., new_level: _Optional[str] = ..., method: _Optional[str] = ..., office: _Optional[str] = ..., verified_by: _Optional[str] = ..., verification_id: _Optional[str] = ...) -> None: ...

class OrganisationRegistered(_message.Message):
    __slots__ = ("organisation_id", "country", "registration_number", "name", "legal_representative_person_id")
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    organisation_id: str
    country: str
    registration_number: str
    name: str
    legal_representative_person_id: str
    def __init__(self, organisation_id: _Optional[str] = ..., country: _Optional[str] = ..., registration_number: _Optional[str] = ..., name: _Optional[str] = ..., legal_representative_person_id: _Optional[str] = ...) -> None: ...

class StaffChanged(_message.Message):
    __slots__ = ("staff_id", "change", "username", "department", "office", "previous_office", "roles", "enabled", "email", "subject")
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_OFFICE_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    staff_id: str
    change: str
    username: str
    department: str
    office: str
    previous_office: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    enabled: bool
    email: str
    subject: str
    def __init__(self, staff_id: _Optional[str] = ..., change: _Optional[str] = ..., username: _Optional[str] = ..., department: _Optional[str] = ..., office: _Optional[str] = ..., previous_office: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., enabled: _Optional[bool] = ..., email: _Optional[str] = ..., subject: _Optional[str] = ...) -> None: ...

class MandateGranted(_message.Message):
    __slots__ = ("mandate_id", "mandator_kind", "mandator_id", "mandatee_person_id", "service_types", "valid_from", "valid_until")
    MANDATE_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATOR_KIND_FIELD_NUMBER: _ClassVar[int]
    MANDATOR_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATEE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    mandate_id: str
    mandator_kind: str
    mandator_id: str
    mandatee_person_id: str
    service_types: _containers.RepeatedScalarFieldContainer[str]
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, mandate_id: _Optional[str] = ..., mandator_kind: _Optional[str] = ..., mandator_id: _Optional[str] = ..., mandatee_person_id: _Optional[str] = ..., service_types: _Optional[_Iterable[str]] = ..., valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MandateRevoked(_message.Message):
    __slots__ = ("mandate_id", "mandator_id", "mandatee_person_id", "revoked_at")
    MANDATE_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATOR_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATEE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    mandate_id: str
    mandator_id: str
    mandatee_person_id: str
    revoked_at: _timestamp_pb2.Timestamp
    def __init__(self, mandate_id: _Optional[str] = ..., mandator_id: _Optional[str] = ..., mandatee_person_id: _Optional[str] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConsentGranted(_message.Message):
    __slots__ = ("consent_id", "person_id", "department", "document_types", "purpose", "valid_until")
    CONSENT_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    consent_id: str
    person_id: str
    department: str
    document_types: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, consent_id: _Optional[str] = ..., person_id: _Optional[str] = ..., department: _Optional[str] = ..., document_types: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConsentRevoked(_message.Message):
    __slots__ = ("consent_id", "person_id", "department", "revoked_at")
    CONSENT_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    consent_id: str
    person_id: str
    department: str
    revoked_at: _timestamp_pb2.Timestamp
    def __init__(self, consent_id: _Optional[str] = ..., person_id: _Optional[str] = ..., department: _Optional[str] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AccountLocked(_message.Message):
    __slots__ = ("person_id", "locked_at")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    LOCKED_AT_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    locked_at: _timestamp_pb2.Timestamp
    def __init__(self, person_id: _Optional[str] = ..., locked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LoginLockedOut(_message.Message):
    __slots__ = ("user_id", "person_id", "locked_at", "permanent")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    LOCKED_AT_FIELD_NUMBER: _ClassVar[int]
    PERMANENT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    person_id: str
    locked_at: _timestamp_pb2.Timestamp
    permanent: bool
    def __init__(self, user_id: _Optional[str] = ..., person_id: _Optional[str] = ..., locked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., permanent: _Optional[bool] = ...) -> None: ...

class AccountUnlocked(_message.Message):
    __slots__ = ("person_id", "office", "verified_by", "verification_id")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_BY_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    office: str
    verified_by: str
    verification_id: str
    def __init__(self, person_id: _Optional[str] = ..., office: _Optional[str] = ..., verified_by: _Optional[str] = ..., verification_id: _Optional[str] = ...) -> None: ...

class ContactChangeRequested(_message.Message):
    __slots__ = ("change_id", "person_id", "channel", "new_email", "new_phone", "code", "expires_at")
    CHANGE_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    NEW_EMAIL_FIELD_NUMBER: _ClassVar[int]
    NEW_PHONE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    change_id: str
    person_id: str
    channel: str
    new_email: str
    new_phone: str
    code: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, change_id: _Optional[str] = ..., person_id: _Optional[str] = ..., channel: _Optional[str] = ..., new_email: _Optional[str] = ..., new_phone: _Optional[str] = ..., code: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContactDetailsChanged(_message.Message):
    __slots__ = ("change_id", "person_id", "channel", "old_email", "new_email", "old_phone", "new_phone")
    CHANGE_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    OLD_EMAIL_FIELD_NUMBER: _ClassVar[int]
    NEW_EMAIL_FIELD_NUMBER: _ClassVar[int]
    OLD_PHONE_FIELD_NUMBER: _ClassVar[int]
    NEW_PHONE_FIELD_NUMBER: _ClassVar[int]
    change_id: str
    person_id: str
    channel: str
    old_email: str
    new_email: str
    old_phone: str
    new_phone: str
    def __init__(self, change_id: _Optional[str] = ..., person_id: _Optional[str] = ..., channel: _Optional[str] = ..., old_email: _Optional[str] = ..., new_email: _Optional[str] = ..., old_phone: _Optional[str] = ..., new_phone: _Optional[str] = ...) -> None: ...

class NewLoginDetected(_message.Message):
    __slots__ = ("person_id", "client_id", "ip_address", "logged_in_at")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LOGGED_IN_AT_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    client_id: str
    ip_address: str
    logged_in_at: _timestamp_pb2.Timestamp
    def __init__(self, person_id: _Optional[str] = ..., client_id: _Optional[str] = ..., ip_address: _Optional[str] = ..., logged_in_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
