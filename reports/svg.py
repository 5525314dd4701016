"""Charts for the PDFs as inline SVG markup (vectors, no raster, no JavaScript).

Every text element carries the report's CJK font family (reports.pdf.FONT_FAMILY) — WeasyPrint draws SVG
text with the font named in the SVG, not the page's — and every label is XML-escaped. Each chart copes
with no data and all-zero data (an empty frame, never a division by zero). The functions return
`mark_safe` strings ready for a template: `{{ chart }}`."""

import math
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from .formatting import count
from .pdf import FONT_FAMILY

INK = "#222"
MUTED = "#777"
GRID = "#d9d3c7"
ACCENT = "#9b1c1c"
PALETTE = ["#9b1c1c", "#1d5f8a", "#a15c00", "#3b7a3b", "#6a3d9a", "#555555"]


def _font() -> str:
    return quoteattr(FONT_FAMILY)


def _text(x, y, label, size=9, anchor="middle", fill=INK, extra="") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family={_font()} font-size="{size}" '
        f'text-anchor="{anchor}" fill="{fill}"{extra}>{escape(str(label))}</text>'
    )


def _svg(width: int, height: int, body: list[str], title: str = "") -> SafeString:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart-svg">'
    ]
    if title:
        parts.append(_text(width / 2, 16, title, size=11))
    parts.extend(body)
    parts.append("</svg>")
    # Safe: every label and title went through escape() in _text; the rest is markup built here.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703


def _number(value) -> float:
    try:
        number = float(value or 0)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _nice_max(value: float) -> float:
    """A round upper bound for an axis (1, 2, 5 × 10^n) at or above value; 1 for nothing."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        bound = step * 10**exponent
        if bound >= value:
            return float(bound)
    return float(10 ** (exponent + 1))


def _tick(value: float) -> str:
    return count(value) if float(value).is_integer() else f"{value:,.1f}"


def _empty(width, height, top, message) -> list[str]:
    return [_text(width / 2, top + (height - top) / 2, message, size=9, fill=MUTED)]


def bar_chart(labels, values, title: str = "", width: int = 480, height: int = 240) -> SafeString:
    """Vertical bars, one per label, with the value above each bar."""
    labels = [str(label) for label in labels]
    values = [_number(v) for v in values]
    top = 28 if title else 12
    left, right, bottom = 44, 10, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="{GRID}"/>']
    if not labels:
        return _svg(width, height, body + _empty(width, height, top, "—"), title)
    peak = _nice_max(max(values, default=0))
    for i in range(5):
        v = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 4, y + 3, _tick(v), size=7, anchor="end", fill=MUTED))
    slot = plot_w / len(labels)
    bar_w = max(2.0, min(36.0, slot * 0.6))
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        h = plot_h * value / peak
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h - h
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{ACCENT}"/>')
        body.append(_text(x + bar_w / 2, y - 3, _tick(value), size=7))
        cx, cy = left + slot * i + slot / 2, top + plot_h + 10
        if len(labels) > 6:  # long category names: slanted so they do not collide
            body.append(
                _text(
                    cx, cy, label, size=7, anchor="end", extra=f' transform="rotate(-35 {cx:.1f} {cy:.1f})"'
                )
            )
        else:
            body.append(_text(cx, cy + 2, label, size=8))
    return _svg(width, height, body, title)


def line_chart(labels, series: dict, title: str = "", width: int = 480, height: int = 220) -> SafeString:
    """One polyline per series over the labels (e.g. years), with a legend and the values at the points."""
    labels = [str(label) for label in labels]
    series = {str(name): [_number(v) for v in values] for name, values in (series or {}).items()}
    top = 28 if title else 12
    left, right, bottom = 48, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="{GRID}"/>']
    if not labels or not series:
        return _svg(width, height, body + _empty(width, height, top, "—"), title)
    peak = _nice_max(max((v for values in series.values() for v in values), default=0))
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 4, y + 3, _tick(peak * i / 4), size=7, anchor="end", fill=MUTED))
    step = plot_w / (len(labels) - 1) if len(labels) > 1 else 0
    xs = [left + (step * i if step else plot_w / 2) for i in range(len(labels))]
    for x, label in zip(xs, labels, strict=False):
        body.append(_text(x, top + plot_h + 12, label, size=8))
    for n, (name, values) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        points = [(x, top + plot_h - plot_h * v / peak) for x, v in zip(xs, values, strict=False)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.6"/>')
        for (x, y), v in zip(points, values, strict=False):
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{colour}"/>')
            body.append(_text(x, y - 5, _tick(v), size=7, fill=colour))
        lx = left + 8 + n * 110
        ly = height - 8
        body.append(f'<rect x="{lx}" y="{ly - 7}" width="10" height="3" fill="{colour}"/>')
        body.append(_text(lx + 14, ly - 3, name, size=8, anchor="start"))
    return _svg(width, height, body, title)


def radar_chart(axes, values, previous=None, labels=("", ""), size: int = 340) -> SafeString:
    """A radar (spider) chart on a 0–100 scale: one polygon for `values`, a dashed one for `previous`
    (last year) when given. `labels` names the two polygons in a legend."""
    axes = [str(axis) for axis in axes]
    values = [max(0.0, min(100.0, _number(v))) for v in values]
    width, height = size + 160, size + 40
    cx, cy, radius = width / 2, 20 + size / 2, size / 2 - 20
    body: list[str] = []
    n = len(axes)
    if n < 3:
        body.append(f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="none" stroke="{GRID}"/>')
        return _svg(width, height, body + _empty(width, height, 0, "—"))

    def point(i, v):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * v / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in (20, 40, 60, 80, 100):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        body.append(f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="0.6"/>')
        x, y = point(0, ring)
        body.append(_text(x + 3, y + 3, ring, size=6, anchor="start", fill=MUTED))
    for i, axis in enumerate(axes):
        x, y = point(i, 100)
        body.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        lx, ly = point(i, 114)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        body.append(_text(lx, ly + 3, axis, size=8, anchor=anchor))
    if previous is not None:
        prev = [max(0.0, min(100.0, _number(v))) for v in previous]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(prev)))
        body.append(
            f'<polygon points="{pts}" fill="none" stroke="{PALETTE[1]}" stroke-width="1.2" '
            'stroke-dasharray="4 3"/>'
        )
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
    body.append(
        f'<polygon points="{pts}" fill="{ACCENT}" fill-opacity="0.18" stroke="{ACCENT}" stroke-width="1.6"/>'
    )
    for i, v in enumerate(values):
        x, y = point(i, v)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{ACCENT}"/>')
    current_label, previous_label = labels
    if current_label:
        body.append(f'<rect x="8" y="{height - 22}" width="12" height="3" fill="{ACCENT}"/>')
        body.append(_text(24, height - 18, current_label, size=8, anchor="start"))
    if previous is not None and previous_label:
        body.append(
            f'<line x1="8" y1="{height - 8}" x2="20" y2="{height - 8}" stroke="{PALETTE[1]}" '
            'stroke-dasharray="4 3" stroke-width="1.2"/>'
        )
        body.append(_text(24, height - 5, previous_label, size=8, anchor="start"))
    return _svg(width, height, body)
