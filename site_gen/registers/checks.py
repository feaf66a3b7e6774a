"""The registers' rules across files: every reference resolves, project ids are unique, and no
document supersedes itself through a chain.

A reference to a file that exists but is invalid is not reported again (that file has its own
errors), as for the cards (:mod:`site_gen.checks`). Cards and agencies are looked up on disk:
``cards/<agency>/<slug>.yaml`` and ``cards/<agency>/_agency.yaml``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from .. import codes
from ..report import Diagnostic, diag
from ..summary import AGENCY_FILE, is_reference
from . import certificate_slug
from .validate import RegRef, RegResult


def check_across(root: Path, results: Iterable[RegResult], rels: Collection[str]) -> list[Diagnostic]:
    results = list(results)
    out: list[Diagnostic] = []
    card_cache: dict[str, bool] = {}

    def on_disk(rel: str) -> bool:
        found = card_cache.get(rel)
        if found is None:
            found = card_cache[rel] = os.path.isfile(os.path.join(root, rel))
        return found

    ids: dict[str, list[tuple[str, RegRef]]] = {}
    for r in results:
        for ref in r.refs:
            if ref.target == "project-id":
                ids.setdefault(ref.value.casefold(), []).append((r.rel, ref))
                continue
            d = _resolve(r.rel, ref, rels, on_disk)
            if d is not None:
                out.append(d)
    for places in ids.values():
        if len(places) < 2:
            continue
        for rel, ref in places:
            others = "، ".join(f"{o}:{other.line}" for o, other in places if o != rel)
            out.append(diag(rel, ref.line, ref.column, codes.DUPLICATE_ID, f"شناسهٔ طرح {ref.value!r} در میان طرح‌ها تکراری است؛ همچنین در {others}", ref.key))
    out += _cycles(results)
    return out


def _resolve(rel: str, ref: RegRef, rels: Collection[str], exists: Callable[[str], bool]) -> Diagnostic | None:
    value = ref.value
    if ref.target == "agency":
        if not is_reference(value):
            if ref.text_ok:
                return diag(rel, ref.line, ref.column, codes.UNREGISTERED_AGENCY, f"«{value}» دستگاه ثبت‌شده‌ای نیست (متن آزاد)", ref.key)
            return diag(rel, ref.line, ref.column, codes.INVALID_REFERENCE, f"انتظار می‌رفت شناسهٔ دستگاه، اما {value!r} آمده است", ref.key)
        if "/" in value or not exists(f"cards/{value}/{AGENCY_FILE}"):
            return diag(rel, ref.line, ref.column, codes.UNKNOWN_AGENCY, f"دستگاه {value!r} ثبت نشده است: پروندهٔ cards/{value}/{AGENCY_FILE} وجود ندارد", ref.key)
        return None
    if ref.target == "service":
        agency, _, slug = value.rpartition("/")
        path = f"cards/{agency or ref.agency}/{slug}.yaml"
        if not exists(path):
            return diag(rel, ref.line, ref.column, codes.UNKNOWN_SERVICE, f"شناسنامهٔ خدمت {value!r} پیدا نشد: پروندهٔ {path} وجود ندارد", ref.key)
        return None
    if ref.target == "project":
        path = f"registers/projects/{value}.yaml"
        if path not in rels:
            return diag(rel, ref.line, ref.column, codes.UNKNOWN_PROJECT, f"طرح {value!r} پیدا نشد: پروندهٔ {path} وجود ندارد", ref.key)
        return None
    if ref.target == "body":
        path = f"registers/bodies/{value}.yaml"
        if path not in rels:
            return diag(rel, ref.line, ref.column, codes.UNKNOWN_BODY, f"نهاد {value!r} پیدا نشد: پروندهٔ {path} وجود ندارد", ref.key)
        return None
    if ref.target == "certificate":
        path = f"registers/certificates/{certificate_slug(value)}.yaml"
        if path not in rels:
            return diag(rel, ref.line, ref.column, codes.UNKNOWN_CERTIFICATE, f"گواهی {value!r} پیدا نشد: پروندهٔ {path} وجود ندارد", ref.key)
        return None
    path = f"registers/documents/{value}.yaml"
    if path not in rels:
        return diag(rel, ref.line, ref.column, codes.UNKNOWN_DOCUMENT, f"سند {value!r} پیدا نشد: پروندهٔ {path} وجود ندارد", ref.key)
    return None


def _cycles(results: list[RegResult]) -> list[Diagnostic]:
    """Every document on a cycle of ``supersedes``; each error at the entry that closes it."""
    edges: dict[str, list[RegRef]] = {}
    rel_of: dict[str, str] = {}
    for r in results:
        if r.type == "documents" and r.record is not None:
            rel_of[r.key] = r.rel
            edges[r.key] = [ref for ref in r.refs if ref.target == "document"]
    out: list[Diagnostic] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done
    reported: set[tuple[str, str]] = set()

    def visit(start: str) -> None:
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = [start]
        state[start] = 1
        while stack:
            node, i = stack[-1]
            refs = edges.get(node, [])
            if i >= len(refs):
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            stack[-1] = (node, i + 1)
            nxt = refs[i].value
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                shown = " → ".join([*cycle, nxt])
                for member in cycle:
                    following = cycle[(cycle.index(member) + 1) % len(cycle)]
                    for ref in edges[member]:
                        if ref.value == following and (member, following) not in reported:
                            reported.add((member, following))
                            out.append(diag(rel_of[member], ref.line, ref.column, codes.SUPERSEDES_CYCLE, f"زنجیرهٔ جایگزینی سندها چرخه دارد: {shown}", ref.key))
            elif nxt in edges and nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, 0))

    for slug in sorted(edges):
        if slug not in state:
            visit(slug)
    return out
