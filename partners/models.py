from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partners.identifiers import ErasmusCodeField, PicField, RorIdField, SchacCodeField, name_key


class Institution(models.Model):
    """A partner institution, or one of our own (``is_home``)."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        COLLEGE = "college", _("College")
        VOCATIONAL_COLLEGE = "vocational_college", _("Vocational college")
        GOVERNMENT = "government", _("Government body")
        AGENCY = "agency", _("Agency")
        COMPANY = "company", _("Company")
        NETWORK = "network", _("Network")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        FORMER = "former", _("Former")

    name = models.CharField(_("name"), max_length=255)
    native_name = models.CharField(
        _("native name"), max_length=255, blank=True, help_text=_("The name in its own language.")
    )
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.UNIVERSITY)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=128, blank=True)
    website = models.URLField(_("website"), blank=True)
    ror_id = RorIdField(
        _("ROR id"), blank=True, help_text=_("Research Organization Registry id, e.g. 052gg0110.")
    )
    erasmus_code = ErasmusCodeField(_("Erasmus code"), blank=True)
    schac_code = SchacCodeField(
        _("SCHAC code"), blank=True, help_text=_("The institution's domain, e.g. ox.ac.uk.")
    )
    pic = PicField(_("PIC"), blank=True, help_text=_("EU Participant Identification Code."))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROSPECT
    )
    is_home = models.BooleanField(
        _("home institution"),
        default=False,
        help_text=_("One of our own institutions rather than a partner."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    notes = models.TextField(_("notes"), blank=True)
    name_key = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ror_id"],
                condition=~Q(ror_id=""),
                name="institution_unique_ror_id",
                violation_error_code="unique",
                violation_error_message=_("Another institution already has this ROR id."),
            ),
            models.UniqueConstraint(
                fields=["erasmus_code"],
                condition=~Q(erasmus_code=""),
                name="institution_unique_erasmus_code",
                violation_error_code="unique",
                violation_error_message=_("Another institution already has this Erasmus code."),
            ),
            models.UniqueConstraint(
                fields=["schac_code"],
                condition=~Q(schac_code=""),
                name="institution_unique_schac_code",
                violation_error_code="unique",
                violation_error_message=_("Another institution already has this SCHAC code."),
            ),
            models.UniqueConstraint(
                fields=["pic"],
                condition=~Q(pic=""),
                name="institution_unique_pic",
                violation_error_code="unique",
                violation_error_message=_("Another institution already has this PIC."),
            ),
            models.UniqueConstraint(
                fields=["country", "name_key"], name="institution_unique_name_in_country"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="institution_not_own_parent"
            ),
        ]

    def __str__(self):
        if self.native_name and self.native_name != self.name:
            return f"{self.name} ({self.native_name})"
        return self.name

    def clean(self):
        self.name_key = name_key(self.name)
        errors = {}
        if self.name_key and self.country:
            twin = (
                Institution.objects.filter(country=self.country, name_key=self.name_key)
                .exclude(pk=self.pk)
                .first()
            )
            if twin is not None:
                errors["name"] = ValidationError(
                    _(
                        "%(country)s already has an institution with this name: "
                        "“%(existing)s” (id %(id)s)."
                    ),
                    code="duplicate_name",
                    params={"country": self.country.name, "existing": twin, "id": twin.pk},
                )
        if self.parent_id is not None and self.pk is not None:
            if self.parent_id == self.pk or self.pk in self.parent.ancestor_ids():
                errors["parent"] = ValidationError(
                    _("An institution cannot be its own parent or sit under one of its parts."),
                    code="parent_cycle",
                )
        if errors:
            raise ValidationError(errors)

    @property
    def ror_url(self) -> str:
        return f"https://ror.org/{self.ror_id}" if self.ror_id else ""

    def ancestor_ids(self) -> list[int]:
        """Ids of this institution's parent, grandparent and so on, nearest first."""
        ids = []
        parent_id = self.parent_id
        while parent_id is not None and parent_id not in ids:
            ids.append(parent_id)
            parent_id = (
                Institution.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
            )
        return ids


class Unit(models.Model):
    """An organisational unit of an institution: a school, a department, an office."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=255)
    native_name = models.CharField(_("native name"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"], name="unit_unique_name_in_institution"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.institution.name}"


class Contact(models.Model):
    """A person at a partner (or our own) institution."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    full_name = models.CharField(_("full name"), max_length=255)
    native_name = models.CharField(_("native name"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick when the person has left the post.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.institution.name})"

    def clean(self):
        if self.unit_id and self.institution_id and self.unit.institution_id != self.institution_id:
            raise ValidationError(
                {"unit": _("This unit belongs to another institution.")}, code="unit_elsewhere"
            )
