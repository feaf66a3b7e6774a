"""Card values → HTML fragments: the exact output of each helper (docs/mutation.md).

Every fragment is what a citizen's page shows: the exact markup, the Persian digits and
separators, and card text that stays text whatever characters it holds.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from site_gen.model.vocab import Level
from site_gen.render import html


def test_text_turns_every_active_character_into_an_entity() -> None:
    assert html.text("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"
    assert html.text("{{x}} [l](u) |t| *b* _i_ `c` ~s~ \\") == (
        "&#123;&#123;x&#125;&#125; &#91;l&#93;(u) &#124;t&#124; &#42;b&#42; &#95;i&#95; &#96;c&#96; &#126;s&#126; &#92;"
    )
    assert html.text(12) == "12" and isinstance(html.text(12), Markup)
    already = Markup("<b>x</b>")
    assert html.text(already) is already


def test_fmt_escapes_positional_and_named_arguments_but_not_markup_or_numbers() -> None:
    assert html.fmt("<i>{}</i><b>{name}</b>{}", "<x>", 3, name="*y*") == "<i>&lt;x&gt;</i><b>&#42;y&#42;</b>3"
    assert html.fmt("{}|{}|{}", Markup("<br>"), 2.5, "<") == "<br>|2.5|&lt;"
    assert html.fmt("{k}", k=Markup("<hr>")) == "<hr>"
    assert html.fmt("{:.1f}", 2.25) == "2.2"  # a number keeps its format spec
    assert isinstance(html.fmt("{}", "a"), Markup)


def test_multiline_keeps_paragraphs_and_line_breaks() -> None:
    assert html.multiline("  one\r\ntwo <b>\r\n\r\n\n\n three  \n\n   \n") == (
        "<p>one<br>two &lt;b&gt;</p><p>three</p>"
    )
    assert html.multiline("") == ""
    assert html.multiline("a\nb\n\nc") == "<p>a<br>b</p><p>c</p>"


def test_ltr_island_and_links() -> None:
    assert html.ltr("IR-123_x") == '<bdi class="ltr" dir="ltr">IR-123&#95;x</bdi>'
    assert html.link("https://x.ir/a?b=1&c=2") == (
        '<a href="https://x.ir/a?b=1&amp;c=2" rel="nofollow noopener">'
        '<bdi class="ltr" dir="ltr">https://x.ir/a?b=1&amp;c=2</bdi></a>'
    )
    assert html.link("https://x.ir/", "درگاه <ملی>") == (
        '<a href="https://x.ir/" rel="nofollow noopener">درگاه &lt;ملی&gt;</a>'
    )
    assert html.internal("../a/", "کارت <1>") == '<a href="../a/">کارت &lt;1&gt;</a>'


def test_numbers_and_money_in_persian() -> None:
    assert html.number(1234) == "۱۲۳۴"
    assert html.number(1234567) == "۱۲۳۴۵۶۷"  # an int is never shortened to 1.23457e+06
    assert html.number(2.5) == "۲٫۵"
    assert html.number(3.0) == "۳"
    assert html.number(1e20) == "۱e+۲۰"
    assert html.money(0) == "رایگان"
    assert html.money(1250000) == "۱٬۲۵۰٬۰۰۰ ریال"
    assert html.money(5) == "۵ ریال"


def test_fixed_phrases() -> None:
    assert html.not_stated() == '<span class="not-stated">اعلام نشده</span>'
    assert html.none() == '<span class="none-stated">هیچ‌کدام</span>'
    assert html.yes_no(True) == "بله"
    assert html.yes_no(False) == "خیر"


def test_dates_in_words() -> None:
    assert html.jalali_date("1403-01-09") == "۹ فروردین ۱۴۰۳"
    assert html.jalali_date("1402-12-29") == "۲۹ اسفند ۱۴۰۲"
    assert html.jalali_date("1402-12-30") == "1402-12-30"  # not a date: shown as it was written
    assert html.jalali_date("<b>") == "&lt;b&gt;"
    assert html.jalali_from(dt.date(2024, 3, 20)) == "۱ فروردین ۱۴۰۳"
    assert html.jalali_from(dt.date(2025, 3, 20)) == "۳۰ اسفند ۱۴۰۳"


def test_lists() -> None:
    assert html.labels([]) == ""
    first, second = list(Level)[:2]
    assert html.labels([first, second]) == f"{first.label}، {second.label}"
    assert html.items(["<a>", Markup("<b>b</b>")]) == "<ul><li>&lt;a&gt;</li><li><b>b</b></li></ul>"
    assert html.items(["x"], cls="steps <x>") == '<ul class="steps &lt;x&gt;"><li>x</li></ul>'
    assert html.items([]) == "<ul></ul>"


def test_definition_list() -> None:
    rows = [("نام", Markup("<b>x</b>")), (Markup("<i>i</i>"), html.text("<y>"))]
    assert html.dl(rows) == '<dl class="card-fields"><dt>نام</dt><dd><b>x</b></dd><dt><i>i</i></dt><dd>&lt;y&gt;</dd></dl>'
    assert html.dl([], cls="other") == '<dl class="other"></dl>'


def test_table_drops_only_columns_empty_in_every_row() -> None:
    rows = [[Markup("a"), Markup(" "), Markup("")], [Markup(""), Markup(""), Markup("c")]]
    assert html.table(["A", "B", "C"], rows) == (
        "<table><thead><tr><th>A</th><th>C</th></tr></thead>"
        "<tbody><tr><td>a</td><td></td></tr><tr><td></td><td>c</td></tr></tbody></table>"
    )
    assert html.table(["A", "<B>"], []) == (
        "<table><thead><tr><th>A</th><th>&lt;B&gt;</th></tr></thead><tbody></tbody></table>"
    )
    assert html.table(iter(["A"]), iter([iter([Markup("x")])])) == (
        "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>"
    )
