"""The reviewer's session (issue 11), scripted in temporary git repositories: what `diff`,
`owners-check`, `codeowners`, the redirects and `serve` say, exactly."""

from __future__ import annotations

import html.parser
import json
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import cmarkgfm
import pytest
from browser import local_server
from click.testing import CliRunner
from cmarkgfm.cmark import Options
from helpers import harness

from site_gen.cli import cli
from site_gen.report import Report, diag
from site_gen.serving import summary

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}
SITE_GEN = str(Path(sys.executable).parent / "site-gen")

TYPED = 'صدور "کارت" & <نمونه> | *x* _y_ #1 `z` [a](b) $m$'
CARD = """title: صدور کارت
agency: demo
required_documents: [تصویر کارت ملی, عکس]
average_duration: {value: 3, unit: day}
cost:
  free: false
  items:
    - {title: هزینه صدور, amount_rials: 500000}
    - {title: هزینه پست, amount_rials: 20000}
access:
  request:
    electronic: true
    non_electronic: false
    channels: [internet, counter_offices]
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, env=ENV, capture_output=True).stdout.decode()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """main: the harness and one card; the author's branch `change` starts there."""
    root = harness(tmp_path)
    (root / "cards/demo/card.yaml").write_text(CARD, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "change")
    return root


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def as_github_shows(markdown: str) -> str:
    """The text a reader sees: the comment rendered by GitHub's own renderer (cmark-gfm, with
    the raw HTML GitHub allows), tags dropped, character references decoded once."""
    rendered = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    parser = _Text()
    parser.feed(rendered)
    return " ".join("".join(parser.parts).split())


# --- Must 9: the merge base ------------------------------------------------------------------


def test_diff_and_owners_check_compare_with_the_merge_base(repo: Path) -> None:
    edit(repo, "cards/demo/card.yaml", "amount_rials: 20000", "amount_rials: 30000")
    git(repo, "commit", "-qam", "author: dearer post")
    git(repo, "checkout", "-q", "main")
    edit(repo, "cards/demo/card.yaml", "amount_rials: 500000", "amount_rials: 400000")
    (repo / "cards/mpo/new.yaml").write_text("title: خدمت سازمان دیگر\nagency: mpo\n", encoding="utf-8")
    (repo / "cards/demo/_agency.yaml").write_text("slug: demo\nname: سازمان نمونه\nparent: mpo\nmaintainers: ['@demo-team']\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moves on: cheaper issue, a card of another agency")
    git(repo, "checkout", "-q", "change")
    code, out = run("diff", "main", "HEAD", "--root", str(repo), "--format", "json")
    assert code == 0
    fields = [(f["label"], f["old"], f["new"]) for c in json.loads(out)["changes"] for f in c["fields"]]
    assert fields == [("هزینه ارائه خدمت › مبالغ «هزینه پست» › مبلغ (ریال)", 20000, 30000)]  # no phantom «کاهش هزینه»
    code, out = run("diff", "main", "HEAD", "--root", str(repo), "--format", "json", "--tip")
    assert "cards/mpo/new.yaml" in out and "400000" in out  # against the tip: main's own changes show
    code, out = run("owners-check", "main", "HEAD", "--root", str(repo), "--author", "@demo-team")
    assert (code, out) == (0, "درست است: @demo-team نگه‌دارندهٔ همهٔ پوشه‌های تغییرکرده است\n")
    code, out = run("owners-check", "main", "HEAD", "--root", str(repo), "--author", "@demo-team", "--tip")
    assert code == 1 and "cards/mpo/new.yaml:1:1: error: not-an-owner:" in out  # what blaming main's changes looked like


def test_a_shallow_history_is_explained(repo: Path, tmp_path: Path) -> None:
    git(repo, "checkout", "-q", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "two")
    git(repo, "checkout", "-q", "--orphan", "lonely")
    git(repo, "commit", "-qm", "unrelated")
    code, out = run("diff", "main", "--root", str(repo))
    assert code == 2
    assert "نیای مشترکی" in out and "git fetch --unshallow" in out


# --- Must 10: a diff written for people -------------------------------------------------------


def test_the_diff_reads_as_typed_on_github(repo: Path) -> None:
    edit(repo, "cards/demo/card.yaml", "title: صدور کارت", "title: '" + TYPED.replace("'", "''") + "'")
    edit(repo, "cards/demo/card.yaml", "amount_rials: 500000", "amount_rials: 900000")
    edit(repo, "cards/demo/card.yaml", "internet, counter_offices", "internet")
    edit(repo, "cards/demo/card.yaml", "non_electronic: false", "non_electronic: true")
    (repo / "cards/demo/new-service.yaml").write_text(CARD.replace("صدور کارت", "خدمت تازه"), encoding="utf-8")
    code, out = run("diff", "main", "--root", str(repo), "--preview-url", "https://preview.example/mr-7/")
    assert code == 0
    seen = as_github_shows(out)
    assert TYPED in seen and "&#" not in seen and "&amp;" not in seen
    assert "هزینه ارائه خدمت › مبالغ «هزینه صدور» › مبلغ (ریال) ۵۰۰٬۰۰۰ ریال ۹۰۰٬۰۰۰ ریال (افزایش ۸۰٪)" in seen
    assert "نحوهٔ دسترسی به خدمت › مرحله درخواست › مجراهای دسترسی اینترنتی (وبگاه دستگاه)، دفاتر پیشخوان اینترنتی (وبگاه دستگاه)" in seen
    assert "نحوهٔ دسترسی به خدمت › مرحله درخواست › غیرالکترونیکی خیر بله" in seen
    assert "True" not in seen and "False" not in seen and "[1]" not in seen and "counter_offices" not in seen
    # the added card: its summary, not «0» fields
    assert ("عنوان خدمت خدمت تازه دستگاه سازمان نمونه (demo) هزینه هزینه صدور: ۵۰۰٬۰۰۰ ریال؛ هزینه پست: ۲۰٬۰۰۰ ریال "
            "متوسط مدت ۳ روز مجراهای دسترسی اینترنتی (وبگاه دستگاه)، دفاتر پیشخوان کاملاً اینترنتی _اعلام نشده_ "
            "مدارک لازم تصویر کارت ملی، عکس").replace("_اعلام نشده_", "اعلام نشده") in seen
    rows = [line for line in out.splitlines() if line.startswith("| <a")]
    assert rows[1] == ('| <a href="https://preview.example/mr-7/services/demo/new-service/">خدمت تازه</a><br>'
                       "<code>cards/demo/new-service.yaml</code> | خدمت | افزوده | — | — |")
    assert rows[0].endswith("| خدمت | تغییر | ۴ | افزایش هزینه، حذف مجرای دسترسی |")


def test_list_items_are_paired_by_title(repo: Path) -> None:
    edit(repo, "cards/demo/card.yaml", "    - {title: هزینه صدور, amount_rials: 500000}\n", "")
    edit(repo, "cards/demo/card.yaml", "amount_rials: 20000}", "amount_rials: 20000}\n    - {title: هزینه صدور, amount_rials: 500000}")
    code, out = run("diff", "main", "--root", str(repo), "--format", "json")
    assert (code, json.loads(out)) == (0, {"changes": []})  # reordered items: nothing changed for citizens


# --- Must 11: addresses never break ------------------------------------------------------------


def test_old_addresses_redirect(repo: Path, tmp_path: Path) -> None:
    git(repo, "mv", "cards/demo/card.yaml", "cards/demo/id-card.yaml")
    git(repo, "rm", "-q", "cards/demo/other-service.yaml")
    code, out = run("diff", "main", "--root", str(repo))
    assert code == 0
    assert out.startswith(
        "### ⚠️ نشانی‌هایی که از کار می‌افتند\n\n"
        "این صفحه‌ها از وبگاه برداشته می‌شوند و نشانی پیشینشان به جایی نمی‌رود. <code>site-gen diff main --write-redirects</code> "
        "را اجرا کنید و <code>redirects.yaml</code> را هم در همین درخواست commit کنید.\n\n"
        "| نشانی پیشین | پرونده |\n|---|---|\n"
        "| <code>/services/demo/card/</code> | <code>cards/demo/card.yaml</code> |\n"
        "| <code>/services/demo/other&#45;service/</code> | <code>cards/demo/other&#45;service.yaml</code> |\n".replace("&#45;", "-"))
    code, _ = run("diff", "main", "--root", str(repo), "--write-redirects")
    assert code == 0
    record = (repo / "redirects.yaml").read_text(encoding="utf-8")
    assert record.endswith(
        "- from: services/demo/card/\n  to: services/demo/id-card/\n  agency: demo\n  title: صدور کارت\n"
        "- from: services/demo/other-service/\n  agency: demo\n  title: خدمت دیگر\n")
    code, out = run("diff", "main", "--root", str(repo))
    assert "از کار می‌افتند" not in out and "به صفحهٔ تازه می‌رود" in out
    # a second move of the same card: the first old address leads straight to the newest place
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "moved")
    git(repo, "mv", "cards/demo/id-card.yaml", "cards/demo/national-card.yaml")
    run("diff", "HEAD", "--root", str(repo), "--write-redirects")
    record = (repo / "redirects.yaml").read_text(encoding="utf-8")
    assert "- from: services/demo/card/\n  to: services/demo/national-card/\n" in record
    assert "- from: services/demo/id-card/\n  to: services/demo/national-card/\n" in record
    from site_gen.build import build

    result = build(repo, tmp_path / "site")
    assert not result.report.errors
    moved = (tmp_path / "site/services/demo/card/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../../services/demo/national-card/">' in moved
    gone = (tmp_path / "site/services/demo/other-service/index.html").read_text(encoding="utf-8")
    assert "خدمت «خدمت دیگر» از کاتالوگ برداشته شده است." in gone
    assert 'href="../../../agencies/demo/"' in gone


# --- Must 12: owners-check asks the forge -------------------------------------------------------


class FakeForge(BaseHTTPRequestHandler):
    """GitHub's and GitLab's answers about teams and groups, as a job's token gets them."""

    routes: dict[str, tuple[int, object]] = {
        # GitHub: the team org/demo-team, which the token sees; bob is in it
        "/orgs/org/teams/demo-team": (200, {"slug": "demo-team"}),
        "/orgs/org/teams/demo-team/memberships/bob": (200, {"state": "active"}),
        # GitLab: the group demo/editors; carol (id 7) is in it
        "/gl/groups/demo%2Feditors": (200, {"id": 3}),
        "/gl/users?username=carol": (200, [{"id": 7, "username": "carol"}]),
        "/gl/users?username=mallory": (200, [{"id": 9, "username": "mallory"}]),
        "/gl/groups/demo%2Feditors/members/all/7": (200, {"id": 7}),
    }
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:
        FakeForge.seen.append((self.path, self.headers.get("Authorization") or self.headers.get("PRIVATE-TOKEN")))
        status, body = self.routes.get(self.path, (404, {"message": "Not Found"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def forge() -> Iterator[str]:
    FakeForge.seen = []
    with local_server(FakeForge) as base:
        yield base


@pytest.fixture()
def owned(repo: Path) -> Path:
    git(repo, "checkout", "-q", "main")
    (repo / "cards/demo/_agency.yaml").write_text(
        "slug: demo\nname: سازمان نمونه\nparent: mpo\nmaintainers: ['@alice', '@org/demo-team', '@demo/editors']\n", encoding="utf-8")
    git(repo, "commit", "-qam", "maintainers")
    git(repo, "checkout", "-q", "change")
    git(repo, "merge", "-q", "main")
    edit(repo, "cards/demo/card.yaml", "amount_rials: 20000", "amount_rials: 30000")
    git(repo, "commit", "-qam", "dearer post")
    return repo


def test_owners_check_on_github(owned: Path, forge: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_GEN_FORGE_TOKEN", "secret-token")
    check = ("owners-check", "main", "HEAD", "--root", str(owned), "--forge", "github", "--api", forge, "--author")
    assert run(*check, "@alice") == (0, "درست است: @alice نگه‌دارندهٔ همهٔ پوشه‌های تغییرکرده است\n")  # listed
    assert run(*check, "bob") == (0, "درست است: @bob نگه‌دارندهٔ همهٔ پوشه‌های تغییرکرده است\n")  # in @org/demo-team
    code, out = run(*check, "@mallory")
    assert code == 1
    assert out == (
        "cards/demo/card.yaml:1:1: error: not-an-owner: @mallory نگه‌دارندهٔ «demo» نیست (عضویت در @demo/editors را توکن این کار نمی‌بیند): "
        "تأیید @alice یا @org/demo-team یا @demo/editors یا @catalogue-reviewers لازم است\n"
        "۱ پرونده بیرون از پوشه‌هایی است که @mallory نگه‌دارندهٔ آن‌هاست\n"
        "تأیید @alice یا @org/demo-team یا @demo/editors یا @catalogue-reviewers لازم است برای ۱ پرونده: cards/demo/card.yaml\n")
    assert ("/orgs/org/teams/demo-team/memberships/bob", "Bearer secret-token") in FakeForge.seen
    assert all(not path.startswith("/orgs/alice") for path, _ in FakeForge.seen)  # a user is no team


def test_owners_check_on_gitlab(owned: Path, forge: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_GEN_FORGE_TOKEN", "glpat")
    check = ("owners-check", "main", "HEAD", "--root", str(owned), "--forge", "gitlab", "--api", forge + "/gl", "--author")
    assert run(*check, "@carol")[0] == 0  # in the group @demo/editors
    code, out = run(*check, "@mallory")
    assert code == 1
    # the group @demo/editors is visible (mallory is simply not in it); the GitHub-style team is not
    assert "(عضویت در @org/demo-team را توکن این کار نمی‌بیند)" in out
    assert ("/gl/groups/demo%2Feditors/members/all/7", "glpat") in FakeForge.seen


# --- Must 8: a new agency in one merge request --------------------------------------------------

NEW_AGENCY = {
    "cards/newagency/_agency.yaml": "slug: newagency\nname: سازمان تازه\nparent: mpo\nmaintainers: ['@new-team']\n",
    "cards/newagency/one.yaml": "title: خدمت یکم\nagency: newagency\n",
    "cards/newagency/two.yaml": "title: خدمت دوم\nagency: newagency\n",
    "cards/newagency/three.yaml": "title: خدمت سوم\nagency: newagency\n",
    "licenses/newagency/permit.yaml": "title: پروانه تازه\nagency: newagency\n",
}


def test_a_new_agency_in_one_merge_request(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    assert run("codeowners", str(repo))[0] == 0
    git(repo, "add", "CODEOWNERS")
    git(repo, "commit", "-qm", "CODEOWNERS")
    git(repo, "checkout", "-q", "-B", "change")
    for rel, text in NEW_AGENCY.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    # forgetting the step the guide names: CI says what to run, in Persian
    code, out = run("codeowners", str(repo), "--check")
    assert code == 1
    assert out.splitlines()[0] == (f"{repo}/CODEOWNERS: error: با نگه‌دارندگان دستگاه‌ها (maintainers در _agency.yaml) هم‌خوان نیست؛ "
                                   "اجرا کنید: site-gen codeowners . و CODEOWNERS را هم در همین درخواست ادغام commit کنید")
    assert "+/cards/newagency/ @new-team @catalogue-reviewers" in out.splitlines()
    # the guide's steps: codeowners, commit; then every CI command passes
    assert run("codeowners", str(repo)) == (0, f"{repo}/CODEOWNERS نوشته شد\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "new agency")
    assert run("codeowners", str(repo), "--check", "--forge", "gitlab")[0] == 0
    assert run("validate", str(repo), "--no-cache")[0] == 0
    code, out = run("diff", "main", "HEAD", "--root", str(repo))
    assert code == 0 and "| نام دستگاه | سازمان تازه |" in out and "| دستگاه | سازمان تازه (newagency) |" in out
    # who must approve: the reviewers, named, for every file of the agency they have not yet registered
    code, out = run("owners-check", "main", "HEAD", "--root", str(repo), "--author", "@new-team")
    assert code == 1
    assert out.splitlines()[-1] == ("تأیید @catalogue-reviewers لازم است برای ۶ پرونده: CODEOWNERS، cards/newagency/_agency.yaml، "
                                    "cards/newagency/one.yaml، cards/newagency/three.yaml، cards/newagency/two.yaml، licenses/newagency/permit.yaml")


def test_codeowners_valid_on_each_forge(repo: Path) -> None:
    code, out = run("codeowners", str(repo), "--forge", "github")
    assert code == 1
    assert "در GitHub گروه بازبینان باید تیم باشد (@سازمان/تیم)، اما «@catalogue-reviewers» نام یک کاربر است" in out
    assert run("codeowners", str(repo), "--reviewers", "@org/catalogue-reviewers", "--forge", "github")[0] == 0
    # the group chosen once is kept by the plain command the clerks run
    assert run("codeowners", str(repo), "--check", "--forge", "github")[0] == 0
    assert "* @org/catalogue-reviewers\n" in (repo / "CODEOWNERS").read_text(encoding="utf-8")


# --- Must 13: serve tells -------------------------------------------------------------------------


def test_serve_summary_errors_first_warnings_counted() -> None:
    report = Report()
    report.files = 3
    report.extend([
        diag("cards/a/x.yaml", 2, 1, "arabic-letters", "الف", "cost"),
        diag("cards/a/y.yaml", 4, 3, "yaml-syntax", "ب"),
        diag("cards/a/x.yaml", 3, 1, "arabic-letters", "ج", "access"),
    ])
    warnings = [d for d in report.diagnostics if not d.is_error]
    assert len(warnings) == 2, "arabic-letters is a warning"
    assert summary(report) == (
        "cards/a/y.yaml:4:3: error: yaml-syntax: ب\n"
        f"۲ هشدار arabic-letters: {__import__('site_gen.codes', fromlist=['x']).all_codes()['arabic-letters'].title}\n"
        "همهٔ هشدارها را با site-gen serve --verbose ببینید\n"
        "۱ خطا در ۱ پرونده: صفحهٔ هر کدام تا درست شدن، خطا را در مرورگر نشان می‌دهد؛ ۲ هشدار\n")
    assert summary(report, verbose=True).splitlines()[:3] == [
        "cards/a/y.yaml:4:3: error: yaml-syntax: ب",
        "cards/a/x.yaml:2:1: warning: arabic-letters: cost: الف",
        "cards/a/x.yaml:3:1: warning: arabic-letters: access: ج",
    ]


def test_serve_shows_an_error_in_the_browser_until_fixed(tmp_path: Path) -> None:
    from test_serve import fetch_until, free_port

    root = harness(tmp_path)
    card = root / "cards/demo/other-service.yaml"
    good = card.read_text(encoding="utf-8")
    port = free_port()
    err = (tmp_path / "serve.err").open("w")
    proc = subprocess.Popen([SITE_GEN, "serve", str(root), "--addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=err)
    try:
        url = f"http://127.0.0.1:{port}/services/demo/other-service/"
        fetch_until(url, "خدمت دیگر")
        card.write_text(good.replace("title: خدمت دیگر", "title: [خدمت"), encoding="utf-8")
        page = fetch_until(url, "این پرونده خطا دارد")
        assert "<code>cards/demo/other-service.yaml</code> خطا دارد" in page and "yaml-syntax" in page
        card.write_text(good.replace("خدمت دیگر", "خدمت درست‌شده"), encoding="utf-8")
        page = fetch_until(url, "خدمت درست‌شده")
        assert "این پرونده خطا دارد" not in page
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        err.close()
    log = (tmp_path / "serve.err").read_text(encoding="utf-8")
    assert "cards/demo/other-service.yaml:3:8: error: yaml-syntax" in log or "error: yaml-syntax" in log
    assert "۱ خطا در ۱ پرونده" in log and "بی‌خطا" in log
