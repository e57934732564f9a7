"""New login from an unknown client: Keycloak's LOGIN events, read by the ``logins`` worker, are
compared with the (client, address) pairs each person has logged in from before."""

from __future__ import annotations

from onewindow.identity.v1 import events_pb2
from onewindow_identity.service_layer.common import WatchCursor, log
from onewindow_identity.service_layer.ports import LoginRecord, Services
from onewindow_kit.outbox import PendingEvent
from onewindow_kit.proto_time import ts

WATCH_LOCK = "login-watch"
CURSOR = "keycloak"  # the login watch's row in login_watch (its source)


def watch_logins(svc: Services, *, limit: int = 500, cursor: WatchCursor | None = None) -> int:
    """Read the logins since the cursor once; returns how many new-login notices were emitted.

    Replicas take turns under one lock. Logins at the cursor's own millisecond are read again
    and are known pairs by then, so the ``>=`` never reports twice. Keycloak is asked only for
    what came at or after the cursor, oldest first: a burst of more than ``limit`` logins is
    read over several rounds, none skipped (the newest ``limit`` would leave the rest unread).
    The worker keeps ``cursor`` from one round to the next.
    """
    cursor = cursor or WatchCursor(CURSOR)
    records = svc.idp.realm_logins(limit, since=cursor.start(svc))
    emitted = 0
    with svc.uow() as uow:
        uow.lock(WATCH_LOCK)
        since = uow.login_clients.watched_until(CURSOR)
        fresh = sorted(
            (r for r in records if r.user_id and (since is None or r.at >= since)),
            key=lambda r: r.at,
        )
        for record in fresh:
            person = uow.persons.by_keycloak_user_id(record.user_id)
            if person is None:
                continue  # staff and service accounts: not citizens' security notices
            known = uow.login_clients.known(person.id)
            pair = (record.client_id, record.ip_address)
            if pair in known:
                continue
            uow.login_clients.add(person.id, record.client_id, record.ip_address, record.at)
            if known:  # a person's very first login sets the baseline
                uow.emit(_detected(person.id, record))
                emitted += 1
        if fresh:
            uow.login_clients.set_watched_until(fresh[-1].at, CURSOR)
        uow.commit()
    cursor.at = fresh[-1].at if fresh else since
    if emitted:
        log.info("new_logins_detected", count=emitted)
    return emitted


def _detected(person_id: str, record: LoginRecord) -> PendingEvent:
    payload = events_pb2.NewLoginDetected(
        person_id=person_id,
        client_id=record.client_id,
        ip_address=record.ip_address,
        logged_in_at=ts(record.at),
    )
    return PendingEvent("new_login_detected", person_id, "person", payload)
