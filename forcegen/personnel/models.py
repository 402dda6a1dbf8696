"""The personnel registry: people, their credentials and availability, and eligibility requirements.

Ranks and specialties are reference data (editable records with effective dates and sources).
Every person-owned row carries its organisation so `visible_to(user)` is one indexed filter.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from forcegen.core.database import Joined
from forcegen.core.models import (
    OrganisationOwned,
    OrganisationOwnedQuerySet,
    ReferenceData,
    Term,
    TimeStamped,
    TranslatedName,
)
from forcegen.core.terms import term

from .documents import validate_document
from .roster_models import RosterColumnMapping as RosterColumnMapping
from .roster_models import RosterImport as RosterImport

if TYPE_CHECKING:
    from .eligibility import Period
    from .fitness import Seat
    from .registers import ExpiringFilters, PersonFilters


def language_name(code: str) -> str:
    """ "en" -> "English" in the reader's language; an unknown code stays as it is."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


NATIVE_READERS = frozenset({"lo", "vi"})  # languages whose readers read rank tables natively

# NATO STANAG 2116 grades, junior to senior, so ranks of different countries compare.
NATO_CODES: tuple[str, ...] = (
    *(f"OR-{n}" for n in range(1, 10)),
    *(f"WO-{n}" for n in range(1, 6)),
    "OF-D",
    *(f"OF-{n}" for n in range(1, 11)),
)
NATO_CHOICES = [(code, code) for code in NATO_CODES]


def nato_seniority(code: str) -> int:
    return NATO_CODES.index(code) + 1


class LanguageLevel(models.IntegerChoices):
    """CEFR levels, the scale UN language proficiency results are mapped to."""

    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"


LANGUAGE_CODE = RegexValidator(r"^[a-z]{2,3}$", _("Use an ISO 639 code such as en or fr."))


class Rank(OrganisationOwned, ReferenceData):
    """A rank in one organisation's rank table, mapped to its NATO grade."""

    code = models.SlugField(_("code"), max_length=40)
    name_native = models.CharField(_("name (native script)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    nato_code = models.CharField(_("NATO code"), max_length=5, choices=NATO_CHOICES)
    aliases = models.CharField(
        _("other spellings"),
        max_length=300,
        blank=True,
        help_text=_('Other ways rosters write this rank, separated by |, e.g. "Lt Col|LTC".'),
    )
    seniority = models.GeneratedField(
        expression=Case(
            *(When(nato_code=code, then=Value(nato_seniority(code))) for code in NATO_CODES),
            default=Value(0),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    objects = OrganisationOwnedQuerySet["Rank"].as_manager()

    class Meta:
        ordering = ["organisation", "-seniority", "code"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="rank_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.nato_code})"

    @property
    def label(self) -> str:
        """The rank as its own army writes it for a Lao or Vietnamese reader, else in English."""
        native = (get_language() or "en").split("-")[0] in NATIVE_READERS
        return self.name_native if native else self.name_en


class SpecialtyQuerySet(models.QuerySet["Specialty"]):
    def visible_to(self, user: object) -> Self:
        """Specialties are shared reference data: every organisation uses the same table."""
        return self


class Specialty(ReferenceData, TranslatedName):
    """A military occupational specialty (surgeon, combat engineer, military observer, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    category = models.CharField(_("category"), max_length=40, blank=True)

    objects = SpecialtyQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")

    def __str__(self) -> str:
        return self.label


# What the roster export's columns read of a person (`registers.PEOPLE`).
EXPORTED_FIELDS = (
    "service_number",
    "full_name",
    "full_name_native",
    "sex",
    "date_of_birth",
    "home_unit",
    "status",
    "rank__code",
)


class PersonQuerySet(OrganisationOwnedQuerySet["Person"]):
    def search(self, text: str) -> Self:
        """Match either script of the name, or the service number."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(full_name__icontains=text)
            | Q(full_name_native__icontains=text)
            | Q(service_number__icontains=text)
        )

    def with_credential_expiring(self, within_days: int, today: datetime.date) -> Self:
        horizon = today + datetime.timedelta(days=within_days)
        expiring = Credential.objects.filter(
            person=models.OuterRef("pk"), valid_until__gte=today, valid_until__lte=horizon
        )
        return self.filter(models.Exists(expiring))

    def filtered(self, filters: PersonFilters, today: datetime.date | None = None) -> Self:
        """The list filters shared by the list page, its exports and the API."""
        people = self.search(filters.q)
        if filters.rank:
            people = people.filter(Q(rank__code=filters.rank) | Q(rank__nato_code=filters.rank))
        if filters.nato_grade:
            people = people.filter(rank__nato_code=filters.nato_grade)
        if filters.specialty:
            people = people.filter(
                models.Exists(
                    Person.specialties.through.objects.filter(
                        person_id=models.OuterRef("pk"), specialty__code=filters.specialty
                    )
                )
            )
        if filters.sex:
            people = people.filter(sex=filters.sex)
        if filters.status:
            people = people.filter(status=filters.status)
        if filters.expiring_within is not None:
            people = people.with_credential_expiring(
                filters.expiring_within, today or timezone.localdate()
            )
        return people

    def for_list(self) -> Self:
        return self.select_related("rank").prefetch_related("specialties")

    def for_export(self, *, passports: bool = False) -> Self:
        """What the roster columns read: the best English result and, for roles that may see
        it, the latest passport, and the specialty codes joined, all in SQL (prefetching
        every credential and a manager per person cost an export about 0.3 ms a person)."""
        held = Credential.objects.filter(person=models.OuterRef("pk"))
        english = held.filter(kind=Credential.Kind.LANGUAGE, detail="en", level__gt=0)
        people = (
            self.select_related("rank")
            .only(*EXPORTED_FIELDS)  # a person read whole costs an export a fifth more
            .annotate(
                specialty_codes=Joined(
                    Specialty.objects.filter(people=models.OuterRef("pk")).values("code"), "|"
                ),
                english_level=models.Subquery(english.order_by("-level").values("level")[:1]),
            )
        )
        if not passports:
            return people
        latest = held.filter(kind=Credential.Kind.PASSPORT).order_by(
            models.F("valid_until").desc(nulls_last=True), "-pk"
        )
        return people.annotate(
            passport_number=models.Subquery(latest.values("reference")[:1]),
            passport_expiry=models.Subquery(latest.values("valid_until")[:1]),
        )

    def for_eligibility(self) -> Self:
        """Everything the per-person rules read, in a fixed number of queries."""
        return self.select_related("rank").prefetch_related(
            "specialties", "credentials", "unavailability"
        )

    def eligible_for(self, requirement: Requirement, period: Period) -> Self:
        """Everyone who passes every eligibility rule, decided in SQL."""
        from .eligibility import eligible_condition  # the rules import these models

        return self.filter(eligible_condition(requirement, period))

    def fit_for(self, seat: Seat) -> Self:
        """Everyone seat fitness passes (`personnel.fitness`), decided in SQL."""
        from .fitness import fit_condition  # the checks import these models

        return self.filter(fit_condition(seat))


class Person(OrganisationOwned, TimeStamped):
    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RESERVE = "reserve", _("Reserve")
        RETIRED = "retired", _("Retired")
        DECEASED = "deceased", _("Deceased")

    class BloodGroup(models.TextChoices):
        A_POS = "A+", "A+"
        A_NEG = "A-", "A-"
        B_POS = "B+", "B+"
        B_NEG = "B-", "B-"
        AB_POS = "AB+", "AB+"
        AB_NEG = "AB-", "AB-"
        O_POS = "O+", "O+"
        O_NEG = "O-", "O-"

    service_number = models.CharField(_("service number"), max_length=40)
    full_name = models.CharField(_("name (Latin letters)"), max_length=200)
    full_name_native = models.CharField(_("name (native script)"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="people")
    branch = models.CharField(_("branch / corps"), max_length=100, blank=True)
    specialties = models.ManyToManyField(Specialty, related_name="people", blank=True)
    home_unit = models.CharField(_("home unit"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    blood_group = models.CharField(
        _("blood group"), max_length=3, choices=BloodGroup.choices, blank=True
    )
    next_of_kin = models.CharField(_("next of kin"), max_length=200, blank=True)
    next_of_kin_phone = models.CharField(_("next of kin phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    last_mission_return = models.DateField(
        _("last return from a mission"),
        null=True,
        blank=True,
        help_text=_("Starts the rest period before the next deployment."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
        help_text=_("The person signs in with it to see their own record."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "service_number"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_number"], name="person_unique_service_number"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "full_name"], name="person_org_name_idx"),
            models.Index(fields=["organisation", "sex"], name="person_org_sex_idx"),
        ]
        permissions = [
            ("view_personal_data", _("Can see passport, medical and screening details")),
            ("import_personnel", _("Can import rosters")),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.service_number})"

    def clean(self) -> None:
        if (
            self.rank_id
            and self.organisation_id
            and self.rank.organisation_id != self.organisation_id
        ):
            raise ValidationError({"rank": _("The rank must come from the organisation's table.")})

    def timeline(self) -> list[tuple[datetime.date, str]]:
        """Dated events of the record, newest first (reads prefetched credentials/availability)."""
        events: list[tuple[datetime.date, str]] = [
            (self.created_at.date(), str(_("Record created"))),
        ]
        if self.last_mission_return:
            events.append((self.last_mission_return, str(_("Returned from a mission"))))
        for credential in self.credentials.all():
            names = {"credential": credential.get_kind_display()}
            if credential.issued_on:
                events.append((credential.issued_on, _("%(credential)s: issued / tested") % names))
            if credential.valid_until:
                events.append((credential.valid_until, _("%(credential)s: expires") % names))
        for period in self.unavailability.all():
            names = {"kind": period.get_kind_display()}
            events.append((period.starts_on, _("%(kind)s: unavailable from this day") % names))
            events.append((period.ends_on, _("%(kind)s: available again after this day") % names))
        return sorted(events, key=lambda event: event[0], reverse=True)

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CredentialQuerySet(OrganisationOwnedQuerySet["Credential"]):
    def valid_through(self, day: datetime.date) -> Self:
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))

    def filtered(self, filters: ExpiringFilters, today: datetime.date | None = None) -> Self:
        """Credentials whose validity ends within the filters' days (the expiring list, its
        export and the API), soonest first."""
        today = today or timezone.localdate()
        found = self.filter(
            valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=filters.days)
        )
        if filters.kind:
            found = found.filter(kind=filters.kind)
        return found.select_related("person", "person__rank").order_by(
            "valid_until", "person__full_name", "pk"
        )


class Credential(OrganisationOwned, TimeStamped):
    """A dated qualification or document a deployment requires: passport, medical, languages, …"""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        MEDICAL = "medical", _("Medical fitness")
        VACCINATION = "vaccination", _("Vaccination")
        LANGUAGE = "language", _("Language proficiency")
        DRIVING_LICENCE = "driving_licence", _("Driving licence")
        PROFESSIONAL_LICENCE = "professional_licence", _("Professional licence")
        SCREENING = "screening", _("Conduct / human-rights screening")
        SECURITY_CLEARANCE = "security_clearance", _("Security clearance")

    # Only roles with personnel.view_personal_data see these kinds' numbers and details.
    PRIVATE_KINDS = frozenset({Kind.PASSPORT, Kind.MEDICAL, Kind.VACCINATION, Kind.SCREENING})
    # Their detail is a result ("fit", "cleared"), which reasons read by every role leave out.
    RESULT_KINDS = frozenset({Kind.MEDICAL, Kind.SCREENING})

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    reference = models.CharField(
        _("number"), max_length=60, blank=True, help_text=_("Passport or licence number.")
    )
    detail = models.CharField(
        _("detail"),
        max_length=100,
        blank=True,
        help_text=_(
            "Vaccine (yellow-fever), language code (en), licence categories (B, C), medical "
            "category (fit) or screening result (cleared)."
        ),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LanguageLevel.choices, null=True, blank=True
    )
    issued_on = models.DateField(_("issued / tested on"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty when it does not expire.")
    )
    authority = models.CharField(_("issuing / certifying authority"), max_length=200, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="credentials/%Y/%m/",
        blank=True,
        validators=[validate_document],
    )
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-valid_until"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        indexes = [
            models.Index(fields=["person", "kind", "valid_until"], name="credential_lookup_idx"),
            models.Index(fields=["organisation", "valid_until"], name="credential_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(valid_until__gte=models.F("issued_on")),
                name="credential_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.person}"

    @property
    def is_private(self) -> bool:
        return self.kind in self.PRIVATE_KINDS

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_until is None or self.valid_until >= day

    def clean(self) -> None:
        if self.kind == self.Kind.LANGUAGE:
            errors: dict[str, str] = {}
            if not re.fullmatch(r"[a-z]{2,3}", self.detail):
                errors["detail"] = str(_("Give the language as an ISO 639 code, e.g. en or fr."))
            if self.level is None:
                errors["level"] = str(_("Give the level reached."))
            if errors:
                raise ValidationError(errors)
        elif self.level is not None:
            raise ValidationError({"level": _("Only language credentials have a level.")})


class Availability(OrganisationOwned):
    """A period when a person cannot deploy or train: leave, a course, medical, other."""

    class Kind(models.TextChoices):
        LEAVE = "leave", _("Leave")
        COURSE = "course", _("Course")
        MEDICAL = "medical", _("Medical")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="unavailability")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailability periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="availability_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on} – {self.ends_on}"


class Requirement(OrganisationOwned):
    """What a post, a mission or a period asks of a person, as data the rules engine reads.

    `name` is the organisation's key for it; pages show `label`, in the reader's language."""

    # A unit template names its positions' requirements "<short name> · <position>"
    # (`for_position`), so the position part can be read from the shared vocabulary.
    POSITION_SEPARATOR = " · "

    name = models.CharField(_("name"), max_length=150)
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("specialty")
    )
    min_rank = models.CharField(_("minimum rank"), max_length=5, choices=NATO_CHOICES, blank=True)
    max_rank = models.CharField(_("maximum rank"), max_length=5, choices=NATO_CHOICES, blank=True)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MinValueValidator(16)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(75)]
    )
    min_rest_days = models.PositiveIntegerField(
        _("rest days since last mission"), default=0, help_text=_("0: no rest period required.")
    )
    female_only = models.BooleanField(_("women only"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    objects = OrganisationOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("eligibility requirement")
        verbose_name_plural = _("eligibility requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="requirement_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @classmethod
    def for_position(cls, short_name: str, title: str) -> str:
        """The name of a template position's requirement."""
        return f"{short_name}{cls.POSITION_SEPARATOR}{title}"

    @property
    def label(self) -> str:
        """The name in the reader's language: the position of a template's requirement (or a
        name that is a position) in the shared vocabulary's words; the template's short name,
        like a name of the organisation's own, as written."""
        prefix, separator, title = self.name.rpartition(self.POSITION_SEPARATOR)
        return f"{prefix}{separator}{term(Term.Kind.POSITION, title)}"

    def clean(self) -> None:
        if (
            self.min_rank
            and self.max_rank
            and nato_seniority(self.min_rank) > nato_seniority(self.max_rank)
        ):
            raise ValidationError({"max_rank": _("The maximum rank is below the minimum rank.")})
        if self.min_age and self.max_age and self.min_age > self.max_age:
            raise ValidationError({"max_age": _("The maximum age is below the minimum age.")})


class RequiredCredential(models.Model):
    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Credential.Kind.choices)
    detail = models.CharField(
        _("detail"),
        max_length=100,
        blank=True,
        help_text=_("Empty: any credential of this kind; else e.g. yellow-fever, cleared, fit."),
    )

    class Meta:
        verbose_name = _("required credential")
        verbose_name_plural = _("required credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "kind", "detail"], name="requiredcredential_unique"
            ),
        ]

    def __str__(self) -> str:
        label = str(Credential.Kind(self.kind).label)
        return (
            f"{label} ({term(Term.Kind.CREDENTIAL_DETAIL, self.detail)})" if self.detail else label
        )


class RequiredLanguage(models.Model):
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, validators=[LANGUAGE_CODE])
    min_level = models.PositiveSmallIntegerField(_("minimum level"), choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("required language")
        verbose_name_plural = _("required languages")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "language"], name="requiredlanguage_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{language_name(self.language)} ≥ {LanguageLevel(self.min_level).label}"
