"""Ratings: the applicant rates a closed case once; low scores open a follow-up task."""

from __future__ import annotations

from onewindow_kit.errors import FailedPrecondition, InvalidArgument, Validator

FOLLOW_UP_AT_OR_BELOW = 2
MAX_COMMENT = 2000
GROUPINGS = ("department", "office", "service_type")


def validate_rating(score: int, comment: str) -> None:
    """Score 1..5, comment at most 2000 characters."""
    v = Validator()
    if not 1 <= score <= 5:
        v.add("score", "must be between 1 and 5")
    if len(comment) > MAX_COMMENT:
        v.add("comment", f"must be at most {MAX_COMMENT} characters")
    v.raise_if_any()


def needs_follow_up(score: int) -> bool:
    """A score of 2 or less opens a task for the department's supervisor."""
    return score <= FOLLOW_UP_AT_OR_BELOW


def require_rateable(is_final: bool, decision: str, case_number: str) -> None:
    """Only a closed, decided case can be rated."""
    if not is_final or not decision:
        raise FailedPrecondition(f"case {case_number} can be rated once it is closed")


def validate_grouping(group_by: str) -> str:
    """department | office | service_type (default department)."""
    group_by = group_by or "department"
    if group_by not in GROUPINGS:
        raise InvalidArgument("group_by", f"must be one of {', '.join(GROUPINGS)}")
    return group_by
