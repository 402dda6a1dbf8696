"""Personnel UI: tenancy, privacy, filters, forms, documents, exports, query counts."""

import csv
import datetime
import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from forcegen.personnel.models import Credential, Person

from .factories import CredentialFactory, PersonFactory, RankFactory, english, pdf_bytes

PDF = pdf_bytes("test document")


@pytest.fixture
def vn_people(orgs):
    nurse = PersonFactory.create(
        organisation=orgs["vn"],
        full_name="Tran Thi Lan",
        full_name_native="Trần Thị Lan",
        sex="F",
        specialties=["nurse"],
    )
    surgeon = PersonFactory.create(
        organisation=orgs["vn"],
        full_name="Le Minh Chau",
        full_name_native="Lê Minh Châu",
        specialties=["surgeon"],
        rank=RankFactory.create(
            organisation=orgs["vn"], code="thieu-ta", name_en="Major", nato_code="OF-3"
        ),
    )
    CredentialFactory.create(
        person=surgeon,
        reference="C7654321",
        valid_until=datetime.date.today() + datetime.timedelta(days=30),
    )
    CredentialFactory.create(
        person=nurse, reference="C1111111", valid_until=datetime.date(2031, 1, 1)
    )
    english(nurse)
    return {"nurse": nurse, "surgeon": surgeon}


@pytest.fixture
def la_person(orgs):
    return PersonFactory.create(
        organisation=orgs["la"], full_name="Somphone Keomany", full_name_native="ສົມພອນ ແກ້ວມະນີ"
    )


@pytest.fixture
def officer(make_user):
    return make_user("vn-personnel", ("vn", "personnel_officer"))


def listed(client, query=""):
    html = client.get(f"/personnel/?{query}").content.decode()
    return {name for name in ("Tran Thi Lan", "Le Minh Chau", "Somphone Keomany") if name in html}


def test_list_shows_only_own_organisation_and_outsider_gets_404(cast, login, vn_people, la_person):
    assert listed(login(cast["vn_planner"])) == {"Tran Thi Lan", "Le Minh Chau"}
    assert listed(login(cast["la_planner"])) == {"Somphone Keomany"}
    assert login(cast["la_planner"]).get(f"/personnel/{vn_people['nurse'].pk}/").status_code == 404
    assert login(cast["outsider"]).get(f"/personnel/{la_person.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=Trần", {"Tran Thi Lan"}),
        ("q=chau", {"Le Minh Chau"}),
        ("nato_grade=OF-3", {"Le Minh Chau"}),
        ("specialty=nurse", {"Tran Thi Lan"}),
        ("sex=F", {"Tran Thi Lan"}),
        ("expiring_within=60", {"Le Minh Chau"}),
    ],
)
def test_list_filters(cast, login, vn_people, query, expected):
    assert listed(login(cast["vn_planner"]), query) == expected


def test_a_bad_filter_is_explained_and_the_others_still_apply(cast, login, vn_people):
    """One declaration for page, export and API: each refuses the same value its own way."""
    client = login(cast["vn_planner"])
    page = client.get("/personnel/?sex=F&expiring_within=soon").content.decode()
    assert "Enter a whole number." in page
    assert listed(client, "sex=F&expiring_within=soon") == {"Tran Thi Lan"}
    export = client.get("/personnel/export.csv?expiring_within=soon")
    assert export.status_code == 400
    assert "expiring_within" in export.content.decode()
    assert client.get("/api/v1/personnel/?sex=X").status_code == 422


def test_list_query_count_is_constant(cast, login, orgs, vn_people, django_assert_num_queries):
    client = login(cast["vn_planner"])
    client.get("/personnel/")  # warm the session
    with django_assert_num_queries(9) as few:
        client.get("/personnel/")
    for _ in range(30):
        PersonFactory.create(organisation=orgs["vn"], specialties=["nurse", "driver"])
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get("/personnel/").content.decode()
    assert "32 people" in html


def test_viewer_sees_validity_not_passport_numbers(cast, login, officer, vn_people):
    url = f"/personnel/{vn_people['surgeon'].pk}/"
    viewer_page = login(cast["vn_viewer"]).get(url).content.decode()
    assert "C7654321" not in viewer_page
    assert "restricted" in viewer_page
    assert "C7654321" in login(officer).get(url).content.decode()


def test_blood_group_is_shown_and_edited_only_with_the_personal_data_right(
    cast, login, officer, vn_people
):
    from django.contrib.auth.models import Group, Permission

    surgeon = vn_people["surgeon"]
    Person.objects.filter(pk=surgeon.pk).update(blood_group="AB-")
    url = f"/personnel/{surgeon.pk}/"
    assert "AB-" in login(officer).get(url).content.decode()
    assert "AB-" not in login(cast["vn_viewer"]).get(url).content.decode()

    # A role that may edit people but not see personal data gets no blood-group field, and its
    # save keeps the stored value.
    Group.objects.get(name="personnel_officer").permissions.remove(
        Permission.objects.get(codename="view_personal_data")
    )
    editor = login(officer)
    form = editor.get(f"{url}edit/").content.decode()
    assert 'name="blood_group"' not in form
    posted = editor.post(f"{url}edit/", {**edit_fields(surgeon), "blood_group": "O+"})
    assert posted.status_code == 302
    surgeon.refresh_from_db()
    assert (surgeon.blood_group, surgeon.branch) == ("AB-", "Medical corps")


def edit_fields(person):
    return {
        "service_number": person.service_number,
        "full_name": person.full_name,
        "full_name_native": person.full_name_native,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth.isoformat(),
        "rank": person.rank_id,
        "branch": "Medical corps",
        "status": person.status,
    }


def test_edit_links_follow_the_role(cast, login, officer, vn_people):
    pk = vn_people["nurse"].pk
    links = [
        f'href="/personnel/{pk}/edit/"',
        f'href="/personnel/{pk}/credentials/new/"',
        f'href="/personnel/{pk}/unavailability/new/"',
    ]
    officer_page = login(officer).get(f"/personnel/{pk}/").content.decode()
    assert all(link in officer_page for link in links)
    viewer_page = login(cast["vn_viewer"]).get(f"/personnel/{pk}/").content.decode()
    assert not any(link in viewer_page for link in links)


def test_create_person_with_validation_and_audit(cast, login, officer, orgs, vn_people):
    client = login(officer)
    rank = vn_people["surgeon"].rank
    bad = client.post(
        "/personnel/new/",
        {"service_number": "", "full_name": "X", "sex": "", "date_of_birth": "31/02/1990"},
    )
    assert bad.status_code == 200
    assert "This field is required." in bad.content.decode()
    assert not Person.objects.filter(full_name="X").exists()
    data = {
        "service_number": "VN900001",
        "full_name": "Pham Quoc Dung",
        "full_name_native": "Phạm Quốc Dũng",
        "sex": "M",
        "date_of_birth": "1988-04-02",
        "rank": rank.pk,
        "status": "active",
    }
    response = client.post("/personnel/new/", data)
    person = Person.objects.get(service_number="VN900001")
    assert response["Location"] == f"/personnel/{person.pk}/"
    assert person.organisation == orgs["vn"]
    duplicate = client.post("/personnel/new/", data)
    assert "already exists" in duplicate.content.decode()
    client.post(f"/personnel/{person.pk}/edit/", {**data, "home_unit": "Hospital 175"})
    entry = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert entry.actor == officer
    assert entry.changes_dict["home_unit"] == ["", "Hospital 175"]


def test_viewer_and_partner_cannot_edit(cast, login, vn_people):
    pk = vn_people["nurse"].pk
    assert login(cast["vn_viewer"]).post(f"/personnel/{pk}/edit/", {}).status_code == 403
    assert login(cast["la_admin"]).get(f"/personnel/{pk}/edit/").status_code == 404


def test_rank_of_another_organisation_is_refused(login, officer, orgs, vn_people):
    lao_rank = RankFactory.create(organisation=orgs["la"], code="hoy-ek", nato_code="OF-2")
    response = login(officer).post(
        f"/personnel/{vn_people['nurse'].pk}/edit/",
        {
            "service_number": "N1",
            "full_name": "N",
            "sex": "F",
            "date_of_birth": "1990-01-01",
            "rank": lao_rank.pk,
            "status": "active",
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert Person.objects.get(pk=vn_people["nurse"].pk).rank != lao_rank


def test_document_upload_checks_type_and_download_respects_privacy(
    cast, login, officer, orgs, vn_people
):
    client = login(officer)
    url = f"/personnel/{vn_people['nurse'].pk}/credentials/new/"
    fake = SimpleUploadedFile(
        "medical.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(url, {"kind": "medical", "detail": "fit", "document": fake})
    assert "is not really a pdf file" in response.content.decode()
    good = SimpleUploadedFile("medical.pdf", PDF, content_type="application/pdf")
    client.post(
        url, {"kind": "medical", "detail": "fit", "valid_until": "2028-01-01", "document": good}
    )
    credential = Credential.objects.get(person=vn_people["nurse"], kind="medical")
    download = client.get(f"/personnel/credentials/{credential.pk}/document/")
    assert b"".join(download.streaming_content) == PDF
    assert (
        login(cast["vn_viewer"])
        .get(f"/personnel/credentials/{credential.pk}/document/")
        .status_code
        == 403
    )
    assert (
        login(cast["la_admin"]).get(f"/personnel/credentials/{credential.pk}/document/").status_code
        == 404
    )


def test_csv_export_follows_filters_and_privacy(cast, login, officer, vn_people, la_person):
    officer_csv = b"".join(
        login(officer).get("/personnel/export.csv?specialty=nurse").streaming_content
    ).decode()
    assert officer_csv.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(officer_csv.lstrip("\ufeff"))))
    assert [r["full_name_native"] for r in rows] == ["Trần Thị Lan"]
    assert rows[0]["passport_number"] == "C1111111"
    assert rows[0]["english_level"] == "B2"
    viewer_csv = b"".join(
        login(cast["vn_viewer"]).get("/personnel/export.csv").streaming_content
    ).decode()
    assert "passport_number" not in viewer_csv
    assert "C1111111" not in viewer_csv
    assert "Somphone" not in viewer_csv


def test_export_reads_the_english_level_from_language_results_only(cast, login, vn_people):
    CredentialFactory.create(
        person=vn_people["surgeon"], kind=Credential.Kind.DRIVING_LICENCE, reference="", detail="en"
    )
    exported = b"".join(
        login(cast["vn_planner"]).get("/personnel/export.csv").streaming_content
    ).decode()
    rows = {r["full_name"]: r for r in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))}
    assert (rows["Le Minh Chau"]["english_level"], rows["Tran Thi Lan"]["english_level"]) == (
        "",
        "B2",
    )


def test_xlsx_export_opens_with_the_same_rows(cast, login, vn_people):
    response = login(cast["vn_planner"]).get("/personnel/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("service_number", "full_name", "full_name_native")
    assert sorted(row[1] for row in values[1:]) == ["Le Minh Chau", "Tran Thi Lan"]


def test_exports_read_credentials_in_constant_queries(
    cast, login, officer, orgs, vn_people, constant_queries
):
    """The roster and eligible exports read each person's English result, latest passport and
    specialties in a fixed number of queries, however many people there are."""
    from forcegen.personnel.models import Requirement, Specialty

    CredentialFactory.create(
        person=vn_people["nurse"], reference="C0000000", valid_until=datetime.date(2029, 1, 1)
    )
    requirement = Requirement.objects.create(
        organisation=orgs["vn"], name="Nurse post", specialty=Specialty.objects.get(code="nurse")
    )

    def more_nurses():
        for index in range(3):
            nurse = PersonFactory.create(
                organisation=orgs["vn"], full_name=f"Pham Thi {index}", specialties=["nurse"]
            )
            CredentialFactory.create(person=nurse, reference=f"C900000{index}")
            english(nurse)

    client = login(officer)
    eligible = "/personnel/eligible/export.xlsx?requirement={}&start=2027-03-01&end=2027-09-30"
    for url in ("/personnel/export.xlsx", eligible.format(requirement.pk)):
        constant_queries(client, url, more_nurses)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/personnel/export.xlsx").content)).active
    values = list(sheet.values)
    assert len(values) == 1 + 2 + 3 * 2  # the header, and every person once
    rows = {row[1]: dict(zip(values[0], row, strict=True)) for row in values[1:]}
    assert rows["Tran Thi Lan"]["passport_number"] == "C1111111"  # the later of two passports
    assert (rows["Tran Thi Lan"]["specialty"], rows["Tran Thi Lan"]["english_level"]) == (
        "nurse",
        "B2",
    )


def test_export_joins_specialty_codes_in_the_order_of_their_names(login, officer, orgs):
    """The codes are joined by the database, in the order the list page names them
    ("Heavy plant operator" before "Interpreter"); someone with none has an empty cell."""
    PersonFactory.create(
        organisation=orgs["vn"],
        full_name="Dinh Van Hai",
        specialties=["nurse", "interpreter", "plant-operator"],
    )
    PersonFactory.create(organisation=orgs["vn"], full_name="Ha Thi Mai", specialties=[])
    lines = b"".join(login(officer).get("/personnel/export.csv").streaming_content)
    rows = {row["full_name"]: row for row in csv.DictReader(io.StringIO(lines.decode("utf-8-sig")))}
    assert rows["Dinh Van Hai"]["specialty"] == "plant-operator|interpreter|nurse"
    assert rows["Ha Thi Mai"]["specialty"] == ""


def test_expiring_soon_lists_what_lapses_within_the_window(cast, login, vn_people):
    html = login(cast["vn_planner"]).get("/personnel/expiring/?days=60").content.decode()
    assert "Le Minh Chau" in html
    assert "Tran Thi Lan" not in html


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_expiring_page_export_and_api_read_one_declaration(cast, login, api, vn_people):
    client = login(cast["vn_planner"])
    page = client.get("/personnel/expiring/?days=60&kind=passport").content.decode()
    exported = client.get("/personnel/expiring/export.csv?days=60&kind=passport")
    medical = client.get("/personnel/expiring/export.csv?days=60&kind=medical")
    listed = api(cast["vn_planner"]).get("/api/v1/personnel/credentials/expiring/?days=60")
    rows = csv_rows(exported)
    assert rows[0] == ["valid_until", "kind", "full_name", "service_number", "rank"]
    assert [(row[1], row[2]) for row in rows[1:]] == [("passport", "Le Minh Chau")]
    assert len(csv_rows(medical)) == 1  # the header only
    assert "Le Minh Chau" in page
    assert [item["full_name"] for item in listed.json()["items"]] == ["Le Minh Chau"]
    # The same bad value is explained on the page, a 400 for the file and a 422 for the API.
    assert "Enter a whole number." in client.get("/personnel/expiring/?days=soon").content.decode()
    assert client.get("/personnel/expiring/export.csv?days=soon").status_code == 400
    bad = api(cast["vn_planner"]).get("/api/v1/personnel/credentials/expiring/?days=soon")
    assert bad.status_code == 422
    # Other organisations' credentials are not listed.
    other = api(cast["la_planner"]).get("/api/v1/personnel/credentials/expiring/?days=60")
    assert other.json()["items"] == []


def test_eligible_page_and_person_check(cast, login, orgs, vn_people):
    from forcegen.personnel.models import Requirement, Specialty

    requirement = Requirement.objects.create(
        organisation=orgs["vn"], name="Nurse post", specialty=Specialty.objects.get(code="nurse")
    )
    client = login(cast["vn_planner"])
    html = client.get(
        f"/personnel/eligible/?requirement={requirement.pk}&start=2027-03-01&end=2027-09-30"
    ).content.decode()
    assert "1 eligible person" in html
    assert "Tran Thi Lan" in html
    detail = client.get(
        f"/personnel/{vn_people['surgeon'].pk}/?requirement={requirement.pk}&start=2027-03-01&end=2027-09-30"
    ).content.decode()
    assert "does not hold the specialty Nurse" in detail
    exported = client.get(
        f"/personnel/eligible/export.csv?requirement={requirement.pk}&start=2027-03-01&end=2027-09-30"
    )
    assert [row[1] for row in csv_rows(exported)] == ["full_name", "Tran Thi Lan"]
    backwards = client.get(
        f"/personnel/eligible/?requirement={requirement.pk}&start=2027-09-30&end=2027-03-01"
    ).content.decode()
    assert "The period ends before it starts." in backwards
    assert "Tran Thi Lan" not in backwards
    # Another organisation's requirement is not offered.
    assert (
        login(cast["la_planner"])
        .get(f"/personnel/eligible/?requirement={requirement.pk}&start=2027-03-01&end=2027-09-30")
        .content.decode()
        .count("eligible person")
        == 0
    )


def test_requirements_are_managed_in_the_ui_all_or_nothing(cast, login, officer, orgs):
    from forcegen.personnel.models import Requirement

    client = login(officer)
    form = {
        "name": "Military observer (MINUSCA)",
        "min_rank": "OF-2",
        "max_rank": "OF-4",
        "min_rest_days": "365",
        "credentials-TOTAL_FORMS": "2",
        "credentials-INITIAL_FORMS": "0",
        "credentials-0-kind": "passport",
        "credentials-1-kind": "vaccination",
        "credentials-1-detail": "yellow-fever",
        "languages-TOTAL_FORMS": "1",
        "languages-INITIAL_FORMS": "0",
        "languages-0-language": "f1",  # not an ISO code
        "languages-0-min_level": "4",
    }
    refused = client.post("/personnel/requirements/new/", form)
    assert "Use an ISO 639 code" in refused.content.decode()
    assert not Requirement.objects.filter(name__startswith="Military observer").exists()

    client.post("/personnel/requirements/new/", {**form, "languages-0-language": "fr"})
    requirement = Requirement.objects.get(name="Military observer (MINUSCA)")
    assert requirement.organisation == orgs["vn"]
    assert sorted(str(c) for c in requirement.credentials.all()) == [
        "Passport",
        "Vaccination (yellow fever)",
    ]
    assert [str(lang) for lang in requirement.languages.all()] == ["French ≥ B2"]
    listing = login(cast["vn_viewer"]).get("/personnel/requirements/").content.decode()
    assert "Military observer (MINUSCA)" in listing
    assert "Vaccination (yellow fever)" in listing
    assert (
        login(cast["vn_viewer"]).get(f"/personnel/requirements/{requirement.pk}/").status_code
        == 403
    )
    assert (
        login(cast["la_admin"]).get(f"/personnel/requirements/{requirement.pk}/").status_code == 404
    )


def test_secondary_list_pages_keep_a_constant_query_count(
    cast, login, officer, orgs, vn_people, constant_queries
):
    from forcegen.personnel.models import Requirement, RosterImport, Specialty

    client = login(officer)
    soon = datetime.date.today() + datetime.timedelta(days=20)

    def expiring_people():
        for i in range(5):
            someone = PersonFactory.create(organisation=orgs["vn"], full_name=f"Expiring {i}")
            CredentialFactory.create(person=someone, valid_until=soon)

    html = constant_queries(client, "/personnel/expiring/?days=60", expiring_people)
    assert all(f"Expiring {i}" in html for i in range(5))

    nurse_post = Requirement.objects.create(
        organisation=orgs["vn"], name="Nurse post", specialty=Specialty.objects.get(code="nurse")
    )
    url = f"/personnel/eligible/?requirement={nurse_post.pk}&start=2027-03-01&end=2027-09-30"
    html = constant_queries(
        client,
        url,
        lambda: [
            PersonFactory.create(organisation=orgs["vn"], specialties=["nurse"]) for _ in range(5)
        ],
    )
    assert "6 eligible people" in html

    def requirements():
        for i in range(4):
            extra = Requirement.objects.create(organisation=orgs["vn"], name=f"Post {i}")
            extra.credentials.create(kind="passport")
            extra.languages.create(language="en", min_level=3)

    html = constant_queries(client, "/personnel/requirements/", requirements)
    assert all(f"Post {i}" in html for i in range(4))

    html = constant_queries(
        client,
        "/personnel/import/",
        lambda: [
            RosterImport.objects.create(
                organisation=orgs["vn"],
                file="x.csv",
                original_name=f"roster-{i}.csv",
                uploaded_by=officer,
            )
            for i in range(4)
        ],
    )
    assert "roster-3.csv" in html
