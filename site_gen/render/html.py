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

from markupsafe import Markup, escape

from .. import jalali
from ..model.vocab import Vocab
from ..text import persian_digits, rials

NOT_STATED = "اعلام نشده"
NONE_TEXT = "هیچ‌کدام"

_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "{}[]|*_`~\\"})


def text(value: Any) -> Markup:
    """Escape untrusted text for any HTML or Markdown context."""
    if isinstance(value, Markup):
        return value
    return Markup(str(escape(str(value))).translate(_ENTITIES))


def multiline(value: str) -> Markup:
    """Free text: paragraphs on blank lines, line breaks kept."""
    paras = [p.strip() for p in value.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(Markup("<br>").join(text(line) for line in p.split("\n"))) for p in paras)


def ltr(value: Any) -> Markup:
    """An LTR island (ids, codes, URLs, Latin text) inside right-to-left text."""
    return Markup('<bdi class="ltr" dir="ltr">{}</bdi>').format(text(value))


def number(value: float | int) -> Markup:
    """A number for people: Persian digits."""
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return Markup("{}").format(persian_digits(shown).replace(".", "٫"))


def money(amount: int) -> Markup:
    return Markup("{} ریال").format(rials(amount)) if amount else Markup("رایگان")


def link(url: str, label: Any | None = None) -> Markup:
    """A link to a validated http(s) URL; the label defaults to the URL as an LTR island."""
    shown = ltr(url) if label is None else text(label)
    return Markup('<a href="{}" rel="nofollow noopener">{}</a>').format(text(url), shown)


def internal(href: str, label: Any) -> Markup:
    return Markup('<a href="{}">{}</a>').format(text(href), text(label))


def not_stated() -> Markup:
    return Markup('<span class="not-stated">{}</span>').format(NOT_STATED)


def none() -> Markup:
    return Markup('<span class="none-stated">{}</span>').format(NONE_TEXT)


def jalali_date(value: str) -> Markup:
    """``1403-05-12`` → ``۱۲ مرداد ۱۴۰۳``."""
    try:
        y, m, d = jalali.parse(value)
    except ValueError:
        return text(value)
    return Markup("{} {} {}").format(persian_digits(d), jalali.MONTH_NAMES[m - 1], persian_digits(y))


def jalali_from(date: dt.date) -> Markup:
    y, m, d = jalali.from_gregorian(date)
    return Markup("{} {} {}").format(persian_digits(d), jalali.MONTH_NAMES[m - 1], persian_digits(y))


def yes_no(value: bool) -> Markup:
    return Markup("بله") if value else Markup("خیر")


def labels(values: Iterable[Vocab]) -> Markup:
    return Markup("، ").join(text(v.label) for v in values)


def items(values: Iterable[Any], cls: str = "") -> Markup:
    attr = Markup(' class="{}"').format(cls) if cls else Markup("")
    return Markup("<ul{}>{}</ul>").format(attr, Markup("").join(Markup("<li>{}</li>").format(v) for v in values))


def dl(rows: Iterable[tuple[str | Markup, Markup]], cls: str = "card-fields") -> Markup:
    """A definition list: Persian label, then value."""
    body = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(label, value) for label, value in rows)
    return Markup('<dl class="{}">{}</dl>').format(cls, body)


def table(head: Iterable[str], rows: Iterable[Iterable[Markup]]) -> Markup:
    th = Markup("").join(Markup("<th>{}</th>").format(h) for h in head)
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(Markup("<td>{}</td>").format(c) for c in row)) for row in rows
    )
    return Markup("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>").format(th, body)
