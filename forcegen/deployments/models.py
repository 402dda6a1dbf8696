"""Missions (UN reference data), rotations of units, deployments of people, what happened on tour.

Dates: a rotation or a deployment has planned dates and, once it happens, actual ones. The stock
(who is in a mission on a day) and the flow (how many tours started in a period) are read from the
actual dates only, so plans never inflate the figures reported to the UN.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import (
    OrganisationOwned,
    OrganisationOwnedQuerySet,
    ReferenceData,
    Term,
    TimeStamped,
)
from forcegen.core.terms import term
from forcegen.personnel.models import Credential, LanguageLevel, Person, language_name
from forcegen.units.models import Slot, Unit

if TYPE_CHECKING:
    from .registers import DeploymentFilters, MissionFilters, RotationFilters


class MissionQuerySet(models.QuerySet["Mission"]):
    def visible_to(self, user: object) -> Self:
        """Missions are public UN reference data, the same for every organisation."""
        return self

    def active(self) -> Self:
        return self.filter(is_active=True)

    def search(self, text: str) -> Self:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(acronym__icontains=text) | Q(name__icontains=text) | Q(location__icontains=text)
        )

    def filtered(self, filters: MissionFilters) -> Self:
        """The missions list's filters (page and API alike)."""
        missions = self.search(filters.q)
        if filters.active is not None:
            missions = missions.filter(is_active=filters.active)
        return missions


class Mission(models.Model):
    """A UN peacekeeping operation, loaded from the UN Peace and Security Data Hub file."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)
    lead_department = models.CharField(_("lead department"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    location = models.CharField(_("headquarters"), max_length=100, blank=True)
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    coordinates_doubtful = models.BooleanField(
        _("coordinates doubtful"),
        default=False,
        help_text=_("The source may have swapped latitude and longitude; check before mapping."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_updated_on = models.DateField(_("source updated on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="mission_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="mission_latitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}"


# --- Reference data: UN personnel types and gender-parity targets ---------------------------------


class PersonnelType(models.TextChoices):
    """The UN's categories of uniformed personnel (the monthly contributions' Personnel_Type)."""

    TROOPS = "troops", _("Troops (contingent)")
    STAFF_OFFICER = "staff_officer", _("Staff officer")
    EXPERT_ON_MISSION = "expert_on_mission", _("Expert on mission (military observer)")
    FORMED_POLICE = "formed_police", _("Formed police unit")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police")


# The spelling of each type in the UN's published monthly contributions files.
UN_PERSONNEL_TYPE = {
    PersonnelType.TROOPS: "Troops",
    PersonnelType.STAFF_OFFICER: "Staff Officer",
    PersonnelType.EXPERT_ON_MISSION: "Experts on Mission",
    PersonnelType.FORMED_POLICE: "Formed Police Units",
    PersonnelType.INDIVIDUAL_POLICE: "Individual Police",
}


class GenderCategory(models.TextChoices):
    """The categories of the UN Uniformed Gender Parity Strategy 2018–2028."""

    CONTINGENT = "contingent", _("Military contingents")
    MILITARY_INDIVIDUAL = "military_individual", _("Military staff officers and observers")
    FORMED_POLICE = "formed_police", _("Formed police units")
    INDIVIDUAL_POLICE = "individual_police", _("Individual police")


GENDER_CATEGORY = {
    PersonnelType.TROOPS: GenderCategory.CONTINGENT,
    PersonnelType.STAFF_OFFICER: GenderCategory.MILITARY_INDIVIDUAL,
    PersonnelType.EXPERT_ON_MISSION: GenderCategory.MILITARY_INDIVIDUAL,
    PersonnelType.FORMED_POLICE: GenderCategory.FORMED_POLICE,
    PersonnelType.INDIVIDUAL_POLICE: GenderCategory.INDIVIDUAL_POLICE,
}


class GenderTargetQuerySet(models.QuerySet["GenderTarget"]):
    def for_year(self, year: int) -> dict[str, GenderTarget]:
        """Per category, the target in force in `year`: the latest one set for that year or before
        (the earliest one when the year precedes them all)."""
        chosen: dict[str, GenderTarget] = {}
        for target in self.order_by("category", "year"):
            current = chosen.get(target.category)
            if current is None or target.year <= year:
                chosen[target.category] = target
        return chosen


class GenderTarget(ReferenceData):
    """The UN's minimum share of women for a category from a given year; editable reference data."""

    category = models.CharField(_("category"), max_length=24, choices=GenderCategory.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    percent = models.DecimalField(
        _("women (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Checked against the published strategy.")
    )

    objects = GenderTargetQuerySet.as_manager()

    class Meta:
        ordering = ["category", "year"]
        verbose_name = _("gender-parity target")
        verbose_name_plural = _("gender-parity targets")
        constraints = [
            models.UniqueConstraint(fields=["category", "year"], name="gender_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.year}: {self.percent}%"


# --- Organisation policy and mission requirements -------------------------------------------------


class DeploymentPolicyQuerySet(OrganisationOwnedQuerySet["DeploymentPolicy"]):
    def for_organisation(self, organisation_id: int) -> DeploymentPolicy:
        """The organisation's policy, or the defaults (unsaved) when it has not set one."""
        policy = self.filter(organisation_id=organisation_id).first()
        return policy or DeploymentPolicy(organisation_id=organisation_id)


class DeploymentPolicy(OrganisationOwned):
    """An organisation's deployment rules: rest after a tour, planning lead time, medal days."""

    rest_days = models.PositiveIntegerField(
        _("rest days between tours"),
        default=365,
        help_text=_("Days from a return before the same person may deploy again."),
    )
    planning_lead_days = models.PositiveIntegerField(
        _("plan the next rotation (days before the current one ends)"), default=180
    )
    medal_days = models.PositiveSmallIntegerField(
        _("days in mission before the UN medal"),
        default=90,
        help_text=_("UN medal eligibility: 90 days of service in the mission [V]."),
    )

    objects = DeploymentPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deployment policy")
        verbose_name_plural = _("deployment policies")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="deployment_policy_one_per_org")
        ]

    def __str__(self) -> str:
        return str(_("Deployment policy"))


class MissionRequirementQuerySet(OrganisationOwnedQuerySet["MissionRequirement"]):
    def applying_to(self, organisation_id: int, mission_id: int, on: datetime.date) -> Self:
        """The organisation's requirements for this mission (and for every mission) on a date."""
        in_force = Q(effective_to__isnull=True) | Q(effective_to__gte=on)
        return self.filter(
            in_force,
            Q(mission_id=mission_id) | Q(mission__isnull=True),
            organisation_id=organisation_id,
            effective_from__lte=on,
        )


class MissionRequirement(OrganisationOwned, ReferenceData):
    """A credential everyone deploying to a mission must hold, valid to the end of the tour
    (a yellow-fever vaccination, French for MINUSCA…); no mission means every mission."""

    mission = models.ForeignKey(
        Mission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requirements",
        verbose_name=_("mission"),
        help_text=_("Leave empty for a requirement of every mission."),
    )
    kind = models.CharField(_("credential"), max_length=24, choices=Credential.Kind.choices)
    detail = models.CharField(
        _("detail"),
        max_length=100,
        blank=True,
        help_text=_("E.g. yellow fever; for a language, its ISO 639 code (fr)."),
    )
    min_level = models.PositiveSmallIntegerField(
        _("minimum level"), choices=LanguageLevel.choices, null=True, blank=True
    )

    objects = MissionRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["mission__acronym", "kind", "detail"]
        verbose_name = _("mission requirement")
        verbose_name_plural = _("mission requirements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=Credential.Kind.LANGUAGE)
                | (~Q(detail="") & Q(min_level__isnull=False)),
                name="mission_requirement_language_level",
                violation_error_message=_(
                    "A language requirement needs the language code and a level."
                ),
            ),
        ]

    def __str__(self) -> str:
        label = Credential.Kind(self.kind).label
        if self.kind == Credential.Kind.LANGUAGE:
            return f"{label}: {language_name(self.detail)} ≥ {self.get_min_level_display()}"
        detail = term(Term.Kind.CREDENTIAL_DETAIL, self.detail)
        return f"{label}: {detail}" if self.detail else str(label)


# --- Rotations ------------------------------------------------------------------------------------


class RotationQuerySet(OrganisationOwnedQuerySet["Rotation"]):
    def filtered(self, filters: RotationFilters) -> Self:
        """The rotations list's filters (page and API alike)."""
        rotations = self
        if filters.unit is not None:
            rotations = rotations.filter(unit_id=filters.unit)
        if filters.mission:
            rotations = rotations.filter(mission__acronym__iexact=filters.mission)
        if filters.status is not None:
            rotations = rotations.filter(status=filters.status)
        return rotations

    def for_timeline(self) -> Self:
        return self.select_related("unit", "mission").order_by("unit__name", "number")

    def with_member_count(self) -> Self:
        """`member_count`: members of each rotation, cancelled plans excluded."""
        live = ~Q(members__status=Deployment.Status.CANCELLED)
        return self.annotate(member_count=Count("members", filter=live))

    def due_for_planning(self, today: datetime.date, lead_days: int) -> Self:
        """Rotations under way or ahead whose successor should be planned by now but is not."""
        ends = Coalesce("returned_on", "planned_return")
        return (
            self.exclude(status=Rotation.Status.RETURNED)
            .annotate(ends=ends)
            .filter(ends__lte=today + datetime.timedelta(days=lead_days))
            .exclude(Exists(Rotation.objects.filter(predecessor=OuterRef("pk"))))
        )


class Rotation(OrganisationOwned, TimeStamped):
    """One tour of a unit in a mission; rotation N+1 relieves rotation N."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        FORMING = "forming", _("Forming")
        PRE_DEPLOYMENT = "pre_deployment", _("Pre-deployment")
        DEPLOYED = "deployed", _("Deployed")
        RETURNED = "returned", _("Returned")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="rotations", verbose_name=_("unit")
    )
    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="rotations", verbose_name=_("mission")
    )
    number = models.PositiveSmallIntegerField(_("rotation"), validators=[MinValueValidator(1)])
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("relieves"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNING
    )
    planned_departure = models.DateField(_("planned departure"))
    planned_return = models.DateField(_("planned return"))
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = RotationQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name", "number"]
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="rotation_unique_number"),
            models.CheckConstraint(
                condition=Q(planned_return__gte=models.F("planned_departure")),
                name="rotation_planned_return_after_departure",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True)
                | Q(departed_on__isnull=False, returned_on__gte=models.F("departed_on")),
                name="rotation_return_after_departure",
            ),
        ]

    def __str__(self) -> str:
        name = self.unit.name
        # A unit named for its rotation ("Engineering Company — rotation 5") is not told twice.
        if re.search(rf"\brotation {self.number}$", name, re.IGNORECASE):
            return name
        return _("%(unit)s, rotation %(number)d") % {"unit": name, "number": self.number}

    @property
    def starts_on(self) -> datetime.date:
        return self.departed_on or self.planned_departure

    @property
    def ends_on(self) -> datetime.date:
        return self.returned_on or self.planned_return

    def planning_due_on(self, policy: DeploymentPolicy) -> datetime.date:
        return self.ends_on - datetime.timedelta(days=policy.planning_lead_days)


# --- Deployments ----------------------------------------------------------------------------------


class DeploymentQuerySet(OrganisationOwnedQuerySet["Deployment"]):
    def filtered(self, filters: DeploymentFilters) -> Self:
        """The tours list's filters (page, export and API alike)."""
        tours = self
        if filters.q:
            tours = tours.filter(person__in=Person.objects.search(filters.q).values("pk"))
        if filters.mission:
            tours = tours.filter(mission__acronym__iexact=filters.mission)
        if filters.personnel_type is not None:
            tours = tours.filter(personnel_type=filters.personnel_type)
        if filters.status is not None:
            tours = tours.filter(status=filters.status)
        if filters.person is not None:
            tours = tours.filter(person_id=filters.person)
        if filters.deployed_on is not None:
            tours = tours.deployed_on(filters.deployed_on)
        return tours

    def live(self) -> Self:
        """Everything but cancelled plans."""
        return self.exclude(status=Deployment.Status.CANCELLED)

    def overlapping(self, start: datetime.date, end: datetime.date) -> Self:
        """Live tours whose span (actual dates where known, else planned) meets [start, end]."""
        return (
            self.live()
            .annotate(
                span_start=Coalesce("departed_on", "planned_start"),
                span_end=Coalesce("returned_on", "planned_end"),
            )
            .filter(span_start__lte=end, span_end__gte=start)
        )

    def deployed_on(self, day: datetime.date) -> Self:
        """The stock: in the mission on `day` (departed that day or before, not yet home).

        A person counts from departure up to the day before return, so a rotation handing over
        on one day is not counted twice."""
        return self.filter(departed_on__lte=day).filter(
            Q(returned_on__isnull=True) | Q(returned_on__gt=day)
        )

    def departed_between(self, start: datetime.date, end: datetime.date) -> Self:
        """The flow: person-deployments that left in [start, end], each tour counted once."""
        return self.filter(departed_on__gte=start, departed_on__lte=end)

    def by_mission_type_sex(self) -> list[dict[str, Any]]:
        """Counts per mission, personnel type and sex, in one grouped query."""
        return list(
            self.values("mission__acronym", "personnel_type", "person__sex")
            .annotate(count=Count("pk"))
            .order_by("mission__acronym", "personnel_type", "person__sex")
        )


class Deployment(OrganisationOwned, TimeStamped):
    """One person's tour: as a member of a rotation (from a unit's slot) or as an individual."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        APPROVED = "approved", _("Approved")
        DEPLOYED = "deployed", _("Deployed")
        RETURNED = "returned", _("Returned")
        REPATRIATED = "repatriated", _("Repatriated early")
        CASUALTY = "casualty", _("Casualty")
        CANCELLED = "cancelled", _("Cancelled")

    class RepatriationReason(models.TextChoices):
        MEDICAL = "medical", _("Medical")
        DISCIPLINARY = "disciplinary", _("Disciplinary")
        COMPASSIONATE = "compassionate", _("Compassionate")

    ENDED = (Status.RETURNED, Status.REPATRIATED, Status.CASUALTY)

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="deployments", verbose_name=_("person")
    )
    mission = models.ForeignKey(
        Mission, on_delete=models.PROTECT, related_name="deployments", verbose_name=_("mission")
    )
    rotation = models.ForeignKey(
        Rotation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("rotation"),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deployments",
        verbose_name=_("slot"),
    )
    personnel_type = models.CharField(
        _("UN personnel type"), max_length=20, choices=PersonnelType.choices
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
    sub_unit = models.CharField(_("sub-unit"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    planned_start = models.DateField(_("planned departure"))
    planned_end = models.DateField(_("planned return"))
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    repatriation_reason = models.CharField(
        _("repatriation reason"), max_length=16, choices=RepatriationReason.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = DeploymentQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_start", "pk"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        constraints = [
            models.UniqueConstraint(
                fields=["rotation", "person"],
                condition=Q(rotation__isnull=False),
                name="deployment_person_once_per_rotation",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="deployment_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True)
                | Q(departed_on__isnull=False, returned_on__gte=models.F("departed_on")),
                name="deployment_return_after_departure",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["deployed", "returned", "repatriated", "casualty"])
                | Q(departed_on__isnull=False),
                name="deployment_departed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["returned", "repatriated", "casualty"])
                | Q(returned_on__isnull=False),
                name="deployment_ended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="repatriated", repatriation_reason__gt="")
                | (~Q(status="repatriated") & Q(repatriation_reason="")),
                name="deployment_repatriation_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "departed_on", "returned_on"], name="deployment_span_idx"
            ),
            models.Index(fields=["person", "planned_start"], name="deployment_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.mission.acronym}"

    @property
    def starts_on(self) -> datetime.date:
        return self.departed_on or self.planned_start

    @property
    def ends_on(self) -> datetime.date:
        return self.returned_on or self.planned_end

    def days_in_mission(self, on: datetime.date) -> int:
        """Days served in the mission by `on` (0 before departure)."""
        if self.departed_on is None or on < self.departed_on:
            return 0
        last = min(on, self.returned_on) if self.returned_on else on
        return (last - self.departed_on).days + 1


class MissionEvent(OrganisationOwned, TimeStamped):
    """Something that happened to a deployed person, dated and kept with the deployment.
    Corrected only in the admin; `updated_at` shows that an event was changed after it was
    recorded."""

    class Kind(models.TextChoices):
        MEDEVAC = "medevac", _("Medical evacuation")
        INJURY = "injury", _("Injury")
        DEATH = "death", _("Death")
        MEDAL = "medal", _("UN medal")
        COMMENDATION = "commendation", _("Commendation")
        DISCIPLINARY = "disciplinary", _("Disciplinary case")

    deployment = models.ForeignKey(
        Deployment, on_delete=models.CASCADE, related_name="events", verbose_name=_("deployment")
    )
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OrganisationOwnedQuerySet["MissionEvent"].as_manager()

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("in-mission event")
        verbose_name_plural = _("in-mission events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on.isoformat()}"
