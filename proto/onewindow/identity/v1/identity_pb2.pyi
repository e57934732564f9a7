import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from onewindow.common.v1 import access_log_pb2 as _access_log_pb2
from onewindow.common.v1 import classification_pb2 as _classification_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AssuranceLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSURANCE_LEVEL_UNSPECIFIED: _ClassVar[AssuranceLevel]
    ASSURANCE_LEVEL_LOW: _ClassVar[AssuranceLevel]
    ASSURANCE_LEVEL_SUBSTANTIAL: _ClassVar[AssuranceLevel]
    ASSURANCE_LEVEL_HIGH: _ClassVar[AssuranceLevel]

class PartyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTY_KIND_UNSPECIFIED: _ClassVar[PartyKind]
    PARTY_KIND_PERSON: _ClassVar[PartyKind]
    PARTY_KIND_ORGANISATION: _ClassVar[PartyKind]
ASSURANCE_LEVEL_UNSPECIFIED: AssuranceLevel
ASSURANCE_LEVEL_LOW: AssuranceLevel
ASSURANCE_LEVEL_SUBSTANTIAL: AssuranceLevel
ASSURANCE_LEVEL_HIGH: AssuranceLevel
PARTY_KIND_UNSPECIFIED: PartyKind
PARTY_KIND_PERSON: PartyKind
PARTY_KIND_ORGANISATION: PartyKind

class Person(_message.Message):
    __slots__ = ("person_id", "country", "national_id", "family_name", "given_name", "date_of_birth", "email", "phone", "username", "assurance_level", "locked", "registered_at")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    NATIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    FAMILY_NAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ASSURANCE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    LOCKED_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    country: str
    national_id: str
    family_name: str
    given_name: str
    date_of_birth: str
    email: str
    phone: str
    username: str
    assurance_level: AssuranceLevel
    locked: bool
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, person_id: _Optional[str] = ..., country: _Optional[str] = ..., national_id: _Optional[str] = ..., family_name: _Optional[str] = ..., given_name: _Optional[str] = ..., date_of_birth: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., username: _Optional[str] = ..., assurance_level: _Optional[_Union[AssuranceLevel, str]] = ..., locked: _Optional[bool] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RegisterPersonRequest(_message.Message):
    __slots__ = ("idempotency_key", "country", "national_id", "family_name", "given_name", "date_of_birth", "email", "phone", "password")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    NATIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    FAMILY_NAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    country: str
    national_id: str
    family_name: str
    given_name: str
    date_of_birth: str
    email: str
    phone: str
    password: str
    def __init__(self, idempotency_key: _Optional[str] = ..., country: _Optional[str] = ..., national_id: _Optional[str] = ..., family_name: _Optional[str] = ..., given_name: _Optional[str] = ..., date_of_birth: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class RegisterPersonResponse(_message.Message):
    __slots__ = ("person",)
    PERSON_FIELD_NUMBER: _ClassVar[int]
    person: Person
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ...) -> None: ...

class GetPersonRequest(_message.Message):
    __slots__ = ("person_id", "purpose")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    purpose: str
    def __init__(self, person_id: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class GetPersonResponse(_message.Message):
    __slots__ = ("person",)
    PERSON_FIELD_NUMBER: _ClassVar[int]
    person: Person
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ...) -> None: ...

class FindPersonRequest(_message.Message):
    __slots__ = ("country", "national_id", "purpose")
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    NATIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    country: str
    national_id: str
    purpose: str
    def __init__(self, country: _Optional[str] = ..., national_id: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class FindPersonResponse(_message.Message):
    __slots__ = ("person",)
    PERSON_FIELD_NUMBER: _ClassVar[int]
    person: Person
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ...) -> None: ...

class IdentityDocument(_message.Message):
    __slots__ = ("type", "number")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    type: str
    number: str
    def __init__(self, type: _Optional[str] = ..., number: _Optional[str] = ...) -> None: ...

class VerifyInPersonRequest(_message.Message):
    __slots__ = ("person_id", "method", "document")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    method: str
    document: IdentityDocument
    def __init__(self, person_id: _Optional[str] = ..., method: _Optional[str] = ..., document: _Optional[_Union[IdentityDocument, _Mapping]] = ...) -> None: ...

class VerifyInPersonResponse(_message.Message):
    __slots__ = ("person", "verification_id")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    person: Person
    verification_id: str
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ..., verification_id: _Optional[str] = ...) -> None: ...

class AccessLogEntry(_message.Message):
    __slots__ = ("at", "actor_subject", "actor_username", "actor_kind", "department", "office", "action", "purpose")
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USERNAME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_KIND_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    actor_subject: str
    actor_username: str
    actor_kind: str
    department: str
    office: str
    action: str
    purpose: str
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor_subject: _Optional[str] = ..., actor_username: _Optional[str] = ..., actor_kind: _Optional[str] = ..., department: _Optional[str] = ..., office: _Optional[str] = ..., action: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class ListAccessLogRequest(_message.Message):
    __slots__ = ("person_id", "limit")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    limit: int
    def __init__(self, person_id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ListAccessLogResponse(_message.Message):
    __slots__ = ("entries", "records")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessLogEntry]
    records: _containers.RepeatedCompositeFieldContainer[_access_log_pb2.AccessLogEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessLogEntry, _Mapping]]] = ..., records: _Optional[_Iterable[_Union[_access_log_pb2.AccessLogEntry, _Mapping]]] = ...) -> None: ...

class Organisation(_message.Message):
    __slots__ = ("organisation_id", "country", "registration_number", "name", "legal_representative_person_id", "registered_at")
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_AT_FIELD_NUMBER: _ClassVar[int]
    organisation_id: str
    country: str
    registration_number: str
    name: str
    legal_representative_person_id: str
    registered_at: _timestamp_pb2.Timestamp
    def __init__(self, organisation_id: _Optional[str] = ..., country: _Optional[str] = ..., registration_number: _Optional[str] = ..., name: _Optional[str] = ..., legal_representative_person_id: _Optional[str] = ..., registered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RegisterOrganisationRequest(_message.Message):
    __slots__ = ("idempotency_key", "country", "registration_number", "name", "legal_representative_person_id")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEGAL_REPRESENTATIVE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    country: str
    registration_number: str
    name: str
    legal_representative_person_id: str
    def __init__(self, idempotency_key: _Optional[str] = ..., country: _Optional[str] = ..., registration_number: _Optional[str] = ..., name: _Optional[str] = ..., legal_representative_person_id: _Optional[str] = ...) -> None: ...

class RegisterOrganisationResponse(_message.Message):
    __slots__ = ("organisation",)
    ORGANISATION_FIELD_NUMBER: _ClassVar[int]
    organisation: Organisation
    def __init__(self, organisation: _Optional[_Union[Organisation, _Mapping]] = ...) -> None: ...

class GetOrganisationRequest(_message.Message):
    __slots__ = ("organisation_id",)
    ORGANISATION_ID_FIELD_NUMBER: _ClassVar[int]
    organisation_id: str
    def __init__(self, organisation_id: _Optional[str] = ...) -> None: ...

class GetOrganisationResponse(_message.Message):
    __slots__ = ("organisation",)
    ORGANISATION_FIELD_NUMBER: _ClassVar[int]
    organisation: Organisation
    def __init__(self, organisation: _Optional[_Union[Organisation, _Mapping]] = ...) -> None: ...

class Staff(_message.Message):
    __slots__ = ("staff_id", "username", "family_name", "given_name", "email", "department", "office", "roles", "enabled", "created_at")
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    FAMILY_NAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    staff_id: str
    username: str
    family_name: str
    given_name: str
    email: str
    department: str
    office: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    enabled: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, staff_id: _Optional[str] = ..., username: _Optional[str] = ..., family_name: _Optional[str] = ..., given_name: _Optional[str] = ..., email: _Optional[str] = ..., department: _Optional[str] = ..., office: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., enabled: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateStaffRequest(_message.Message):
    __slots__ = ("idempotency_key", "username", "family_name", "given_name", "email", "department", "office", "roles", "initial_password")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    FAMILY_NAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    INITIAL_PASSWORD_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    username: str
    family_name: str
    given_name: str
    email: str
    department: str
    office: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    initial_password: str
    def __init__(self, idempotency_key: _Optional[str] = ..., username: _Optional[str] = ..., family_name: _Optional[str] = ..., given_name: _Optional[str] = ..., email: _Optional[str] = ..., department: _Optional[str] = ..., office: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., initial_password: _Optional[str] = ...) -> None: ...

class CreateStaffResponse(_message.Message):
    __slots__ = ("staff",)
    STAFF_FIELD_NUMBER: _ClassVar[int]
    staff: Staff
    def __init__(self, staff: _Optional[_Union[Staff, _Mapping]] = ...) -> None: ...

class GetStaffRequest(_message.Message):
    __slots__ = ("staff_id",)
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    staff_id: str
    def __init__(self, staff_id: _Optional[str] = ...) -> None: ...

class GetStaffResponse(_message.Message):
    __slots__ = ("staff",)
    STAFF_FIELD_NUMBER: _ClassVar[int]
    staff: Staff
    def __init__(self, staff: _Optional[_Union[Staff, _Mapping]] = ...) -> None: ...

class MoveStaffRequest(_message.Message):
    __slots__ = ("staff_id", "office")
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    staff_id: str
    office: str
    def __init__(self, staff_id: _Optional[str] = ..., office: _Optional[str] = ...) -> None: ...

class MoveStaffResponse(_message.Message):
    __slots__ = ("staff",)
    STAFF_FIELD_NUMBER: _ClassVar[int]
    staff: Staff
    def __init__(self, staff: _Optional[_Union[Staff, _Mapping]] = ...) -> None: ...

class DisableStaffRequest(_message.Message):
    __slots__ = ("staff_id", "reason")
    STAFF_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    staff_id: str
    reason: str
    def __init__(self, staff_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DisableStaffResponse(_message.Message):
    __slots__ = ("staff",)
    STAFF_FIELD_NUMBER: _ClassVar[int]
    staff: Staff
    def __init__(self, staff: _Optional[_Union[Staff, _Mapping]] = ...) -> None: ...

class ServiceAccount(_message.Message):
    __slots__ = ("service_account_id", "client_id", "department", "system_name", "created_at", "secret_rotated_at")
    SERVICE_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    SECRET_ROTATED_AT_FIELD_NUMBER: _ClassVar[int]
    service_account_id: str
    client_id: str
    department: str
    system_name: str
    created_at: _timestamp_pb2.Timestamp
    secret_rotated_at: _timestamp_pb2.Timestamp
    def __init__(self, service_account_id: _Optional[str] = ..., client_id: _Optional[str] = ..., department: _Optional[str] = ..., system_name: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., secret_rotated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateServiceAccountRequest(_message.Message):
    __slots__ = ("idempotency_key", "department", "system_name", "description")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    department: str
    system_name: str
    description: str
    def __init__(self, idempotency_key: _Optional[str] = ..., department: _Optional[str] = ..., system_name: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class CreateServiceAccountResponse(_message.Message):
    __slots__ = ("service_account", "client_secret")
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    service_account: ServiceAccount
    client_secret: str
    def __init__(self, service_account: _Optional[_Union[ServiceAccount, _Mapping]] = ..., client_secret: _Optional[str] = ...) -> None: ...

class RotateServiceAccountSecretRequest(_message.Message):
    __slots__ = ("service_account_id",)
    SERVICE_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    service_account_id: str
    def __init__(self, service_account_id: _Optional[str] = ...) -> None: ...

class RotateServiceAccountSecretResponse(_message.Message):
    __slots__ = ("service_account", "client_secret")
    SERVICE_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    service_account: ServiceAccount
    client_secret: str
    def __init__(self, service_account: _Optional[_Union[ServiceAccount, _Mapping]] = ..., client_secret: _Optional[str] = ...) -> None: ...

class Mandate(_message.Message):
    __slots__ = ("mandate_id", "mandator_kind", "mandator_id", "mandatee_person_id", "service_types", "valid_from", "valid_until", "granted_by_person_id", "granted_at", "revoked_at")
    MANDATE_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATOR_KIND_FIELD_NUMBER: _ClassVar[int]
    MANDATOR_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATEE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    GRANTED_BY_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    mandate_id: str
    mandator_kind: PartyKind
    mandator_id: str
    mandatee_person_id: str
    service_types: _containers.RepeatedScalarFieldContainer[str]
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    granted_by_person_id: str
    granted_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    def __init__(self, mandate_id: _Optional[str] = ..., mandator_kind: _Optional[_Union[PartyKind, str]] = ..., mandator_id: _Optional[str] = ..., mandatee_person_id: _Optional[str] = ..., service_types: _Optional[_Iterable[str]] = ..., valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., granted_by_person_id: _Optional[str] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GrantMandateRequest(_message.Message):
    __slots__ = ("idempotency_key", "mandator_kind", "mandator_id", "mandatee_person_id", "service_types", "valid_from", "valid_until")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    MANDATOR_KIND_FIELD_NUMBER: _ClassVar[int]
    MANDATOR_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATEE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    mandator_kind: PartyKind
    mandator_id: str
    mandatee_person_id: str
    service_types: _containers.RepeatedScalarFieldContainer[str]
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, idempotency_key: _Optional[str] = ..., mandator_kind: _Optional[_Union[PartyKind, str]] = ..., mandator_id: _Optional[str] = ..., mandatee_person_id: _Optional[str] = ..., service_types: _Optional[_Iterable[str]] = ..., valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GrantMandateResponse(_message.Message):
    __slots__ = ("mandate",)
    MANDATE_FIELD_NUMBER: _ClassVar[int]
    mandate: Mandate
    def __init__(self, mandate: _Optional[_Union[Mandate, _Mapping]] = ...) -> None: ...

class RevokeMandateRequest(_message.Message):
    __slots__ = ("mandate_id",)
    MANDATE_ID_FIELD_NUMBER: _ClassVar[int]
    mandate_id: str
    def __init__(self, mandate_id: _Optional[str] = ...) -> None: ...

class RevokeMandateResponse(_message.Message):
    __slots__ = ("mandate",)
    MANDATE_FIELD_NUMBER: _ClassVar[int]
    mandate: Mandate
    def __init__(self, mandate: _Optional[_Union[Mandate, _Mapping]] = ...) -> None: ...

class ListMandatesRequest(_message.Message):
    __slots__ = ("include_inactive",)
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    include_inactive: bool
    def __init__(self, include_inactive: _Optional[bool] = ...) -> None: ...

class ListMandatesResponse(_message.Message):
    __slots__ = ("granted", "received")
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    granted: _containers.RepeatedCompositeFieldContainer[Mandate]
    received: _containers.RepeatedCompositeFieldContainer[Mandate]
    def __init__(self, granted: _Optional[_Iterable[_Union[Mandate, _Mapping]]] = ..., received: _Optional[_Iterable[_Union[Mandate, _Mapping]]] = ...) -> None: ...

class CheckMandateRequest(_message.Message):
    __slots__ = ("mandatee_person_id", "mandator_id", "service_type")
    MANDATEE_PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    MANDATOR_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    mandatee_person_id: str
    mandator_id: str
    service_type: str
    def __init__(self, mandatee_person_id: _Optional[str] = ..., mandator_id: _Optional[str] = ..., service_type: _Optional[str] = ...) -> None: ...

class CheckMandateResponse(_message.Message):
    __slots__ = ("valid", "mandate_id", "reason", "all_service_types", "service_types")
    VALID_FIELD_NUMBER: _ClassVar[int]
    MANDATE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ALL_SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPES_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    mandate_id: str
    reason: str
    all_service_types: bool
    service_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, valid: _Optional[bool] = ..., mandate_id: _Optional[str] = ..., reason: _Optional[str] = ..., all_service_types: _Optional[bool] = ..., service_types: _Optional[_Iterable[str]] = ...) -> None: ...

class Consent(_message.Message):
    __slots__ = ("consent_id", "person_id", "department", "document_types", "purpose", "valid_until", "granted_at", "revoked_at")
    CONSENT_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    consent_id: str
    person_id: str
    department: str
    document_types: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    valid_until: _timestamp_pb2.Timestamp
    granted_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    def __init__(self, consent_id: _Optional[str] = ..., person_id: _Optional[str] = ..., department: _Optional[str] = ..., document_types: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GrantConsentRequest(_message.Message):
    __slots__ = ("idempotency_key", "department", "document_types", "purpose", "valid_until")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    department: str
    document_types: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, idempotency_key: _Optional[str] = ..., department: _Optional[str] = ..., document_types: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GrantConsentResponse(_message.Message):
    __slots__ = ("consent",)
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    consent: Consent
    def __init__(self, consent: _Optional[_Union[Consent, _Mapping]] = ...) -> None: ...

class RevokeConsentRequest(_message.Message):
    __slots__ = ("consent_id",)
    CONSENT_ID_FIELD_NUMBER: _ClassVar[int]
    consent_id: str
    def __init__(self, consent_id: _Optional[str] = ...) -> None: ...

class RevokeConsentResponse(_message.Message):
    __slots__ = ("consent",)
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    consent: Consent
    def __init__(self, consent: _Optional[_Union[Consent, _Mapping]] = ...) -> None: ...

class ListConsentsRequest(_message.Message):
    __slots__ = ("include_inactive",)
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    include_inactive: bool
    def __init__(self, include_inactive: _Optional[bool] = ...) -> None: ...

class ListConsentsResponse(_message.Message):
    __slots__ = ("consents",)
    CONSENTS_FIELD_NUMBER: _ClassVar[int]
    consents: _containers.RepeatedCompositeFieldContainer[Consent]
    def __init__(self, consents: _Optional[_Iterable[_Union[Consent, _Mapping]]] = ...) -> None: ...

class CheckConsentRequest(_message.Message):
    __slots__ = ("person_id", "department", "document_type", "purpose")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    department: str
    document_type: str
    purpose: str
    def __init__(self, person_id: _Optional[str] = ..., department: _Optional[str] = ..., document_type: _Optional[str] = ..., purpose: _Optional[str] = ...) -> None: ...

class CheckConsentResponse(_message.Message):
    __slots__ = ("holds", "consent_id", "valid_until")
    HOLDS_FIELD_NUMBER: _ClassVar[int]
    CONSENT_ID_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    holds: bool
    consent_id: str
    valid_until: _timestamp_pb2.Timestamp
    def __init__(self, holds: _Optional[bool] = ..., consent_id: _Optional[str] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LoginEvent(_message.Message):
    __slots__ = ("at", "type", "ip_address", "client_id", "error")
    AT_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    IP_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    type: str
    ip_address: str
    client_id: str
    error: str
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., type: _Optional[str] = ..., ip_address: _Optional[str] = ..., client_id: _Optional[str] = ..., error: _Optional[str] = ...) -> None: ...

class ListRecentLoginsRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class ListRecentLoginsResponse(_message.Message):
    __slots__ = ("logins",)
    LOGINS_FIELD_NUMBER: _ClassVar[int]
    logins: _containers.RepeatedCompositeFieldContainer[LoginEvent]
    def __init__(self, logins: _Optional[_Iterable[_Union[LoginEvent, _Mapping]]] = ...) -> None: ...

class LockAccountRequest(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class LockAccountResponse(_message.Message):
    __slots__ = ("person",)
    PERSON_FIELD_NUMBER: _ClassVar[int]
    person: Person
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ...) -> None: ...

class UnlockAccountRequest(_message.Message):
    __slots__ = ("person_id", "method", "document")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    method: str
    document: IdentityDocument
    def __init__(self, person_id: _Optional[str] = ..., method: _Optional[str] = ..., document: _Optional[_Union[IdentityDocument, _Mapping]] = ...) -> None: ...

class UpdateContactDetailsRequest(_message.Message):
    __slots__ = ("email", "phone")
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    email: str
    phone: str
    def __init__(self, email: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class UpdateContactDetailsResponse(_message.Message):
    __slots__ = ("change_id", "channel", "expires_at")
    CHANGE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    change_id: str
    channel: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, change_id: _Optional[str] = ..., channel: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConfirmContactDetailsRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class ConfirmContactDetailsResponse(_message.Message):
    __slots__ = ("person",)
    PERSON_FIELD_NUMBER: _ClassVar[int]
    person: Person
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ...) -> None: ...

class UnlockAccountResponse(_message.Message):
    __slots__ = ("person",)
    PERSON_FIELD_NUMBER: _ClassVar[int]
    person: Person
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ...) -> None: ...

class Principal(_message.Message):
    __slots__ = ("subject", "kind", "person_id", "roles", "department", "office", "assurance_level", "acting_for", "client_id", "username")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    ASSURANCE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ACTING_FOR_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    subject: str
    kind: str
    person_id: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    department: str
    office: str
    assurance_level: AssuranceLevel
    acting_for: str
    client_id: str
    username: str
    def __init__(self, subject: _Optional[str] = ..., kind: _Optional[str] = ..., person_id: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., department: _Optional[str] = ..., office: _Optional[str] = ..., assurance_level: _Optional[_Union[AssuranceLevel, str]] = ..., acting_for: _Optional[str] = ..., client_id: _Optional[str] = ..., username: _Optional[str] = ...) -> None: ...

class ResolvePrincipalRequest(_message.Message):
    __slots__ = ("token", "acting_for", "service_type")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACTING_FOR_FIELD_NUMBER: _ClassVar[int]
    SERVICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    token: str
    acting_for: str
    service_type: str
    def __init__(self, token: _Optional[str] = ..., acting_for: _Optional[str] = ..., service_type: _Optional[str] = ...) -> None: ...

class ResolvePrincipalResponse(_message.Message):
    __slots__ = ("principal",)
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    principal: Principal
    def __init__(self, principal: _Optional[_Union[Principal, _Mapping]] = ...) -> None: ...
