"""Ratings under the national rule: five levels (very satisfied ... very dissatisfied; the older
1..5 score is the level's number), one rating per closed case; dissatisfied or worse opens a
follow-up task due 15 working days later on the holiday calendar."""

from __future__ import annotations

from datetime import date

from onewindow_cases.domain.calendar import WorkingCalendar
from onewindow_kit.errors import FailedPrecondition, InvalidArgument, Validator

FOLLOW_UP_AT_OR_BELOW = 2  # dissatisfied (2) or very dissatisfied (1)
FOLLOW_UP_WORKING_DAYS = 15
MAX_COMMENT = 2000
GROUPINGS = ("department", "office", "service_type")
# The level of each score 1..5 (index = score - 1).
LEVELS_BY_SCORE = ("very_dissatisfied", "dissatisfied", "neutral", "satisfied", "very_satisfied")


def level_of(score: int) -> str:
    """The national level's name of a 1..5 score."""
    return LEVELS_BY_SCORE[score - 1]


def resolve_score(score: int, level: int, comment: str) -> int:
    """The 1..5 score from ``level`` (the enum's number) or the older ``score``; both given must
    agree; the comment is at most 2000 characters."""
    v = Validator()
    if level and not 1 <= level <= 5:
        v.add("level", "must be one of the five rating levels")
    if score and not 1 <= score <= 5:
        v.add("score", "must be between 1 and 5")
    if not level and not score:
        v.add("level", "is required (or the older score 1..5)")
    if level and score and 1 <= level <= 5 and 1 <= score <= 5 and level != score:
        v.add("score", f"says {level_of(score)} but level says {level_of(level)}")
    if len(comment) > MAX_COMMENT:
        v.add("comment", f"must be at most {MAX_COMMENT} characters")
    v.raise_if_any()
    return level or score


def needs_follow_up(score: int) -> bool:
    """Dissatisfied or worse opens a task for the department's supervisor."""
    return score <= FOLLOW_UP_AT_OR_BELOW


def follow_up_due(calendar: WorkingCalendar, rated_on: date) -> date:
    """The follow-up's due date: 15 working days after the rating's day."""
    return calendar.add_working_days(rated_on, FOLLOW_UP_WORKING_DAYS)


def remediated_on_time(remediated_on: date, due: date | None) -> bool:
    """Done on or before the due date (a task from before due dates existed never counts)."""
    return due is not None and remediated_on <= due


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
