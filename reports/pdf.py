"""HTML → PDF with WeasyPrint, and the renderer indirection the tests use.

`render(parts) -> (pdf bytes, page count)`: the cover and the body are laid out as two documents and
joined, so the body's pages are numbered from 1 ("第 1 页 / 共 M 页", M its own page count) and the cover
carries no number. The renderer is `settings.REPORT_PDF_RENDERER` (a dotted path,
default `reports.pdf.weasyprint_render`), so a worker can be started with a renderer that fails on purpose
(tests/support/failing_pdf.py) — the way the mail tests swap the e-mail backend. Fonts: WenQuanYi Zen Hei,
one face for everything including the page margin boxes (STACK-NOTES.md: each extra face costs a full
subsetting pass)."""

from django.conf import settings
from django.utils.module_loading import import_string

FONT_FAMILY = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif'


def weasyprint_render(parts: list[str]) -> tuple[bytes, int]:
    from weasyprint import HTML  # heavy: loaded in the worker when a report is rendered

    documents = [HTML(string=html, base_url=str(settings.BASE_DIR)).render() for html in parts]
    pages = [page for document in documents for page in document.pages]
    joined = documents[-1].copy(pages)
    return joined.write_pdf(), len(pages)


def render(parts: list[str]) -> tuple[bytes, int]:
    renderer = import_string(getattr(settings, "REPORT_PDF_RENDERER", "reports.pdf.weasyprint_render"))
    return renderer(parts)
