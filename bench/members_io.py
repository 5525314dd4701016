"""Member import (rows per second for 100,000 rows) and the member directory's exports of 300,000 rows.

Import: members.services.import_members — the secretariat's own service, validation of the whole file
then the bulk write — as the society's secretary, with new people of valid GB 11643 numbers, into a small
society. The import takes at most import_export.MAX_ROWS rows a file, so 100,000 rows are five files;
each file's time is measured; everything is rolled back.
Exports: the directory export view (/societies/<pk>/members/export/csv|xlsx/) of the society closest
above 300,000 members (the largest below full scale), through the test Client as its secretary: the time
to the response object (what a request holds a worker for when the body is built in the view; for a
streamed body the first byte) and to the last byte, rows and bytes, whether the body streams. A figure
over 2 s in the request is "not met": it belongs in a job.
Targets: import ≥ 5,000 rows/s; no request over 2 s.
"""

from __future__ import annotations

import io
import time
from datetime import date, timedelta

from bench.common import arguments, logged_in_client, setup_django, write

IMPORT_ROWS = 100_000
TARGET_ROWS_PER_S = 5_000
TARGET_REQUEST_S = 2.0
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(i: int) -> str:
    birth = date(1950, 1, 1) + timedelta(days=i % 20_000)
    body = f"370203{birth:%Y%m%d}{900 + i // 20_000:03d}"  # sequence 9xx: the generator uses < 300
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _W, strict=True)) % 11]


def csv_file(start: int, n: int) -> bytes:
    from bench.dataset import SURNAMES, employers

    emp = employers()
    out = io.StringIO()
    out.write("name,id_type,id_number,gender,region,employer,title,email,tier\n")
    for i in range(start, start + n):
        number = id_number(i)
        out.write(
            f"{SURNAMES[i % 40]}导入{i % 997},mainland_id,{number},"
            f"{'male' if int(number[16]) % 2 else 'female'},mainland,{emp[i % len(emp)]},工程师,"
            f"imp{i}@example.cn,ordinary\n"
        )
    return out.getvalue().encode("utf-8")


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    setup_django()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.db.models import Count

    from accounts.models import User
    from members import import_export
    from members.services.imports import import_members
    from societies.models import Society

    rows = []
    by_size = list(Society.objects.annotate(n=Count("memberships")).order_by("n", "pk"))
    small = by_size[0]
    secretary = User.objects.get(username=f"bench_sec_{small.code}")
    per_file = import_export.MAX_ROWS
    total_rows = IMPORT_ROWS if args.scale >= 0.1 else 20_000
    times = []
    with transaction.atomic():
        for start in range(0, total_rows, per_file):
            n = min(per_file, total_rows - start)
            upload = SimpleUploadedFile(f"import-{start}.csv", csv_file(start, n), content_type="text/csv")
            started = time.perf_counter()
            result = import_members(actor=secretary, society=small, upload=upload, filename=upload.name)
            times.append(time.perf_counter() - started)
            assert not result.errors, result.errors[:3]
            print(f"  import file {start // per_file + 1}: {n:,} rows in {times[-1]:.2f} s")
        transaction.set_rollback(True)
    rate = total_rows / sum(times)
    rows.append(
        {
            "group": "import",
            "name": f"member import, {total_rows:,} rows ({len(times)} files of ≤ {per_file:,})",
            "value": round(rate),
            "unit": "rows/s",
            "seconds": round(sum(times), 2),
            "per_file_s": [round(t, 2) for t in times],
            "target": f"≥ {TARGET_ROWS_PER_S:,} rows/s",
            "met": rate >= TARGET_ROWS_PER_S,
        }
    )

    above = [s for s in by_size if s.n >= 300_000]
    society = above[0] if above else by_size[-1]
    owner = User.objects.get(username=f"bench_sec_{society.code}")
    client = logged_in_client(owner)
    settings.DEBUG = False
    for fmt in ("csv", "xlsx"):
        url = f"/societies/{society.pk}/members/export/{fmt}/"
        started = time.perf_counter()
        response = client.get(url)
        first = time.perf_counter() - started
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
        total = time.perf_counter() - started
        rows.append(
            {
                "group": "export",
                "name": f"directory export {fmt.upper()}, {society.n:,} rows ({society.code})",
                "value": round(total, 2),
                "unit": "s",
                "first_byte_s": round(first, 2),
                "bytes": size,
                "streaming": response.streaming,
                "status": response.status_code,
                "content_type": response.get("Content-Type", ""),
                # A streamed CSV (what the issue asks for) answers at once and sends its rows as they are
                # read: its first byte is the request's time; the last byte, the download's.
                "target": (
                    f"streamed, first byte ≤ {TARGET_REQUEST_S:g} s"
                    if response.streaming
                    else f"request ≤ {TARGET_REQUEST_S:g} s (else a job)"
                ),
                "met": response.status_code == 200
                and (first if response.streaming else total) <= TARGET_REQUEST_S,
            }
        )
        print(
            f"  export {fmt}: {total:.2f} s ({first:.2f} s to the response), {size:,} bytes, "
            f"streaming={response.streaming}, HTTP {response.status_code}"
        )
    write(args.out, rows)


if __name__ == "__main__":
    main()
