"""Static SVG charts made at build time: right to left, Persian labels and digits, in Vazirmatn.

Three kinds, each returned as one ready HTML fragment (:class:`~markupsafe.Markup`): a
``<figure class="chart">`` with its caption, the SVG and, beside it (below it on a phone), the
same data as a table, so that every figure can be read without the picture (screen readers,
printing, copying numbers).

* :func:`bars` — horizontal bars, one per (label, value), growing from the right.
* :func:`stacked` — one 100 % bar per row, split into categories (a legend above).
* :func:`line` — one series over time, oldest on the right, newest on the left.

Every string that reaches the SVG or the table (labels come from cards: untrusted) goes through
:func:`site_gen.render.html.text`; numbers, and the digits inside labels, are shown in Persian digits. The SVG scales to its
container (``viewBox``, ``width="100%"``) and is drawn at :data:`WIDTH` user units, about a
390 px phone's content width, so its 13-unit text stays readable there. No script, no other host.

Usage::

    from site_gen.render import charts
    charts.bars("خدمات بر اساس نوع", [("خدمت به شهروندان", 120), ("خدمت به کسب‌وکار", 40)])
    charts.bars("سهم الکترونیکی", rows, percent=True)       # values 0..1, shown as ۴۵٪
    charts.stacked("مراحل", ["الکترونیکی", "غیرالکترونیکی", "اعلام نشده"], [("درخواست", [5, 3, 2])])
    charts.line("تعداد شناسنامه‌ها", [("۱۴۰۳/۰۱", 10), ("۱۴۰۳/۰۲", 12)])
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..text import persian_digits
from . import html as h

WIDTH = 360
PAD = 6
FONT = 13
#: Colours that read on the light and the dark scheme alike (the text itself takes currentColor).
PALETTE = ["#3f51b5", "#f9a825", "#9e9e9e", "#c62828", "#2e7d32", "#6a1b9a"]
#: The colour of text written on each of the palette's colours (contrast ≥ 4.5:1).
INK = ["#fff", "#000", "#000", "#fff", "#fff", "#fff"]
#: Room kept at the left of a bar for its value.
VALUE_ROOM = 64


def shown(value: float, *, percent: bool = False, unit: str = "") -> str:
    """A number for people: Persian digits, thousands separated, ``٪`` for a share (0..1)."""
    if percent:
        p = round(value * 100, 1)
        text = f"{p:g}"
        return persian_digits(text).replace(".", "٫") + "٪"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    text = persian_digits(text.replace(",", "٬").replace(".", "٫"))
    return f"{text} {unit}" if unit else text


def _svg(title: str, height: float, body: Markup) -> Markup:
    return h.fmt(
        '<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'direction="rtl" font-family="Vazirmatn, sans-serif" font-size="{}"><title>{}</title>{}</svg>',
        WIDTH, round(height), title, FONT, title, body)


def _figure(title: str, svg: Markup, table: Markup, note: str = "") -> Markup:
    caption = h.fmt("<figcaption>{}</figcaption>", title)
    extra = h.fmt('<p class="chart-note">{}</p>', note) if note else Markup("")
    return h.fmt('<figure class="chart">{}<div class="chart-body">{}<div class="chart-data table-wrap">{}</div></div>{}</figure>',
                 caption, svg, table, extra)


def _label(x: float, y: float, text: str, *, weight: str = "") -> Markup:
    """Text whose right edge is at ``x`` (right to left: ``start`` is the right end)."""
    bold = Markup(' font-weight="bold"') if weight else Markup("")
    return h.fmt('<text x="{}" y="{}" text-anchor="start" fill="currentColor"{}>{}</text>', round(x, 1), round(y, 1), bold, text)


def bars(title: str, rows: Sequence[tuple[str, float]], *, percent: bool = False, unit: str = "", limit: int = 20,
         head: tuple[str, str] = ("", "")) -> Markup:
    """Horizontal bars, one per ``(label, value)`` in the given order, longest scale = largest
    value (``percent``: values are shares 0..1 and the scale is 100 %). Beyond ``limit`` rows,
    the picture gathers the rest into one bar («سایر»), the table keeps every row. ``head``
    names the table's two columns (defaults: «مورد», «تعداد»/«سهم»)."""
    rows = [(persian_digits(label), v) for label, v in rows]
    drawn = rows[:limit]
    if len(rows) > limit and not percent:
        rest = rows[limit:]
        drawn.append((f"سایر ({persian_digits(len(rest))} مورد)", sum(v for _, v in rest)))
    top = 1.0 if percent else max([v for _, v in drawn] + [0]) or 1
    span = WIDTH - 2 * PAD - VALUE_ROOM
    row_h = FONT + 4 + 14 + 10
    parts = []
    for i, (label, v) in enumerate(drawn):
        y = PAD + i * row_h
        length = max(0.0, min(1.0, v / top)) * span
        right = WIDTH - PAD
        parts.append(_label(right, y + FONT, label))
        parts.append(h.fmt('<rect x="{}" y="{}" width="{}" height="14" rx="2" fill="{}"><title>{}: {}</title></rect>',
                           round(right - length, 1), y + FONT + 4, round(length, 1), PALETTE[0], label, shown(v, percent=percent, unit=unit)))
        parts.append(_label(right - length - 4, y + FONT + 4 + 11, shown(v, percent=percent, unit=unit), weight="bold"))
    height = PAD * 2 + max(1, len(drawn)) * row_h
    if not drawn:
        parts.append(_label(WIDTH - PAD, PAD + FONT, h.NONE_TEXT))
    table = h.table([head[0] or "مورد", head[1] or ("سهم" if percent else "تعداد")],
                    ([h.text(label), h.text(shown(v, percent=percent, unit=unit))] for label, v in rows))
    return _figure(title, _svg(title, height, Markup("").join(parts)), table)


def stacked(title: str, categories: Sequence[str], rows: Sequence[tuple[str, Sequence[float]]], *, head: str = "") -> Markup:
    """One full-width bar per ``(label, counts)``, split into ``categories`` (counts in their
    order), each part as wide as its share of the row; a legend above. The table gives each
    count and its share. ``head`` names the first column (default «مورد»)."""
    cats = [persian_digits(c) for c in categories]
    rows = [(persian_digits(label), counts) for label, counts in rows]
    parts = []
    # legend: swatch + label, right to left, wrapping
    x: float = WIDTH - PAD
    y: float = PAD
    for i, cat in enumerate(cats):
        need = 18 + len(cat) * FONT * 0.55 + 14
        if x - need < PAD and x != WIDTH - PAD:
            x, y = WIDTH - PAD, y + FONT + 8
        parts.append(h.fmt('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>', round(x - 12, 1), y + 2, PALETTE[i % len(PALETTE)]))
        parts.append(_label(x - 16, y + FONT, cat))
        x -= need
    y += FONT + 14
    row_h = FONT + 4 + 16 + 10
    span = WIDTH - 2 * PAD
    for label, counts in rows:
        total = sum(counts)
        parts.append(_label(WIDTH - PAD, y + FONT, label))
        right: float = WIDTH - PAD
        for i, c in enumerate(counts):
            if not total or not c:
                continue
            w = span * c / total
            parts.append(h.fmt('<rect x="{}" y="{}" width="{}" height="16" fill="{}"><title>{} — {}: {} ({})</title></rect>',
                               round(right - w, 1), y + FONT + 4, round(w, 1), PALETTE[i % len(PALETTE)], label, cats[i],
                               shown(c), shown(c / total, percent=True)))
            if w > 40:
                parts.append(h.fmt('<text x="{}" y="{}" text-anchor="start" fill="{}" font-size="11">{}</text>',
                                   round(right - 3, 1), y + FONT + 4 + 12, INK[i % len(INK)], shown(c / total, percent=True)))
            right -= w
        y += row_h
    svg = _svg(title, y + PAD, Markup("").join(parts))

    def cell(c: float, total: float) -> Markup:
        return h.text(f"{shown(c)} ({shown(c / total, percent=True)})" if total else shown(c))

    table = h.table([head or "مورد", *cats], ([h.text(label), *(cell(c, sum(counts)) for c in counts)] for label, counts in rows))
    return _figure(title, svg, table)


def line(title: str, points: Sequence[tuple[str, float]], *, percent: bool = False, unit: str = "", head: tuple[str, str] = ("", "")) -> Markup:
    """One series over time (``(label, value)``, oldest first), drawn right to left: the oldest
    point on the right. The first, the last and a few labels between are written under the axis;
    the table lists every point."""
    pts = [(persian_digits(label), v) for label, v in points]
    top = 1.0 if percent else max([v for _, v in pts] + [0]) or 1
    left, right = PAD + 44, WIDTH - PAD
    y0, y1 = PAD + 8, PAD + 8 + 150
    parts = [h.fmt('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="0.4"/>', left, y1, right, y1)]
    for frac in (0.0, 0.5, 1.0):
        yy = y1 - frac * (y1 - y0)
        parts.append(h.fmt('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="0.12"/>', left, round(yy, 1), right, round(yy, 1)))
        parts.append(h.fmt('<text x="{}" y="{}" text-anchor="end" fill="currentColor" font-size="11">{}</text>',
                           PAD, round(yy + 4, 1), shown(frac * top, percent=percent)))

    def xy(i: int, v: float) -> tuple[float, float]:
        x = right - (i * (right - left) / (len(pts) - 1) if len(pts) > 1 else (right - left) / 2)
        return round(x, 1), round(y1 - max(0.0, min(1.0, v / top)) * (y1 - y0), 1)

    coords = [xy(i, v) for i, (_, v) in enumerate(pts)]
    if len(coords) > 1:
        parts.append(h.fmt('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                           " ".join(f"{x},{y}" for x, y in coords), PALETTE[0]))
    for (x, y), (label, v) in zip(coords, pts, strict=True):
        parts.append(h.fmt('<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {}</title></circle>', x, y, PALETTE[0], label, shown(v, percent=percent, unit=unit)))
    if pts:
        step = max(1, (len(pts) - 1) // 3)
        marks = sorted({0, len(pts) - 1, *range(0, len(pts), step)})
        for i in marks:
            if 0 < i < len(pts) - 1 and len(pts) - 1 - i < step / 2:
                continue  # too close to the last label
            x, _ = coords[i]
            anchor = "start" if i == 0 else "end" if i == len(pts) - 1 else "middle"
            parts.append(h.fmt('<text x="{}" y="{}" text-anchor="{}" fill="currentColor" font-size="11">{}</text>', x, y1 + 16, anchor, pts[i][0]))
    else:
        parts.append(_label(right, y0 + FONT, h.NONE_TEXT))
    table = h.table([head[0] or "زمان", head[1] or ("سهم" if percent else "تعداد")],
                    ([h.text(label), h.text(shown(v, percent=percent, unit=unit))] for label, v in pts))
    return _figure(title, _svg(title, y1 + 24, Markup("").join(parts)), table)
