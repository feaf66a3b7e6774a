"""``site-gen export docx``: a card or a licence as the official Word form, for print and signature.

Every field of the record becomes a row of the form's table, in the model's order (the order of
the official form), labelled in Persian: a tick box grid for each choice (real check-box content
controls, ``w14:checkbox``, which Word lets the clerk tick), one paragraph per list item, and a
nested table for each group of fields (cost, access and its stages, each licence action and its
inquiries). The import reads it back to the same record (the round trip is tested on every sample).
Card text is written as text nodes only, escaped; nothing in it becomes markup.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from pydantic import BaseModel

from .labels import NO, NONE_WORD, UNLIMITED, YES, Shape, fields_of, vocab_options
from .read import EXPORT_MARK

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
#: Fonts, right-to-left runs and paragraphs, and the table borders once, in the styles part.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Vazirmatn" w:hAnsi="Vazirmatn" w:cs="Vazirmatn"/>'
    '<w:rtl/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:bidi/><w:spacing w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="table" w:styleId="FormTable"><w:name w:val="Form Table"/><w:tblPr><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders></w:tblPr></w:style></w:styles>"
)
_DOC_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14"><w:body>'
)
_DOC_CLOSE = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1000" w:right="1000" w:bottom="1000" w:left="1000" w:header="0" w:footer="0" w:gutter="0"/><w:bidi/></w:sectPr></w:body></w:document>'

TITLES = {"Service": "شناسنامه خدمت", "Licence": "جدول اطلاعات مجوزها (فرم شماره ۱ و ۲)"}


def _run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        parts.append(f'<w:t xml:space="preserve">{escape(line)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def _p(inner: str = "") -> str:
    return f"<w:p>{inner}</w:p>"


def para(text: str = "", bold: bool = False) -> str:
    return _p(_run(text, bold) if text else "")


def checkbox(checked: bool) -> str:
    """A check-box content control (``w14:checkbox``) Word lets the reader tick."""
    glyph = "☒" if checked else "☐"
    return (
        "<w:sdt><w:sdtPr><w14:checkbox>"
        f'<w14:checked w14:val="{1 if checked else 0}"/>'
        "</w14:checkbox></w:sdtPr><w:sdtContent>"
        f'<w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:hAnsi="MS Gothic"/></w:rPr><w:t>{glyph}</w:t></w:r>'
        "</w:sdtContent></w:sdt>"
    )


def option(label: str, checked: bool) -> str:
    return _p(checkbox(checked) + _run(" " + label))


def _cell(content: str, width: int, span: int = 1) -> str:
    if not content.endswith("</w:p>"):
        content += _p()  # a cell ends with a paragraph
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>{content}</w:tc>'


def table(rows: list[list[str]], widths: list[int]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join("<w:tr>" + "".join(row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblStyle w:val="FormTable"/><w:bidiVisual/><w:tblW w:w="{sum(widths)}" w:type="dxa"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'


def record_table(
    model: type[BaseModel],
    data: dict[str, Any],
    width: int = 9900,
    names: dict[str, str] | None = None,
) -> str:
    """The rows of one mapping: a label cell and a value cell per field of ``model``."""
    label_w = max(1800, width * 3 // 10)
    value_w = width - label_w
    rows = []
    for name, title, shape in fields_of(model):
        value = data.get(name)
        if names and name in names and value is not None:
            value = names[name]
        rows.append(
            [
                _cell(para(title, bold=True), label_w),
                _cell(value_xml(shape, value, value_w - 200), value_w),
            ]
        )
    return table(rows, [label_w, value_w])


def value_xml(shape: Shape, value: Any, width: int) -> str:
    """The content of a value cell."""
    kind = shape.kind
    if kind == "bool":
        on = None if value is None else str(value).strip().lower() == "true"
        return option(YES, on is True) + option(NO, on is False)
    if kind == "enum":
        return "".join(option(label, value == v) for v, label in vocab_options(shape.inner))
    if kind == "enums":
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        labels = dict(vocab_options(shape.inner))
        out = [option(labels[v], True) for v in chosen if v in labels]
        out += [option(label, False) for v, label in vocab_options(shape.inner) if v not in chosen]
        out.append(option(NONE_WORD, value == []))
        return "".join(out)
    if value is None:
        return para()
    if isinstance(value, list) and not value:
        return para(NONE_WORD)
    if kind == "scalar":
        return para(str(value))
    if kind == "texts":
        return "".join(para(str(v)) for v in value)
    if kind == "edges":
        return "".join(para(f"{a} → {b}") for a, b in value)
    if kind == "validity":
        if isinstance(value, str):
            return para(UNLIMITED)
        return record_table(shape.inner, value, width)
    if kind == "model":
        return record_table(shape.inner, value, width)
    if kind in ("models", "mixed"):
        out = []
        for item in value:
            if isinstance(item, dict):
                out.append(record_table(shape.inner, item, width) + _p())
            else:
                out.append(para(str(item)))
        return "".join(out)
    return para(str(value))


def document_xml(
    model: type[BaseModel], data: dict[str, Any], agency_name: str | None = None
) -> str:
    title = TITLES.get(model.__name__, "")
    mark = f'<w:bookmarkStart w:id="0" w:name="{EXPORT_MARK}"/><w:bookmarkEnd w:id="0"/>'
    body = _p(mark + _run(title, bold=True)) + record_table(
        model, data, names={"agency": agency_name} if agency_name else None
    )
    return _DOC_OPEN + body + _DOC_CLOSE


def export_bytes(
    model: type[BaseModel], data: dict[str, Any], agency_name: str | None = None
) -> bytes:
    """A .docx of one record (``data`` as the loader reads the YAML file)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml(model, data, agency_name))
        zf.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        zf.writestr("word/styles.xml", _STYLES)
    return buf.getvalue()
