"""`manage.py load_demo` loads the stories once, whatever the number of runs."""

import pytest
from django.core.management import call_command

from agreements.models import Agreement, NegotiationRound, ScholarshipQuota
from visits.models import FollowUp, Visit

pytestmark = pytest.mark.django_db


def counts():
    return (
        Agreement.objects.count(),
        NegotiationRound.objects.count(),
        ScholarshipQuota.objects.count(),
        Visit.objects.count(),
        FollowUp.objects.count(),
    )


def test_the_demo_has_the_stories_and_a_second_run_adds_nothing():
    call_command("load_demo")
    first = counts()

    uk = Visit.objects.get(title="Guizhou education delegation to the United Kingdom")
    assert [s.institution.name for s in uk.stops.all()] == [
        "British Council",
        "London Metropolitan University",
        "University of Oxford",
    ]
    assert uk.agreements_signed.count() == 8  # seven conference MoUs and the Oxford Suzhou one

    dialogue = Visit.objects.get(title__startswith="First China-Kazakhstan")
    assert dialogue.agreements_signed.count() == 24
    assert dialogue.attendance == 90

    programme = Agreement.objects.get(title__startswith="Sino-foreign cooperative education")
    assert programme.status == Agreement.Status.NEGOTIATING
    assert list(programme.rounds.values_list("number", flat=True)) == [1, 2]
    follow_up = FollowUp.objects.get(title__startswith="Prepare the third negotiation round")
    assert follow_up.agreement == programme
    assert follow_up.visit.title.startswith("Cheshire College South & West visits")

    cheshire_mou = Agreement.objects.get(title="MoU with Cheshire College South & West")
    assert cheshire_mou.status == Agreement.Status.ACTIVE
    assert cheshire_mou.status_changes.count() == 4

    quota = ScholarshipQuota.objects.get()
    assert (quota.places, quota.funding, quota.academic_year) == (20, "mixed", "2026/27")

    call_command("load_demo")
    assert counts() == first
