"""Self-protection: recent logins, lock (citizen), unlock (clerk's in-person verification).

Unlocking needs a stronger check than a password: a locked account cannot log in at all, so
the citizen goes to any office where a clerk verifies them in person (method + identity
document, recorded like an assurance upgrade, which also raises their level to high).
"""

from __future__ import annotations

from onewindow_identity.domain import access, assurance
from onewindow_identity.domain.person import Person
from onewindow_identity.service_layer import commands, events
from onewindow_identity.service_layer.common import compensated, found, log, page_limit, valid_id
from onewindow_identity.service_layer.persons import (
    check_evidence_actor,
    record_verification,
    require_matching_document,
)
from onewindow_identity.service_layer.ports import LoginRecord, Services
from onewindow_kit.errors import PermissionDenied
from onewindow_kit.principal import Principal


def list_recent_logins(
    cmd: commands.ListRecentLogins, *, svc: Services, actor: Principal
) -> list[LoginRecord]:
    """The citizen's own logins and failed logins, newest first (from Keycloak's events)."""
    person_id = _self(actor)
    limit = page_limit(cmd.limit, default=20, maximum=100)
    with svc.uow() as uow:
        person = found(uow.persons.get(person_id), "person", person_id)
    return svc.idp.recent_logins(person.keycloak_user_id, limit)


def lock_account(cmd: commands.LockAccount, *, svc: Services, actor: Principal) -> Person:
    """Every session ends and new logins are refused until a clerk unlocks in person."""
    person_id = _self(actor)
    with svc.uow() as uow:
        uow.lock(f"person-id:{person_id}")
        person = found(uow.persons.get(person_id), "person", person_id)
        locked = person.lock(svc.clock())
        svc.idp.set_enabled(person.keycloak_user_id, False)
        with compensated(lambda: svc.idp.set_enabled(person.keycloak_user_id, True), "enable"):
            svc.idp.logout(person.keycloak_user_id)
            uow.persons.save(locked)
            uow.emit(events.account_locked(locked, actor))
            uow.commit()
    log.info("account_locked", person_id=person_id)  # the reason is free text: not logged
    return locked


def unlock_account(cmd: commands.UnlockAccount, *, svc: Services, actor: Principal) -> Person:
    """A clerk verifies the person in person, then logins work again (at level high)."""
    check_evidence_actor(actor)
    person_id = valid_id("person_id", cmd.person_id)
    evidence = assurance.validate_evidence(cmd.method, cmd.document_type, cmd.document_number)
    with svc.uow() as uow:
        uow.lock(f"person-id:{person_id}")
        person = found(uow.persons.get(person_id), "person", person_id)
        require_matching_document(person, evidence)
        unlocked = person.unlock()
        check = record_verification(uow, svc, actor, person, evidence, "unlock")
        unlocked = unlocked.with_level(assurance.higher(person.assurance_level, check.level))
        user_id = person.keycloak_user_id
        svc.idp.set_attributes(user_id, {"assurance_level": unlocked.assurance_level})
        svc.idp.set_enabled(user_id, True)
        with compensated(lambda: svc.idp.set_enabled(user_id, False), "disable"):
            uow.persons.save(unlocked)
            uow.emit(events.account_unlocked(unlocked, check, actor))
            if unlocked.assurance_level != person.assurance_level:
                uow.emit(events.assurance_level_changed(person.assurance_level, check, actor))
            uow.commit()
    log.info("account_unlocked", person_id=person_id, office=actor.office)
    return unlocked


def _self(actor: Principal) -> str:
    person_id = access.require_person(actor)
    if actor.acting_for and actor.acting_for != person_id:
        raise PermissionDenied("only the account holder may do this, not a mandatee")
    return person_id
