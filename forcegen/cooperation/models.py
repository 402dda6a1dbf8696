"""Cooperation with partners: who they are, what was agreed, the joint annual plans, the
activities that carry them out and what each side promised; the inter-agency tasks a rotation
needs before it leaves are in `checklists`.

Joint records (agreements, plans and their items, activities, commitments) belong to the
organisation that keeps them and are read by the partner organisation on the other side of an
active partnership; every other organisation gets a 404. What the partner may change is decided
in `services.py` (`item_update_refusal`), never by the page.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forcegen.core.models import (
    Organisation,
    OrganisationOwned,
    OrganisationOwnedQuerySet,
    Partnership,
    TimeStamped,
    TranslatedName,
)
from forcegen.training.models import Enrolment

from .checklists import Checklist as Checklist
from .checklists import ChecklistStep as ChecklistStep
from .checklists import CoordinationTask as CoordinationTask
from .checklists import DueWhileOpen, LateQuerySet
from .signed_copies import validate_signed_copy


class Area(models.TextChoices):
    LEGAL = "legal", _("Legal framework advice")
    FORCE_BUILDING = "force_building", _("Force building")
    TRAINING = "training", _("Training")
    LOGISTICS = "logistics", _("Logistics")
    IT = "it", _("Information technology")
    COMMUNICATIONS = "communications", _("Communications and coordination")
    EXCHANGE = "exchange", _("Exchange programme")
    OTHER = "other", _("Other")


class Side(models.TextChoices):
    """Which party of a joint record owns an item or a promise."""

    OWNER = "owner", _("Our side")
    PARTNER = "partner", _("Partner's side")


# --- Partners -------------------------------------------------------------------------------------


class PartnerQuerySet(OrganisationOwnedQuerySet["Partner"]):
    def filtered(self, filters: Any) -> Self:
        partners = self
        if filters.q:
            partners = partners.filter(
                Q(name_en__icontains=filters.q) | Q(code__icontains=filters.q)
            )
        if filters.kind is not None:
            partners = partners.filter(kind=filters.kind)
        return partners


class Partner(OrganisationOwned, TimeStamped, TranslatedName):
    """Someone an organisation cooperates with: a tenant organisation through a core
    partnership (its officers log in and read the joint records), or an outside body without
    logins (the UN's DPO, a third country's training centre, a regional network)."""

    class Kind(models.TextChoices):
        TENANT = "tenant", _("Partner organisation in forcegen")
        UN = "un", _("United Nations body")
        GOVERNMENT = "government", _("Foreign ministry or armed forces")
        CENTRE = "centre", _("Training centre")
        NETWORK = "network", _("Regional network")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=32)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=3, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperation_partners",
        verbose_name=_("partnership"),
    )
    counterpart = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organisation"),
        help_text=_("Only for partners that use forcegen: they read the joint records."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "code"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="partner_unique_code"),
            models.CheckConstraint(
                condition=Q(counterpart__isnull=True) | Q(partnership__isnull=False),
                name="partner_counterpart_through_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.counterpart_id and self.partnership is not None:
            parties = {self.partnership.source_id, self.partnership.target_id}
            if parties != {self.organisation_id, self.counterpart_id}:
                raise ValidationError(
                    {"partnership": _("The partnership must join your organisation and this one.")}
                )

    @property
    def owner_code(self) -> str:
        """The code a plan item shows for this side: the organisation's, else the partner's."""
        return self.counterpart.code if self.counterpart is not None else self.code


class Contact(TimeStamped):
    """A person to call at a partner."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


# --- Joint records ------------------------------------------------------------------------------


class JointQuerySet(OrganisationOwnedQuerySet[Any]):
    """Rows the keeper owns, read also by the partner organisation while their partnership
    runs. `partner_path` leads from a row to its Partner."""

    partner_path: ClassVar[str] = "partner"

    def visible_to_organisation(self, organisation: Organisation | int) -> Self:
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        running = Partnership.objects.active().values("pk")
        shared = Q(
            **{
                f"{self.partner_path}__counterpart_id": org_id,
                f"{self.partner_path}__partnership__in": running,
            }
        )
        return self.filter(Q(organisation_id=org_id) | shared)


class AgreementQuerySet(JointQuerySet):
    def filtered(self, filters: Any) -> Self:
        agreements = self
        if filters.q:
            agreements = agreements.filter(
                Q(title__icontains=filters.q) | Q(reference__icontains=filters.q)
            )
        if filters.kind is not None:
            agreements = agreements.filter(kind=filters.kind)
        if filters.status is not None:
            agreements = agreements.filter(status=filters.status)
        return agreements


class Agreement(OrganisationOwned, TimeStamped):
    class Kind(models.TextChoices):
        PROTOCOL = "protocol", _("Protocol")
        MOU = "mou", _("Memorandum of understanding")
        ANNUAL_PLAN = "annual_plan", _("Annual cooperation plan")
        LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in the legal register"),
        help_text=_("Where the signed text is a document of the legal register."),
    )
    signed_copy = models.FileField(
        _("signed copy"),
        upload_to="cooperation/agreements/%Y/",
        blank=True,
        validators=[validate_signed_copy],
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanQuerySet(JointQuerySet):
    def filtered(self, filters: Any) -> Self:
        plans = self
        if filters.year is not None:
            plans = plans.filter(year=filters.year)
        if filters.status is not None:
            plans = plans.filter(status=filters.status)
        return plans


class Plan(OrganisationOwned, TimeStamped):
    """A joint annual cooperation plan, kept by one side and shared with the other."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="plans", verbose_name=_("partner")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("under the agreement"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("cooperation plan")
        verbose_name_plural = _("cooperation plans")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "partner", "year"], name="plan_one_per_partner_year"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def side_organisation_id(self, side: str) -> int | None:
        """The organisation that answers for `side` (None for an outside partner's side)."""
        return self.organisation_id if side == Side.OWNER else self.partner.counterpart_id


DONE_OR_DROPPED = ("done", "dropped")


def _side_of(org_id: int) -> Q:
    return Q(side=Side.OWNER, plan__organisation_id=org_id) | Q(
        side=Side.PARTNER, plan__partner__counterpart_id=org_id
    )


class PlanItemQuerySet(JointQuerySet):
    partner_path = "plan__partner"

    def late(self, on: datetime.date | None = None) -> Self:
        return self.filter(target_on__lt=on or timezone.localdate()).exclude(
            status__in=DONE_OR_DROPPED
        )

    def owned_by(self, org_id: int) -> Self:
        """Items whose side is this organisation's (the keeper's own, or the partner's)."""
        return self.filter(_side_of(org_id))

    def updatable_by(self, org_id: int) -> Self:
        """Items whose status and progress this organisation may write: every item of the plans
        it keeps, and the items of its own side of a partner's plan (row by row, the same rule
        is `services.item_update_refusal`)."""
        return self.filter(Q(organisation_id=org_id) | _side_of(org_id))

    def with_trained(self) -> Self:
        """`trained` on training items (those with people to train): the other side's people
        who passed, in the plan's year, a class run by the item's side. Read from the training
        records, never typed; None on other items."""
        owner = Case(
            When(side=Side.OWNER, then=F("plan__organisation_id")),
            default=F("plan__partner__counterpart_id"),
        )
        other = Case(
            When(side=Side.OWNER, then=F("plan__partner__counterpart_id")),
            default=F("plan__organisation_id"),
        )
        passed = (
            Enrolment.objects.filter(
                status=Enrolment.Status.PASSED,
                session__ends_on__year=OuterRef("plan__year"),
                session__organisation_id=OuterRef("owner_org"),
                organisation_id=OuterRef("other_org"),
            )
            .order_by()
            .values("organisation_id")
            .annotate(people=Count("person", distinct=True))
            .values("people")
        )
        return self.annotate(owner_org=owner, other_org=other).annotate(
            trained=Case(
                When(target_trainees__isnull=True, then=Value(None)),
                default=Coalesce(Subquery(passed), 0),
                output_field=models.IntegerField(),
            )
        )

    def filtered(self, filters: Any) -> Self:
        items = self
        if filters.area is not None:
            items = items.filter(area=filters.area)
        if filters.status is not None:
            items = items.filter(status=filters.status)
        if filters.side is not None:
            items = items.filter(side=filters.side)
        return items


class PlanItem(OrganisationOwned, TimeStamped):
    """One line of a plan. `organisation` is the plan's keeper; `side` says who does it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    title = models.CharField(_("item"), max_length=300)
    side = models.CharField(_("owned by"), max_length=8, choices=Side.choices)
    responsible_owner = models.CharField(_("responsible (plan keeper)"), max_length=200, blank=True)
    responsible_partner = models.CharField(_("responsible (partner)"), max_length=200, blank=True)
    target_on = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    evidence = models.TextField(_("evidence"), blank=True)
    target_trainees = models.PositiveIntegerField(
        _("people to train"),
        null=True,
        blank=True,
        help_text=_(
            "For a training item: the partner's trainees who pass a class of this side count "
            "toward it."
        ),
    )

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "target_on", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="planitem_progress_pct"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_code(self) -> str:
        """The organisation code of the side that owns the item."""
        if self.side == Side.OWNER:
            return self.plan.organisation.code
        return self.plan.partner.owner_code

    @property
    def owner_organisation_id(self) -> int | None:
        return self.plan.side_organisation_id(self.side)

    def is_late(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.target_on < day and self.status not in DONE_OR_DROPPED


# --- Activities and commitments -------------------------------------------------------------------


class ActivityQuerySet(JointQuerySet):
    def in_period(self, start: datetime.date, end: datetime.date) -> Self:
        return self.filter(starts_on__lte=end, ends_on__gte=start)

    def filtered(self, filters: Any) -> Self:
        activities = self
        if filters.q:
            activities = activities.filter(
                Q(title__icontains=filters.q) | Q(place__icontains=filters.q)
            )
        if filters.kind is not None:
            activities = activities.filter(kind=filters.kind)
        if filters.year is not None:
            activities = activities.filter(starts_on__year=filters.year)
        return activities


class Activity(OrganisationOwned, TimeStamped):
    class Kind(models.TextChoices):
        VISIT_IN = "visit_in", _("Incoming delegation visit")
        VISIT_OUT = "visit_out", _("Outgoing delegation visit")
        WORKING_SESSION = "working_session", _("Working session")
        EXPERT_MISSION = "expert_mission", _("Expert advisory mission")
        TRAINING = "training", _("Training assistance")
        EXCHANGE = "exchange", _("Exchange programme")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="activities", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    head = models.CharField(_("head of delegation"), max_length=200, blank=True)
    members = models.ManyToManyField(
        "personnel.Person", blank=True, related_name="+", verbose_name=_("members (registry)")
    )
    guests = models.TextField(_("other members and guests"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    advances = models.ManyToManyField(
        PlanItem, blank=True, related_name="activities", verbose_name=_("advances plan items")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="activity_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        """Held (its last day is past), under way or planned, on today's date."""
        today = timezone.localdate()
        if self.is_held(today):
            return "held"
        return "under_way" if self.starts_on <= today else "planned"

    def is_held(self, on: datetime.date | None = None) -> bool:
        return self.ends_on < (on or timezone.localdate())


# django-stubs types `as_manager` per queryset class and cannot merge two bases' managers
class CommitmentQuerySet(JointQuerySet, LateQuerySet):  # type: ignore[override]
    partner_path = "activity__partner"

    def for_listing(self) -> Self:
        """What the register's page, export and API read of each commitment and no more, as
        columns of its own row: its late flag, the activity's title and `promised_by` (the
        code `Commitment.side_code` gives one record). A 4,000-row export used to build the
        activity, its partner and both organisations as whole records for every row."""
        keeper = F("activity__organisation__code")
        partner = Coalesce(F("activity__partner__counterpart__code"), F("activity__partner__code"))
        return (
            self.only(*LISTED)
            .annotate(
                activity_title=F("activity__title"),
                promised_by=Case(When(side=Side.OWNER, then=keeper), default=partner),
            )
            .with_late()
        )

    def filtered(self, filters: Any) -> Self:
        commitments = self
        if filters.status is not None:
            commitments = commitments.filter(status=filters.status)
        if filters.side is not None:
            commitments = commitments.filter(side=filters.side)
        if filters.overdue:
            commitments = commitments.late()
        return commitments


LISTED = ("organisation_id", "activity_id", "side", "description", "owner", "due_on", "status")


class Commitment(DueWhileOpen, OrganisationOwned, TimeStamped):
    """What one side promised during an activity; overdue is `is_late` (open past due)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("activity")
    )
    side = models.CharField(_("promised by"), max_length=8, choices=Side.choices)
    description = models.CharField(_("commitment"), max_length=400)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.description

    @property
    def side_code(self) -> str:
        """The code of the side that promised it (`for_listing` reads it as `promised_by`)."""
        if self.side == Side.OWNER:
            return self.activity.organisation.code
        return self.activity.partner.owner_code
