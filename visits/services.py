"""Writes to visits and follow-ups. Admin, API and commands call these; none assigns a status
itself."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.services import validated_save
from visits.models import CalendarFeed, FollowUp, Visit, VisitParticipant, VisitStop


def stop_date_errors(*, starts_on, ends_on, dates: Iterable) -> list[str]:
    """Messages for the stops (numbered from 1) whose date falls outside the visit."""
    errors = []
    for number, day in enumerate(dates, start=1):
        if day and starts_on and ends_on and not starts_on <= day <= ends_on:
            errors.append(
                _("Stop %(number)d: %(date)s is outside the visit (%(start)s to %(end)s).")
                % {"number": number, "date": day, "start": starts_on, "end": ends_on}
            )
    return errors


def _write_items(*, visit: Visit, stops, participants) -> None:
    errors = {}
    if stops is not None:
        problems = stop_date_errors(
            starts_on=visit.starts_on, ends_on=visit.ends_on, dates=[s["date"] for s in stops]
        )
        if problems:
            errors["stops"] = problems
    if participants is not None:
        problems = []
        for number, item in enumerate(participants, start=1):
            # The participant's own rules (a contact or a staff user, exactly one) are the
            # model's constraints.
            try:
                VisitParticipant(visit=visit, **item).full_clean(exclude=["visit"])
            except ValidationError as exc:
                problems.extend(
                    _("Participant %(number)d: %(problem)s")
                    % {"number": number, "problem": message}
                    for message in exc.messages
                )
        if problems:
            errors["participants"] = problems
    if errors:
        raise ValidationError(errors)

    if stops is not None:
        visit.stops.all().delete()
        VisitStop.objects.bulk_create(VisitStop(visit=visit, **item) for item in stops)
    if participants is not None:
        visit.participants.all().delete()
        VisitParticipant.objects.bulk_create(
            VisitParticipant(visit=visit, **item) for item in participants
        )


@transaction.atomic
def visit_create(*, stops=None, participants=None, **fields) -> Visit:
    """Create a visit with its itinerary and participants, all or nothing."""
    visit = validated_save(Visit(**fields))
    _write_items(visit=visit, stops=stops or [], participants=participants or [])
    return visit


@transaction.atomic
def visit_update(*, visit: Visit, stops=None, participants=None, **fields) -> Visit:
    """Change a visit. Stops or participants, when given, replace the existing ones."""
    for name, value in fields.items():
        setattr(visit, name, value)
    validated_save(visit)
    if stops is None:
        # The dates may have moved: the existing stops must still fit.
        problems = stop_date_errors(
            starts_on=visit.starts_on,
            ends_on=visit.ends_on,
            dates=visit.stops.values_list("date", flat=True),
        )
        if problems:
            raise ValidationError({"stops": problems})
    _write_items(visit=visit, stops=stops, participants=participants)
    return visit


@transaction.atomic
def visit_complete(*, visit: Visit, outcome: str) -> Visit:
    """Mark a visit completed with what came of it. Repeating it only updates the outcome."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status == Visit.Status.CANCELLED:
        raise ValidationError({"status": _("A cancelled visit cannot be completed.")})
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Write what came of the visit to complete it.")})
    visit.outcome = outcome.strip()
    visit.status = Visit.Status.COMPLETED
    return validated_save(visit)


@transaction.atomic
def visit_delete(*, visit: Visit, actor) -> None:
    """Delete a visit. A completed or cancelled visit is the office's record: only a superuser
    may delete it."""
    if visit.is_closed and not actor.is_superuser:
        raise PermissionDenied(
            _("A %(status)s visit is kept as a record; only a superuser can delete it.")
            % {"status": visit.get_status_display().lower()}
        )
    visit.delete()


@transaction.atomic
def follow_up_save(*, follow_up: FollowUp) -> FollowUp:
    """Save a follow-up; ``completed_at`` follows its status (set when done, cleared if not)."""
    if follow_up.status == FollowUp.Status.DONE:
        follow_up.completed_at = follow_up.completed_at or timezone.now()
    else:
        follow_up.completed_at = None
    return validated_save(follow_up)


def follow_up_create(**fields) -> FollowUp:
    return follow_up_save(follow_up=FollowUp(**fields))


def follow_up_update(*, follow_up: FollowUp, **fields) -> FollowUp:
    for name, value in fields.items():
        setattr(follow_up, name, value)
    return follow_up_save(follow_up=follow_up)


@transaction.atomic
def follow_up_done(*, follow_up: FollowUp) -> FollowUp:
    """Mark a follow-up done, once: doing it again keeps the first completion time."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status == FollowUp.Status.DONE:
        return follow_up
    follow_up.status = FollowUp.Status.DONE
    follow_up.completed_at = timezone.now()
    return validated_save(follow_up)


@transaction.atomic
def calendar_feed_for(*, user) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed or CalendarFeed.objects.create(user=user, token=CalendarFeed.new_token())


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    return feed
