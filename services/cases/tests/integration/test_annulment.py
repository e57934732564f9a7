"""AnnulDecision against PostgreSQL: the history line and decision_annulled in the outbox, in the
same transaction; a second annulment or a stale version changes nothing."""

import pytest

from onewindow.cases.v1 import events_pb2 as ev
from onewindow_cases.service_layer import commands as c
from onewindow_cases.service_layer import decisions, queries
from onewindow_cases.testing import citizen, staff
from onewindow_kit.errors import Aborted, FailedPrecondition

from .test_bundles import OFFICE_OF, decide, newborn

pytestmark = pytest.mark.integration


def test_annulment_is_recorded_and_published_once(deps, outbox):
    view = newborn(deps)
    birth = view.parts[0].row["id"]  # health: issues the birth medical certificate
    case = decide(deps, birth, "approved")
    boss = staff("health", OFFICE_OF["health"], "supervisor", subject="boss-health")
    annulled = decisions.annul_decision(
        deps, boss, c.AnnulDecision(case.id, case.version, "the birth was registered twice")
    ).case
    with pytest.raises(Aborted):  # a stale version: nothing happens
        decisions.annul_decision(deps, boss, c.AnnulDecision(case.id, case.version, "stale"))
    with pytest.raises(FailedPrecondition, match="annulled already"):
        decisions.annul_decision(deps, boss, c.AnnulDecision(case.id, annulled.version, "again"))

    seen = queries.get_case(deps, citizen("P-1"), birth)
    lines = [(h.action, h.reason, h.actor_subject) for h in seen.history]
    assert lines[-1] == ("decision_annulled", "the birth was registered twice", "boss-health")
    assert [a for a, _, _ in lines].count("decision_annulled") == 1
    assert seen.case.decision == "approved" and seen.case.version == annulled.version
    [event] = outbox.payloads("decision_annulled", ev.DecisionAnnulled)
    assert (event.case_id, event.reason, event.certificate_type) == (
        birth, "the birth was registered twice", "birth_medical_certificate",
    )  # fmt: skip
    assert (event.applicant_id, event.bundle_id) == ("P-1", view.row["id"])
