"""Calls made on a caller's behalf carry who they are, whom they act for, and the correlation id."""

from onewindow_kit.calls import forwarded_metadata
from onewindow_kit.logging import reset_correlation_id, set_correlation_id
from onewindow_kit.principal import (
    Principal,
    reset_current_principal,
    reset_current_token,
    set_current_principal,
    set_current_token,
)


def test_token_acting_for_and_correlation_are_forwarded():
    bound = (
        set_current_token("tok-1"),
        set_current_principal(Principal(subject="s", person_id="p-2", acting_for="p-1")),
        set_correlation_id("corr-9"),
    )
    try:
        assert forwarded_metadata() == [
            ("authorization", "Bearer tok-1"),
            ("x-acting-for", "p-1"),
            ("x-correlation-id", "corr-9"),
        ]
        # A mandate check is asked as the mandatee themself.
        assert ("x-acting-for", "p-1") not in forwarded_metadata(acting_for=False)
    finally:
        reset_correlation_id(bound[2])
        reset_current_principal(bound[1])
        reset_current_token(bound[0])


def test_outside_a_call_nothing_is_invented():
    assert forwarded_metadata() == []
