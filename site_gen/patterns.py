"""Regular expressions for identifiers, shared by the models, the loader and the checks.

Kept free of heavy imports so that a warm validation run (everything cached) never loads pydantic.

Each pattern is written once, in the form JSON Schema uses (ECMA-262: ``^`` and ``$`` are the ends
of the string), and compiled by :func:`whole` for Python, where ``$`` also matches before a final
line break: there every ``$`` becomes ``\\Z``, so ``"10031001\\n"`` is not an id and ``"x\\n"`` not a
slug, whoever calls ``match``. :func:`schema_pattern` gives the ECMA form back for the schemas.
"""

from __future__ import annotations

import re

_ECMA: dict[str, str] = {}


def whole(ecma: str) -> re.Pattern[str]:
    """Compile a ``^…$`` pattern so that it matches the whole string and nothing less."""
    if "\\$" in ecma or "\\Z" in ecma:  # pragma: no cover - a programming error, not input
        raise ValueError(f"write the pattern in its JSON Schema form, with $ as the end: {ecma!r}")
    regex = re.compile(ecma.replace("$", r"\Z"))
    _ECMA[regex.pattern] = ecma
    return regex


def schema_pattern(regex: re.Pattern[str]) -> str:
    """The JSON Schema (ECMA-262) form of a pattern compiled by :func:`whole`."""
    return _ECMA[regex.pattern]


#: 1–32 of letters, digits, ".", "/", "-"; no empty segment, none that starts with "." (MkDocs
#: skips those) and none named index.html in any case (ids become paths: /s/<id>/index.html).
ID_RE = whole(r"^(?!(?:.*/)?\.)(?!(?:.*/)?[Ii][Nn][Dd][Ee][Xx]\.[Hh][Tt][Mm][Ll](?:/|$))(?!/)(?!.*//)(?!.*/$)[A-Za-z0-9./-]{1,32}$")
SLUG_RE = whole(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REF_RE = whole(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$")
#: A value that looks like a reference in a "reference or text" field (FORMAT.md, Layout).
REF_SHAPED_RE = whole(r"^[a-z0-9-]+(?:/[a-z0-9-]+)?$")
DIGITS_RE = whole(r"^[0-9]+$")
INT_RE = whole(r"^-?[0-9]+$")
NUMBER_RE = whole(r"^-?[0-9]+(?:\.[0-9]+)?$")
PHONE_RE = whole(r"^\+?[0-9]+(?:[ -][0-9]+)*$")
EMAIL_RE = whole(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
HANDLE_RE = whole(r"^@[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?(?:/[A-Za-z0-9_.-]+)?$")
DATE_RE = whole(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


#: The words every placeholder of ``site-gen new`` ends in («عنوان خدمت را اینجا بنویسید»): a value
#: that contains them was never filled in.
PLACEHOLDER_MARK = "را اینجا بنویسید"
