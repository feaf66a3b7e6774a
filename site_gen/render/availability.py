"""The availability of e-services on the site, from the status file (``ROOT/status.json``).

* a line on each service page whose address was probed: up, slow or down, the last check
  (Jalali date and Tehran time) and the uptime over the kept period (:func:`status_line`);
* ``/availability/``: every agency, its addresses up, slow and down now, its uptime;
* ``/availability/<agency>/``: each address of the agency with its record, state, last check,
  response time, uptime and the days left on its TLS certificate.

Without a status file there is no line and no page: the site is built exactly as before. The
status file is data like a card: every value is escaped (:mod:`.html`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..availability import Target, targets
from ..availability.probe import ERRORS
from ..availability.status import (
    FILE,
    SLOW_MS,
    Check,
    Status,
    StatusError,
    load_if_present,
    parse_time,
)
from ..build import BuildError
from ..history import TEHRAN
from ..text import persian_digits
from . import html as h

if TYPE_CHECKING:
    from .pages import Key, Page, Site

STATES = {"up": "در دسترس", "slow": "کند", "down": "از دسترس خارج"}
KIND_LABELS = {"service": "خدمت", "licence": "نمونهٔ مجوز", "agency": "وبگاه دستگاه"}
ORDER = {"down": 0, "slow": 1, "up": 2}
#: A certificate that expires in fewer days than this is flagged on the agency's page.
TLS_WARN_DAYS = 14


class StatusFileError(BuildError):
    """The status file is there but cannot be read (the build says so and stops)."""


@functools.lru_cache(maxsize=4)
def _load(root: str, _signature: tuple[int, int]) -> Status | None:
    try:
        return load_if_present(Path(root))
    except StatusError as exc:
        raise StatusFileError(str(exc)) from exc


def status_of(site: Site) -> Status | None:
    """The catalogue's status file, read once per version of the file (forked page workers
    share what the parent read)."""
    root = site.catalogue.root
    try:
        st = os.lstat(Path(root) / FILE)
    except OSError:
        return None
    return _load(str(root), (st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=4)
def _views(status: Status) -> tuple[dict[str, Check], dict[str, tuple[int, int]]]:
    return status.latest(), status.uptime()


def _period_days(status: Status) -> int:
    period = status.period()
    if period is None:
        return 0
    first, last = (dt.date.fromisoformat(d) for d in period)
    return (last - first).days + 1


def when(moment: dt.datetime) -> Markup:
    """``۱۳ آذر ۱۴۰۵، ساعت ۲۲:۰۰`` in Tehran."""
    local = moment.astimezone(TEHRAN)
    return h.fmt("{}، ساعت {}", h.jalali_from(local.date()), persian_digits(local.strftime("%H:%M")))


def percent(checks: int, up: int) -> Markup:
    value = 100 * up / checks
    shown = f"{value:.1f}".removesuffix(".0") if value < 100 else "100"
    return h.fmt("{}٪", persian_digits(shown).replace(".", "٫"))


def seconds(ms: float | None) -> Markup:
    """A response time for people: ``۱۸۲ میلی‌ثانیه`` under a second, else ``۳٫۴ ثانیه``."""
    if ms is None:
        return Markup("")
    if ms < 1000:
        return h.fmt("{} میلی‌ثانیه", persian_digits(max(1, round(ms))))
    return h.fmt("{} ثانیه", persian_digits(f"{ms / 1000:.1f}").replace(".", "٫"))


def state_badge(check: Check) -> Markup:
    state = check.state()
    reason = ""
    if state == "down":
        reason = ERRORS.get(check.error or "", "")
        if check.status is not None:
            reason = f"{reason}، کد {persian_digits(check.status)}" if reason else f"کد {persian_digits(check.status)}"
    shown = h.fmt('<span class="availability-state availability-state--{}">{}</span>', state, STATES[state])
    return h.fmt("{} ({})", shown, reason) if reason else shown


def status_line(site: Site, key: Key) -> Markup:
    """The service page's line; empty when the card has no address or it was never probed."""
    status = status_of(site)
    card = site.catalogue.services[key]
    if status is None or not card.website:
        return Markup("")
    latest, uptime = _views(status)
    check = latest.get(card.website)
    if check is None:
        return Markup("")
    from .pages import relative, service_url

    parts = [h.fmt("وضعیت نشانی اینترنتی خدمت: {}", state_badge(check))]
    if check.ok and check.ms is not None:
        parts.append(h.fmt("زمان پاسخ {}", seconds(check.ms)))
    parts.append(h.fmt("آخرین بررسی: {} به وقت تهران", when(check.started)))
    if card.website in uptime and uptime[card.website][0]:
        parts.append(h.fmt("دسترس‌پذیری در {} روز گذشته: {}", persian_digits(_period_days(status)), percent(*uptime[card.website])))
    here = service_url(key)
    parts.append(h.internal(relative(here, f"availability/{key[0]}/"), "وضعیت نشانی‌های دستگاه"))
    return h.fmt('<p class="availability">{}</p>', Markup(" · ").join(parts))


def availability_home(site: Site) -> Markup:
    """The home page's way in to ``/availability/``: the addresses up, slow and down now."""
    status = status_of(site)
    if status is None:
        return Markup("")
    latest, _ = _views(status)
    counts = {"up": 0, "slow": 0, "down": 0}
    for url in {t.url for t in targets(site.catalogue)}:
        if url in latest:
            counts[latest[url].state()] += 1
    shown = "، ".join(f"{persian_digits(counts[s])} {STATES[s]}" for s in ("up", "slow", "down"))
    return h.fmt("<p>{}: {}.</p>", h.internal("availability/", "وضعیت نشانی‌های اینترنتی خدمات و دستگاه‌ها"), shown)


def availability_jobs(site: Site) -> list[Callable[[], Iterable[Page]]]:
    """The jobs of the availability pages: none without a status file."""
    status = status_of(site)
    if status is None:
        return []
    found: dict[str, list[Target]] = defaultdict(list)
    for t in targets(site.catalogue):
        found[t.agency].append(t)
    jobs: list[Callable[[], Iterable[Page]]] = [lambda: [index_page(site, status, found)]]
    jobs += [functools.partial(lambda a, ts: [agency_page(site, status, a, ts)], agency, ts) for agency, ts in found.items()]
    return jobs


def _record_link(site: Site, here: str, t: Target) -> Markup:
    from .pages import agency_url, relative

    if t.kind == "service":
        return site.service_link(here, (t.agency, t.slug))
    if t.kind == "licence":
        return site.licence_link(here, (t.agency, t.slug))
    return h.internal(relative(here, agency_url(t.agency)), site.agency_name(t.agency))


def _tls(days: int | None) -> Markup:
    if days is None:
        return Markup("")
    if days < 0:
        return Markup("منقضی شده")
    shown = h.fmt("{} روز", persian_digits(days))
    return h.fmt('<strong class="availability-warn">{}</strong>', shown) if days < TLS_WARN_DAYS else shown


def _intro(status: Status) -> Markup:
    latest_run = status.runs[-1]["started"] if status.runs else None
    parts = [Markup("نشانی‌های اینترنتی خدمات، وبگاه دستگاه‌ها و نمونهٔ مجوزها به‌طور خودکار و دوره‌ای بررسی می‌شوند.")]
    if latest_run:
        parts.append(h.fmt("آخرین بررسی: {} به وقت تهران.", when(parse_time(latest_run))))
    days = _period_days(status)
    if days:
        parts.append(h.fmt("دسترس‌پذیری در {} روز گذشته حساب شده است؛ نشانی‌ای که دیرتر از {} ثانیه پاسخ دهد کند شمرده می‌شود.",
                           persian_digits(days), persian_digits(SLOW_MS // 1000)))
    return h.fmt("<p>{}</p>", Markup(" ").join(parts))


def index_page(site: Site, status: Status, found: dict[str, list[Target]]) -> Page:
    from .pages import Page, Parts, _crumbs, relative, yaml_string

    here = "availability/"
    latest, uptime = _views(status)
    rows = []
    for agency in sorted(found, key=lambda a: site.agency_name(a)):
        counts = {"up": 0, "slow": 0, "down": 0}
        checks = up = 0
        for t in found[agency]:
            check = latest.get(t.url)
            if check is not None:
                counts[check.state()] += 1
            n, u = uptime.get(t.url, (0, 0))
            checks, up = checks + n, up + u
        rows.append([h.internal(relative(here, f"availability/{agency}/"), site.agency_name(agency)), h.number(len(found[agency])),
                     h.number(counts["up"]), h.number(counts["slow"]), h.number(counts["down"]), percent(checks, up) if checks else Markup("")])
    r = Parts()
    r["crumbs"] = _crumbs(site, here, [], "وضعیت خدمات الکترونیکی")
    r["intro"] = _intro(status)
    r["list"] = h.table(["دستگاه", "نشانی‌ها", STATES["up"], STATES["slow"], STATES["down"], "دسترس‌پذیری"], rows)
    return Page(f"{here}index.md", site.render("availability.md.j2", r=r, title_yaml=yaml_string("وضعیت خدمات الکترونیکی")))


def agency_page(site: Site, status: Status, agency: str, found: list[Target]) -> Page:
    from .pages import Page, Parts, _crumbs, yaml_string

    here = f"availability/{agency}/"
    latest, uptime = _views(status)

    def order(t: Target) -> tuple[int, str]:
        check = latest.get(t.url)
        return (ORDER[check.state()] if check else 3, t.url)

    rows = []
    for t in sorted(found, key=order):
        check = latest.get(t.url)
        n, u = uptime.get(t.url, (0, 0))
        rows.append([
            _record_link(site, here, t),
            h.text(KIND_LABELS[t.kind]),
            h.link(t.url),
            state_badge(check) if check else Markup("بررسی نشده"),
            seconds(check.ms) if check and check.ok else Markup(""),
            percent(n, u) if n else Markup(""),
            _tls(check.tls_days_left) if check else Markup(""),
            when(check.started) if check else Markup(""),
        ])
    title = f"وضعیت خدمات الکترونیکی {site.agency_name(agency)}"
    r = Parts()
    r["crumbs"] = _crumbs(site, here, [("availability/", "وضعیت خدمات الکترونیکی")], title)
    r["intro"] = _intro(status)
    r["list"] = h.table(["رکورد", "نوع", "نشانی", "وضعیت", "زمان پاسخ", "دسترس‌پذیری", "اعتبار گواهی امنیتی", "آخرین بررسی"], rows)
    return Page(f"{here}index.md", site.render("availability.md.j2", r=r, title_yaml=yaml_string(title)))
