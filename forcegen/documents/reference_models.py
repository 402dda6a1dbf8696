"""The legal register's reference data: issuing bodies, document types, subject areas and the
framework checklist's items, each dated and sourced, named in every language."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import (
    Organisation,
    ReferenceData,
    TranslatedName,
    active_organisation_id,
)

from . import numbering

COUNTRY_HELP = _("ISO 3166 alpha-3, e.g. VNM, LAO.")


# --- Reference data -------------------------------------------------------------------------------


# Named apart from logistics' ReferenceQuerySet: the type checker keys the managers it generates
# by the queryset's name, and two of one name resolve to whichever it read first.
class LegalReferenceQuerySet(models.QuerySet[Any]):
    def for_country(self, country: str) -> Self:
        return self.filter(country=country)

    def current(self, on: datetime.date | None = None) -> Self:
        day = on or datetime.date.today()
        return self.filter(effective_from__lte=day).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )


class IssuingBody(ReferenceData, TranslatedName):
    """An authority that issues documents, with the code its numbers carry (CP, QH15, BQP, PM)."""

    country = models.CharField(_("country"), max_length=3, help_text=COUNTRY_HELP)
    code = models.CharField(
        _("code in numbers"), max_length=40, help_text=_("As written in numbers: CP, QH15, PM.")
    )

    objects = LegalReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="issuingbody_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"


class DocumentType(ReferenceData, TranslatedName):
    """A kind of legal document in one country: its rank, whether it is normative, who issues it
    and how its numbers are written."""

    country = models.CharField(_("country"), max_length=3, help_text=COUNTRY_HELP)
    code = models.SlugField(_("code"), max_length=40)
    rank = models.PositiveSmallIntegerField(
        _("place in the hierarchy"), help_text=_("1 is the highest (the constitution).")
    )
    is_normative = models.BooleanField(_("normative"), default=True)
    symbol = models.CharField(
        _("type symbol"),
        max_length=20,
        blank=True,
        help_text=_("As written in numbers, e.g. NĐ for a decree, TT for a circular."),
    )
    number_pattern = models.CharField(
        _("number pattern"),
        max_length=80,
        help_text=_(
            "Tokens {number}, {year}, {type}, {issuer}; e.g. {number}/{year}/{type}-{issuer}."
        ),
    )
    issuing_bodies = models.ManyToManyField(
        IssuingBody, related_name="document_types", verbose_name=_("issuing bodies")
    )

    objects = LegalReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["country", "rank", "code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="documenttype_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if not numbering.is_valid_pattern(self.number_pattern):
            raise ValidationError(
                {"number_pattern": _("A pattern needs {number} and only the known tokens.")}
            )

    def example_number(self, issuer: IssuingBody, year: int, sequence: int = 12) -> str:
        return numbering.example(
            self.number_pattern,
            type_symbol=self.symbol,
            issuer_code=issuer.code,
            sequence=sequence,
            year=year,
        )

    def parse_number(self, number: str, issuer: IssuingBody) -> numbering.ParsedNumber | None:
        return numbering.parse(
            number, pattern=self.number_pattern, type_symbol=self.symbol, issuer_code=issuer.code
        )


class SubjectArea(ReferenceData, TranslatedName):
    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("subject area")
        verbose_name_plural = _("subject areas")

    def __str__(self) -> str:
        return self.label


class CoverageItemQuerySet(LegalReferenceQuerySet):
    def for_organisation(self, organisation_id: int | None) -> Self:
        """The checklist an organisation works to: the shared items and the ones it added."""
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))

    def visible_to(self, user: object) -> Self:
        return self.for_organisation(active_organisation_id(user))

    def editable_by(self, user: object) -> Self:
        """Only an organisation's own items; the shared list is reference data (admin)."""
        return self.filter(organisation_id=active_organisation_id(user) or 0)


class CoverageItem(ReferenceData, TranslatedName):
    """One instrument a country needs before it deploys (the framework coverage checklist).
    Items without an organisation are the shared checklist, compared across partners; an
    organisation may add items its own legal system needs."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
        help_text=_("Empty: an item of the shared checklist."),
    )

    objects = CoverageItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("framework checklist item")
        verbose_name_plural = _("framework checklist items")

    def __str__(self) -> str:
        return self.label
