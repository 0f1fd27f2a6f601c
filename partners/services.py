"""Writes to partner data. The rules themselves live on the models (field validators,
``clean()`` and constraints); these functions make sure every write runs them, atomically."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from partners.models import Contact, Institution, Unit


def validated_save(instance: models.Model, **full_clean_kwargs) -> models.Model:
    """Validate ``instance`` completely, then save it.

    A unique constraint broken by a request that saved at the same moment (after our check)
    comes back as a ValidationError, not a database error.
    """
    instance.full_clean(**full_clean_kwargs)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Another change to the same record was saved at the same moment; reload and retry.")
        ) from exc
    return instance


def _assign(instance: models.Model, fields: dict) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


# name_key is derived in Institution.clean(); the name check there reports a duplicate with a
# message naming the existing record, so the database constraint on it is only a backstop.
_INSTITUTION_CLEAN = {"exclude": ["name_key"]}


@transaction.atomic
def institution_create(*, name: str, country: str, **fields) -> Institution:
    institution = Institution(name=name, country=country, **fields)
    return validated_save(institution, **_INSTITUTION_CLEAN)


@transaction.atomic
def institution_update(*, institution: Institution, **fields) -> Institution:
    _assign(institution, fields)
    return validated_save(institution, **_INSTITUTION_CLEAN)


@transaction.atomic
def unit_create(*, institution: Institution, name: str, **fields) -> Unit:
    return validated_save(Unit(institution=institution, name=name, **fields))


@transaction.atomic
def unit_update(*, unit: Unit, **fields) -> Unit:
    _assign(unit, fields)
    return validated_save(unit)


@transaction.atomic
def contact_create(*, institution: Institution, full_name: str, **fields) -> Contact:
    return validated_save(Contact(institution=institution, full_name=full_name, **fields))


@transaction.atomic
def contact_update(*, contact: Contact, **fields) -> Contact:
    _assign(contact, fields)
    return validated_save(contact)
