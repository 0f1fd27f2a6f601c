"""Institution identifiers (ROR, Erasmus code, SCHAC code, PIC) and name matching.

Each identifier has a model field whose ``to_python`` brings what staff paste into one stored
form, and a validator that refuses anything that is not of the identifier's shape. Both run in
``full_clean()``, so the admin, the API and the services share them.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# ROR ids: "0", six Crockford base32 characters, a two-digit ISO 7064 checksum.
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_ROR_SHAPE = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
_ROR_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/", re.IGNORECASE)

# Erasmus codes: a country code of one to three letters padded with spaces to three characters,
# a city abbreviation and a number ("UK LONDON104", "I  BOLOGNA01", "SF HELSINK01").
_ERASMUS_SHAPE = re.compile(r"^(?:[A-Z] {2}|[A-Z]{2} |[A-Z]{3})[A-Z][A-Z-]{0,7}[0-9]{2,3}$")

# SCHAC home organisation codes are the institution's lower-case domain ("ox.ac.uk").
_SCHAC_SHAPE = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")

# Participant Identification Codes of the EU funding portal are nine digits.
_PIC_SHAPE = re.compile(r"^[0-9]{9}$")


def normalise_ror_id(value: str) -> str:
    value = (value or "").strip()
    return _ROR_PREFIX.sub("", value).strip("/").lower()


def _ror_checksum(body: str) -> int:
    number = 0
    for char in body:
        number = number * 32 + _CROCKFORD.index(char)
    return 98 - (number * 100) % 97


def validate_ror_id(value: str) -> None:
    ror_id = normalise_ror_id(value)
    if not _ROR_SHAPE.match(ror_id):
        raise ValidationError(
            _(
                "Enter a ROR id such as https://ror.org/052gg0110 or 052gg0110: nine "
                "characters starting with 0."
            ),
            code="invalid_ror_id",
        )
    if _ror_checksum(ror_id[1:7]) != int(ror_id[7:]):
        raise ValidationError(
            _("This ROR id's check digits do not match; check it for a typing error."),
            code="invalid_ror_checksum",
        )


def normalise_erasmus_code(value: str) -> str:
    # Inner spacing is significant ("I  BOLOGNA01"): only the ends are trimmed.
    return (value or "").strip().upper()


def validate_erasmus_code(value: str) -> None:
    if not _ERASMUS_SHAPE.match(normalise_erasmus_code(value)):
        raise ValidationError(
            _(
                "Enter an Erasmus code such as 'UK LONDON104' or 'I  BOLOGNA01': the country "
                "code padded with spaces to three characters, the city and a number."
            ),
            code="invalid_erasmus_code",
        )


def normalise_schac_code(value: str) -> str:
    return (value or "").strip().lower()


def validate_schac_code(value: str) -> None:
    if not _SCHAC_SHAPE.match(normalise_schac_code(value)):
        raise ValidationError(
            _("Enter a SCHAC code: the institution's domain in lower case, such as ox.ac.uk."),
            code="invalid_schac_code",
        )


def normalise_pic(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def validate_pic(value: str) -> None:
    if not _PIC_SHAPE.match(normalise_pic(value)):
        raise ValidationError(
            _("Enter a PIC of exactly nine digits, such as 999986096."), code="invalid_pic"
        )


class _NormalisedCharField(models.CharField):
    """A CharField that stores one canonical form of what was typed."""

    normalise = staticmethod(lambda value: value)
    # What staff paste may be longer than what is stored (a ROR link, a spaced PIC).
    input_max_length = 64

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", max(self.max_length, self.input_max_length))
        return super().formfield(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalise(value) if value else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        kwargs.pop("max_length", None)
        return name, f"partners.identifiers.{type(self).__name__}", args, kwargs


class RorIdField(_NormalisedCharField):
    description = _("ROR id")
    normalise = staticmethod(normalise_ror_id)

    def __init__(self, *args, **kwargs):
        kwargs.update(max_length=9, validators=[validate_ror_id])
        super().__init__(*args, **kwargs)


class ErasmusCodeField(_NormalisedCharField):
    description = _("Erasmus code")
    normalise = staticmethod(normalise_erasmus_code)

    def __init__(self, *args, **kwargs):
        kwargs.update(max_length=16, validators=[validate_erasmus_code])
        super().__init__(*args, **kwargs)


class SchacCodeField(_NormalisedCharField):
    description = _("SCHAC code")
    normalise = staticmethod(normalise_schac_code)

    def __init__(self, *args, **kwargs):
        kwargs.update(max_length=253, validators=[validate_schac_code])
        super().__init__(*args, **kwargs)


class PicField(_NormalisedCharField):
    description = _("PIC")
    normalise = staticmethod(normalise_pic)

    def __init__(self, *args, **kwargs):
        kwargs.update(max_length=9, validators=[validate_pic])
        super().__init__(*args, **kwargs)


def name_key(name: str) -> str:
    """The form of an institution's name used to spot duplicates.

    Case, accents, punctuation and spacing are ignored, "&" reads as "and", and a leading "The"
    is dropped: "The University of Oxford" and "university of  oxford." give the same key.
    Chinese and other scripts without case are kept as they are.
    """
    text = unicodedata.normalize("NFKD", name or "").replace("&", " and ")
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn":
            continue
        kept.append(" " if category[0] in "PSZ" else char)
    words = "".join(kept).casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)
