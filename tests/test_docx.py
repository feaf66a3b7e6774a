"""Import of the official Word form and export to it (issue 14): site_gen/docx/.

The .docx files are built here from XML strings; nothing binary is checked in."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen import codes
from site_gen.cli import cli
from site_gen.docx.mapping import read_form
from site_gen.docx.read import DocxError, parse
from site_gen.docx.run import import_one
from site_gen.docx.write import export_bytes
from site_gen.load import load_bytes
from site_gen.record import MODELS
from site_gen.summary import classify

ROOT = Path(__file__).resolve().parent.parent
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)


def docx(body: str, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>',
        )
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def r(text: str, font: str | None = None) -> str:
    rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def cell(*paras: str, span: int = 1) -> str:
    tcpr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    return "<w:tc>" + tcpr + ("".join(paras) or "<w:p/>") + "</w:tc>"


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def tbl(*rows: str) -> str:
    return "<w:tbl>" + "".join(rows) + "</w:tbl>"


def sdt_box(on: bool) -> str:
    return (
        f'<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(on)}"/></w14:checkbox></w:sdtPr>'
        f"<w:sdtContent><w:r><w:t>{'☒' if on else '☐'}</w:t></w:r></w:sdtContent></w:sdt>"
    )


def legacy_box(on: bool, attr: str = "checked") -> str:
    state = f'<w:{attr} w:val="{int(on)}"/>'
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>'
        '<w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def sym(font: str, code: str) -> str:
    return f'<w:r><w:sym w:font="{font}" w:char="{code}"/></w:r>'


def service_form(*rows_: str) -> bytes:
    return docx(tbl(row(cell(p(r("عنوان خدمت"))), cell(p(r("خدمت آزمایشی")))), *rows_))


def imported(raw: bytes, agency: str = "ito") -> dict:
    return read_form(parse(raw), agency).data


# --- the round trip -----------------------------------------------------------------------------


def _samples() -> list[str]:
    return sorted(
        str(f.relative_to(ROOT))
        for top in ("cards", "licenses")
        for f in (ROOT / top).glob("*/*.yaml")
        if f.name != "_agency.yaml"
    )


def test_round_trip_every_sample_card_and_licence() -> None:
    samples = _samples()
    assert len(samples) > 80
    for rel in samples:
        kind, agency, _ = classify(rel)
        model = MODELS[kind]
        data = load_bytes((ROOT / rel).read_bytes(), rel).data
        record = model.model_validate(data)
        back = read_form(parse(export_bytes(model, data)), agency)
        assert model.model_validate(back.data).model_dump() == record.model_dump(), rel


def test_export_uses_checkbox_content_controls_and_escapes_text() -> None:
    rel = "cards/ito/egov-technical-strategy.yaml"
    data = load_bytes((ROOT / rel).read_bytes(), rel).data
    data["title"] = "<w:p>خدمت & «آزمایش»</w:p>"
    raw = export_bytes(MODELS[classify(rel)[0]], data)
    xml = zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml").decode()
    assert "<w14:checkbox>" in xml and 'w14:checked w14:val="1"' in xml
    assert "&lt;w:p&gt;خدمت &amp; «آزمایش»&lt;/w:p&gt;" in xml
    assert imported(raw)["title"] == "<w:p>خدمت & «آزمایش»</w:p>"


def test_cli_export_then_import_writes_the_same_card_through_fmt(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "egov-technical-strategy.docx"
    res = runner.invoke(
        cli,
        [
            "export",
            "docx",
            "cards/ito/egov-technical-strategy.yaml",
            "--out",
            str(out),
            "--root",
            str(ROOT),
        ],
    )
    assert res.exit_code == 0, res.output
    again = runner.invoke(
        cli,
        [
            "export",
            "docx",
            "cards/ito/egov-technical-strategy.yaml",
            "--out",
            str(out),
            "--root",
            str(ROOT),
        ],
    )
    assert again.exit_code == 1 and "--force" in again.output
    cat = tmp_path / "cat"
    res = runner.invoke(cli, ["import", "docx", str(out), "--agency", "ito", "--out", str(cat)])
    assert res.exit_code == 0, res.output
    draft = cat / "cards/ito/egov-technical-strategy.yaml"
    text = draft.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/service.schema.json\n")
    original = MODELS[classify("cards/ito/x.yaml")[0]].model_validate(
        load_bytes((ROOT / "cards/ito/egov-technical-strategy.yaml").read_bytes(), "x").data
    )
    assert (
        MODELS[classify("cards/ito/x.yaml")[0]].model_validate(load_bytes(text.encode(), "x").data)
        == original
    )
    # the draft is already formatted: site-gen fmt --check finds nothing to change
    from site_gen.fmt import format_text

    assert format_text(text, "cards/ito/egov-technical-strategy.yaml") == text
    # never overwritten without --force
    draft.write_text(text + "# edited by hand\n", "utf-8")
    res = runner.invoke(cli, ["import", "docx", str(out), "--agency", "ito", "--out", str(cat)])
    assert res.exit_code == 1 and codes.DOCX_DRAFT_EXISTS in res.output
    assert draft.read_text("utf-8").endswith("# edited by hand\n")
    res = runner.invoke(
        cli,
        [
            "import",
            "docx",
            str(out),
            "--agency",
            "ito",
            "--out",
            str(cat),
            "--force",
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0
    report = json.loads(res.output)
    assert (
        report["files"][0]["ok"]
        and report["files"][0]["target"] == "cards/ito/egov-technical-strategy.yaml"
    )
    assert not draft.read_text("utf-8").endswith("# edited by hand\n")


# --- ticks --------------------------------------------------------------------------------------

TICKED = {
    "content control": sdt_box(True),
    "legacy field": legacy_box(True),
    "legacy field by default": legacy_box(True, "default"),
    "☒": r("☒"),
    "☑": r("☑"),
    "■": r("■"),
    "✓": r("✓"),
    "✔": r("✔"),
    "×": r("×"),
    "Wingdings þ (sym)": sym("Wingdings", "F0FE"),
    "Wingdings ý (font)": r("ý", "Wingdings"),
    "Wingdings x": r("x", "Wingdings"),
    "Wingdings 2 R": r("R", "Wingdings 2"),
    "Wingdings 2 Q (sym)": sym("Wingdings 2", "F051"),
}
UNTICKED = {
    "content control": sdt_box(False),
    "legacy field": legacy_box(False),
    "☐": r("☐"),
    "Wingdings ¨": sym("Wingdings", "F0A8"),
    "Wingdings 2 £": r("£", "Wingdings 2"),
}


@pytest.mark.parametrize("style", sorted(TICKED))
def test_each_tick_style_is_read(style: str) -> None:
    grid = cell(p(UNTICKED["☐"], r(" تصدی گری")), p(TICKED[style], r(" حاکمیتی")))
    levels = cell(
        p(TICKED[style], r(" ملی"), UNTICKED["☐"], r(" استانی"), TICKED[style], r(" روستايي"))
    )
    data = imported(
        service_form(row(cell(p(r("ماهیت خدمت"))), grid), row(cell(p(r("سطح خدمت"))), levels))
    )
    assert data["nature"] == "sovereign"
    assert data["levels"] == ["national", "rural"]


@pytest.mark.parametrize("style", sorted(UNTICKED))
def test_each_empty_box_style_is_not_a_tick(style: str) -> None:
    grid = cell(p(UNTICKED[style], r(" تصدی گری")), p(UNTICKED[style], r(" حاکمیتی")))
    data = imported(service_form(row(cell(p(r("ماهیت خدمت"))), grid)))
    assert "nature" not in data


@pytest.mark.parametrize("mark", ["X", "x", "*"])
def test_a_mark_typed_in_the_cell_is_a_tick(mark: str) -> None:
    # «X حاکمیتی» in one paragraph, and a mark alone in the cell before its option
    nature = cell(p(r("تصدی گری")), p(r(f"{mark} حاکمیتی")))
    types = row(
        cell(p(r("نوع خدمت"))),
        cell(p(r(mark))),
        cell(p(r("خدمت به دیگر دستگاههای دولتی (G2G)"))),
        cell(p(r("خدمت به شهروندان (G2C)"))),
    )
    data = imported(service_form(row(cell(p(r("ماهیت خدمت"))), nature), types))
    assert data["nature"] == "sovereign"
    assert data["service_types"] == ["G2G"]


def test_an_unticked_group_is_not_stated_and_none_is_empty() -> None:
    events = cell(p(sdt_box(False), r(" تولد"), sdt_box(False), r(" آموزش")))
    none = cell(p(sdt_box(False), r(" تولد"), sdt_box(True), r(" هیچ‌کدام")))
    assert "life_events" not in imported(service_form(row(cell(p(r("رویداد مرتبط با:"))), events)))
    assert imported(service_form(row(cell(p(r("رویداد مرتبط"))), none)))["life_events"] == []


# --- bad input ----------------------------------------------------------------------------------


def _bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            chunk = b" " * (1024 * 1024)
            for _ in range(17):  # over the 16 MiB a document part may have, at a ratio over 200:1
                fh.write(chunk)
    return buf.getvalue()


BAD = {
    "text": (b"\xd9\x86\xd8\xa7\xd9\x85\xd9\x87 not a document", codes.DOCX_NOT_DOCX),
    "encrypted": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, codes.DOCX_ENCRYPTED),
    "damaged": (docx(p(r("عنوان خدمت")))[:200], codes.DOCX_DAMAGED),
    "broken xml": (None, codes.DOCX_DAMAGED),
    "spreadsheet": (None, codes.DOCX_NOT_DOCX),
    "bomb": (None, codes.DOCX_TOO_LARGE),
    "1000 pages": (None, codes.DOCX_TOO_LARGE),
    "another document": (
        docx(p(r("نامهٔ اداری")) + tbl(row(cell(p(r("موضوع"))), cell(p(r("دعوت")))))),
        codes.DOCX_NOT_A_FORM,
    ),
    "entities": (None, codes.DOCX_DAMAGED),
}


def _bad(name: str) -> bytes:
    raw, _ = BAD[name]
    if raw is not None:
        return raw
    if name == "broken xml":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
        return buf.getvalue()
    if name == "spreadsheet":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("xl/workbook.xml", "<workbook/>")
        return buf.getvalue()
    if name == "bomb":
        return _bomb()
    if name == "entities":
        return _entities()
    return docx(p(r("عنوان خدمت: کتاب")) + p(r("متن صفحه")) * 25_000)


def _entities() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'
        )
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_input_gets_its_persian_message(name: str) -> None:
    with pytest.raises(DocxError) as info:
        read_form(parse(_bad(name)), "ito")
    assert info.value.code == BAD[name][1]
    assert any("\u0600" <= ch <= "\u06ff" for ch in info.value.message)
    assert "Traceback" not in info.value.message


def test_bad_files_fail_alone_and_the_others_go_on(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "a-bad.docx").write_bytes(BAD["encrypted"][0])
    (forms / "b-bomb.docx").write_bytes(_bomb())
    (forms / "c-good.docx").write_bytes(
        service_form(row(cell(p(r("ماهیت خدمت"))), cell(p(sdt_box(True), r(" حاکمیتی")))))
    )
    res = CliRunner().invoke(
        cli, ["import", "docx", str(forms), "--agency", "ito", "--out", str(tmp_path / "cat")]
    )
    assert res.exit_code == 1
    assert f"{forms / 'a-bad.docx'}:1:1: error: {codes.DOCX_ENCRYPTED}:" in res.output
    assert codes.DOCX_TOO_LARGE in res.output
    assert "Traceback" not in res.output
    draft = (tmp_path / "cat/cards/ito/c-good.yaml").read_text("utf-8")
    assert "nature: sovereign" in draft
    assert "۳ پرونده: ۱ پیش‌نویس نوشته شد، ۲ ناموفق" in res.output


# --- personal data ------------------------------------------------------------------------------


def test_the_fillers_name_email_and_phone_never_reach_the_card(tmp_path: Path) -> None:
    filler = row(
        cell(p(r("واحد مربوط: معاونت دولت الکترونیکی"))),
        cell(p(r("پست الکترونیک: f_person@example.ir"))),
        cell(p(r("تلفن: 88115831"))),
        cell(p(r("نام و نام خانوادگی تکمیل کننده فرم: فائزه نمونه"))),
    )
    path = tmp_path / "form.docx"
    path.write_bytes(service_form(filler))
    report = import_one(path, "ito", tmp_path / "cat")
    assert report.ok, report.error
    text = (tmp_path / "cat" / report.target).read_text("utf-8")
    assert "معاونت دولت الکترونیکی" in text
    for personal in ("f_person", "88115831", "فائزه"):
        assert personal not in text
    left = {e.field for e in report.entries if e.status == "left_out"}
    assert {"نام تکمیل‌کنندهٔ فرم", "پست الکترونیک تکمیل‌کنندهٔ فرم", "تلفن تکمیل‌کنندهٔ فرم"} <= left


# --- licence forms 1 and 2 ------------------------------------------------------------------------


def _licence_forms() -> bytes:
    head1 = row(
        cell(p(r("ردیف"))),
        cell(p(r("عنوان مجوز"))),
        cell(p(r("نوع مجوز"))),
        cell(p(r("مستندات قانونی (مصوبه، بخشنامه، آيين نامه)"))),
        cell(p(r("مدارک مورد نياز"))),
        cell(p(r("مدت اعتبار"))),
        cell(p(r("هزینه (ریال)"))),
        cell(p(r("متقاضی مجوز")), span=3),
        cell(p(r("فرآیند صدور مجوز")), span=2),
        cell(p(r("مراجع ناظر"))),
        cell(p(r("زمان تقریبی فرآیند مجوز (روز / ساعت)"))),
        cell(p(r("فرآیند مجوز")), span=2),
        cell(p(r("توضیحات"))),
    )
    sub1 = row(
        *[cell() for _ in range(7)],
        cell(p(r("حقیقی"))),
        cell(p(r("حقوقی"))),
        cell(p(r("دولتی"))),
        cell(p(r("اختصاصی"))),
        cell(p(r("مشترک *"))),
        cell(),
        cell(),
        cell(p(r("الکترونیکی"))),
        cell(p(r("غیر الکترونیکی"))),
        cell(),
    )

    def action(
        n: str,
        kind: str,
        docs: list[str],
        validity: str,
        cost: str,
        shared: bool,
        days: str,
        electronic: bool,
        note: str = "",
    ) -> str:
        if not docs:  # a printed row the filler left empty
            return row(cell(p(r(n))), cell(), cell(p(r(kind))), *[cell() for _ in range(14)])
        return row(
            cell(p(r(n))),
            cell(p(r("پروانه نمونه" if n == "1" else ""))),
            cell(p(r(kind))),
            cell(p(r("قانون نظام صنفی" if n == "1" else ""))),
            cell(*[p(r(d)) for d in docs]),
            cell(p(r(validity))),
            cell(p(r(cost))),
            cell(p(r("X" if n == "1" else ""))),
            cell(p(sdt_box(True))),
            cell(),
            cell(p(r("" if shared else "X"))),
            cell(p(r("X" if shared else ""))),
            cell(p(r("اتاق اصناف" if n == "1" else ""))),
            cell(p(r(days))),
            cell(p(legacy_box(electronic))),
            cell(p(legacy_box(not electronic))),
            cell(p(r(note))),
        )

    form1 = tbl(
        head1,
        sub1,
        action(
            "1", "صدور", ["تصویر کارت ملی", "اجاره‌نامه"], "۵ سال", "۲٬۰۰۰٬۰۰۰", True, "۱۰ روز", True
        ),
        action(
            "2", "تمدید", ["پروانه قبلی"], "نامحدود", "رایگان", False, "2 ساعت", False, "فقط حضوری"
        ),
        action("3", "اصلاح", [], "", "", False, "", False),
        action("4", "لغو", [], "", "", False, "", False),
    )
    head2 = row(
        cell(p(r("ردیف"))),
        cell(p(r("عنوان دستگاه اعلام شونده"))),
        cell(p(r("نوع فرآیند")), span=2),
        cell(p(r("مدارک مورد نیاز"))),
        cell(p(r("مدت اعتبار"))),
        cell(p(r("هزینه (ریال)"))),
        cell(p(r("زمان انجام کار (روز/ ساعت)"))),
        cell(p(r("فرآیند مجوز")), span=2),
        cell(p(r("توضیحات"))),
    )
    sub2 = row(
        cell(),
        cell(),
        cell(p(r("موارد اعلام با ذکر نام **"))),
        cell(p(r("سایر ***"))),
        cell(),
        cell(),
        cell(),
        cell(),
        cell(p(r("الکترونیکی"))),
        cell(p(r("الکترونیکی غیر"))),
        cell(),
    )

    def inquiry(
        n: str, agency: str, named: bool, cost: str, days: str, electronic: bool, note: str
    ) -> str:
        return row(
            cell(p(r(n))),
            cell(p(r(agency))),
            cell(p(r("X" if named else ""))),
            cell(p(r("" if named else "X"))),
            cell(p(r("کد ملی"))),
            cell(p(r("۳ ماه"))),
            cell(p(r(cost))),
            cell(p(r(days))),
            cell(p(sdt_box(electronic))),
            cell(p(sdt_box(not electronic))),
            cell(p(r(note))),
        )

    form2 = tbl(
        head2,
        sub2,
        inquiry("1", "قوه قضائیه", True, "0", "0 روز", True, "عدم سوء پیشینه"),
        inquiry("2", "سازمان ثبت اسناد و املاک کشور", True, "50000", "2 روز", True, "استعلام ملک"),
        inquiry("3", "شهرداری", False, "", "۱۰ روز", False, "تأیید کاربری"),
        inquiry("4", "", False, "", "", False, ""),
    )
    return docx(p(r("جدول اطلاعات مجوزها")) + form1 + p(r("فرم شماره دو")) + form2)


def test_licence_form_with_two_actions_and_three_inquiries() -> None:
    result = read_form(parse(_licence_forms()), "asnaf")
    assert result.kind == "licence"
    record = MODELS[classify("licenses/asnaf/x.yaml")[0]].model_validate(result.data)
    assert record.title == "پروانه نمونه"
    assert [a.type.value for a in record.actions] == ["issue", "renew"]
    issue, renew = record.actions
    assert issue.required_documents == ["تصویر کارت ملی", "اجاره‌نامه"]
    assert issue.validity.value == 5 and issue.validity.unit.value == "year"
    assert (
        issue.cost_rials == 2_000_000
        and issue.process.value == "shared"
        and issue.electronic is True
    )
    assert issue.duration.value == 10 and issue.duration.unit.value == "day"
    assert (
        renew.validity == "unlimited"
        and renew.cost_rials == 0
        and renew.process.value == "exclusive"
    )
    assert (
        renew.electronic is False
        and renew.duration.unit.value == "hour"
        and renew.notes == "فقط حضوری"
    )
    assert [i.agency for i in issue.inquiries] == [
        "قوه قضائیه",
        "سازمان ثبت اسناد و املاک کشور",
        "شهرداری",
    ]
    assert [i.process_type.value for i in issue.inquiries] == ["named", "named", "other"]
    assert [i.cost_rials for i in issue.inquiries] == [0, 50000, None]
    assert [i.electronic for i in issue.inquiries] == [True, True, False]
    assert (
        issue.inquiries[2].description == "تأیید کاربری" and issue.inquiries[0].duration.value == 0
    )
    assert [a.value for a in record.applicants] == ["natural_person", "legal_person"]
    assert record.supervisors == ["اتاق اصناف"]
    assert record.legal_basis[0].title == "قانون نظام صنفی"
    assert not record.problems() or list(record.problems()) == []


# --- the seed's layout ----------------------------------------------------------------------------

ZWNJ = "\u200c"


def li(text: str, level: int) -> str:
    return f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>{r(text)}</w:p>'


def _seed_form(card: dict) -> bytes:
    """The ITO card written in the seed form's layout (shared/seed/000_68b982f3c68d4e5c.txt), its
    ticks in several of the styles Word keeps and its zero-width non-joiners as typed: labels and
    values share cells, the agency and the parent share one cell, the audience has no label,
    grids continue on the rows below their label, the access stages are rows of the access group,
    the other systems and agencies are column tables and the filler's row closes the form."""
    subs = "".join(
        li(g["title"], 0) + "".join(li(i, 1) for i in g["items"]) for g in card["sub_services"]
    )
    t1 = tbl(
        row(
            cell(p(r(f"1- عنوان خدمت: {card['title']}"))),
            cell(
                p(r("2- شناسه خدمت (این فیلد توسط سازمان مدیریت و برنامه ریزی کشور تکمیل می شود.)"))
            ),
        ),
        row(
            cell(
                p(r("نام دستگاه اجرایی: سازمان فناوري اطلاعات ايران")),
                p(r("نام دستگاه مادر: وزارت ارتباطات و فناوری اطلاعات")),
            ),
            cell(p(r("ردیف 3-1"))),
        ),
        row(
            cell(
                p(r("شرح خدمت")),
                p(r(card["description"])),
                p(r("زیر خدمات این خدمت کلان به قرار زیر است:")),
                subs,
            ),
            cell(p(r("4- مشخصات خدمت"))),
        ),
        row(
            cell(p(r(card["audience"][0]))),
            cell(
                p(r("نوع خدمت")),
                p(r("☐ خدمت به شهروندان (G2C)")),
                p(sdt_box(False), r(" خدمت به کسب و کار (G2B)")),
                p(sdt_box(True), r(" خدمت به دیگر دستگاههای دولتی (G2G)")),
            ),
        ),
    )
    t2 = tbl(
        row(
            cell(p(r("ماهیت خدمت"))),
            cell(p(legacy_box(False), r(" تصدی گری"))),
            cell(),
            cell(p(legacy_box(True), r(" حاکمیتی"))),
            cell(),
        ),
        row(
            cell(),
            cell(p(r("☐ روستایی"))),
            cell(p(r("☐ شهری"))),
            cell(p(r("☐ استانی"))),
            cell(p(r("☐ منطقه ای"))),
        ),
        row(
            cell(p(r("سطح خدمت"))),
            cell(p(sym("Wingdings", "F0FE"), r(" ملی"))),
            cell(),
            cell(),
            cell(),
        ),
        row(
            cell(p(r("رویداد مرتبط با:"))),
            *[cell(p(sdt_box(False), r(f" {x}"))) for x in ("تولد", "آموزش", "سلامت", "مالیات")],
        ),
        row(
            cell(),
            *[
                cell(p(sdt_box(False), r(f" {x}")))
                for x in ("تاسیسات شهری", "بیمه", "ازدواج", "بازنشستگی")
            ],
        ),
        row(
            cell(p(r("نحوه آغاز خدمت"))),
            cell(p(r("X تقاضای گیرنده خدمت"))),
            cell(),
            cell(p(r("þ", "Wingdings"), r(" فرارسیدن زمانی مشخص"))),
            cell(),
        ),
        row(
            cell(), cell(p(r("☐ تشخیص دستگاه"))), cell(), cell(p(r("☐ رخداد رویدادی مشخص"))), cell()
        ),
        row(
            cell(p(r("مدارک لازم برای انجام خدمت"))),
            cell(p(r("، ".join(card["required_documents"]))), span=4),
        ),
        row(cell(p(r("قوانین و مقررات مربوط"))), cell(p(r("، ".join(card["laws"]))), span=4)),
        row(
            cell(p(r("آمار تعداد خدمت گیرندگان"))),
            cell(
                p(
                    r("کلید دستگاههای اجرایی خدمت گیرندگان در: "),
                    sdt_box(True),
                    r(" ماه "),
                    sdt_box(True),
                    r(" فصل "),
                    sdt_box(True),
                    r(" سال"),
                ),
                span=4,
            ),
        ),
        row(cell(p(r("متوسط مدت زمان ارایه خدمت:"))), cell(span=4)),
        row(
            cell(p(r("تواتر"))),
            cell(
                p(
                    sdt_box(False),
                    r(" یکبار برای همیشه ... بار در: "),
                    r("☒"),
                    r(" ماه "),
                    r("☒"),
                    r(" فصل "),
                    r("☒"),
                    r(" سال"),
                ),
                span=4,
            ),
        ),
        row(cell(p(r("تعداد بار مراجعه حضوری"))), cell(span=4)),
        row(
            cell(p(r("هزینه ارایه خدمت (ریال) به خدمت گیرندگان"))),
            cell(p(r("مبلغ (مبالغ)"))),
            cell(),
            cell(p(r("شماره حساب (های) بانکی"))),
            cell(),
        ),
        row(cell(), cell(p(r("☒ رایگان"))), cell(), cell(p(r("☐ پرداخت بصورت الکترونیک"))), cell()),
        row(
            cell(
                p(r("آدرس دقیق و مستقیم خدمت در وبگاه در صورت الکترونیکی بودن همه یا بخشی از آن")),
                span=5,
            )
        ),
        row(cell(p(r("www.ito.gov.ir")), span=5)),
        row(
            cell(
                p(
                    r(
                        f"نام سامانه مربوط به خدمت در صورت الکترونیکی بودن همه یا بخشی از آن: {card['system_name']}"
                    )
                ),
                span=5,
            )
        ),
    )
    access = card["access"]
    channels = "".join(
        p(sdt_box(x == "اینترنتی (مانند وبگاه دستگاه)"), r(f" {x}"))
        for x in (
            "اینترنتی (مانند وبگاه دستگاه)",
            "تلفن همراه (برنامه کاربردی)",
            "پست الکترونیک",
            "ارسال پستی",
        )
    )

    def stage(label: str, key_: str) -> str:
        s = access[key_]
        ways = p(
            sdt_box(s["electronic"] == "true"),
            r(" الکترونیکی"),
            sdt_box(s["non_electronic"] == "true"),
            r(" غیرالکترونیکی"),
        )
        return row(cell(p(r(label))), cell(ways), cell(channels), cell(p(r(s.get("note") or ""))))

    t3 = tbl(
        row(
            cell(p(r("6- نحوه دسترسی به خدمت"))),
            cell(p(r("مراحل خدمت"))),
            cell(p(r("نوع ارائه"))),
            cell(),
        ),
        stage("در مرحله اطلاع رسانی خدمت", "information"),
        stage("در مرحله درخواست خدمت", "request"),
        stage("در مرحله ارائه خدمت", "delivery"),
        row(
            cell(p(r("نام سامانه های دیگر"))),
            cell(p(r("فیلدهای موردتبادل"))),
            cell(p(r("استفاده الکترونیکی غیر الکترونیکی"))),
        ),
        *[
            row(cell(p(r(s["name"]))), cell(), cell(p(sdt_box(False))))
            for s in card["related_systems"]
        ],
        row(
            cell(p(r("نام دستگاه دیگر"))),
            cell(p(r("مبلغ (در صورت پرداخت هزینه)"))),
            cell(p(r("اگر استفاده غیرالکترونیکی است، استفاده توسط:"))),
        ),
        row(
            cell(p(r("دستگاه‌های اجرایی"))),
            cell(),
            cell(p(sdt_box(False), r(" دستگاه "), sdt_box(False), r(" مراجعه کننده"))),
        ),
        row(
            cell(p(r("سازمان مدیریت و برنامه ریزی کشور"))),
            cell(),
            cell(p(sdt_box(False), r(" دستگاه "), sdt_box(False), r(" مراجعه کننده"))),
        ),
        row(cell(p(r("9- عناوین فرایندهای خدمت"))), cell(), cell()),
        *[row(cell(p(r(f"{i}- {x}"))), cell(), cell()) for i, x in enumerate(card["processes"], 1)],
    )
    t4 = tbl(
        row(
            cell(p(r(f"واحد مربوط: {card['contact']['unit']}"))),
            cell(p(r("پست الکترونیک: f_hoseini@example.ir"))),
            cell(p(r("تلفن: 88115831"))),
            cell(p(r("نام و نام خانوادگی تکمیل کننده فرم: فائزه نمونه"))),
        )
    )
    return docx(t1 + p() + t2 + p() + t3 + p() + t4 + p(r("توضیح عناوین مندرج در شناسنامه خدمت")))


def test_a_form_in_the_seeds_layout_gives_the_ito_cards_records() -> None:
    from site_gen.docx.run import _resolve_agencies, agency_names

    rel = "cards/ito/egov-technical-strategy.yaml"
    card = load_bytes((ROOT / rel).read_bytes(), rel).data
    assert ZWNJ in card["description"]
    result = read_form(parse(_seed_form(card)), "ito")
    _resolve_agencies(result.data, agency_names(ROOT), result.entries)
    model = MODELS[classify(rel)[0]]
    got = model.model_validate(result.data)
    want = model.model_validate(card)
    # every field the seed's form carries comes back as the card has it, non-joiners included
    same = [
        "title", "agency", "row", "description", "sub_services", "service_types", "audience", "nature",
        "levels", "triggers", "required_documents", "laws", "recipients", "average_duration", "frequency",
        "in_person_visits", "website", "system_name", "access", "processes",
    ]  # fmt: skip
    for name in same:
        assert getattr(got, name) == getattr(want, name), name
    assert got.id is None and got.contact.unit == want.contact.unit
    assert got.cost.free is True and got.cost.electronic_payment is False
    assert [s.name for s in got.related_systems] == [s.name for s in want.related_systems]
    assert [a.agency for a in got.related_agencies] == ["دستگاه‌های اجرایی", "mpo"]
    # the form leaves the life events unticked: not stated (the card's [] is the editor's reading)
    assert got.life_events is None
    statuses = {(e.field, e.status) for e in result.entries}
    assert ("audience", "guessed") in statuses and ("website", "guessed") in statuses
    left = {e.field for e in result.entries if e.status == "left_out"}
    assert {
        "نام تکمیل‌کنندهٔ فرم",
        "پست الکترونیک تکمیل‌کنندهٔ فرم",
        "تلفن تکمیل‌کنندهٔ فرم",
        "نام دستگاه مادر",
    } <= left
    dumped = json.dumps(result.data, ensure_ascii=False)
    assert "88115831" not in dumped and "f_hoseini" not in dumped and "فائزه" not in dumped


def test_text_is_repaired_as_the_validator_does(tmp_path: Path) -> None:
    """Arabic ي/ك folded, Persian digits in numbers made ASCII (by fmt), Jalali dates in the
    common written forms made YYYY-MM-DD, zero-width non-joiners kept."""
    path = tmp_path / "repair.docx"
    path.write_bytes(
        service_form(
            row(cell(p(r("شرح خدمت"))), cell(p(r(f"ثبت{ZWNJ}نام كودكان در سامانه")))),
            row(cell(p(r("تعداد بار مراجعه حضوري"))), cell(p(r("۲")))),
            row(cell(p(r("آخرین بازبینی: ۱۴۰۳/۶/۵")))),
        )
    )
    report = import_one(path, "ito", tmp_path / "cat")
    assert report.ok, report.error
    draft = (tmp_path / "cat" / report.target).read_text("utf-8")
    assert f"description: ثبت{ZWNJ}نام کودکان در سامانه" in draft
    assert "in_person_visits: 2" in draft
    assert 'last_reviewed: "1403-06-05"' in draft


def test_the_clerk_reads_the_message_as_written(tmp_path: Path) -> None:
    """The terminal shows the message itself: no invisible direction mark that the report then
    prints as an escape (``\\u200e``) beside «.docx»."""
    (tmp_path / "form.docx").write_bytes(b"not a document")
    result = CliRunner().invoke(cli, ["import", "docx", str(tmp_path / "form.docx"), "--agency", "demo", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert f"form.docx:1:1: error: {codes.DOCX_NOT_DOCX}: انتظار می‌رفت سند Word با پسوند .docx، اما پرونده از نوع دیگری است" in result.output
    assert "\\u" not in result.output
