import datetime

from factory.declarations import LazyAttribute, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from forcegen.training.models import ClassSession, Course


class CourseFactory(DjangoModelFactory[Course]):
    class Meta:
        model = Course
        django_get_or_create = ("organisation", "code")

    code = "CPTM"
    title = "UN Core Pre-Deployment Training Materials (CPTM)"
    translations = {"vi": "Huấn luyện cốt lõi trước triển khai", "lo": "ການຝຶກອົບຮົມຫຼັກກ່ອນການປະຈຳການ"}
    category = Course.Category.CPTM
    hours = 40
    pass_mark = 70
    validity_months = 36


class ClassFactory(DjangoModelFactory[ClassSession]):
    class Meta:
        model = ClassSession
        skip_postgeneration_save = True

    course = SubFactory(CourseFactory, organisation=SelfAttribute("..organisation"))
    reference = Sequence(lambda n: f"C-{n:04d}")
    starts_on = datetime.date(2027, 3, 1)
    ends_on = LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=11))
    venue = "Hanoi training centre"
    capacity = 2
    language = "en"
    status = ClassSession.Status.OPEN


def present_every_day(session):
    """Every trainee of the class present on each of its days so far (a pass needs attendance)."""
    from django.utils import timezone

    from forcegen.training import services

    trainees = session.enrolments.filter(status__in=services.ATTENDING)
    days = session.days_until(timezone.localdate())
    services.record_register(
        session=session, marks={(e.pk, day): "present" for e in trainees for day in days}
    )
