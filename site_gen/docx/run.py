"""``site-gen import docx`` and ``site-gen export docx``: files in, drafts or forms out.

Each form becomes a draft written through the project's formatter (:mod:`site_gen.fmt`), at
``ROOT/cards/<agency>/<slug>.yaml`` or ``ROOT/licenses/<agency>/<slug>.yaml``; an existing file
is never overwritten without ``force``. A file that cannot be read gets a Persian message and the
other files go on.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from .. import codes
from ..fmt import Refused, format_text
from ..load import load_bytes
from ..model import Licence, Service
from ..patterns import SLUG_RE
from ..record import validate_file
from ..report import diag
from .labels import key
from .mapping import Entry, read_form
from .read import DocxError, parse
from .report import FileReport
from .write import export_bytes

_SCHEMA = {"service": "service", "licence": "licence"}
_TOP = {"service": "cards", "licence": "licenses"}


def agency_names(root: Path) -> dict[str, str]:
    """key(name) → slug of every registered agency under ``root`` (to turn names into references)."""
    out: dict[str, str] = {}
    for path in sorted((root / "cards").glob("*/_agency.yaml")):
        try:
            data = load_bytes(path.read_bytes(), str(path)).data
        except OSError:
            continue
        if data and isinstance(data.get("name"), str):
            out[key(data["name"])] = path.parent.name
    return out


def docx_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and every .docx inside the folders named, in a stable order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                q
                for q in p.rglob("*")
                if q.is_file() and q.suffix.lower() == ".docx" and not q.name.startswith("~$")
            )
        else:
            out.append(p)
    return out


def _slug(path: Path, data: dict[str, Any], raw: bytes, entries: list[Entry]) -> str:
    stem = path.stem.lower()
    if SLUG_RE.match(stem):
        return stem
    record_id = str(data.get("id") or "")
    if record_id and SLUG_RE.match(record_id.lower()):
        slug = f"service-{record_id.lower()}"
        why = f"نام پرونده «{path.name}» شناسهٔ لاتین نیست؛ از شناسهٔ رکورد ساخته شد"
    else:
        slug = "draft-" + hashlib.sha256(raw).hexdigest()[:10]
        why = f"نام پرونده «{path.name}» شناسهٔ لاتین نیست؛ از محتوای پرونده ساخته شد؛ پس از بازبینی نام پرونده را عوض کنید"
    entries.append(Entry("guessed", "slug", f"{slug}: {why}"))
    return slug


def _resolve_agencies(
    data: Any, names: dict[str, str], entries: list[Entry], path: str = ""
) -> None:
    """Agency names that are a registered agency's name become its slug (a reference)."""
    if isinstance(data, dict):
        for k, v in data.items():
            sub = f"{path}.{k}" if path else k
            if (
                k == "agency"
                and path
                and isinstance(v, str)
                and (slug := names.get(key(v)))
                and slug != v
            ):
                data[k] = slug
                entries.append(
                    Entry(
                        "guessed",
                        sub,
                        f"«{v}» نام دستگاه ثبت‌شدهٔ {slug} است؛ به ارجاع {slug} برگردانده شد",
                    )
                )
            else:
                _resolve_agencies(v, names, entries, sub)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _resolve_agencies(v, names, entries, f"{path}[{i}]")


def draft_text(kind: str, data: dict[str, Any], rel: str, source: str) -> str:
    """The YAML of a draft, normalised by ``site-gen fmt``; raises :class:`Refused`."""
    header = (
        f"# yaml-language-server: $schema=../../schema/{_SCHEMA[kind]}.schema.json\n"
        f"# پیش‌نویس از فرم Word: {Path(source).name.replace(chr(10), ' ')} — پیش از ادغام بازبینی شود.\n"
    )
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present (batches)
    body = yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )
    return format_text(header + body, rel)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def import_one(
    path: Path, agency: str, root: Path, *, force: bool = False, names: dict[str, str] | None = None
) -> FileReport:
    shown = str(path)
    report = FileReport(shown)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error = diag(shown, 1, 1, codes.DOCX_NOT_DOCX, f"پرونده خوانده نشد: {exc.strerror}")
        return report
    try:
        doc = parse(raw)
        result = read_form(doc, agency)
    except DocxError as exc:
        report.error = diag(shown, 1, 1, exc.code, exc.message)
        return report
    except (
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
    ):  # a shape no form has: this file only
        report.error = diag(
            shown,
            1,
            1,
            codes.DOCX_DAMAGED,
            "ساختار این سند خوانا نبود و فرم خوانده نشد؛ آن را دوباره از Word ذخیره کنید یا برای نگه‌دارندگان کاتالوگ بفرستید",
        )
        return report
    except RecursionError:
        report.error = diag(
            shown,
            1,
            1,
            codes.DOCX_TOO_LARGE,
            "جدول‌های تودرتوی سند بیش از حد ژرف است؛ این سند فرم نیست",
        )
        return report
    report.kind = result.kind
    report.entries = result.entries
    _resolve_agencies(result.data, names or {}, report.entries)
    slug = _slug(path, result.data, raw, report.entries)
    rel = f"{_TOP[result.kind]}/{agency}/{slug}.yaml"
    report.target = rel
    target = root / rel
    if target.exists() and not force:
        report.error = diag(
            shown,
            1,
            1,
            codes.DOCX_DRAFT_EXISTS,
            f"پروندهٔ {rel} از پیش هست و بازنویسی نشد؛ برای بازنویسی --force بدهید",
        )
        return report
    try:
        text = draft_text(result.kind, result.data, rel, shown)
    except Refused as exc:
        report.error = diag(
            shown,
            1,
            1,
            codes.FMT_UNSAFE,
            "پیش‌نویس ساخته نشد: " + "؛ ".join(d.message for d in exc.diagnostics),
        )
        return report
    try:
        _write(target, text)
    except OSError as exc:
        report.error = diag(
            shown, 1, 1, codes.FMT_UNSAFE, f"پیش‌نویس {rel} نوشته نشد: {exc.strerror}"
        )
        return report
    report.ok = True
    checked = validate_file(str(root), rel, text.encode("utf-8"))
    report.diagnostics = [d for d in checked.diagnostics if d.code != codes.PLACEHOLDER]
    return report


def _import_job(job: tuple[Path, str, Path, bool, dict[str, str]]) -> FileReport:
    path, agency, root, force, names = job
    return import_one(path, agency, root, force=force, names=names)


#: Below this many files one process reads them all; above, every core does a share.
PARALLEL_FROM = 16


def import_paths(
    paths: Iterable[Path],
    agency: str,
    root: Path,
    *,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    jobs: int | None = None,
) -> list[FileReport]:
    """Import every form named (folders: every .docx inside); one report per file, in order."""
    names = agency_names(root)
    files = docx_files(paths)
    work = [(path, agency, root, force, names) for path in files]
    workers = min(jobs or os.cpu_count() or 1, len(files))
    out: list[FileReport] = []
    if workers > 1 and len(files) >= PARALLEL_FROM:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for report in pool.map(_import_job, work, chunksize=8):
                out.append(report)
                if progress:
                    progress(len(out))
        return out
    for job in work:
        out.append(_import_job(job))
        if progress:
            progress(len(out))
    return out


def export_record(
    path: Path, rel: str, out: Path, *, root: Path | None = None, force: bool = False
) -> str:
    """Write the form of the record at ``path`` to ``out``; returns a Persian error or ''."""
    if out.exists() and not force:
        return f"پروندهٔ {out} از پیش هست و بازنویسی نشد؛ برای بازنویسی --force بدهید"
    from ..model.vocab import RecordKind
    from ..summary import classify

    kind, agency, _ = classify(rel)
    if kind not in (RecordKind.SERVICE, RecordKind.LICENCE):
        return f"انتظار می‌رفت شناسنامهٔ خدمت (cards/<دستگاه>/<نام>.yaml) یا مجوز (licenses/<دستگاه>/<نام>.yaml)، اما {rel} آمده است"
    checked = validate_file(str(root or "."), rel, path.read_bytes(), keep_record=True)
    errors = [d for d in checked.diagnostics if d.is_error]
    if errors:
        return "پرونده معتبر نیست و فرم آن ساخته نشد:\n" + "\n".join(d.text() for d in errors)
    data = load_bytes(path.read_bytes(), rel).data or {}
    model = Service if kind is RecordKind.SERVICE else Licence
    name = None
    if root is not None:
        agency_file = root / "cards" / agency / "_agency.yaml"
        if agency_file.is_file():
            adata = load_bytes(agency_file.read_bytes(), str(agency_file)).data
            if adata and isinstance(adata.get("name"), str):
                name = adata["name"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(export_bytes(model, data, name))
    return ""
