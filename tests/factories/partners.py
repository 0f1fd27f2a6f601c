import factory

from partners.identifiers import name_key
from partners.models import Contact, Institution, Unit

__all__ = ["ContactFactory", "InstitutionFactory", "UnitFactory"]


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"University of Testing {n}")
    kind = Institution.Kind.UNIVERSITY
    country = "GB"
    city = "London"
    status = Institution.Status.ACTIVE

    name_key = factory.LazyAttribute(lambda institution: name_key(institution.name))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"School of Studies {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    institution = factory.SubFactory(InstitutionFactory)
    full_name = factory.Faker("name")
    position = "Director of International Office"
    email = factory.Faker("email")
