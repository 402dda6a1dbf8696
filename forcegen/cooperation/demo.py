"""Demo cooperation between Viet Nam's department and Laos's (reference-facts.md §2): the
2025–2029 defence cooperation protocol, the 2025 plan with items on both sides, the meetings of
9 January, 5 March and 31 March 2025 with their outcomes as commitments, the Lao officers who
passed Viet Nam's classes in 2025 (counted toward the plan's training item from their results),
and an inter-agency checklist for the next Vietnamese rotation. Outside partners have no logins.

Where a fact is not in the sources (a signature date, a target date, a person), the field is
left empty or the row says it is demo data. Safe to run again."""

from __future__ import annotations

import datetime

from forcegen.accounts.models import User
from forcegen.core.models import Organisation, Partnership
from forcegen.deployments.models import Rotation
from forcegen.personnel.models import Person
from forcegen.training.demo import completed_class
from forcegen.training.models import Course

from . import services
from .models import (
    Activity,
    Agreement,
    Area,
    Checklist,
    ChecklistStep,
    Commitment,
    Contact,
    Partner,
    Plan,
    PlanItem,
    Side,
)

D = datetime.date
SOURCE = "reference-facts §2 [V, seed]"

OUTSIDE_PARTNERS = [
    # code, kind, country, English, French
    ("un-dpo", Partner.Kind.UN, "", "UN Department of Peace Operations",
     "Département des opérations de paix des Nations unies"),
    ("aseanpkc", Partner.Kind.NETWORK, "", "ASEAN Peacekeeping Centres Network",
     "Réseau des centres de maintien de la paix de l'ASEAN"),
]  # fmt: skip

# (area, item, side, responsible on the keeper's side, on the partner's, target, status,
#  progress, evidence, people to train)
ITEMS_2025 = [
    (Area.LEGAL, "Advise on the legal framework, directives, regulations and circulars for "
     "deploying forces in UN peacekeeping operations", Side.OWNER, "Legal office, VN DPKO",
     "Legal office, LA PKO", D(2025, 9, 30), PlanItem.Status.DONE, 100,
     "Working session of 31 March 2025; Viet Nam's instruments shared in the legal register.",
     None),
    (Area.LEGAL, "Draft the decree on participation in UN peacekeeping", Side.PARTNER,
     "Legal office, VN DPKO", "Legal office, LA PKO", D(2025, 12, 31),
     PlanItem.Status.IN_PROGRESS, 40, "", None),
    (Area.TRAINING, "Train Lao officers in Viet Nam (UN pre-deployment courses)", Side.OWNER,
     "Training centre, VN DPKO", "Personnel office, LA PKO", D(2025, 12, 31),
     PlanItem.Status.DONE, 100, "Classes CPTM-2025-LA (June) and STM-SO-2025-LA (October), "
     "Hà Nội; the people trained are counted from their results.", 12),
    (Area.LOGISTICS, "Advise on logistics and contingent-owned equipment for a first Lao unit",
     Side.OWNER, "Logistics office, VN DPKO", "Logistics office, LA PKO", D(2025, 11, 30),
     PlanItem.Status.PLANNED, 0, "", None),
    (Area.FORCE_BUILDING, "Organise the first units: military medicine, demining, engineering, "
     "search and rescue", Side.PARTNER, "Force planning, VN DPKO", "General Staff, LAPA",
     D(2025, 12, 31), PlanItem.Status.IN_PROGRESS, 30, "", None),
    (Area.COMMUNICATIONS, "Set up inter-agency coordination for a first deployment",
     Side.PARTNER, "Cooperation office, VN DPKO", "Cooperation office, LA PKO", D(2025, 10, 31),
     PlanItem.Status.PLANNED, 0, "", None),
    (Area.EXCHANGE, "Young Officers Exchange Programme", Side.OWNER,
     "Cooperation office, VN DPKO", "Cooperation office, LA PKO", D(2025, 12, 31),
     PlanItem.Status.DONE, 100, "Named as a mechanism at the talks of 9 January 2025.", None),
]  # fmt: skip

# Viet Nam's classes that Lao officers passed in 2025 (demo data): course, reference, last day,
# Lao trainees. Together they reach the 2025 plan's training item (12 people).
CLASSES_2025 = [
    ("CPTM", "CPTM-2025-LA", D(2025, 6, 27), 8),
    ("STM-SO", "STM-SO-2025-LA", D(2025, 10, 24), 4),
]

# (day, last day, kind, title, place, head, outcomes, commitments: (side, what, due, status))
MEETINGS = [
    (D(2025, 1, 9), D(2025, 1, 9), Activity.Kind.VISIT_OUT,
     "Talks between the deputy defence ministers", "Vientiane",
     "Deputy Minister of National Defence of Viet Nam",
     "Agreed to implement the 2025 cooperation plan and the Protocol on Vietnam–Laos Defence "
     "Cooperation 2025–2029; mechanisms: Defence Policy Dialogue, Young Officers Exchange "
     "Programme. Viet Nam ready to exchange working and specialised delegations to advise on "
     "preparing and deploying forces, and to assist training and capacity building.",
     [(Side.OWNER, "Exchange working and specialised delegations to advise on preparing and "
       "deploying forces", D(2025, 6, 30), Commitment.Status.DONE),
      (Side.PARTNER, "Name the Lao members of the Young Officers Exchange Programme",
       D(2025, 3, 31), Commitment.Status.DONE)]),
    (D(2025, 3, 5), D(2025, 3, 5), Activity.Kind.VISIT_IN,
     "Talks between the chiefs of the general staff", "Hà Nội",
     "Chief of the General Staff of the Lao People's Army",
     "Viet Nam will share experience and train Laos to establish a UN peacekeeping force; "
     "cooperation to grow in human-resource training, logistics, information technology and "
     "the defence industry.",
     [(Side.OWNER, "Share experience and train Laos to establish a UN peacekeeping force",
       D(2025, 12, 31), Commitment.Status.OPEN),
      (Side.OWNER, "Propose cooperation in information technology", D(2025, 9, 30),
       Commitment.Status.OPEN)]),
    (D(2025, 3, 31), D(2025, 3, 31), Activity.Kind.WORKING_SESSION,
     "Working session of the Lao delegation with the Vietnam Department of Peacekeeping "
     "Operations", "Hà Nội", "Deputy Chief of the General Staff of the Lao People's Army",
     "Priorities: legal frameworks, force organisation, training, logistics; synchronised "
     "efforts in preparation, communications and inter-agency coordination. Laos has units "
     "ready in military medicine, demining, engineering, search and rescue.",
     [(Side.OWNER, "Share Viet Nam's legal instruments on peacekeeping with Laos",
       D(2025, 6, 30), Commitment.Status.DONE),
      (Side.PARTNER, "Send the list of Lao units ready for UN assessment", D(2025, 9, 30),
       Commitment.Status.OPEN)]),
]  # fmt: skip

# The tasks other agencies must finish before a formed unit leaves (agencies and offsets are
# editable defaults [U]).
CHECKLIST = "Before a formed unit deploys"
STEPS = [
    ("Decision to deploy by the State President", "Office of the President", -120),
    ("Funding approved", "Ministry of Finance", -90),
    ("Passports issued", "Ministry of Public Security", -90),
    ("Visas and entry permits", "Ministry of Foreign Affairs", -60),
    ("MOU with the United Nations signed", "Ministry of Foreign Affairs", -60),
    ("Vaccinations completed (yellow fever for African missions)", "Military Medical Department",
     -45),
    ("Insurance arranged", "Ministry of National Defence", -30),
    ("Transport booked with the UN's movement control", "UN Movement Control", -21),
]  # fmt: skip


def _partner(vn: Organisation, la: Organisation) -> Partner:
    partnership = Partnership.objects.get(source=vn, target=la)
    partner, _created = Partner.objects.update_or_create(
        organisation=vn,
        code="la-pko",
        defaults={
            "kind": Partner.Kind.TENANT,
            "country": "LAO",
            "partnership": partnership,
            "counterpart": la,
            "name_en": la.name_en,
            "name_lo": la.name_native,
            "name_vi": "Cục Gìn giữ hòa bình, Quân đội Nhân dân Lào",
            "name_fr": "Département du maintien de la paix de l'Armée populaire lao",
        },
    )
    Contact.objects.get_or_create(
        partner=partner,
        organisation=vn,
        name="Phouvong Inthavong",
        defaults={"position": "Cooperation officer (demo)"},
    )
    Partner.objects.update_or_create(
        organisation=la,
        code="vn-dpko",
        defaults={
            "kind": Partner.Kind.TENANT,
            "country": "VNM",
            "partnership": partnership,
            "counterpart": vn,
            "name_en": vn.name_en,
            "name_vi": vn.name_native,
            "name_lo": "ກົມຮັກສາສັນຕິພາບ ຫວຽດນາມ",
            "name_fr": "Département des opérations de maintien de la paix du Viet Nam",
        },
    )
    for code, kind, country, name_en, name_fr in OUTSIDE_PARTNERS:
        Partner.objects.update_or_create(
            organisation=vn,
            code=code,
            defaults={"kind": kind, "country": country, "name_en": name_en, "name_fr": name_fr},
        )
    return partner


def _agreements(vn: Organisation, partner: Partner) -> Agreement:
    protocol, _created = Agreement.objects.update_or_create(
        organisation=vn,
        partner=partner,
        kind=Agreement.Kind.PROTOCOL,
        defaults={
            "title": "Protocol on Vietnam–Laos Defence Cooperation 2025–2029",
            "effective_from": D(2025, 1, 1),
            "effective_to": D(2029, 12, 31),
            "status": Agreement.Status.IN_FORCE,
            "notes": f"Signature date not in the sources. {SOURCE}",
        },
    )
    Agreement.objects.update_or_create(
        organisation=vn,
        partner=partner,
        kind=Agreement.Kind.ANNUAL_PLAN,
        defaults={
            "title": "2025 Vietnam–Laos defence cooperation plan",
            "effective_from": D(2025, 1, 1),
            "effective_to": D(2025, 12, 31),
            "status": Agreement.Status.EXPIRED,
            "notes": SOURCE,
        },
    )
    return protocol


def _plan(vn: Organisation, partner: Partner, protocol: Agreement) -> Plan:
    plan, _created = Plan.objects.get_or_create(
        organisation=vn,
        partner=partner,
        year=2025,
        defaults={"title": "2025 cooperation plan", "agreement": protocol},
    )
    if plan.items.exists():
        return plan
    for area, title, side, own, theirs, target, status, progress, evidence, trainees in ITEMS_2025:
        PlanItem.objects.create(
            plan=plan,
            organisation=vn,
            area=area,
            title=title,
            side=side,
            responsible_owner=own,
            responsible_partner=theirs,
            target_on=target,
            status=status,
            progress=progress,
            evidence=evidence,
            target_trainees=trainees,
        )
    return plan


def _trained_in_2025(vn: Organisation, la: Organisation) -> int:
    """Lao officers who passed Viet Nam's classes in 2025, so the 2025 plan's training item
    counts them from the training records: a pre-deployment course after the March talks and a
    staff-officer course in the autumn. The classes are demo data (the sources say Viet Nam
    would train Lao officers, not when); each Lao officer passes one of them."""
    codes = {code for code, *_ in CLASSES_2025}
    courses = {c.code: c for c in Course.objects.filter(organisation=vn, code__in=codes)}
    if len(courses) < len(codes):
        return 0
    chosen = list(
        Person.objects.filter(organisation=la)
        .exclude(enrolments__session__organisation=vn)  # not in another Vietnamese class
        .order_by("service_number")[: sum(n for *_, n in CLASSES_2025)]
    )
    issued = 0
    for code, reference, ends_on, count in CLASSES_2025:
        people, chosen = chosen[:count], chosen[count:]
        issued += completed_class(
            course=courses[code], reference=reference, people=people, ends_on=ends_on
        )
    return issued


def _meetings(vn: Organisation, partner: Partner, plan: Plan) -> int:
    made = 0
    for day, last, kind, title, place, head, outcomes, promises in MEETINGS:
        activity, created = Activity.objects.get_or_create(
            organisation=vn,
            partner=partner,
            starts_on=day,
            kind=kind,
            defaults={
                "ends_on": last,
                "title": title,
                "place": place,
                "head": head,
                "outcomes": outcomes,
                "minutes": SOURCE,
            },
        )
        if not created:
            continue
        made += 1
        area, owned_by = ADVANCED[day]
        activity.advances.set(plan.items.filter(area=area, side=owned_by))
        for side, what, due, status in promises:
            Commitment.objects.create(
                activity=activity,
                organisation=vn,
                side=side,
                description=what,
                due_on=due,
                status=status,
            )
    return made


# The plan item each meeting advanced, by area and side (the evidence of the 2025 items names
# them). Laos's decree is not among them: the daily run would count it done, its only activity
# being held, while Laos is still drafting it.
ADVANCED = {
    D(2025, 1, 9): (Area.EXCHANGE, Side.OWNER),
    D(2025, 3, 5): (Area.TRAINING, Side.OWNER),
    D(2025, 3, 31): (Area.LEGAL, Side.OWNER),
}


def _checklist(vn: Organisation) -> int:
    template, _created = Checklist.objects.get_or_create(organisation=vn, name=CHECKLIST)
    for task, agency, offset in STEPS:
        ChecklistStep.objects.get_or_create(
            template=template,
            organisation=vn,
            task=task,
            defaults={"agency": agency, "offset_days": offset},
        )
    rotation = (
        Rotation.objects.filter(organisation=vn, status=Rotation.Status.FORMING)
        .order_by("planned_departure")
        .first()
    )
    officer = User.objects.filter(username="vn-cooperation").first()
    if rotation is None or officer is None:
        return 0
    officer.activate(vn.pk)
    created = services.instantiate_checklist(template=template, rotation=rotation, user=officer)
    for done in created[:2]:  # the decision and the funding are through
        services.set_task_status(task=done, user=officer, status="done")
    return len(created)


def _synthetic(vn: Organisation, partner: Partner, plan: Plan, scale: int) -> None:
    """`scale` more activities with two commitments each, for the benchmarks."""
    start = D(2026, 1, 1)
    for index in range(scale):
        day = start + datetime.timedelta(days=index % 330)
        activity = Activity.objects.create(
            organisation=vn,
            partner=partner,
            kind=Activity.Kind.WORKING_SESSION,
            title=f"Synthetic working session {index}",
            place="Hà Nội",
            starts_on=day,
            ends_on=day,
        )
        Commitment.objects.bulk_create(
            Commitment(
                activity=activity,
                organisation=vn,
                side=side,
                description=f"Synthetic commitment {index}-{side}",
                due_on=day + datetime.timedelta(days=60),
            )
            for side in (Side.OWNER, Side.PARTNER)
        )
        PlanItem.objects.create(
            plan=plan,
            organisation=vn,
            area=Area.OTHER,
            title=f"Synthetic item {index}",
            side=Side.OWNER if index % 2 else Side.PARTNER,
            target_on=day,
        )


def seed(*, scale: int = 0) -> str:
    vn = Organisation.objects.get(code="vn-dpko")
    la = Organisation.objects.get(code="la-pko")
    partner = _partner(vn, la)
    protocol = _agreements(vn, partner)
    plan = _plan(vn, partner, protocol)
    trained = _trained_in_2025(vn, la)
    meetings = _meetings(vn, partner, plan)
    tasks = _checklist(vn)
    if scale:
        _synthetic(vn, partner, plan, scale)
    return (
        f"partners: {Partner.objects.count()}, plan items: {PlanItem.objects.count()}, "
        f"meetings added: {meetings}, inter-agency tasks added: {tasks}, "
        f"certificates of Lao officers trained in 2025: {trained}"
    )
