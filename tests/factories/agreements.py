from datetime import date

import factory

from agreements.models import (
    Agreement,
    AgreementParty,
    NegotiationRound,
    ScholarshipAward,
    ScholarshipQuota,
)
from tests.factories.partners import InstitutionFactory
from tests.factories.users import UserFactory

__all__ = [
    "AgreementFactory",
    "AwardFactory",
    "NegotiationRoundFactory",
    "PartyFactory",
    "QuotaFactory",
]


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement in any status, written directly (tests of the lifecycle go through the
    service instead)."""

    class Meta:
        model = Agreement

    reference = factory.Sequence(lambda n: f"AGR-2000-{n:04d}")
    title = factory.Sequence(lambda n: f"Memorandum of understanding {n}")
    kind = Agreement.Kind.MOU
    status = Agreement.Status.DRAFT
    owner = factory.SubFactory(UserFactory)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = AgreementParty.Role.PARTNER


class NegotiationRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NegotiationRound

    agreement = factory.SubFactory(AgreementFactory, status=Agreement.Status.NEGOTIATING)
    number = factory.Sequence(lambda n: n + 1)
    held_on = date(2026, 11, 1)
    mode = NegotiationRound.Mode.IN_PERSON


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScholarshipQuota

    agreement = factory.SubFactory(AgreementFactory, status=Agreement.Status.ACTIVE)
    funder = factory.SubFactory(InstitutionFactory)
    host = factory.SubFactory(InstitutionFactory)
    academic_year = "2026/27"
    direction = ScholarshipQuota.Direction.INBOUND
    level = ScholarshipQuota.Level.UNDERGRADUATE
    funding = ScholarshipQuota.Funding.FULL
    places = 2


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScholarshipAward

    quota = factory.SubFactory(QuotaFactory)
    candidate_name = factory.Faker("name")
    status = ScholarshipAward.Status.NOMINATED
