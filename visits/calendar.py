"""The iCalendar (RFC 5545) feed staff subscribe to from Outlook, Google or Apple Calendar.

The feed is built from a list of event sources; each yields icalendar events for one user. UIDs
are stable (``visit-12@<domain>``) so that a calendar updates an event instead of adding it
again. The address carries a secret token instead of a login, because calendar apps cannot sign
in; a wrong token is a 404.
"""

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from visits.models import CalendarFeed, FollowUp, Visit

UID_DOMAIN = "intl-office-crm"


def _all_day(uid: str, summary: str, start, end=None, **extra) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("summary", summary)
    event.add("dtstart", start)
    # DTEND of an all-day event is the day after the last day (RFC 5545, 3.6.1).
    event.add("dtend", (end or start) + timedelta(days=1))
    event.add("dtstamp", timezone.now())
    for key, value in extra.items():
        if value:
            event.add(key, value)
    return event


def visit_events(user, since):
    visits = (
        Visit.objects.filter(ends_on__gte=since)
        .exclude(status=Visit.Status.CANCELLED)
        .select_related("host_institution")
    )
    for visit in visits:
        host = visit.host_institution.name if visit.host_institution_id else ""
        place = ", ".join(
            p for p in [host, visit.city, visit.country.name if visit.country else ""] if p
        )
        yield _all_day(
            f"visit-{visit.pk}",
            visit.title,
            visit.starts_on,
            visit.ends_on,
            location=place,
            description="\n".join(
                line
                for line in [
                    _("Host: %(host)s") % {"host": host} if host else "",
                    visit.get_direction_display(),
                    visit.purpose,
                ]
                if line
            ),
            url=f"{settings.SITE_URL.rstrip('/')}/admin/visits/visit/{visit.pk}/change/",
        )


def follow_up_events(user, since):
    follow_ups = FollowUp.objects.filter(owner=user, status=FollowUp.Status.OPEN)
    for follow_up in follow_ups:
        yield _all_day(
            f"follow-up-{follow_up.pk}",
            _("Due: %(title)s") % {"title": follow_up.title},
            follow_up.due_on,
            url=f"{settings.SITE_URL.rstrip('/')}/admin/visits/followup/{follow_up.pk}/change/",
        )


def negotiation_round_events(user, since):
    """Planned negotiation rounds (the next round recorded on each agreement's latest round)."""
    from agreements.models import NegotiationRound

    rounds = NegotiationRound.objects.filter(next_round_on__gte=since).select_related("agreement")
    for round_ in rounds:
        agreement = round_.agreement
        yield _all_day(
            f"next-round-{round_.pk}",
            _("Negotiation round: %(ref)s %(title)s")
            % {"ref": agreement.reference, "title": agreement.title},
            round_.next_round_on,
            url=f"{settings.SITE_URL.rstrip('/')}/admin/agreements/agreement/{agreement.pk}/change/",
        )


def expiry_events(user, since):
    from agreements.models import Agreement

    agreements = Agreement.objects.filter(
        status__in=[Agreement.Status.SIGNED, Agreement.Status.ACTIVE], expires_on__gte=since
    )
    for agreement in agreements:
        yield _all_day(
            f"agreement-expires-{agreement.pk}",
            _("Expires: %(ref)s %(title)s")
            % {"ref": agreement.reference, "title": agreement.title},
            agreement.expires_on,
            url=f"{settings.SITE_URL.rstrip('/')}/admin/agreements/agreement/{agreement.pk}/change/",
        )


# Each source is called with (user, since) and yields events.
EVENT_SOURCES = [visit_events, follow_up_events, negotiation_round_events, expiry_events]


def calendar_for(user) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//International Office CRM//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("International Office"))
    since = timezone.localdate() - timedelta(days=365)
    for source in EVENT_SOURCES:
        for event in source(user, since):
            calendar.add_component(event)
    return calendar


@require_GET
def feed(request, token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(calendar_for(feed.user).to_ical(), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="international-office.ics"'
    return response
