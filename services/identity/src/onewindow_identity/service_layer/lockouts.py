"""Brute-force lockouts reach every service: the ``lockouts`` worker reads Keycloak's
``USER_DISABLED_BY_*_LOCKOUT`` events and emits ``login_locked_out``, from which each serve
process's revocation set refuses the locked user's older access tokens (issue 14, journey 4).

It polls often (the lock must take effect within a second). Its cursor is kept in the database
beside the login watch's, under a lock, so replicas and restarts never publish a lockout twice;
a first run starts ``FIRST_LOOKBACK`` back (older tokens have expired by then).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from onewindow.identity.v1 import events_pb2
from onewindow_identity.service_layer.common import WatchCursor, log
from onewindow_identity.service_layer.ports import PERMANENT_LOCKOUT, LoginRecord, Services
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.proto_time import ts

LOCKOUT_IDS = uuid.UUID("5b0f3c52-8d0e-4a57-9d65-2f4b1c7e9a10")  # namespace of the event ids
WATCH = "keycloak-lockouts"  # the cursor's name (login_watch.source) and the lock's
FIRST_LOOKBACK = timedelta(minutes=5)  # an access token's lifetime


def watch_lockouts(svc: Services, *, limit: int = 100, cursor: WatchCursor | None = None) -> int:
    """Emit login_locked_out for each lockout not read before; returns how many. Keycloak is
    asked only for the lockouts since the cursor, oldest first (see ``logins.watch_logins``);
    the worker keeps ``cursor`` from one round to the next."""
    cursor = cursor or WatchCursor(WATCH)
    start = cursor.start(svc) or svc.clock() - FIRST_LOOKBACK
    # after the cursor's millisecond (the read keeps only later ones): a full read of lockouts
    # at the cursor itself would never move it
    records = svc.idp.lockouts(limit, since=start + timedelta(milliseconds=1))
    with svc.uow() as uow:
        uow.lock(WATCH)
        stored = uow.login_clients.watched_until(WATCH)
        since = stored or svc.clock() - FIRST_LOOKBACK
        fresh = sorted((r for r in records if r.user_id and r.at > since), key=_at)
        for record in fresh:
            person = uow.persons.by_keycloak_user_id(record.user_id)
            uow.emit(_locked_out(record, person.id if person is not None else ""))
        if fresh:
            uow.login_clients.set_watched_until(fresh[-1].at, WATCH)
        uow.commit()
    cursor.at = fresh[-1].at if fresh else stored
    if fresh:
        log.info("login_lockouts_published", count=len(fresh))
    return len(fresh)


def _at(record: LoginRecord) -> datetime:
    return record.at


def _locked_out(record: LoginRecord, person_id: str) -> PendingEvent:
    payload = events_pb2.LoginLockedOut(
        user_id=record.user_id,
        person_id=person_id,
        locked_at=ts(record.at),
        permanent=record.type == PERMANENT_LOCKOUT,
    )
    key = f"{record.user_id}:{record.at.isoformat()}:{record.type}"
    return PendingEvent(
        "login_locked_out",
        record.user_id,
        "user",  # the Keycloak user (as the event catalogue names the aggregate)
        payload,
        event_id=str(uuid.uuid5(LOCKOUT_IDS, key)),
        occurred_at=record.at,
    )
