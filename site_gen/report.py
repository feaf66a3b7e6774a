"""The validation report: one object, every output format written from it.

A :class:`Diagnostic` is one problem at one place; a :class:`Report` collects the diagnostics of
every file of a run plus the per-agency completeness. ``render(report, fmt)`` writes text, json,
github, gitlab or junit.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from . import codes, text

#: Characters that may need escaping: line breaks, tabs and whatever the loader's quick scan
#: looks up (:data:`site_gen.text.SUSPECT_CHARS`); :func:`_escape_char` decides by class.
_SUSPECT = re.compile("[\t\n\r]|" + text.SUSPECT_CHARS.pattern)


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    category = unicodedata.category(ch)
    if ch == "\u200c" or (
        category not in ("Cc", "Cf", "Cs", "Zl", "Zp") and not 0xFDD0 <= code <= 0xFDEF and code & 0xFFFE != 0xFFFE
    ):
        return ch
    if ch in _SHORT:
        return _SHORT[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def clean(value: str) -> str:
    """``value`` with every control, format (but ZWNJ), separator and non-character written as a
    visible escape (``\\x1b``, ``\\u202e``): file names, keys and messages quote card text, and
    no report may carry a terminal escape, a forged line, a bidi override or a character XML 1.0
    refuses. Every writer passes every string through here."""
    return _SUSPECT.sub(_escape_char, value)

FORMATS = ("text", "json", "github", "gitlab", "junit")


class Diagnostic(NamedTuple):
    """One error or warning, at a line and column (both 1-based) of a file relative to ROOT."""

    file: str
    line: int
    column: int
    code: str
    message: str
    key: str = ""
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def text(self) -> str:
        prefix = f"{self.key}: " if self.key else ""
        return clean(f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.code}: {prefix}{self.message}")

    def shown(self) -> Diagnostic:
        """This diagnostic with its file, key and message passed through :func:`clean`."""
        return self._replace(file=clean(self.file), key=clean(self.key), message=clean(self.message))

    def as_dict(self) -> dict[str, object]:
        d = self.shown()
        return {
            "file": d.file,
            "line": d.line,
            "column": d.column,
            "code": d.code,
            "key": d.key,
            "message": f"{d.key}: {d.message}" if d.key else d.message,
        }


def diag(file: str, line: int, column: int, code: str, message: str, key: str = "") -> Diagnostic:
    """Make a diagnostic whose severity comes from the code catalogue."""
    return Diagnostic(
        file, line, column, code, message, key, "warning" if codes.is_warning(code) else "error"
    )


@dataclass
class Completeness:
    """How many form fields an agency's records state, out of how many they could."""

    agency: str
    records: int = 0
    stated: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.stated / self.total) if self.total else 100


@dataclass
class Report:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    completeness: dict[str, Completeness] = field(default_factory=dict)
    strict: bool = False

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted(d for d in self.diagnostics if not d.is_error)

    @property
    def valid(self) -> bool:
        """No error; with ``strict``, no warning either."""
        return not any(d.is_error or self.strict for d in self.diagnostics)

    def as_dict(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "files": self.files,
            "errors": [d.as_dict() for d in self.errors],
            "warnings": [d.as_dict() for d in self.warnings],
            "completeness": {
                clean(a): {"records": c.records, "stated": c.stated, "total": c.total, "percent": c.percent}
                for a, c in sorted(self.completeness.items())
            },
        }


def _text(report: Report) -> str:
    lines = [d.text() for d in sorted(report.diagnostics)]
    for c in sorted(report.completeness.values(), key=lambda c: c.agency):
        lines.append(
            f"{COMPLETENESS}: {clean(c.agency)}: {text.persian_digits(c.percent)}٪ "
            f"({text.persian_digits(c.stated)} از {text.persian_digits(c.total)} فیلد فرم اعلام شده، "
            f"در {text.persian_digits(c.records)} رکورد)"
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


#: The first word of a text report's completeness lines.
COMPLETENESS = "کامل بودن"


def summary_line(report: Report) -> str:
    """The last line of a text report: ``۶ پرونده: ۲ خطا، ۱ هشدار: نامعتبر``."""
    n_err, n_warn = len(report.errors), len(report.warnings)
    verdict = "معتبر" if report.valid else "نامعتبر"
    fa = text.persian_digits
    return f"{fa(report.files)} پرونده: {fa(n_err)} خطا، {fa(n_warn)} هشدار: {verdict}"


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(report: Report) -> str:
    out = []
    for d in map(Diagnostic.shown, sorted(report.diagnostics)):
        level = "error" if d.is_error else "warning"
        props = f"file={_github_escape(d.file, prop=True)},line={d.line},col={d.column}"
        title = _github_escape(d.code, prop=True)
        msg = _github_escape(f"{d.key}: {d.message}" if d.key else d.message)
        out.append(f"::{level} {props},title={title}::{msg}")
    return "\n".join(out) + ("\n" if out else "")


def _gitlab(report: Report) -> str:
    """GitLab code-quality report (a JSON array of Code Climate issues)."""
    import hashlib
    issues = []
    for d in map(Diagnostic.shown, sorted(report.diagnostics)):
        fingerprint = hashlib.sha256(
            f"{d.file}:{d.line}:{d.column}:{d.code}:{d.key}".encode()
        ).hexdigest()
        issues.append(
            {
                "description": f"{d.code}: {d.key + ': ' if d.key else ''}{d.message}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": "major" if d.is_error else "minor",
                "location": {"path": d.file, "lines": {"begin": d.line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _junit(report: Report) -> str:
    """JUnit XML: one test case per file that has diagnostics, failed when it has errors."""
    from xml.sax.saxutils import escape as _xml_escape
    from xml.sax.saxutils import quoteattr
    by_file: dict[str, list[Diagnostic]] = {}
    for d in map(Diagnostic.shown, sorted(report.diagnostics)):
        by_file.setdefault(d.file, []).append(d)
    failures = sum(1 for ds in by_file.values() if any(d.is_error for d in ds))
    passed = report.files - len(by_file)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="site-gen validate" tests="{report.files}" failures="{failures}">',
        f'<testsuite name="catalogue" tests="{report.files}" failures="{failures}">',
    ]
    if passed > 0:
        out.append(f'<testcase classname="catalogue" name="{passed} files without findings"/>')
    for file, ds in by_file.items():
        out.append(f'<testcase classname="catalogue" name={quoteattr(file)}>')
        body = "\n".join(d.text() for d in ds)
        if any(d.is_error for d in ds):
            first = next(d for d in ds if d.is_error)
            out.append(
                f"<failure type={quoteattr(first.code)} message={quoteattr(first.message)}>"
                f"{_xml_escape(body)}</failure>"
            )
        else:
            out.append(f"<system-out>{_xml_escape(body)}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def render(report: Report, fmt: str = "text") -> str:
    """Write ``report`` in one of :data:`FORMATS`."""
    if fmt == "text":
        return _text(report)
    if fmt == "json":
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        return _github(report)
    if fmt == "gitlab":
        return _gitlab(report)
    if fmt == "junit":
        return _junit(report)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
