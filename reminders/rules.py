"""Reminder rules: how a domain app says what is due, and how the reminders app finds them.

A rule is a named function ``due(today) -> Iterable[Due]`` that asks the database once (a set-based
query over its app's data) and yields one ``Due`` per (object, recipient, due date). Each domain
app lists its rules in ``REMINDER_RULES`` in its ``selectors.py``; ``all_rules()`` collects them.

Offsets live in ``settings.REMINDERS``. A reminder whose day was missed (the daily run did not
happen) is still sent during the next ``settings.REMINDERS["catch_up_days"]`` days, once.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

from django.conf import settings
from django.db import models

RULE_APPS = ("agreements", "visits")


@dataclass(frozen=True)
class Due:
    """One reminder a rule wants sent."""

    model: type[models.Model]
    object_id: int
    recipient_id: int
    due_on: date
    subject: str
    link: str = ""


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    due: Callable[[date], Iterable[Due]]


def setting(key):
    return settings.REMINDERS[key]


def catch_up_days() -> int:
    return int(setting("catch_up_days"))


def fires(target: date, today: date) -> bool:
    """Whether a reminder meant for ``target`` is sent on ``today``: on the day, or in the
    catch-up window after it, never before."""
    return target <= today <= target + timedelta(days=catch_up_days())


def offset_window(today: date, offsets: Iterable[int]) -> list[tuple[date, date]]:
    """For each offset, the range of anchor dates whose reminder fires today."""
    return [
        (today + timedelta(days=offset - catch_up_days()), today + timedelta(days=offset))
        for offset in offsets
    ]


def anchor_in_windows(field: str, today: date, offsets: Iterable[int]) -> models.Q:
    query = models.Q(pk__in=[])
    for start, end in offset_window(today, offsets):
        query |= models.Q(**{f"{field}__range": (start, end)})
    return query


def targets_before(anchor: date, offsets: Iterable[int], today: date) -> list[tuple[int, date]]:
    """The (offset, target day) pairs of ``anchor`` that fire today."""
    return [
        (offset, anchor - timedelta(days=offset))
        for offset in offsets
        if fires(anchor - timedelta(days=offset), today)
    ]


def all_rules() -> list[Rule]:
    rules = []
    for app in RULE_APPS:
        try:
            selectors = import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        rules.extend(getattr(selectors, "REMINDER_RULES", []))
    return rules
