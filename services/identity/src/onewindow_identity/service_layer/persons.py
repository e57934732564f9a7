"""Persons: registration (Keycloak user + local record, all or nothing), reads, in-person
verification, and the citizen's access log."""

from __future__ import annotations

from onewindow_identity.domain import access, assurance, fields
from onewindow_identity.domain.access import AccessLogEntry
from onewindow_identity.domain.person import Person, PersonDetails, validate_registration
from onewindow_identity.service_layer import commands, events, idempotency
from onewindow_identity.service_layer.common import compensated, found, log, page_limit, valid_id
from onewindow_identity.service_layer.ports import (
    IdentityUnitOfWork,
    IdpConflict,
    NewUser,
    Services,
)
from onewindow_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    PermissionDenied,
    Validator,
)
from onewindow_kit.principal import Principal

REGISTRARS = ("clerk", "supervisor", "service", "gateway")  # gateway: self-registration
CITIZEN_ROLE = "citizen"


def register_person(cmd: commands.RegisterPerson, *, svc: Services, actor: Principal) -> Person:
    """Create the Keycloak user, then the record and its event in one transaction.

    Keycloak fails → nothing local is written. The database step fails → the Keycloak user is
    deleted again. A retry with the same idempotency key returns the first result.
    """
    key, details = _validated_registration(cmd, svc, actor)
    digest = idempotency.request_hash(actor, details)
    with svc.uow() as uow:
        uow.lock(f"person:{details.username}")
        first = idempotency.replay(uow, "register_person", key, digest)
        if first:
            return found(uow.persons.get(first), "person", first)
        if uow.persons.by_national_id(details.country, details.national_id):
            raise AlreadyExists("a person with this national identity number is registered")
        person_id = svc.new_id()
        user_id = _create_login(svc, details, person_id, cmd.password)
        with compensated(lambda: svc.idp.delete_user(user_id), "delete_keycloak_user"):
            person = _new_person(svc, details, person_id, user_id)
            uow.persons.add(person)
            idempotency.remember(uow, "register_person", key, digest, person.id)
            uow.emit(events.person_registered(person, actor))
            uow.commit()
    log.info("person_registered", person_id=person.id, by=actor.subject)
    return person


def _validated_registration(
    cmd: commands.RegisterPerson, svc: Services, actor: Principal
) -> tuple[str, PersonDetails]:
    if actor.kind == "person":
        raise PermissionDenied("persons register through the gateway or with a clerk")
    actor.require_role(*REGISTRARS)
    v = Validator()
    key = fields.idempotency_key(v, "idempotency_key", cmd.idempotency_key)
    v.raise_if_any()
    details = validate_registration(
        registry=svc.validators,
        today=svc.clock().date(),
        country=cmd.country,
        national_id=cmd.national_id,
        family_name=cmd.family_name,
        given_name=cmd.given_name,
        date_of_birth=cmd.date_of_birth,
        email=cmd.email,
        phone=cmd.phone,
        password=cmd.password,
    )
    return key, details


def _create_login(svc: Services, details: PersonDetails, person_id: str, password: str) -> str:
    user = NewUser(
        username=details.username,
        email=details.email,
        first_name=details.given_name,
        last_name=details.family_name,
        password=password,
        attributes={
            "person_id": person_id,
            "assurance_level": assurance.SELF_REGISTRATION_LEVEL,
            "national_id": f"{details.country}:{details.national_id}",
        },
        realm_roles=(CITIZEN_ROLE,),
    )
    try:
        return svc.idp.create_user(user)
    except IdpConflict as exc:
        # Under the registration lock and with no local record, a login with our deterministic
        # username is a leftover of an attempt that died between the two steps (or whose answer
        # from Keycloak came too late): replace it. Keycloak names the email when both clash,
        # so an email conflict is checked for a leftover too.
        leftover = svc.idp.find_user(details.username)
        if leftover is None or "person_id" not in leftover.attributes:
            raise _taken(exc.field) from exc
        log.warning("orphan_login_replaced", user_id=leftover.id)
        svc.idp.delete_user(leftover.id)
    try:
        return svc.idp.create_user(user)
    except IdpConflict as exc:  # the email is another account's
        raise _taken(exc.field) from exc


def _taken(field: str) -> AlreadyExists:
    if field == "email":
        return AlreadyExists("another account already uses this email address")
    # (the login name holds the national id: never in a message or a log line)
    return AlreadyExists("the login name for this national id is taken")


def _new_person(svc: Services, d: PersonDetails, person_id: str, user_id: str) -> Person:
    return Person(
        id=person_id,
        country=d.country,
        national_id=d.national_id,
        family_name=d.family_name,
        given_name=d.given_name,
        date_of_birth=d.date_of_birth,
        email=d.email,
        phone=d.phone,
        username=d.username,
        keycloak_user_id=user_id,
        assurance_level=assurance.SELF_REGISTRATION_LEVEL,
        registered_at=svc.clock(),
    )


def get_person(cmd: commands.GetPerson, *, svc: Services, actor: Principal) -> Person:
    """The person themselves (or their mandatee) freely; staff and systems with a logged purpose."""
    person_id = valid_id("person_id", cmd.person_id)
    access.require_read_person(actor, person_id)
    purpose = _purpose_if_logged(actor, cmd.purpose)
    with svc.uow() as uow:
        person = uow.persons.get(person_id)
        if person is None:
            raise access.not_found("person")  # the same words as for someone else's record
        _log_read(uow, actor, person.id, "get_person", purpose, svc)
        uow.commit()
    return person


def find_person(cmd: commands.FindPerson, *, svc: Services, actor: Principal) -> Person:
    """Staff and department systems look a person up by national identity number (logged)."""
    if actor.kind not in access.LOGGED_READERS:
        raise PermissionDenied("only staff and department systems may look persons up")
    v = Validator()
    country = fields.country(v, "country", cmd.country)
    v.raise_if_any()
    purpose = _purpose_if_logged(actor, cmd.purpose)
    validator = svc.validators.national_ids.get(country)
    number = validator.normalise(cmd.national_id) if validator else cmd.national_id.strip()
    if not number:
        raise InvalidArgument("national_id", "is required")
    with svc.uow() as uow:
        person = found(uow.persons.by_national_id(country, number), "person with", "this number")
        _log_read(uow, actor, person.id, "find_person", purpose, svc)
        uow.commit()
    return person


def _purpose_if_logged(actor: Principal, purpose: str) -> str:
    if actor.kind not in access.LOGGED_READERS:
        return purpose.strip()
    v = Validator()
    value = fields.text(v, "purpose", purpose, max_len=500)
    if not value and not v.violations:
        v.add("purpose", "is required for staff reads; the citizen sees it in their access log")
    v.raise_if_any()
    return value


def _log_read(
    uow: IdentityUnitOfWork,
    actor: Principal,
    person_id: str,
    action: str,
    purpose: str,
    svc: Services,
) -> None:
    if actor.kind in access.LOGGED_READERS:
        uow.access_log.add(access.access_entry(actor, person_id, action, purpose, svc.clock()))


def verify_in_person(
    cmd: commands.VerifyInPerson, *, svc: Services, actor: Principal
) -> tuple[Person, str]:
    """A clerk at any office checked the person and a document in person: level becomes high."""
    check_evidence_actor(actor)
    person_id = valid_id("person_id", cmd.person_id)
    evidence = assurance.validate_evidence(cmd.method, cmd.document_type, cmd.document_number)
    with svc.uow() as uow:
        uow.lock(f"person-id:{person_id}")
        person = found(uow.persons.get(person_id), "person", person_id)
        require_matching_document(person, evidence)
        check = record_verification(uow, svc, actor, person, evidence, "upgrade")
        upgraded = person.with_level(assurance.higher(person.assurance_level, check.level))
        previous = person.assurance_level
        _set_level(svc, person, upgraded.assurance_level)
        with compensated(lambda: _set_level(svc, person, previous), "restore_level"):
            uow.persons.save(upgraded)
            if upgraded.assurance_level != previous:
                uow.emit(events.assurance_level_changed(previous, check, actor))
            uow.commit()
    log.info("person_verified_in_person", person_id=person_id, office=actor.office)
    return upgraded, check.id


def check_evidence_actor(actor: Principal) -> None:
    """A clerk or supervisor working at an office."""
    actor.require_role("clerk", "supervisor")
    if not actor.office:
        raise FailedPrecondition("in-person verification needs a clerk assigned to an office")


def require_matching_document(person: Person, evidence: assurance.Evidence) -> None:
    """A resident identity card must carry the person's own number."""
    if (
        evidence.document_type == "resident_id"
        and person.country == "CN"
        and evidence.document_number != person.national_id
    ):
        raise InvalidArgument(
            "document.number", "does not match the person's national identity number"
        )


def record_verification(
    uow: IdentityUnitOfWork,
    svc: Services,
    actor: Principal,
    person: Person,
    evidence: assurance.Evidence,
    purpose: str,
) -> assurance.Verification:
    """Store who verified whom, where, how and with which document."""
    check = assurance.Verification(
        id=svc.new_id(),
        person_id=person.id,
        purpose=purpose,
        level=assurance.IN_PERSON_LEVEL,
        method=evidence.method,
        document_type=evidence.document_type,
        document_number_masked=assurance.mask_document_number(evidence.document_number),
        office=actor.office,
        clerk_subject=actor.subject,
        clerk_username=actor.username,
        clerk_department=actor.department,
        verified_at=svc.clock(),
    )
    uow.verifications.add(check)
    return check


def _set_level(svc: Services, person: Person, level: str) -> None:
    svc.idp.set_attributes(person.keycloak_user_id, {"assurance_level": level})


def list_access_log(
    cmd: commands.ListAccessLog, *, svc: Services, actor: Principal
) -> list[AccessLogEntry]:
    """Who read the person's record: the person themselves, or an auditor."""
    person_id = valid_id("person_id", cmd.person_id) if cmd.person_id else actor.person_id
    if not access.is_self(actor, person_id) and not actor.has_role("auditor"):
        if not access.may_read_person(actor, person_id):
            raise access.not_found("person")
        raise PermissionDenied("you may see only your own access log")
    limit = page_limit(cmd.limit, default=50, maximum=500)
    with svc.uow() as uow:
        return uow.access_log.of_person(person_id, limit)
