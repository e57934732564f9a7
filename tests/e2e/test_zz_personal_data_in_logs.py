"""Logs never carry personal data (issue 16 §4): after the journeys (this module sorts last;
run alone, it runs them itself), no log file under var/log/ — services, gateway, Keycloak,
Kafka, Mailpit — holds any national id, name, email address or phone number they entered."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from journey_support import PERSONAL_DATA, Gateway
from keycloak.exceptions import KeycloakAuthenticationError

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
LOGS = Path(os.environ.get("ONEWINDOW_VAR") or ROOT / "var") / "log"


def _run_the_journeys(window) -> None:
    import test_journeys

    gw = Gateway(window)
    try:
        test_journeys.test_having_a_baby_filed_at_a_service_hall(gw)
        test_journeys.test_opening_a_restaurant_for_a_company(gw, window)
        test_journeys.test_a_department_system_subscribes_claims_and_decides(gw, window)
    finally:
        gw.close()


def _pattern(values: dict[str, set[str]]) -> tuple[re.Pattern[bytes], dict[bytes, str]]:
    """One pattern for every value, as written and as JSON escapes it, in any letter case (a
    citizen's login name is cn-<national id> in lower case); what kind each is."""
    kinds: dict[bytes, str] = {}
    for kind, found in values.items():
        for value in found:
            for form in {value, json.dumps(value)[1:-1]}:
                kinds[form.lower().encode()] = kind
    alternatives = b"|".join(re.escape(f) for f in sorted(kinds, key=len, reverse=True))
    return re.compile(alternatives, re.IGNORECASE), kinds


def _hits(pattern: re.Pattern[bytes], kinds: dict[bytes, str]) -> list[str]:
    hits = []
    for path in sorted(p for p in LOGS.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for match in pattern.finditer(data):
            start = data.rfind(b"\n", 0, match.start()) + 1
            line = data[start : data.find(b"\n", match.end())].decode(errors="replace")
            hits.append(
                f"{path.relative_to(LOGS)}: a {kinds[match.group().lower()]} in {line[:300]}"
            )
    return hits


def test_no_log_file_holds_the_personal_data_the_journeys_entered(window) -> None:
    if not PERSONAL_DATA["national id"]:
        _run_the_journeys(window)
    assert all(PERSONAL_DATA[k] for k in ("national id", "name", "email", "phone")), PERSONAL_DATA
    assert LOGS.is_dir() and any(LOGS.glob("*-serve.log")), f"no service logs in {LOGS}"
    # A citizen mistypes their password once: Keycloak must not log the login name either
    # (a citizen's is cn-<national id>).
    number = sorted(PERSONAL_DATA["national id"])[0]
    with pytest.raises(KeycloakAuthenticationError):
        window.web.token(f"cn-{number.lower()}", "mistyped-Passw0rd!")

    hits = _hits(*_pattern(PERSONAL_DATA))

    assert hits == [], f"{len(hits)} personal values in the logs:\n" + "\n".join(hits[:40])
