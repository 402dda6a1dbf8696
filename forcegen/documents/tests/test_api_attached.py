"""Comments, attachments and citations through the API: the pages' rules (404 outside the
caller's scope, 403 for a role without the right, the same refusals), and every change audited."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from forcegen.core.tests.samples import pdf_bytes
from forcegen.documents import services
from forcegen.documents.models import Attachment, Citation, Comment, DocumentStatus
from forcegen.personnel.models import Requirement

from .conftest import make_document

pytestmark = pytest.mark.django_db
BASE = "/api/v1/documents/"
JSON = "application/json"


def fields_of(response) -> dict[str, str]:
    return {row["field"]: row["message"] for row in response.json()["details"]}


def upload(content: bytes, name: str = "decree.pdf") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


def test_the_mentor_comments_on_a_draft_in_consultation(orgs, legal, shared, make_user, api):
    adviser = make_user("adv", ("vn", "cooperation_officer"))
    draft = make_document(orgs["la"], legal["la"], country="LAO", by="PM", text="ມາດຕາ 1. ກ")
    url = f"{BASE}{draft.pk}/comments/"
    early = api(adviser).post(url, {"text": "Too early"}, content_type=JSON)
    assert early.status_code == 400
    assert "consultation" in early.json()["message"]

    for target in (DocumentStatus.DRAFTING, DocumentStatus.CONSULTATION):
        services.move(document=draft, user=legal["la"], target=target)
    made = api(adviser).post(url, {"text": "Điều 3 nên rõ hơn", "article": "3"}, content_type=JSON)
    assert made.status_code == 201
    body = made.json()
    assert (body["organisation"], body["author"], body["version"]) == ("vn-dpko", "adv", 1)
    comment = Comment.objects.get()
    entry = LogEntry.objects.get_for_object(comment).get()
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, adviser)

    listed = api(legal["la"]).get(url).json()
    assert [(c["article"], c["text"]) for c in listed] == [("3", "Điều 3 nên rõ hơn")]
    refusals = {
        "text": {"text": ""},
        "version": {"text": "x", "version": 9},
        "article": {"text": "x", "article": "3\x07"},
    }
    for field, sent in refusals.items():
        refused = api(adviser).post(url, sent, content_type=JSON)
        assert refused.status_code == 400
        assert field in fields_of(refused)
    planner = make_user("vn-plan", ("vn", "planner"))  # sees the draft, may not comment
    assert api(planner).post(url, {"text": "x"}, content_type=JSON).status_code == 403
    for method in ("get", "post"):
        response = getattr(api(legal["out"]), method)(url, {"text": "x"}, content_type=JSON)
        assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_attachments_upload_download_and_delete_like_the_page(
    graph,
    orgs,
    legal,
    shared,
    make_user,
    api,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    law = graph["law92"]  # shared with Laos
    url = f"{BASE}{law.pk}/attachments/"
    client = api(legal["vn"])
    fake = client.post(url, {"title": "Scan", "file": upload(b"MZ\x90\x00 not a pdf")})
    assert fake.status_code == 400
    assert "is not really a pdf file" in fake.json()["message"]
    wrong = client.post(url, {"title": "Scan", "file": upload(b"hello", "decree.exe")})
    assert "only PDF or DOCX" in wrong.json()["message"]
    content = pdf_bytes("luật 92")
    made = client.post(url, {"title": "Công báo", "file": upload(content)})
    assert made.status_code == 201
    assert (made.json()["name"], made.json()["size"]) == ("decree.pdf", len(content))
    attachment = Attachment.objects.get()
    one = f"{url}{attachment.pk}/"

    # Laos reads the shared law's files and may not change them; an outsider finds nothing.
    lao = api(legal["la"])
    assert [a["title"] for a in lao.get(url).json()] == ["Công báo"]
    assert b"".join(lao.get(one).streaming_content) == content
    assert lao.post(url, {"title": "x", "file": upload(content)}).status_code == 404
    assert lao.delete(one).status_code == 404
    outsider = api(legal["out"])
    for response in (outsider.get(url), outsider.get(one), outsider.delete(one)):
        assert response.status_code == 404
    planner = api(make_user("vn-plan", ("vn", "planner")))  # reads, may not draft
    assert planner.get(one).status_code == 200
    assert planner.post(url, {"title": "x", "file": upload(content)}).status_code == 403
    assert planner.delete(one).status_code == 403

    stored = attachment.file.name
    assert attachment.file.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(one).status_code == 204
    assert not Attachment.objects.exists()
    assert not attachment.file.storage.exists(stored)
    actions = LogEntry.objects.filter(
        content_type__model="attachment", object_id=attachment.pk
    ).values_list("action", flat=True)
    assert sorted(actions) == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]
    assert client.get(one).status_code == 404


def test_the_page_removes_an_attachment_for_drafters_only(
    graph, legal, shared, make_user, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    law = graph["law92"]
    scan = SimpleUploadedFile("scan.pdf", pdf_bytes("x"), content_type="application/pdf")
    services.add_attachment(document=law, user=legal["vn"], title="Scan", file=scan)
    attachment = Attachment.objects.get()
    remove = f"/documents/{law.pk}/attachments/{attachment.pk}/remove/"
    page = login(legal["vn"]).get(f"/documents/{law.pk}/").content.decode()
    assert remove in page
    planner = login(make_user("vn-plan", ("vn", "planner")))
    assert remove not in planner.get(f"/documents/{law.pk}/").content.decode()
    planner.post(remove)
    assert login(legal["la"]).post(remove).status_code == 404  # shared to read, not to change
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    response = login(legal["vn"]).post(remove, follow=True)
    assert "Attachment removed." in response.content.decode()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_citations_list_create_and_delete_with_the_pages_roles(
    graph, orgs, legal, shared, make_user, api
):
    requirement = Requirement.objects.create(organisation=orgs["vn"], name="Military observer")
    law = graph["law92"]
    url = f"{BASE}{law.pk}/citations/"
    record = {"kind": "personnel.requirement", "record": requirement.pk, "article": "12"}
    made = api(legal["vn"]).post(url, record, content_type=JSON)
    assert made.status_code == 201
    assert (made.json()["record_name"], made.json()["article"]) == ("Military observer", "12")
    citation = Citation.objects.get()
    assert LogEntry.objects.get_for_object(citation).get().actor == legal["vn"]
    listed = api(legal["vn"]).get(url).json()
    assert [(c["kind"], c["record"], c["article"]) for c in listed] == [
        ("personnel.requirement", requirement.pk, "12")
    ]
    # Whoever edits requirements may record their legal basis too; a viewer may not.
    officer = api(make_user("vn-pers", ("vn", "personnel_officer")))
    again = officer.post(url, record | {"article": "13"}, content_type=JSON)
    assert again.status_code == 201
    viewer = api(make_user("vn-view", ("vn", "viewer")))
    assert viewer.post(url, record | {"article": "14"}, content_type=JSON).status_code == 403
    assert viewer.delete(f"{url}{citation.pk}/").status_code == 403

    draft = make_document(orgs["vn"], legal["vn"], number="", title_en="Draft")
    refused = api(legal["vn"]).post(f"{BASE}{draft.pk}/citations/", record, content_type=JSON)
    assert "draft cannot be cited" in fields_of(refused)["document"]
    unknown = api(legal["vn"]).post(url, record | {"kind": "auth.user"}, content_type=JSON)
    assert unknown.status_code == 400
    assert "kind" in fields_of(unknown)
    lao_requirement = Requirement.objects.create(organisation=orgs["la"], name="Lao rule")
    theirs = api(legal["vn"]).post(url, record | {"record": lao_requirement.pk}, content_type=JSON)
    assert theirs.status_code == 400
    assert "record" in fields_of(theirs)
    too_long = api(legal["vn"]).post(url, record | {"article": "1" * 41}, content_type=JSON)
    assert too_long.status_code == 400
    assert "article" in fields_of(too_long)

    # Laos reads the shared law but not Viet Nam's requirement: no citation to list or delete.
    assert api(legal["la"]).get(url).json() == []
    assert api(legal["la"]).delete(f"{url}{citation.pk}/").status_code == 404
    assert api(legal["out"]).get(url).status_code == 404
    assert api(legal["out"]).delete(f"{url}{citation.pk}/").status_code == 404

    assert api(legal["vn"]).delete(f"{url}{citation.pk}/").status_code == 204
    assert list(Citation.objects.values_list("article", flat=True)) == ["13"]
    deleted = LogEntry.objects.filter(content_type__model="citation", object_id=citation.pk)
    assert deleted.filter(action=LogEntry.Action.DELETE).exists()
