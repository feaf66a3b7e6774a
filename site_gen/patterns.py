"""Regular expressions for identifiers, shared by the models, the loader and the checks.

Kept free of heavy imports so that a warm validation run (everything cached) never loads pydantic.
"""

from __future__ import annotations

import re

#: 1–32 of letters, digits, ".", "/", "-"; no empty segment, none that starts with "." (MkDocs
#: skips those) and none named index.html in any case (ids become paths: /s/<id>/index.html).
ID_RE = re.compile(r"^(?!(?:.*/)?\.)(?!(?:.*/)?[Ii][Nn][Dd][Ee][Xx]\.[Hh][Tt][Mm][Ll](?:/|$))(?!/)(?!.*//)(?!.*/$)[A-Za-z0-9./-]{1,32}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REF_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$")
#: A value that looks like a reference in a "reference or text" field (FORMAT.md, Layout).
REF_SHAPED_RE = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)?$")
DIGITS_RE = re.compile(r"^[0-9]+$")
INT_RE = re.compile(r"^-?[0-9]+$")
NUMBER_RE = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
PHONE_RE = re.compile(r"^\+?[0-9]+(?:[ -][0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
HANDLE_RE = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?(?:/[A-Za-z0-9_.-]+)?$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
