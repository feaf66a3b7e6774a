"""Issue 17: statistics, readiness ranking, interoperability, history; charts.

One small catalogue (three agencies, three cards, one licence) in a git repository with two
commits a month apart; its pages are rendered once for the module (no MkDocs, no Chromium) and
read as Markdown/HTML. The readiness index is checked against values computed by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from site_gen import readiness
from site_gen.catalogue import load_catalogue
from site_gen.history import read_history
from site_gen.model import Service
from site_gen.render import charts, write_site

TODAY = dt.date(2026, 12, 4)
EPOCH = str(int(dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC).timestamp()))

AGENCIES = {
    "alpha": "slug: alpha\nname: سازمان الف\nprovince: تهران\n",
    "beta": "slug: beta\nname: سازمان ب\nprovince: تهران\n",
    "gamma": "slug: gamma\nname: سازمان ج\n",
}
# A: fully electronic, 2 of 4 stages electronic, no visit, its one exchange electronic, free,
#    reviewed 1405-01-01 (2026-03-21, within a year of TODAY), 6 of 24 form fields stated.
CARD_A = """title: خدمت الف
agency: {agency}
access:
  request: {{electronic: true, channels: [internet]}}
  delivery: {{electronic: true, channels: [internet]}}
in_person_visits: 0
related_agencies:
  - {{agency: beta, electronic: true}}
cost: {{free: true}}
last_reviewed: "1405-01-01"
"""
# B: two visits, paid in person, reviewed 1400-01-01 (stale), 4 of 24 form fields stated.
CARD_B = """title: خدمت ب
agency: alpha
in_person_visits: {visits}
cost: {{free: false, electronic_payment: false, items: [{{title: هزینه, amount_rials: 500000}}]}}
last_reviewed: "1400-01-01"
"""
LICENCE = """title: گواهی عدم سوء پیشینه
agency: gamma
kind: certificate
actions:
  - type: issue
    process: shared
    electronic: false
    inquiries:
      - {agency: alpha, electronic: false}
"""


def _git(root: Path, *args: str, date: str) -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin", "TZ": "UTC", "HOME": str(root)}
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


def write_catalogue(root: Path) -> None:
    for slug, text in AGENCIES.items():
        (root / "cards" / slug).mkdir(parents=True)
        (root / "cards" / slug / "_agency.yaml").write_text(text, encoding="utf-8")
    (root / "cards/alpha/a.yaml").write_text(CARD_A.format(agency="alpha"), encoding="utf-8")
    (root / "cards/alpha/b.yaml").write_text(CARD_B.format(visits=2), encoding="utf-8")
    # C: as A, in beta, with one document that gamma issues (the title as a citizen writes it)
    (root / "cards/beta/c.yaml").write_text(CARD_A.format(agency="beta").replace("title: خدمت الف", "title: خدمت ج")
                                            + "required_documents: [تصویر گواهی عدم سوءپیشینه]\n", encoding="utf-8")
    (root / "licenses/gamma").mkdir(parents=True)
    (root / "licenses/gamma/l.yaml").write_text(LICENCE, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The catalogue, committed on 1404-01-05 and edited on 1404-02-05 (B: no more visits), and
    its rendered pages."""
    root = tmp_path_factory.mktemp("stats") / "catalogue"
    write_catalogue(root)
    _git(root, "init", "-q", date="2025-03-25T08:00:00+0000")
    _git(root, "add", "-A", date="2025-03-25T08:00:00+0000")
    _git(root, "commit", "-qm", "first", date="2025-03-25T08:00:00+0000")
    (root / "cards/alpha/b.yaml").write_text(CARD_B.format(visits=0), encoding="utf-8")
    _git(root, "commit", "-qam", "B online", date="2025-04-25T08:00:00+0000")
    catalogue, report = load_catalogue(root, keep_records=True, use_cache=False, jobs=1)
    assert not report.errors, [str(d) for d in report.diagnostics]
    docs = root.parent / "docs"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        history = read_history(root)
        write_site(catalogue, docs, history.dates, history=history, jobs=1)
    finally:
        mp.undo()
    return root, docs


def page(docs: Path, url: str) -> str:
    return (docs / url / "index.md").read_text(encoding="utf-8")


def cells(text: str) -> list[str]:
    return [re.sub("<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", text)]


# --- the readiness index: hand-computed -----------------------------------------------------


def card(yaml_text: str) -> Service:
    import yaml

    return Service.model_validate(yaml.safe_load(yaml_text))


def test_form_has_the_24_fields_the_hand_computation_assumes() -> None:
    from site_gen.model.common import is_form_field

    assert sum(1 for n in Service.model_fields if is_form_field(Service, n)) == 24


def test_components_of_one_card_by_hand() -> None:
    a = readiness.score([card(CARD_A.format(agency="alpha"))], TODAY)
    assert a.components == pytest.approx({"fully_electronic": 1, "stages": 0.5, "no_visit": 1, "exchanges": 1, "payment": 1,
                                          "completeness": 6 / 24, "freshness": 1})
    # 25 + 15×0.5 + 15 + 10 + 10 + 15×0.25 + 10
    assert a.index == pytest.approx(81.25)
    b = readiness.score([card(CARD_B.format(visits=2))], TODAY)
    assert b.components == pytest.approx({"fully_electronic": 0, "stages": 0, "no_visit": 0, "exchanges": 0, "payment": 0,
                                          "completeness": 4 / 24, "freshness": 0})
    assert b.index == pytest.approx(2.5)  # 15 × 4/24


def test_agency_index_is_the_weighted_mean_of_mean_components() -> None:
    s = readiness.score([card(CARD_A.format(agency="alpha")), card(CARD_B.format(visits=2))], TODAY)
    # 25×0.5 + 15×0.25 + 15×0.5 + 10×0.5 + 10×0.5 + 15×(10/48) + 10×0.5
    assert s.index == pytest.approx(41.875)
    assert s.services == 2


def test_freshness_is_a_year_from_today() -> None:
    text = CARD_A.format(agency="alpha")
    assert readiness.score([card(text)], dt.date(2027, 3, 21)).components["freshness"] == 1  # 365 days
    assert readiness.score([card(text)], dt.date(2027, 3, 22)).components["freshness"] == 0


def test_ranks_share_a_place_when_the_shown_index_ties() -> None:
    scores = {k: readiness.Score(1, index=v) for k, v in {"a": 50.04, "b": 50.0, "c": 40.0, "d": 60.0}.items()}
    scores["none"] = readiness.Score(0)
    order = readiness.rank(scores)
    assert order == ["d", "a", "b", "c"]
    assert [scores[k].rank for k in order] == [1, 2, 2, 4]
    assert scores["none"].rank == 0


def test_formula_is_built_from_the_components() -> None:
    text = readiness.formula()
    for c in readiness.COMPONENTS:
        assert c.label in text
    assert sum(c.weight for c in readiness.COMPONENTS) == 100
    assert not re.search("[0-9]", text), "Persian digits only"


# --- the pages ------------------------------------------------------------------------------


def test_readiness_page_shows_the_formula_from_the_module_and_every_component(built: tuple[Path, Path]) -> None:
    _, docs = built
    text = page(docs, "readiness")
    assert readiness.formula() in text
    for c in readiness.COMPONENTS:
        assert c.rule in text
    rows = re.findall(r"<tr>(.*?)</tr>", text.split("رتبه‌بندی دستگاه‌ها", 1)[1].split("## ")[0])
    width = 3 + len(readiness.COMPONENTS) + 1  # rank, agency, index, the components, cards
    ranked = [cells(r) for r in rows if "<td" in r and len(cells(r)) == width]
    # beta: C alone, 7 of 24 fields: 77.5 + 15×7/24 = 81.875 → ۸۱٫۹; alpha: B has had no visit
    # since the second commit, so 41.875 + 15 × 0.5 = 49.375 → ۴۹٫۴
    assert [r[:3] for r in ranked] == [["۱", "سازمان ب", "۸۱٫۹"], ["۲", "سازمان الف", "۴۹٫۴"]]
    assert ranked[1][3:] == ["۵۰٪", "۲۵٪", "۱۰۰٪", "۵۰٪", "۵۰٪", "۲۰٫۸٪", "۵۰٪", "۲"]
    assert "سازمان ج" in text.split("دستگاه‌های بدون شناسنامهٔ خدمت", 1)[1]
    # the province pools the three cards of alpha and beta: 25×2/3 + 15×1/3 + 15 + 10×2/3
    # + 10×2/3 + 15×17/72 + 10×2/3 = 60.208 → ۶۰٫۲
    province = text.split("رتبه‌بندی استان‌ها", 1)[1]
    assert [cells(r)[:3] for r in re.findall(r"<tr>(.*?)</tr>", province) if "<td" in r and len(cells(r)) == width] == [["۱", "تهران", "۶۰٫۲"]]


def test_agency_page_shows_its_score_and_rank(built: tuple[Path, Path]) -> None:
    _, docs = built
    text = page(docs, "agencies/alpha")
    part = text.split("## آمادگی الکترونیکی", 1)[1]
    assert "۴۹٫۴ از ۱۰۰" in part and "۲ از ۲ دستگاه" in part
    assert 'href="../../readiness/"' in part
    assert "## آمادگی الکترونیکی" not in page(docs, "agencies/gamma")  # no cards: no score


def test_statistics_page_counts(built: tuple[Path, Path]) -> None:
    _, docs = built
    text = page(docs, "statistics")
    glance = text.split("## در یک نگاه", 1)[1].split("## ")[0]
    assert re.findall(r"<dd>(.*?)</dd>", glance) == ["۳", "۱", "۳", "۲"]  # services, licences, agencies, fully electronic
    stages = text.split("نحوهٔ ارائه در هر مرحله", 1)[1].split("</figure>")[0]
    # request: A and C electronic, B not stated
    assert cells(stages)[4:8] == ["درخواست", "۲ (۶۶٫۷٪)", "۰ (۰٪)", "۱ (۳۳٫۳٪)"]
    visits = text.split("تعداد مراجعهٔ حضوری", 1)[1].split("</figure>")[0]
    assert cells(visits) == ["۰ بار", "۳"]  # B has no visit since the second commit
    assert "۵۰۰٬۰۰۰ ریال" in text  # the median cost of the one paid service
    completeness = cells(text.split("کامل بودن شناسنامه‌ها در هر دستگاه", 1)[1])
    assert completeness[:3] == ["سازمان الف", "۲", "۲۰٫۸٪"]  # (6 + 4)/48


def test_interoperability_links_and_once_only_report(built: tuple[Path, Path]) -> None:
    _, docs = built
    text = page(docs, "interoperability")
    assert "<svg" in text and "<script" not in text
    dashed = re.findall(r'<line [^>]*stroke="#c62828" stroke-dasharray="6 4"[^>]*><title>(.*?):', text)
    assert dashed == ["سازمان الف"]  # gamma's licence asks alpha on paper
    report = text.split("تبادل‌هایی که هنوز الکترونیکی نیست", 1)[1].split("## ")[0]
    assert cells(report) == ["گواهی عدم سوء پیشینه", "سازمان الف", "صدور"]
    bring = cells(text.split("مدارکی که شهروند می‌آورد", 1)[1])
    assert bring == ["خدمت ج", "تصویر گواهی عدم سوءپیشینه", "سازمان ج (گواهی عدم سوء پیشینه)"]


def test_history_from_git(built: tuple[Path, Path]) -> None:
    root, docs = built
    history = read_history(root)
    assert [ym for ym, _ in history.months] == [(1404, 1), (1404, 2)]
    assert [len([p for p in state if not p.endswith("_agency.yaml")]) for _, state in history.months] == [4, 4]
    text = page(docs, "history")
    counts = text.split("<figcaption>شمار شناسنامه‌های خدمت در پایان هر ماه", 1)[1].split("</figure>")[0]
    assert cells(counts) == ["فروردین ۱۴۰۴", "۳", "اردیبهشت ۱۴۰۴", "۳"]
    share = text.split("<figcaption>سهم خدمات کاملاً اینترنتی در پایان هر ماه", 1)[1].split("</figure>")[0]
    assert cells(share) == ["فروردین ۱۴۰۴", "۶۶٫۷٪", "اردیبهشت ۱۴۰۴", "۶۶٫۷٪"]
    assert "سازمان الف" in text.split("## هر دستگاه", 1)[1]


def test_card_lists_its_changes_and_says_when_it_is_not_reviewed(built: tuple[Path, Path]) -> None:
    _, docs = built
    b = page(docs, "services/alpha/b").split("## تاریخچهٔ تغییرها", 1)[1].split("## ")[0]
    assert "بیش از ۱۲ ماه است بازبینی نشده" in b
    items = re.findall(r"<li>(.*?)</li>", b)
    assert len(items) == 2
    assert "۵ اردیبهشت ۱۴۰۴" in items[0] and "تعداد بار مراجعه حضوری" in items[0]
    assert "۵ فروردین ۱۴۰۴" in items[1] and "افزوده شد" in items[1]
    a = page(docs, "services/alpha/a").split("## تاریخچهٔ تغییرها", 1)[1].split("## ")[0]
    assert "بازبینی نشده" not in a  # reviewed 1405-01-01


def test_home_links_the_monitoring_pages(built: tuple[Path, Path]) -> None:
    _, docs = built
    home = page(docs, "")
    for url in ("statistics/", "readiness/", "interoperability/", "history/"):
        assert f'href="{url}"' in home
        assert (docs / url / "index.md").is_file()


def test_outside_git_there_is_no_history_and_no_error(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    write_catalogue(root)
    assert read_history(root).months == []
    catalogue, _ = load_catalogue(root, keep_records=True, use_cache=False, jobs=1)
    write_site(catalogue, tmp_path / "docs", jobs=1)
    assert "تاریخچهٔ git ندارد" in page(tmp_path / "docs", "history")


# --- charts -----------------------------------------------------------------------------------


def test_chart_text_is_escaped_persian_and_right_to_left() -> None:
    out = str(charts.bars("عنوان <b>", [("<script>alert(1)</script>", 12), ("ب & {{x}}", 3)]))
    assert "<script" not in out and "<b>" not in out and "{{" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out
    assert 'direction="rtl"' in out and "Vazirmatn" in out
    svg = out.split("</svg>")[0]
    assert "۱۲" in svg and "۳" in svg and not re.search(r">[^<]*[0-9][^<]*<", re.sub("&#?[0-9a-z]+;", "", svg.split("</title>", 1)[1]))  # labels too
    assert cells(out) == ["&lt;script&gt;alert(۱)&lt;/script&gt;", "۱۲", "ب &amp; &#123;&#123;x&#125;&#125;", "۳"]


def test_bars_grow_from_the_right_and_keep_every_row_in_the_table() -> None:
    rows = [(f"مورد {i}", float(30 - i)) for i in range(25)]
    out = str(charts.bars("نمودار", rows, limit=5))
    rects = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', out)
    assert len(rects) == 6  # five rows and «سایر»
    right_edges = {round(float(x) + float(w), 1) for x, w in rects}
    assert right_edges == {charts.WIDTH - charts.PAD}
    assert "سایر (۲۰ مورد)" in out
    assert len(cells(out)) == 2 * 25


def test_line_runs_right_to_left() -> None:
    out = str(charts.line("خط", [("اول", 1), ("دوم", 2), ("سوم", 4)]))
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', out)]
    assert xs == sorted(xs, reverse=True)  # the oldest point is the rightmost
    assert cells(out) == ["اول", "۱", "دوم", "۲", "سوم", "۴"]


def test_historic_versions_are_read_without_anchors_aliases_or_tags() -> None:
    from site_gen.render.statistics import historic_data

    assert historic_data(b"access: {request: {electronic: true}}\n") == {"access": {"request": {"electronic": True}}}
    # an alias could make a version exponentially large; a tag could build objects: both are
    # left to the validator's own loader, which refuses them
    assert historic_data(b"a: &x [1, 2]\nb: [*x, *x]\n") is None
    assert historic_data(b"a: !!python/object/apply:os.system [echo]\n") is None


def test_versions_are_cut_into_top_level_entries() -> None:
    from site_gen.render.statistics import top_entries

    raw = b"# schema\ntitle: x\naccess:\n  request: {electronic: true}\n# note\ndescription: |\n  a: b\n\n  c\nin_person_visits: 0\n"
    top = top_entries(raw)
    assert list(top) == [b"title", b"access", b"description", b"in_person_visits"]
    assert top[b"description"] == b"description: |\n  a: b\n\n  c"  # a block scalar's lines stay with it
    assert top[b"access"].startswith(b"access:\n  request:")
