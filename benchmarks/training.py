"""Training figures: training needs for 2,000 people x 20 required courses, certificate PDFs.

    .venv/bin/python benchmarks/training.py [--people 2000] [--courses 20] [--runs 15]

Uses a fresh SQLite file in a temporary folder, or the database in DATABASE_URL (give a
dedicated, empty database). About 60% of the (person, course) pairs hold a certificate, a fifth
of those expired. Prints medians; nothing is asserted. Targets: needs <= 1 s, PDF <= 300 ms.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import median_ms

UNIT = "Benchmark brigade"


def build(people_count: int, course_count: int) -> None:
    """A brigade of `people_count` sharing one specialty that requires `course_count` courses,
    with completed classes and certificates for ~60% of the pairs, and coming classes."""
    from django.utils import timezone

    from forcegen.core.models import Organisation
    from forcegen.personnel.models import Person, Rank, Specialty
    from forcegen.training.models import Certificate, ClassSession, Course, Enrolment
    from forcegen.training.services import certificate_number, new_verification_code

    rng = random.Random(5)
    today = timezone.localdate()
    vn = Organisation.objects.get(code="vn-dpko")
    specialty, _ = Specialty.objects.get_or_create(code="benchmark", defaults={"name": "Bench"})
    rank = Rank.objects.filter(organisation=vn).first()
    people = Person.objects.bulk_create(
        Person(
            organisation=vn,
            service_number=f"BEN{n:06d}",
            full_name=f"Benchmark Person {n:05d}",
            sex=rng.choice("FM"),
            date_of_birth=datetime.date(1990, 1, 1),
            rank=rank,
            home_unit=UNIT,
        )
        for n in range(people_count)
    )
    Person.specialties.through.objects.bulk_create(
        Person.specialties.through(person_id=p.pk, specialty_id=specialty.pk) for p in people
    )
    for n in range(course_count):
        course = Course.objects.create(
            organisation=vn,
            code=f"BENCH-{n:02d}",
            title=f"Benchmark course {n}",
            category=Course.Category.NATIONAL,
            hours=10,
            validity_months=36,
        )
        course.required_for.add(specialty)
        past = ClassSession.objects.create(
            organisation=vn,
            course=course,
            starts_on=today - datetime.timedelta(days=400),
            ends_on=today - datetime.timedelta(days=396),
            venue="Hà Nội",
            capacity=people_count,
            status=ClassSession.Status.COMPLETED,
        )
        for weeks in (4, 12):
            ClassSession.objects.create(
                organisation=vn,
                course=course,
                starts_on=today + datetime.timedelta(weeks=weeks),
                ends_on=today + datetime.timedelta(weeks=weeks, days=4),
                venue="Hà Nội",
                capacity=30,
                status=ClassSession.Status.OPEN,
            )
        holders = [p for p in people if rng.random() < 0.6]
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(organisation=vn, session=past, person=p, status="passed", score=90)
            for p in holders
        )
        Certificate.objects.bulk_create(
            Certificate(
                organisation=vn,
                enrolment=e,
                person_id=e.person_id,
                course=course,
                serial=serial,
                number=certificate_number(vn, course, past.ends_on.year, serial),
                verification_code=new_verification_code(),
                issued_on=past.ends_on - datetime.timedelta(days=800 if serial % 5 == 0 else 0),
                valid_until=past.ends_on + datetime.timedelta(days=-5 if serial % 5 == 0 else 1095),
            )
            for serial, e in enumerate(enrolments, start=1)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--courses", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from forcegen.accounts.models import User
    from forcegen.training import pdf
    from forcegen.training.models import Certificate
    from forcegen.training.needs import select_people, training_needs

    settings.ALLOWED_HOSTS.append("testserver")
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    build(args.people, args.courses)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk-loaded tables have no statistics yet
    print(
        f"built {args.people:,} people x {args.courses} courses in "
        f"{time.perf_counter() - started:.1f} s"
    )

    user = User.objects.get(username="vn-training")
    user.activate(user.active_organisation_id)
    deadline = timezone.localdate() + datetime.timedelta(days=180)
    people = select_people(user, unit=UNIT)
    result = training_needs(user=user, people=people, deadline=deadline)
    gaps = result.gap_count
    browser = Client()
    browser.force_login(user, backend="forcegen.accounts.backends.PasswordBackend")
    page = f"/training/needs/?deadline={deadline.isoformat()}&unit={UNIT.replace(' ', '+')}"

    print(f"\n{'case':44} {'median ms':>10} {'max ms':>8}")
    cases: list[tuple[str, Callable[[], object]]] = [
        (
            f"training needs ({result.group_size:,} people, {gaps:,} gaps)",
            lambda: training_needs(user=user, people=people, deadline=deadline),
        ),
        ("training needs page (HTML, first 50 rows)", lambda: browser.get(page)),
    ]
    for name, action in cases:
        median, worst = median_ms(action, args.runs)
        print(f"{name:44} {median:10.1f} {worst:8.1f}")

    certificates = Certificate.objects.select_related(
        "course", "person", "organisation", "enrolment__session", "enrolment__organisation"
    )
    # A Lao trainee's certificate, when the demo has one, draws the Lao script too.
    certificate = (
        certificates.filter(enrolment__organisation__code="la-pko").first() or certificates.first()
    )
    assert certificate is not None
    url = f"http://127.0.0.1:8000/verify/{certificate.verification_code}/"
    cold = time.perf_counter()
    pdf.render_certificate(certificate, verify_url=url)
    first = (time.perf_counter() - cold) * 1000
    median, worst = median_ms(
        lambda: pdf.render_certificate(certificate, verify_url=url), args.runs
    )
    print(f"{'certificate PDF (first, loads the fonts)':44} {first:10.1f} {'':>8}")
    print(f"{'certificate PDF':44} {median:10.1f} {worst:8.1f}")
    view = f"/training/certificates/{certificate.pk}/pdf/"
    median, worst = median_ms(lambda: browser.get(view), args.runs)
    print(f"{'certificate PDF download (whole request)':44} {median:10.1f} {worst:8.1f}")


if __name__ == "__main__":
    main()
