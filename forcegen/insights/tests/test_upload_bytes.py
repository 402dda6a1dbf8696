from django.core.files.uploadedfile import SimpleUploadedFile

from forcegen.core.models import Job


def test_a_binary_file_fails_its_job_with_a_reason_not_the_request(cast, api, immediate):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    client = api(cast["vn_admin"])
    answer = client.post(
        "/api/v1/insights/imports/", {"file": SimpleUploadedFile("file.png", data, "image/png")}
    )
    assert answer.status_code == 202
    assert Job.objects.get(pk=answer.json()["job"]).error == (
        "The file is not UTF-8 text (byte 0)."
    )
