"""Department systems: a client-credentials client per system, its department in its tokens."""

from __future__ import annotations

from dataclasses import replace

from onewindow_identity.domain import access, fields
from onewindow_identity.domain.staff import (
    ServiceAccount,
    service_client_id,
    validate_system_name,
)
from onewindow_identity.service_layer import commands, idempotency
from onewindow_identity.service_layer.common import compensated, found, log, valid_id
from onewindow_identity.service_layer.ports import Services
from onewindow_kit.errors import AlreadyExists, Validator
from onewindow_kit.principal import Principal


def create_service_account(
    cmd: commands.CreateServiceAccount, *, svc: Services, actor: Principal
) -> tuple[ServiceAccount, str]:
    """A dept_admin creates a client for one of their department's systems; secret shown once."""
    v = Validator()
    key = fields.idempotency_key(v, "idempotency_key", cmd.idempotency_key)
    department = fields.code(v, "department", cmd.department)
    system_name = validate_system_name(v, cmd.system_name)
    description = fields.text(v, "description", cmd.description, max_len=200, required=False)
    v.raise_if_any()
    access.require_own_department(actor, department)
    client_id = service_client_id(department, system_name)
    digest = idempotency.request_hash(actor, [department, system_name, description])
    with svc.uow() as uow:
        uow.lock(f"client:{client_id}")
        first = idempotency.replay(uow, "create_service_account", key, digest)
        if first:
            account = found(uow.service_accounts.get(first), "service account", first)
            return account, svc.idp.client_secret(account.keycloak_client_uuid)
        if uow.service_accounts.by_client_id(client_id):
            raise AlreadyExists(f"service account {client_id} exists; rotate its secret instead")
        client_uuid = svc.idp.create_service_client(client_id, department, description)
        with compensated(lambda: svc.idp.delete_client(client_uuid), "delete_keycloak_client"):
            account = _new_account(svc, actor, client_uuid, department, system_name, description)
            secret = svc.idp.client_secret(client_uuid)
            uow.service_accounts.add(account)
            idempotency.remember(uow, "create_service_account", key, digest, account.id)
            uow.commit()
    log.info("service_account_created", client_id=client_id, by=actor.subject)
    return account, secret


def _new_account(
    svc: Services, actor: Principal, client_uuid: str, department: str, system: str, about: str
) -> ServiceAccount:
    now = svc.clock()
    return ServiceAccount(
        id=svc.new_id(),
        client_id=service_client_id(department, system),
        keycloak_client_uuid=client_uuid,
        department=department,
        system_name=system,
        description=about,
        created_by=actor.subject,
        created_at=now,
        secret_rotated_at=now,
    )


def rotate_secret(
    cmd: commands.RotateServiceAccountSecret, *, svc: Services, actor: Principal
) -> tuple[ServiceAccount, str]:
    """A new secret; the old one stops working at once."""
    account_id = valid_id("service_account_id", cmd.service_account_id)
    actor.require_role("dept_admin")  # before the lookup: the answer must not depend on the id
    with svc.uow() as uow:
        uow.lock(f"service-account:{account_id}")
        account = uow.service_accounts.get(account_id)
        # another department's account answers exactly like a missing one
        visible = account if account and account.department == actor.department else None
        account = found(visible, "service account", account_id)
        secret = svc.idp.rotate_client_secret(account.keycloak_client_uuid)
        rotated = replace(account, secret_rotated_at=svc.clock())
        uow.service_accounts.save(rotated)
        uow.commit()
    log.info("service_account_secret_rotated", client_id=account.client_id, by=actor.subject)
    return rotated, secret
