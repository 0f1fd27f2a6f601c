from datetime import date, timedelta

import factory

from tests.factories.partners import ContactFactory, InstitutionFactory
from tests.factories.users import UserFactory
from visits.models import FollowUp, Visit, VisitParticipant, VisitStop

__all__ = ["FollowUpFactory", "VisitFactory", "VisitParticipantFactory", "VisitStopFactory"]


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    title = factory.Sequence(lambda n: f"Delegation visit {n}")
    kind = Visit.Kind.DELEGATION
    direction = Visit.Direction.INBOUND
    status = Visit.Status.PLANNED
    starts_on = date(2026, 12, 1)
    ends_on = factory.LazyAttribute(lambda visit: visit.starts_on + timedelta(days=1))
    city = "Guiyang"
    country = "CN"
    host_institution = factory.SubFactory(InstitutionFactory)
    organiser = factory.SubFactory(UserFactory)


class VisitStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitStop

    visit = factory.SubFactory(VisitFactory)
    date = factory.LazyAttribute(lambda stop: stop.visit.starts_on)
    institution = factory.SubFactory(InstitutionFactory)


class VisitParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitParticipant

    visit = factory.SubFactory(VisitFactory)
    contact = factory.SubFactory(ContactFactory)
    role = VisitParticipant.Role.MEMBER


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    visit = factory.SubFactory(VisitFactory)
    title = factory.Sequence(lambda n: f"Send the minutes {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = date(2026, 12, 10)
    status = FollowUp.Status.OPEN
