"""Requirement names in the reader's language: a template position's requirement ("L2H ·
Surgeon") is shown with the position in the shared vocabulary's words; a name of the
organisation's own is shown as written. The eligibility pages offer them so."""

import pytest
from django.conf import settings
from django.utils import translation

from forcegen.personnel.models import Requirement, Specialty

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

SURGEON = {"lo": "L2H · ແພດຜ່າຕັດ", "vi": "L2H · Bác sĩ phẫu thuật"}


@pytest.fixture
def surgeon_post(orgs):
    return Requirement.objects.create(
        organisation=orgs["vn"],
        name=Requirement.for_position("L2H", "Surgeon"),
        specialty=Specialty.objects.get(code="surgeon"),
    )


@pytest.mark.parametrize("language", ["lo", "vi"])
def test_a_template_positions_requirement_is_named_in_the_readers_language(
    surgeon_post, orgs, language
):
    own = Requirement(organisation=orgs["vn"], name="Night shift volunteers")
    with translation.override(language):
        assert surgeon_post.label == str(surgeon_post) == SURGEON[language]
        assert own.label == "Night shift volunteers"
    with translation.override("en"):
        assert surgeon_post.label == "L2H · Surgeon"


@pytest.mark.parametrize("language", ["lo", "vi"])
def test_the_eligibility_pages_name_requirements_in_the_readers_language(
    surgeon_post, orgs, cast, login, language
):
    someone = PersonFactory.create(organisation=orgs["vn"], specialties=["surgeon"])
    client = login(cast["vn_planner"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    query = f"?requirement={surgeon_post.pk}&start=2027-03-01&end=2027-09-30"
    pages = [
        client.get(f"/personnel/eligible/{query}").content.decode(),
        client.get(f"/personnel/{someone.pk}/{query}").content.decode(),
        client.get("/personnel/requirements/").content.decode(),
    ]
    for html in pages:
        assert SURGEON[language] in html
        assert "L2H · Surgeon" not in html
