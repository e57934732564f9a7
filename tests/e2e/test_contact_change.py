"""Contact changes across identity and notifications, on the running stack: the code arrives at
the NEW address only (Mailpit), a wrong code is refused naming `code`, the right one changes the
address (also the login's email in Keycloak), and the OLD address is told."""

import base64
import json
import re
import time
import uuid

import grpc
import httpx
import pytest
from e2e_support import MAILPIT, bearer
from test_one_window import register_and_verify

from onewindow.identity.v1 import identity_pb2, identity_pb2_grpc

pytestmark = pytest.mark.integration


def _mails_to(address: str) -> list[dict]:
    reply = httpx.get(f"{MAILPIT}/api/v1/search", params={"query": f"to:{address}"}, timeout=5)
    return reply.json()["messages"]


def _wait_mail(address: str, timeout_s: float = 120) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = _mails_to(address)
        if found:
            return found[0]
        time.sleep(0.5)
    raise AssertionError(f"no email to {address} within {timeout_s} s")


def _claims(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_a_new_email_is_confirmed_by_the_code_sent_to_it_and_the_old_one_is_told(window):
    identity = identity_pb2_grpc.IdentityStub(window.channels["identity"])
    person = register_and_verify(window)
    citizen = bearer(window.login(person.username))
    new_email = f"e2e-new-{uuid.uuid4().hex[:8]}@example.org"

    change = identity.UpdateContactDetails(
        identity_pb2.UpdateContactDetailsRequest(email=new_email), metadata=citizen, timeout=30
    )
    assert change.channel == "email" and change.change_id

    mail = _wait_mail(new_email)
    code = re.search(r"\b(\d{6})\b", mail["Subject"]).group(1)
    assert not any(code in m["Subject"] for m in _mails_to(person.email))

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(grpc.RpcError) as err:
        identity.ConfirmContactDetails(
            identity_pb2.ConfirmContactDetailsRequest(code=wrong), metadata=citizen, timeout=30
        )
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "code" in err.value.details()

    confirmed = identity.ConfirmContactDetails(
        identity_pb2.ConfirmContactDetailsRequest(code=code), metadata=citizen, timeout=30
    ).person
    assert confirmed.email == new_email
    told = _wait_mail(person.email)
    assert (
        new_email in httpx.get(f"{MAILPIT}/api/v1/message/{told['ID']}", timeout=5).json()["Text"]
    )
    assert _claims(window.login(person.username)).get("email") == new_email
