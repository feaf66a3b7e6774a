"""Persian text rules shared by the loader, the pages and the search index.

One place defines which characters are forbidden, which are folded (Arabic ي/ك, Persian and
Arabic-Indic digits) and how a value is shown to people (Persian digits, Rial separators).
"""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"

#: Characters never allowed anywhere in a file: bidi embeddings/overrides/isolates (Trojan
#: Source), zero-width characters other than ZWNJ, the BOM, the soft hyphen, C0/C1 controls.
FORBIDDEN_CHARS = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200b\u200d\u2060\ufeff\u00ad"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"
)

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
