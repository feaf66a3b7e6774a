"""The validation report: one object, every output format written from it.

A :class:`Diagnostic` is one problem at one place; a :class:`Report` collects the diagnostics of
every file of a run plus the per-agency completeness. ``render(report, fmt)`` writes text, json,
github, gitlab or junit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from . import codes

FORMATS = ("text", "json", "github", "gitlab", "junit")
#: Characters that end a line (``str.splitlines``): a key or value from a file may hold them
#: (a quoted YAML key "a\\nb"); in a text report they are shown as escapes, one problem a line.
_LINE_BREAKS = str.maketrans({c: repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


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
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.code}: {prefix}{self.message}".translate(_LINE_BREAKS)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "key": self.key,
            "message": f"{self.key}: {self.message}" if self.key else self.message,
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
                a: {"records": c.records, "stated": c.stated, "total": c.total, "percent": c.percent}
                for a, c in sorted(self.completeness.items())
            },
        }


def _text(report: Report) -> str:
    lines = [d.text() for d in sorted(report.diagnostics)]
    for c in sorted(report.completeness.values(), key=lambda c: c.agency):
        lines.append(
            f"completeness: {c.agency}: {c.percent}% "
            f"({c.stated}/{c.total} form fields stated in {c.records} records)"
        )
    n_err, n_warn = len(report.errors), len(report.warnings)
    verdict = "valid" if report.valid else "invalid"
    lines.append(f"{report.files} files: {n_err} errors, {n_warn} warnings: {verdict}")
    return "\n".join(lines) + "\n"


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github(report: Report) -> str:
    out = []
    for d in sorted(report.diagnostics):
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
    for d in sorted(report.diagnostics):
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
    for d in sorted(report.diagnostics):
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
