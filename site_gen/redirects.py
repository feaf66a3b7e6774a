"""Old addresses never break: the committed record of moved and removed pages.

``ROOT/redirects.yaml`` lists, for every card or licence that was renamed or removed, its old
address and where it now leads: the new address, or (removed) its agency's page with a notice.
A committed record rather than git history, because the record

* is reviewed in the merge request that moves the page, like the move itself;
* works in a shallow clone (CI's default) and under ``site-gen serve`` without reading history;
* is written by ``site-gen diff BASE --write-redirects`` from the same pairing of renames that
  the diff shows, and ``site-gen diff`` warns about any old address it does not cover.

Addresses are site paths without a leading slash (``services/ito/old-slug/``), as the pages'
own addresses are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model.kind import RecordKind
from .patterns import SLUG_RE
from .summary import classify

FILE = "redirects.yaml"
HEADER = (
    "# نشانی‌های پیشین صفحه‌ها: هر شناسنامه یا مجوزی که جابه‌جا یا حذف شد، نشانی پیشینش اینجا\n"
    "# ماند تا پیوندهای شهروندان نشکند. با `site-gen diff <شاخهٔ پایه> --write-redirects` نوشته می‌شود.\n"
    "# from: نشانی پیشین؛ to: نشانی تازه (نبودنش یعنی حذف‌شده: صفحهٔ دستگاه با یک اطلاعیه)\n"
)


class RedirectsError(ValueError):
    """The redirects record cannot be read (a Persian message naming the file)."""


@dataclass(frozen=True)
class Moved:
    old: str
    new: str | None
    agency: str
    title: str = ""

    def as_dict(self) -> dict[str, str]:
        out = {"from": self.old}
        if self.new:
            out["to"] = self.new
        out["agency"] = self.agency
        if self.title:
            out["title"] = self.title
        return out


def address_of(rel: str) -> str | None:
    """The site address of a record file (``cards/ito/x.yaml`` → ``services/ito/x/``)."""
    kind, agency, slug = classify(rel)
    if kind is RecordKind.SERVICE:
        return f"services/{agency}/{slug}/"
    if kind is RecordKind.LICENCE:
        return f"licenses/{agency}/{slug}/"
    if kind is RecordKind.AGENCY:
        return f"agencies/{agency}/"
    return None


def _address_ok(value: Any) -> bool:
    if not isinstance(value, str) or not value.endswith("/"):
        return False
    parts = value[:-1].split("/")
    return len(parts) in (2, 3) and parts[0] in ("services", "licenses", "agencies") and all(SLUG_RE.match(p) for p in parts[1:])


def parse(text: bytes | str, name: str = FILE) -> list[Moved]:
    """The entries of a redirects record; :class:`RedirectsError` when it is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RedirectsError(f"{name}: پروندهٔ YAML درستی نیست: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise RedirectsError(f"{name}: انتظار می‌رفت فهرستی از نشانی‌ها، اما {type(data).__name__} آمده است")
    out = []
    for i, item in enumerate(data, 1):
        where = f"{name}: مورد {i}"
        if not isinstance(item, dict) or not set(item) <= {"from", "to", "agency", "title"}:
            raise RedirectsError(f"{where}: انتظار می‌رفت کلیدهای from، to، agency و title، اما {item!r} آمده است")
        old, new, agency = item.get("from"), item.get("to"), item.get("agency")
        if not _address_ok(old) or (new is not None and not _address_ok(new)):
            raise RedirectsError(f"{where}: انتظار می‌رفت نشانی‌ای مانند services/<دستگاه>/<نامک>/، اما {old!r} → {new!r} آمده است")
        if not isinstance(agency, str) or not SLUG_RE.match(agency):
            raise RedirectsError(f"{where}: انتظار می‌رفت شناسهٔ دستگاه در agency، اما {agency!r} آمده است")
        out.append(Moved(str(old), new, agency, str(item.get("title") or "")))
    return out


def load(root: Path) -> list[Moved]:
    path = root / FILE
    if not path.is_file() or path.is_symlink():
        return []
    return parse(path.read_bytes(), FILE)


def dump(entries: Iterable[Moved]) -> str:
    body = [e.as_dict() for e in sorted(entries, key=lambda e: e.old)]
    return HEADER + (yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1000) if body else "[]\n")


def lookup(entries: Iterable[Moved]) -> dict[str, Moved]:
    return {e.old: e for e in entries}


def record(entries: list[Moved], moves: Iterable[Moved]) -> list[Moved]:
    """``entries`` with ``moves`` added: an address moved again leads straight to its newest
    place (a → b then b → c: a → c), and an address in use again is no longer redirected."""
    by_old = lookup(entries)
    moves = list(moves)
    live = {m.new for m in moves if m.new}
    for move in moves:
        by_old[move.old] = move
        for old, e in list(by_old.items()):
            if e.new == move.old:
                by_old[old] = Moved(old, move.new, move.agency if move.new is None else e.agency, e.title or move.title)
    return [e for e in by_old.values() if e.old not in live and e.old != e.new]
