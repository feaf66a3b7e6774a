"""Card values → safe HTML fragments. The one place where untrusted text is escaped.

Card text is data, never markup: :func:`text` HTML-escapes it and also turns the characters that
Markdown, its extensions or a template engine could act on (``{ } [ ] | * _ ` ~ \\``) into
numeric entities, so that no builder, extension or later processing step can read it as syntax.
Every fragment this module returns is :class:`markupsafe.Markup`; everything else is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from .. import jalali
from ..model.vocab import Vocab
from ..text import persian_digits, rials

NOT_STATED = "اعلام نشده"
NONE_TEXT = "هیچ‌کدام"

_ENTITIES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;", **{c: f"&#{ord(c)};" for c in "{}[]|*_`~\\"}}
)


def text(value: Any) -> Markup:
    """Escape untrusted text for any HTML or Markdown context."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_ENTITIES))  # one pass: HTML escaping and the rest


def fmt(template: str, *args: Any, **kwargs: Any) -> Markup:
    """``Markup(template).format(...)`` without its slow Python formatter: every argument that
    is not already Markup (or a number) goes through :func:`text` first."""
    return Markup(template.format(*[_safe(a) for a in args], **{k: _safe(v) for k, v in kwargs.items()}))


def _safe(value: Any) -> Any:
    if isinstance(value, Markup) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    return text(value)


def multiline(value: str) -> Markup:
    """Free text: paragraphs on blank lines, line breaks kept."""
    paras = [p.strip() for p in value.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(fmt("<p>{}</p>", Markup("<br>").join(text(line) for line in p.split("\n"))) for p in paras)


def ltr(value: Any) -> Markup:
    """An LTR island (ids, codes, URLs, Latin text) inside right-to-left text."""
    return fmt('<bdi class="ltr" dir="ltr">{}</bdi>', text(value))


def number(value: float | int) -> Markup:
    """A number for people: Persian digits."""
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return fmt("{}", persian_digits(shown).replace(".", "٫"))


def money(amount: int) -> Markup:
    return fmt('<span class="amount">{} ریال</span>', rials(amount)) if amount else Markup("رایگان")


def money_tomans(amount: int) -> Markup:
    """An amount in rials with tomans beside it (a citizen counts in tomans): ``۱۰۰٬۰۰۰ ریال (۱۰٬۰۰۰ تومان)``."""
    if not amount:
        return Markup("رایگان")
    return fmt('<span class="amount">{} ریال</span> <span class="tomans">({} تومان)</span>', rials(amount), _tomans(amount))


def money_range_tomans(low: int, high: int) -> Markup:
    """``از ۱۰۰٬۰۰۰ تا ۶۰۰٬۰۰۰ ریال (۱۰٬۰۰۰ تا ۶۰٬۰۰۰ تومان)``."""
    return fmt('<span class="amount">از {} تا {} ریال</span> <span class="tomans">({} تا {} تومان)</span>',
               rials(low), rials(high), _tomans(low), _tomans(high))


def _tomans(amount: int) -> str:
    return rials(amount // 10) if amount % 10 == 0 else persian_digits(f"{amount / 10:,.1f}".replace(",", "٬")).replace(".", "٫")


def digits(value: Any) -> Markup:
    """Untrusted text with its ASCII digits shown as Persian digits (law numbers, articles)."""
    return text(persian_digits(value))


def code(value: Any) -> Markup:
    """An id or code a citizen may copy: Persian digits on screen, the ASCII form kept for copying
    (``data-copy``) and for addresses; an LTR island."""
    return fmt('<bdi class="ltr code" dir="ltr" data-copy="{}">{}</bdi>', text(value), persian_digits(value))


def quiet(value: Markup) -> Markup:
    """Internal codes (document codes, form row numbers) shown quietly."""
    return fmt('<span class="quiet">{}</span>', value)


def phone(value: str) -> Markup:
    """A phone number as a ``tel:`` link: ASCII in the address, Persian digits on screen."""
    dial = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return fmt('<a class="tel" href="tel:{}"><bdi dir="ltr">{}</bdi></a>', dial, persian_digits(value))


def email(value: str) -> Markup:
    return fmt('<a href="mailto:{}">{}</a>', text(value), ltr(value))


def link(url: str, label: Any | None = None) -> Markup:
    """A link to a validated http(s) URL; the label defaults to the URL as an LTR island."""
    shown = ltr(url) if label is None else text(label)
    return fmt('<a href="{}" rel="nofollow noopener">{}</a>', text(url), shown)


def internal(href: str, label: Any) -> Markup:
    return fmt('<a href="{}">{}</a>', text(href), text(label))


#: What :func:`not_stated` returns; :func:`dl` recognises it to gather such rows into one line.
_NOT_STATED = Markup(f'<span class="not-stated">{NOT_STATED}</span>')


def not_stated() -> Markup:
    return _NOT_STATED


def is_not_stated(value: Any) -> bool:
    return isinstance(value, Markup) and str(value) == str(_NOT_STATED)


def none() -> Markup:
    return fmt('<span class="none-stated">{}</span>', NONE_TEXT)


def jalali_date(value: str) -> Markup:
    """``1403-05-12`` → ``۱۲ مرداد ۱۴۰۳``."""
    try:
        y, m, d = jalali.parse(value)
    except ValueError:
        return text(value)
    return fmt("{} {} {}", persian_digits(d), jalali.MONTH_NAMES[m - 1], persian_digits(y))


def jalali_from(date: dt.date) -> Markup:
    y, m, d = jalali.from_gregorian(date)
    return fmt("{} {} {}", persian_digits(d), jalali.MONTH_NAMES[m - 1], persian_digits(y))


def yes_no(value: bool) -> Markup:
    return Markup("بله") if value else Markup("خیر")


def labels(values: Iterable[Vocab]) -> Markup:
    return Markup("، ").join(text(v.label) for v in values)


def items(values: Iterable[Any], cls: str = "") -> Markup:
    attr = fmt(' class="{}"', cls) if cls else Markup("")
    return fmt("<ul{}>{}</ul>", attr, Markup("").join(fmt("<li>{}</li>", v) for v in values))


def dl(rows: Iterable[tuple[str | Markup, Markup]], cls: str = "card-fields") -> Markup:
    """A definition list: Persian label, then value. Rows not stated are gathered after the list
    into one line («اعلام نشده: الف، ب») instead of one muted row each."""
    stated: list[tuple[str | Markup, Markup]] = []
    missing: list[tuple[str | Markup, Markup]] = []
    for label, value in rows:
        (missing if is_not_stated(value) else stated).append((label, value))
    body = Markup("").join(fmt("<dt>{}</dt><dd>{}</dd>", label, value) for label, value in stated)
    out = fmt('<dl class="{}">{}</dl>', cls, body) if stated else Markup("")
    if missing:
        out += fmt('<p class="not-stated-line"><span class="not-stated">{}:</span> {}</p>', NOT_STATED, Markup("، ").join(text(label) for label, _ in missing))
    return out


def table(head: Iterable[str], rows: Iterable[Iterable[Markup]]) -> Markup:
    """A table; a column that is empty in every row is left out (it only costs width on a phone).
    On a phone each row becomes a label/value list: every cell carries its column's label
    (``data-label``, our own Persian text) and the stylesheet shows it before the value."""
    head = list(head)
    body_rows = [list(r) for r in rows]
    keep = [i for i in range(len(head)) if any(str(r[i]).strip() for r in body_rows)] if body_rows else list(range(len(head)))
    th = Markup("").join(fmt("<th>{}</th>", head[i]) for i in keep)
    body = Markup("").join(fmt("<tr>{}</tr>", Markup("").join(fmt('<td data-label="{}">{}</td>', head[i], r[i]) for i in keep)) for r in body_rows)
    return fmt('<table class="stack"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>', th, body)
