"""Builders for the planning tests: a small hospital rotation and people who fit it or not."""

import datetime
from decimal import Decimal

from forcegen.core import jobs
from forcegen.core.models import Job
from forcegen.deployments.models import Rotation
from forcegen.deployments.tests.factories import MissionFactory, RotationFactory, UnitFactory
from forcegen.personnel.models import Credential, RequiredCredential, Requirement, Specialty
from forcegen.personnel.tests.factories import CredentialFactory, PersonFactory
from forcegen.planning.models import PlanRun
from forcegen.units.models import Slot

D = datetime.date
START, END = D(2027, 3, 1), D(2028, 2, 29)


def requirement(organisation, name, specialty, *, female_only=False, courses=()):
    """A post asking for the specialty and a passport valid to the end of the tour."""
    from forcegen.training.models import RequiredCourse

    found, created = Requirement.objects.get_or_create(
        organisation=organisation,
        name=name,
        defaults={
            "specialty": Specialty.objects.get(code=specialty),
            "female_only": female_only,
        },
    )
    if created:
        RequiredCredential.objects.create(requirement=found, kind=Credential.Kind.PASSPORT)
        for course in courses:
            RequiredCourse.objects.create(requirement=found, course=course)
    return found


def hospital(organisation, *, mission=None, status=Rotation.Status.FORMING, name="Hospital",
             start=START, end=END, courses=()):  # fmt: skip
    """A rotation of a small hospital: two nurses, a nurse seat reserved for women, a surgeon."""
    unit = UnitFactory.create(
        organisation=organisation, name=name, starts_on=start, ends_on=end, women_target=15
    )
    posts = [
        ("Nurse", requirement(organisation, "Nurse", "nurse", courses=courses), 2),
        (
            "Nurse (women)",
            requirement(organisation, "Nurse (women)", "nurse", female_only=True, courses=courses),
            1,
        ),
        ("Surgeon", requirement(organisation, "Surgeon", "surgeon", courses=courses), 1),
    ]
    for order, (title, needed, count) in enumerate(posts):
        for seat in range(1, count + 1):
            Slot.objects.create(
                organisation=organisation,
                unit=unit,
                order=order,
                title=title,
                seat=seat,
                sub_unit="Wards",
                requirement=needed,
            )
    return RotationFactory.create(
        organisation=organisation,
        unit=unit,
        mission=mission or MissionFactory.create(),
        status=status,
        planned_departure=start,
        planned_return=end,
    )


def person(organisation, specialty, *, sex="M", passport=True, **fields):
    someone = PersonFactory.create(
        organisation=organisation, sex=sex, specialties=[specialty], **fields
    )
    if passport:
        CredentialFactory.create(
            person=someone, kind=Credential.Kind.PASSPORT, valid_until=D(2032, 1, 1)
        )
    return someone


def slot(rotation, title, seat=1):
    return Slot.objects.get(unit=rotation.unit, title=title, seat=seat)


def plan_run(organisation, *rotations, user=None, job_status=Job.Status.QUEUED, **fields):
    """A run of the rotations and its job (in `job_status`), as `tasks.submit_run` records
    them, without queueing it."""
    job = jobs.create_job(kind="planning.plan_run", organisation=organisation, user=user, total=100)
    Job.objects.filter(pk=job.pk).update(status=job_status)
    job.refresh_from_db()
    fields.setdefault("min_women_percent", Decimal(15))
    run = PlanRun.objects.create(organisation=organisation, job=job, **fields)
    run.rotations.set(rotations)
    return run
