"""Persian text rules shared by the loader, the pages and the search index.

One place defines which characters are forbidden, which are folded (Arabic ي/ك, Persian and
Arabic-Indic digits) and how a value is shown to people (Persian digits, Rial separators).
"""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"

#: Format characters (Unicode category Cf) a file may hold: ZWNJ, which is Persian, and the
#: direction marks LRM, RLM and ALM, which the models then allow in free text only (FORMAT.md).
ALLOWED_FORMAT_CHARS = frozenset("\u200c\u200e\u200f\u061c")
#: The direction marks: allowed in free text only.
DIRECTION_MARKS = "\u200e\u200f\u061c"
#: Categories never allowed anywhere: format (Cf: bidi embeddings, overrides and isolates, zero
#: width characters, the BOM, the soft hyphen, tag characters, invisible operators, …) except
#: :data:`ALLOWED_FORMAT_CHARS`, controls (Cc) except tab and line breaks, surrogates (Cs), and
#: the line and paragraph separators (Zl, Zp).
FORBIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Cs", "Zl", "Zp"})

#: A quick scan: every character outside these ranges is looked up by :func:`is_forbidden`. The
#: ranges (ASCII, Latin, Persian and Arabic letters, punctuation, ZWNJ) hold no character of a
#: forbidden category; ``tests/test_validate_hardening.py`` checks that over all of Unicode.
SUSPECT_CHARS = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\xac\xae-\u05ff\u0606-\u061b\u061d-\u06dc\u06de-\u06ff"
    "\u0750-\u077f\u200c\u2010-\u2027\u2030-\u205f\u20a0-\u20c0\ufb50-\ufdff\ufe70-\ufefe]"
)


def is_forbidden(ch: str) -> bool:
    """Is this character refused anywhere in a file (by its Unicode category)?"""
    category = unicodedata.category(ch)
    if category not in FORBIDDEN_CATEGORIES:
        return False
    if category == "Cf":
        return ch not in ALLOWED_FORMAT_CHARS
    return ch not in "\t\n\r"


def forbidden_chars(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every refused character in ``text``."""
    return [(m.start(), ch) for m in SUSPECT_CHARS.finditer(text) if is_forbidden(ch := m.group())]


ARABIC_LETTERS = {"ي": "ی", "ك": "ک"}
_ARABIC_TABLE = str.maketrans(ARABIC_LETTERS)
ARABIC_LETTER_RE = re.compile("[يك]")

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_DIGIT_TABLE = str.maketrans(_PERSIAN_DIGITS + _ARABIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", _PERSIAN_DIGITS)
NON_ASCII_DIGIT_RE = re.compile("[۰-۹٠-٩]")
#: A scalar that is a number, id, code, date or phone number written with non-ASCII digits.
NUMERIC_LIKE_RE = re.compile(r"^[\s0-9۰-۹٠-٩+\-/.,()]*$")


def char_name(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how an invisible character is named in a message."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')}"


def fold_arabic_letters(text: str) -> str:
    """Arabic ي and ك become Persian ی and ک."""
    return text.translate(_ARABIC_TABLE)


def ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits become ASCII digits."""
    return text.translate(_DIGIT_TABLE)


def persian_digits(value: object) -> str:
    """ASCII digits become Persian digits, for text shown to people."""
    return str(value).translate(_TO_PERSIAN)


def rials(amount: int) -> str:
    """``1250000`` → ``۱٬۲۵۰٬۰۰۰``: a Rial amount with the Persian thousands separator."""
    return persian_digits(f"{amount:,}".replace(",", "٬"))


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset in ``text``."""
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


#: Persian alphabetical order (آ sorts with ا, before it); characters outside it sort after.
PERSIAN_ALPHABET = "آاأإءئؤبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیة"
_ORDER = {ch: i for i, ch in enumerate(PERSIAN_ALPHABET)}


def persian_sort_key(value: str) -> tuple[int, ...]:
    """Sort key for Persian A–Z: پ چ ژ گ in their Persian places, ZWNJ and spaces ignored."""
    folded = fold_arabic_letters(value).replace(ZWNJ, "").replace(" ", "")
    return tuple(_ORDER.get(ch, 100 + ord(ch)) for ch in folded)


def initial(value: str) -> str:
    """The letter a title is listed under in an A–Z index (آ under ا)."""
    folded = fold_arabic_letters(value).strip()
    if not folded:
        return "#"
    first = folded[0]
    if first in "آأإ":
        return "ا"
    return first if first in _ORDER else "#"
