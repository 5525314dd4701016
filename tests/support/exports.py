"""The member directory's XLSX export as a user goes through it: confirm, queue, wait, download."""

from members.models import MemberExport


def xlsx_export(client, society, capture_on_commit, data: dict | None = None) -> bytes:
    """POST the export (the job runs in-process once the request commits, eager Celery), follow to the
    job's page and download the file; the stored file is removed afterwards. Returns the XLSX bytes."""
    with capture_on_commit(execute=True):
        response = client.post(f"/societies/{society.pk}/members/export/xlsx/", data or {})
    assert response.status_code == 302, response.status_code
    job_page = response["Location"]
    page = client.get(job_page)
    assert page.status_code == 200 and "download-xlsx" in page.content.decode()
    download = client.get(job_page + "download/")
    assert download.status_code == 200, download.status_code
    content = download.getvalue()
    for export in MemberExport.objects.filter(society=society):
        export.file.delete(save=False)
    return content
