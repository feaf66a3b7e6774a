"""Read a .docx into a small tree of paragraphs, tables and checkboxes, safely.

The standard library reads the package (``zipfile``) and its main part (``xml.etree``) directly:
python-docx drops table cells that sit inside content controls (``w:sdt``) and does not expose
``w14:checkbox``, both of which the official form uses. What is read:

* every table, nested tables, rows and cells inside block, row or cell content controls;
* ticks in every form Word keeps them: legacy check-box fields (``w:ffData/w:checkBox``), check-box
  content controls (``w14:checkbox``), glyphs (☒ ☑ ■ ✓ ✔ ×) and Wingdings / Symbol characters
  (``w:sym`` or a run in those fonts); the typed "X" or «*» is read by the mapping;
* text as typed, zero-width non-joiners included; deleted revisions and field codes left out.

Bad input raises :class:`DocxError` with a stable code and a Persian message: not a .docx, an
encrypted or legacy Word file (an OLE compound file), a damaged package, another kind of
package, a zip bomb (the uncompressed size is limited before anything is read), a document too
large for a form.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from xml.etree import ElementTree as ET

from .. import codes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W = "{" + W + "}"
_W14 = "{" + W14 + "}"

#: The largest .docx read (bytes on disk).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The largest uncompressed main part (word/document.xml); a form is well under 1 MiB.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
#: The largest uncompressed package in all.
MAX_TOTAL_BYTES = 64 * 1024 * 1024
#: A compression ratio no real document reaches (XML compresses about 10:1).
MAX_RATIO = 200
#: Paragraphs and table cells: a form has a few hundred; a 1,000-page book has far more.
MAX_BLOCKS = 20_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

#: Glyphs that mean a ticked or an empty box in any font.
TICKED_GLYPHS = frozenset("☒☑■✓✔✗✘×⊠🗹🗷")


def _between_digits(s: str, i: int) -> bool:
    """``s[i]`` stands between two digits (spaces aside), as the × of a photo size «۴×۳»: a
    multiplication sign in the text, not a tick mark."""
    before, after = s[:i].rstrip(), s[i + 1:].lstrip()
    return bool(before) and bool(after) and before[-1].isdigit() and after[0].isdigit()
EMPTY_GLYPHS = frozenset("☐□❑❒")
#: Symbol fonts: character (as typed with the font, or the F0xx private-use code) → ticked?
_SYMBOL_FONTS: dict[str, dict[str, bool]] = {
    "wingdings": {
        "þ": True,
        "ý": True,
        "x": True,
        "ü": True,
        "û": True,
        "¨": False,
        "o": False,
        "q": False,
        "r": False,
    },
    "wingdings 2": {
        "R": True,
        "Q": True,
        "T": True,
        "O": True,
        "P": True,
        "S": True,
        "£": False,
        "*": False,
    },
    "symbol": {"Ö": True, "´": True},
}


class DocxError(Exception):
    """A file that cannot be read as a form: ``code`` (site_gen.codes) and a Persian message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Para:
    """One paragraph: ``tokens`` are text pieces and ticks (``True``/``False``) in reading order."""

    tokens: list[str | bool] = field(default_factory=list)
    level: int | None = None  # list level (w:numPr/w:ilvl) when the paragraph is a list item

    @cached_property
    def text(self) -> str:
        """The paragraph's text (read once the paragraph is complete)."""
        return "".join(t for t in self.tokens if isinstance(t, str)).strip()

    @cached_property
    def has_box(self) -> bool:
        return any(isinstance(t, bool) for t in self.tokens)


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Cell:
    """A table cell: paragraphs and nested tables in order."""

    blocks: list[Para | Table] = field(default_factory=list)
    span: int = 1  # grid columns the cell covers (w:gridSpan)

    @property
    def paras(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras if p.text).strip()

    @property
    def empty(self) -> bool:
        return not self.text and not self.tables and not any(p.has_box for p in self.paras)


@dataclass
class Document:
    blocks: list[Para | Table] = field(default_factory=list)
    exported: bool = False  # written by ``site-gen export docx`` (its bookmark is there)


#: The bookmark ``site-gen export docx`` puts in the form's title.
EXPORT_MARK = "site_gen_form"


def _bounded_read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read one member, stopping past ``limit`` bytes whatever its header says (zip bomb)."""
    out = bytearray()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(65536)
            if not chunk:
                break
            out += chunk
            if len(out) > limit:
                raise DocxError(
                    codes.DOCX_TOO_LARGE,
                    f"انتظار می‌رفت متن سند حداکثر {limit // (1024 * 1024)} مگابایت باشد، اما بیشتر است (شاید بمب فشرده)",
                )
    return bytes(out)


def open_package(raw: bytes) -> bytes:
    """The bytes of word/document.xml of a .docx given as bytes; raises :class:`DocxError`."""
    if len(raw) > MAX_FILE_BYTES:
        raise DocxError(
            codes.DOCX_TOO_LARGE,
            f"انتظار می‌رفت پرونده حداکثر {MAX_FILE_BYTES // (1024 * 1024)} مگابایت باشد، اما {len(raw) // (1024 * 1024)} مگابایت است",
        )
    if raw.startswith(OLE_MAGIC):
        raise DocxError(
            codes.DOCX_ENCRYPTED,
            "پرونده رمزگذاری‌شده (با گذرواژه) یا در قالب قدیمی Word (.doc) است؛ گذرواژه را بردارید و آن را با قالب .docx ذخیره کنید",
        )
    if not raw.startswith(ZIP_MAGIC):
        raise DocxError(
            codes.DOCX_NOT_DOCX, "انتظار می‌رفت سند Word با پسوند .docx، اما پرونده از نوع دیگری است"
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise DocxError(
            codes.DOCX_DAMAGED, "پرونده آسیب دیده است و باز نمی‌شود؛ آن را دوباره از Word ذخیره کنید"
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_TOTAL_BYTES or (total / packed > MAX_RATIO and total > 1024 * 1024):
        raise DocxError(
            codes.DOCX_TOO_LARGE,
            f"انتظار می‌رفت محتوای پرونده پس از گشودن حداکثر {MAX_TOTAL_BYTES // (1024 * 1024)} مگابایت باشد، اما {total // (1024 * 1024)} مگابایت است (بمب فشرده)",
        )
    names = {i.filename: i for i in infos}
    info = names.get("word/document.xml")
    if info is None:
        if "[Content_Types].xml" in names:
            raise DocxError(
                codes.DOCX_NOT_DOCX,
                "انتظار می‌رفت سند Word، اما بستهٔ Office دیگری (مانند Excel یا PowerPoint) آمده است",
            )
        raise DocxError(
            codes.DOCX_NOT_DOCX,
            "انتظار می‌رفت سند Word با پسوند .docx، اما پروندهٔ فشردهٔ دیگری آمده است",
        )
    if info.flag_bits & 0x1:
        raise DocxError(
            codes.DOCX_ENCRYPTED, "متن سند رمزگذاری شده است؛ گذرواژه را بردارید و دوباره ذخیره کنید"
        )
    try:
        return _bounded_read(zf, info, MAX_DOCUMENT_BYTES)
    except DocxError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise DocxError(
            codes.DOCX_DAMAGED,
            "پرونده آسیب دیده است و متن سند خوانده نمی‌شود؛ آن را دوباره از Word ذخیره کنید",
        ) from None


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


def parse(raw: bytes) -> Document:
    """The tree of a .docx given as bytes; raises :class:`DocxError`."""
    xml = open_package(raw)
    if _DOCTYPE.search(xml):  # no entity expansion of any kind (billion laughs)
        raise DocxError(
            codes.DOCX_DAMAGED,
            "متن سند تعریف نوع سند (DOCTYPE) دارد که در سند Word نمی‌آید؛ پرونده آسیب دیده یا دستکاری شده است",
        )
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        raise DocxError(
            codes.DOCX_DAMAGED,
            "متن سند آسیب دیده است (XML نامعتبر)؛ آن را دوباره از Word ذخیره کنید",
        ) from None
    body = root.find(_W + "body")
    if body is None:
        raise DocxError(codes.DOCX_DAMAGED, "سند بدنه ندارد؛ پرونده آسیب دیده است")
    reader = _Reader()
    doc = Document(reader.blocks(body))
    doc.exported = f'w:name="{EXPORT_MARK}"'.encode() in xml
    return doc


class _Reader:
    def __init__(self) -> None:
        self.count = 0

    def _tick(self) -> None:
        self.count += 1
        if self.count > MAX_BLOCKS:
            raise DocxError(
                codes.DOCX_TOO_LARGE,
                f"انتظار می‌رفت یک فرم (چند صد بند و خانه)، اما سند بیش از {MAX_BLOCKS} بند و خانه دارد",
            )

    def blocks(self, parent: ET.Element) -> list[Para | Table]:
        out: list[Para | Table] = []
        for el in parent:
            tag = el.tag
            if tag == _W + "p":
                out.append(self.para(el))
            elif tag == _W + "tbl":
                out.append(self.table(el))
            elif tag in (_W + "sdt", _W + "customXml"):
                content = el.find(_W + "sdtContent") if tag == _W + "sdt" else el
                if content is not None:
                    out += self.blocks(content)
        return out

    def table(self, el: ET.Element) -> Table:
        t = Table()
        for row in self._children(el, _W + "tr"):
            cells = []
            for tc in self._children(row, _W + "tc"):
                self._tick()
                span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
                given = span_el.get(_W + "val", "1") if span_el is not None else "1"
                span = int(given) if given.isdigit() and 0 < int(given) < 64 else 1
                merged = tc.find(f"{_W}tcPr/{_W}vMerge")
                if merged is not None and merged.get(_W + "val", "continue") == "continue":
                    cells.append(
                        Cell(span=span)
                    )  # the rest of a vertically merged cell: shown above
                    continue
                cells.append(Cell(self.blocks(tc), span))
            t.rows.append(cells)
        return t

    def _children(self, el: ET.Element, tag: str) -> list[ET.Element]:
        """Direct children with ``tag``, through content controls and custom XML wrappers."""
        out = []
        for c in el:
            if c.tag == tag:
                out.append(c)
            elif c.tag == _W + "sdt":
                content = c.find(_W + "sdtContent")
                if content is not None:
                    out += self._children(content, tag)
            elif c.tag == _W + "customXml":
                out += self._children(c, tag)
        return out

    def para(self, el: ET.Element) -> Para:
        self._tick()
        p = Para()
        ilvl = el.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
        if el.find(f"{_W}pPr/{_W}numPr") is not None:
            p.level = (
                int(ilvl.get(_W + "val", "0"))
                if ilvl is not None and (ilvl.get(_W + "val", "0")).isdigit()
                else 0
            )
        self._field: list[
            str
        ] = []  # a stack: "box" inside a check-box field, "code"/"result" otherwise
        self.inline(el, p)
        return p

    def inline(self, el: ET.Element, p: Para) -> None:
        for c in el:
            tag = c.tag
            if tag == _W + "r":
                self.run(c, p)
            elif tag == _W + "sdt":
                box = c.find(f"{_W}sdtPr/{_W14}checkbox")
                if box is not None:
                    checked = box.find(_W14 + "checked")
                    p.tokens.append(
                        checked is not None
                        and checked.get(_W14 + "val", "0") in ("1", "true", "on")
                    )
                    continue
                content = c.find(_W + "sdtContent")
                if content is not None:
                    self.inline(content, p)
            elif tag in (
                _W + "hyperlink",
                _W + "ins",
                _W + "smartTag",
                _W + "customXml",
                _W + "fldSimple",
                _W + "moveTo",
                _W + "dir",
                _W + "bdo",
            ):
                self.inline(c, p)
            # w:del, w:moveFrom (deleted revisions), w:pPr, bookmarks, proofing marks: nothing to read

    def run(self, r: ET.Element, p: Para) -> None:
        fonts = r.find(f"{_W}rPr/{_W}rFonts")
        font = ""
        if fonts is not None:
            font = (
                (fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi") or fonts.get(_W + "cs") or "")
                .strip()
                .lower()
            )
        for c in r:
            tag = c.tag
            if tag == _W + "fldChar":
                kind = c.get(_W + "fldCharType")
                if kind == "begin":
                    box = c.find(f"{_W}ffData/{_W}checkBox")
                    if box is not None:
                        state = box.find(_W + "checked")
                        if state is None:
                            state = box.find(_W + "default")
                        on = state is not None and state.get(_W + "val", "1") in ("1", "true", "on")
                        p.tokens.append(on)
                        self._field.append("box")
                    else:
                        self._field.append("code")
                elif kind == "separate" and self._field:
                    if self._field[-1] == "code":
                        self._field[-1] = "result"
                elif kind == "end" and self._field:
                    self._field.pop()
                continue
            if self._field and self._field[-1] in ("box", "code"):
                continue  # a check box's own glyph, or a field's code
            if tag == _W + "t":
                self.text(c.text or "", font, p)
            elif tag == _W + "sym":
                sym_font = (c.get(_W + "font") or "").strip().lower()
                code = c.get(_W + "char") or ""
                try:
                    ch = chr(int(code, 16))
                except ValueError:
                    continue
                self.text(ch, sym_font, p)
            elif tag == _W + "tab":
                p.tokens.append(" ")
            elif tag in (_W + "br", _W + "cr"):
                p.tokens.append("\n")
            elif tag == _W + "noBreakHyphen":
                p.tokens.append("-")

    def text(self, s: str, font: str, p: Para) -> None:
        table = _SYMBOL_FONTS.get(font)
        buf: list[str] = []
        for i, ch in enumerate(s):
            tick: bool | None = None
            if table is not None:
                plain = chr(ord(ch) - 0xF000) if 0xF020 <= ord(ch) <= 0xF0FF else ch
                tick = table.get(plain)
            elif ch in TICKED_GLYPHS and not _between_digits(s, i):
                tick = True
            elif ch in EMPTY_GLYPHS:
                tick = False
            if tick is None:
                buf.append(ch)
            else:
                if buf:
                    p.tokens.append("".join(buf))
                    buf = []
                p.tokens.append(tick)
        if buf:
            p.tokens.append("".join(buf))
