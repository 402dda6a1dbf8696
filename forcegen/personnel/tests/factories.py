import datetime

from factory.declarations import SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from forcegen.personnel.models import Credential, LanguageLevel, Person, Rank, Specialty


class RankFactory(DjangoModelFactory[Rank]):
    class Meta:
        model = Rank
        django_get_or_create = ("organisation", "code")

    code = "dai-uy"
    name_native = "Đại úy"
    name_en = "Captain"
    nato_code = "OF-2"


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    service_number = Sequence(lambda n: f"SN{n:06d}")
    full_name = Sequence(lambda n: f"Nguyen Van Test{n}")
    full_name_native = Sequence(lambda n: f"Nguyễn Văn Thử{n}")
    sex = Person.Sex.MALE
    date_of_birth = datetime.date(1990, 5, 17)
    rank = SubFactory(RankFactory, organisation=SelfAttribute("..organisation"))

    @post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(Specialty.objects.filter(code__in=extracted))


class CredentialFactory(DjangoModelFactory[Credential]):
    class Meta:
        model = Credential

    person = SubFactory(PersonFactory)
    organisation = SelfAttribute("person.organisation")
    kind = Credential.Kind.PASSPORT
    reference = Sequence(lambda n: f"C{n:07d}")
    valid_until = datetime.date(2030, 1, 1)


def english(person, level=LanguageLevel.B2, valid_until=None):
    return CredentialFactory.create(
        person=person,
        kind=Credential.Kind.LANGUAGE,
        reference="",
        detail="en",
        level=level,
        valid_until=valid_until,
    )


def pdf_bytes(comment: str = "test") -> bytes:
    """The smallest file that parses as a PDF (header, two objects, cross-reference, trailer)."""
    body = f"%PDF-1.4\n%{comment}\n".encode()
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj".encode() + obj + b"endobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body
