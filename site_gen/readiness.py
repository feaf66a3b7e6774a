"""The readiness index of an agency (or a province): the one place that defines it.

Computed only from service cards. Each component is a value between 0 and 1 for one card; an
agency's component is the mean over its cards, and its index is the weighted mean of the
components, times 100::

    index = 100 × Σ weight_i × component_i / Σ weight_i

A province's index is computed the same way over the cards of every agency whose ``province``
is that province (cards pooled, not agencies averaged). The /readiness/ page shows the formula
from :data:`COMPONENTS` and :func:`formula` (this module is its only source), and the ranking
table shows every component.

Ranks are competition ranks on the index rounded to one decimal (1, 2, 2, 4), so that two
agencies shown with the same index share a rank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from . import jalali
from .model import Service
from .model.common import is_form_field
from .model.vocab import Stage
from .text import persian_digits

#: A card reviewed within this many days counts as fresh.
FRESH_DAYS = 365


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: int
    #: how one card scores, in Persian (shown on /readiness/ under the formula)
    rule: str
    of: Callable[[Service, dt.date], float]


def _fully_electronic(s: Service, today: dt.date) -> float:
    return 1.0 if s.fully_electronic() is True else 0.0


def _stages(s: Service, today: dt.date) -> float:
    if s.access is None:
        return 0.0
    return sum(1 for _, st in s.access.stages() if st.electronic is True) / len(Stage)


def _no_visit(s: Service, today: dt.date) -> float:
    return 1.0 if s.in_person_visits == 0 else 0.0


def _exchanges(s: Service, today: dt.date) -> float:
    if s.related_agencies is None:
        return 0.0
    if not s.related_agencies:
        return 1.0
    return sum(1 for r in s.related_agencies if r.electronic is True) / len(s.related_agencies)


def _payment(s: Service, today: dt.date) -> float:
    if s.cost is None:
        return 0.0
    return 1.0 if s.cost.free is True or s.cost.electronic_payment is True else 0.0


_FORM = [n for n in Service.model_fields if is_form_field(Service, n)]


def _completeness(s: Service, today: dt.date) -> float:
    return sum(1 for n in _FORM if getattr(s, n) is not None) / len(_FORM)


def reviewed_on(s: Service) -> dt.date | None:
    """The Gregorian day of the card's ``last_reviewed`` (a Jalali date), if stated."""
    if not s.last_reviewed:
        return None
    try:
        return jalali.to_gregorian(*jalali.parse(s.last_reviewed))
    except ValueError:
        return None


def _fresh(s: Service, today: dt.date) -> float:
    day = reviewed_on(s)
    return 1.0 if day is not None and (today - day).days <= FRESH_DAYS else 0.0


COMPONENTS: list[Component] = [
    Component("fully_electronic", "سهم خدمات کاملاً اینترنتی", 25,
              "۱ اگر خدمت بنا بر تعریف قالب شناسنامه کاملاً اینترنتی است، وگرنه ۰", _fully_electronic),
    Component("stages", "مراحل الکترونیکی", 15,
              "شمار مراحلی (از چهار مرحلهٔ اطلاع‌رسانی، درخواست، تولید خدمت و ارائه) که الکترونیکی اعلام شده‌اند، بخش بر ۴", _stages),
    Component("no_visit", "سهم خدمات بی‌نیاز از مراجعهٔ حضوری", 15,
              "۱ اگر تعداد مراجعهٔ حضوری صفر اعلام شده است، وگرنه ۰", _no_visit),
    Component("exchanges", "تبادل الکترونیکی با دستگاه‌های دیگر", 10,
              "سهم استعلام‌های از دستگاه‌های دیگر که الکترونیکی است؛ ۱ اگر خدمت استعلامی ندارد، ۰ اگر اعلام نشده است", _exchanges),
    Component("payment", "پرداخت الکترونیکی", 10,
              "۱ اگر خدمت رایگان است یا پرداخت آن الکترونیکی است، وگرنه ۰", _payment),
    Component("completeness", "کامل بودن شناسنامه", 15,
              "سهم موردهای فرم شناسنامه که دستگاه اعلام کرده است", _completeness),
    Component("freshness", "به‌روز بودن", 10,
              f"۱ اگر آخرین بازبینی دستگاه در {persian_digits(FRESH_DAYS)} روز گذشته است، وگرنه ۰", _fresh),
]
TOTAL_WEIGHT = sum(c.weight for c in COMPONENTS)


@dataclass
class Score:
    """The index of one agency or province: its components (0..1), the index (0..100), the
    number of cards it rests on, and its rank among those with cards."""

    services: int
    components: dict[str, float] = field(default_factory=dict)
    index: float = 0.0
    rank: int = 0


def score(services: Iterable[Service], today: dt.date) -> Score:
    """The index over these cards (an agency's, or a province's pooled)."""
    cards = list(services)
    out = Score(len(cards))
    if not cards:
        return out
    for c in COMPONENTS:
        out.components[c.key] = sum(c.of(s, today) for s in cards) / len(cards)
    out.index = 100 * sum(c.weight * out.components[c.key] for c in COMPONENTS) / TOTAL_WEIGHT
    return out


def rank(scores: Mapping[str, Score]) -> list[str]:
    """Set competition ranks (1, 2, 2, 4) on the index rounded to one decimal, among the
    entries with at least one card; return their keys best first (ties: by key)."""
    ranked = sorted((k for k, s in scores.items() if s.services), key=lambda k: (-round(scores[k].index, 1), k))
    previous: float | None = None
    for i, k in enumerate(ranked, 1):
        shown = round(scores[k].index, 1)
        scores[k].rank = i if shown != previous else scores[ranked[i - 2]].rank
        previous = shown
    return ranked


def formula() -> str:
    """The formula in Persian, from :data:`COMPONENTS` (the page shows this very text)."""
    terms = " + ".join(f"{persian_digits(c.weight)} × {c.label}" for c in COMPONENTS)
    return f"شاخص آمادگی = ۱۰۰ × ({terms}) ÷ {persian_digits(TOTAL_WEIGHT)}"
