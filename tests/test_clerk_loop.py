"""The contribution loop as an agency clerk meets it (issue 11): a scripted session in a
temporary git repository, with the exact outputs and exit codes the clerk sees."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import harness

from site_gen.cli import cli

REPO = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("site-gen")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "clerk",
    "GIT_AUTHOR_EMAIL": "clerk@example.ir",
    "GIT_COMMITTER_NAME": "clerk",
    "GIT_COMMITTER_EMAIL": "clerk@example.ir",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env={**os.environ, **GIT_ENV}, check=True)
    return done.stdout


def sh(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The installed ``site-gen``, run in ``root`` as a clerk runs it."""
    done = subprocess.run([str(EXE), *args], cwd=root, capture_output=True, text=True, env={**os.environ, **(env or {})})
    return done.returncode, done.stdout, done.stderr


def run(root: Path, *args: str) -> tuple[int, str]:
    """The click command, in ``root`` (stdout and stderr together)."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(cwd)
    return result.exit_code, result.output


BROKEN_OLD = 'id: "10000000009"\ntitle: خدمت قدیمی\nagency: demo\ncost: {free: yes}\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The catalogue on main, with an older card of another agency that has an error (as the
    real catalogue has hundreds), and the clerk's branch checked out."""
    root = harness(tmp_path)
    (root / "cards/demo/old-broken.yaml").write_text(BROKEN_OLD, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "catalogue")
    git(root, "checkout", "-qb", "clerk")
    return root


# --- Must 1: scope ------------------------------------------------------------------------


def test_whole_catalogue_fails_on_other_agencies_cards(repo: Path) -> None:
    code, out, _ = sh(repo, "validate", ".")
    assert code == 1
    assert "cards/demo/old-broken.yaml:4:14: error: invalid-bool: cost.free:" in out


def test_validate_changed_reports_only_the_clerks_files(repo: Path) -> None:
    card = repo / "cards/sabt/birth.yaml"
    card.parent.mkdir(parents=True)
    (repo / "cards/sabt/_agency.yaml").write_text("slug: sabt\nname: سازمان ثبت احوال\n", encoding="utf-8")
    card.write_text('id: "10000000100"\ntitle: صدور شناسنامه\nagency: sabt\n', encoding="utf-8")
    git(repo, "add", "cards/sabt/_agency.yaml")
    git(repo, "commit", "-qm", "agency")  # one committed, one in the working tree only
    code, out, err = sh(repo, "validate", ".", "--changed", "main")
    assert (code, err) == (0, "")
    assert out == (
        "کامل بودن: sabt: ۱۲٪ (۳ از ۲۴ فیلد فرم اعلام شده، در ۲ رکورد)\n"
        "۲ پرونده: ۰ خطا، ۰ هشدار: معتبر\n"
    )
    # --complete applies to the files in scope only
    code, out, _ = sh(repo, "validate", "--changed", "main", "--complete")
    assert code == 1
    assert all(line.startswith("cards/sabt/") for line in out.splitlines()[:-2])
    assert out.splitlines()[-1] == "۲ پرونده: ۲۰ خطا، ۰ هشدار: نامعتبر"


def test_validate_paths_and_cross_file_errors_that_involve_them(repo: Path) -> None:
    (repo / "cards/sabt").mkdir()
    (repo / "cards/sabt/_agency.yaml").write_text("slug: sabt\nname: سازمان ثبت احوال\n", encoding="utf-8")
    (repo / "cards/sabt/dup.yaml").write_text('id: "10000000001"\ntitle: خدمت\nagency: sabt\ninstance_of: demo/nowhere\n', encoding="utf-8")
    code, out, _ = sh(repo, "validate", "cards/sabt")
    assert code == 1
    assert out == (
        "cards/sabt/dup.yaml:1:5: error: duplicate-id: id: شناسهٔ '10000000001' در میان خدمات تکراری است؛ همچنین در cards/demo/other-service.yaml:1\n"
        "cards/sabt/dup.yaml:4:14: error: unknown-service: instance_of: شناسنامهٔ خدمت 'demo/nowhere' پیدا نشد: پروندهٔ cards/demo/nowhere.yaml وجود ندارد\n"
        "کامل بودن: sabt: ۱۲٪ (۳ از ۲۴ فیلد فرم اعلام شده، در ۲ رکورد)\n"
        "۲ پرونده: ۲ خطا، ۰ هشدار: نامعتبر\n"
    )
    # the same with ROOT first, and a single file
    assert sh(repo, "validate", ".", "cards/sabt/dup.yaml")[1].splitlines()[-1] == "۱ پرونده: ۲ خطا، ۰ هشدار: نامعتبر"
    # the click command says the same
    assert run(repo, "validate", "cards/sabt") == (1, out)
    # from another folder, with PATH relative to ROOT
    assert sh(repo.parent, "validate", str(repo), "cards/sabt") == (1, out, "")


def test_a_removed_card_reports_the_references_that_break(repo: Path) -> None:
    (repo / "licenses/demo/some-licence.yaml").write_text('id: "20000000001"\ntitle: مجوز دیگر\nagency: demo\nservice: other-service\n', encoding="utf-8")
    git(repo, "commit", "-qam", "licence names its service")
    git(repo, "rm", "-q", "cards/demo/other-service.yaml")
    code, out, _ = sh(repo, "validate", "--changed", "main")
    assert code == 1
    assert out.splitlines()[0] == (
        "licenses/demo/some-licence.yaml:4:10: error: unknown-service: service: شناسنامهٔ خدمت 'other-service' پیدا نشد: "
        "پروندهٔ cards/demo/other-service.yaml وجود ندارد"
    )


def test_scope_usage_errors_are_persian(repo: Path) -> None:
    usage = "کاربرد: site-gen validate [گزینه‌ها] [ROOT] [PATH]...\nراهنما: site-gen validate --help\n\n"
    assert sh(repo, "validate", "--changed", "--upload-pack=touch /tmp/x") == (2, "", usage + "خطا: «--upload-pack=touch /tmp/x» نام شاخه یا نسخهٔ git نیست\n")
    assert sh(repo, "validate", "--changed", "nope") == (
        2,
        "",
        usage + "خطا: نسخهٔ «nope» در git پیدا نشد؛ آیا شاخه را fetch کرده‌اید؟ (مانند git fetch origin main)\n",
    )
    assert sh(repo, "validate", "cards/nowhere") == (2, "", usage + "خطا: مسیر «cards/nowhere» وجود ندارد\n")
    assert sh(repo, "validate", "README.md")[2].endswith("خطا: مسیر «README.md» وجود ندارد\n")


def _step(workflow: dict[str, object], name_start: str) -> dict[str, str]:
    steps = workflow["jobs"]["check"]["steps"]  # type: ignore[index]
    return next(s for s in steps if s.get("name", "").startswith(name_start))


def test_ci_templates_validate_the_change_on_merge_requests_and_everything_on_main(repo: Path, tmp_path: Path) -> None:
    wf = yaml.safe_load((REPO / ".github/workflows/catalogue.yml").read_text(encoding="utf-8"))
    changed = _step(wf, "Validate the changed files")
    whole = _step(wf, "Validate the whole catalogue")
    assert changed["if"] == "github.event_name == 'pull_request'" and whole["if"] == "github.event_name != 'pull_request'"
    assert "--changed \"origin/$BASE_REF\" --complete" in changed["run"]
    gl = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    script = gl["validate"]["script"][0]
    assert '--changed "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --complete' in script and gl["validate"]["variables"]["GIT_DEPTH"] == "0"

    # run both as written: the clerk's complete new card passes, although main has errors
    (repo / "cards/sabt").mkdir()
    (repo / "cards/sabt/_agency.yaml").write_text("slug: sabt\nname: سازمان ثبت احوال\nparent: null\nwebsite: null\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "agency")
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    bindir = tmp_path / "bin"
    (bindir / ".venv/bin").mkdir(parents=True)
    os.symlink(EXE, bindir / ".venv/bin/site-gen")
    for script_text, env in ((changed["run"], {"BASE_REF": "main"}), (script, {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_DIFF_BASE_SHA": git(repo, "rev-parse", "main").strip()})):
        text = script_text.replace(".venv/bin/site-gen", str(bindir / ".venv/bin/site-gen"))
        done = subprocess.run(["bash", "-ec", text], cwd=repo, capture_output=True, text=True, env={**os.environ, **env})
        assert done.returncode == 0, done.stdout + done.stderr
    done = subprocess.run(["bash", "-ec", whole["run"].replace(".venv/bin/site-gen", str(EXE))], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 1 and "old-broken.yaml" in done.stdout



# --- Must 2: every error on the first run ------------------------------------------------------


def test_duplicate_id_and_broken_reference_reported_with_the_files_own_errors(repo: Path) -> None:
    """Both files have other errors; the duplicate id and the broken reference are reported on
    the first run all the same, and the incremental run after an edit agrees."""
    (repo / "cards/demo/copy.yaml").write_text(
        'id: "10000000009"\ntitle: رونوشت\nagency: demo\nnature: soverign\nlicenses: [nowhere]\n', encoding="utf-8"
    )
    code, out, _ = sh(repo, "validate", "cards/demo/copy.yaml", "cards/demo/old-broken.yaml")
    assert code == 1
    assert out.splitlines()[:5] == [
        "cards/demo/copy.yaml:1:5: error: duplicate-id: id: شناسهٔ '10000000009' در میان خدمات تکراری است؛ همچنین در cards/demo/old-broken.yaml:1",
        "cards/demo/copy.yaml:4:9: error: invalid-value: nature: انتظار می‌رفت یکی از sovereign (حاکمیتی)، proprietary (تصدی‌گری)، اما 'soverign' آمده است؛ برای «حاکمیتی» بنویسید sovereign",
        "cards/demo/copy.yaml:5:12: error: unknown-licence: licenses[0]: مجوز 'nowhere' پیدا نشد: پروندهٔ licenses/demo/nowhere.yaml وجود ندارد",
        "cards/demo/old-broken.yaml:1:5: error: duplicate-id: id: شناسهٔ '10000000009' در میان خدمات تکراری است؛ همچنین در cards/demo/copy.yaml:1",
        "cards/demo/old-broken.yaml:4:14: error: invalid-bool: cost.free: انتظار می‌رفت true یا false، اما 'yes' آمده است",
    ]
    # the store's incremental update after an edit says the same as a run without it
    (repo / "cards/demo/copy.yaml").write_text('id: "10000000009"\ntitle: رونوشت\nagency: demo\nnature: x\n', encoding="utf-8")
    warm = sh(repo, "validate", ".")
    assert warm == sh(repo, "validate", ".", "--no-cache")
    assert "copy.yaml:1:5: error: duplicate-id" in warm[1]


# --- Must 3 and 7: site-gen new, placeholders ------------------------------------------------------


def test_new_service_for_an_unknown_agency_says_to_create_the_agency_first(repo: Path) -> None:
    assert sh(repo, "new", "service", "sabt", "birth") == (
        2,
        "",
        "کاربرد: site-gen new [گزینه‌ها] KIND AGENCY [SLUG]\nراهنما: site-gen new --help\n\n"
        "خطا: دستگاه «sabt» هنوز ثبت نشده است (پروندهٔ cards/sabt/_agency.yaml نیست)؛ نخست بنویسید: site-gen new agency sabt\n",
    )
    assert not (repo / "cards/sabt").exists()


def test_placeholders_and_labels_as_values_are_errors_even_without_complete(repo: Path) -> None:
    assert sh(repo, "new", "agency", "sabt") == (0, "cards/sabt/_agency.yaml نوشته شد\n", "")
    assert sh(repo, "new", "service", "sabt", "birth") == (0, "cards/sabt/birth.yaml نوشته شد\n", "")
    code, out, _ = sh(repo, "validate", "--changed", "main")
    assert code == 1
    assert out == (
        "cards/sabt/_agency.yaml:8:7: error: placeholder: name: «نام دستگاه اجرایی را اینجا بنویسید» متن نمونهٔ site-gen new است، نه مقدار؛ مقدار را بنویسید\n"
        "cards/sabt/birth.yaml:8:8: error: placeholder: title: «عنوان خدمت را اینجا بنویسید» متن نمونهٔ site-gen new است، نه مقدار؛ مقدار را بنویسید\n"
        "۲ پرونده: ۲ خطا، ۰ هشدار: نامعتبر\n"
    )
    (repo / "cards/sabt/law.yaml").write_text(
        'id: "10000000109"\ntitle: صدور گواهی\nagency: sabt\nwebsite: null\nlaws: [{title: عنوان قانون/مصوبه, number: "12"}]\n', encoding="utf-8"
    )
    assert sh(repo, "validate", "cards/sabt/law.yaml")[1].splitlines()[0] == (
        "cards/sabt/law.yaml:5:16: error: label-as-value: laws[0].title: «عنوان قانون/مصوبه» برچسب همین فیلد است، نه مقدار آن؛ مقدار را بنویسید"
    )


def test_complete_reports_fields_not_stated_on_the_same_run_as_other_errors(repo: Path) -> None:
    """A new card with a placeholder: --complete names the placeholder and every form field not
    stated at once, not one after the other across runs (the same with and without the store)."""
    sh(repo, "new", "agency", "sabt")
    sh(repo, "new", "service", "sabt", "birth")
    for extra in ((), ("--no-cache",), ()):
        code, out, _ = sh(repo, "validate", ".", "cards/sabt/birth.yaml", "--complete", *extra)
        lines = out.splitlines()
        assert code == 1
        assert [ln.split(": ")[2] for ln in lines if ln.startswith("cards/sabt/birth.yaml")].count("placeholder") == 1
        not_stated = [ln for ln in lines if ": error: not-stated: " in ln]
        assert len(not_stated) >= 10 and all(ln.startswith("cards/sabt/birth.yaml:") for ln in not_stated)
        assert any(": not-stated: description: " in ln for ln in not_stated)


# --- Must 4: fmt -------------------------------------------------------------------------------


def test_fmt_pads_dates_turns_digits_into_numbers_and_leaves_a_broken_file_untouched(repo: Path) -> None:
    good = repo / "cards/demo/dates.yaml"
    good.write_text(
        'id: "10000000209"\ntitle: خدمت\nagency: demo\nlast_reviewed: ۱۴۰۳-۶-۲\nlaws: [{title: قانون, date: 1403-1-5}]\nsummary: 1403-6-2\nin_person_visits: ۲\n',
        encoding="utf-8",
    )
    tab = repo / "cards/demo/tab.yaml"
    tab.write_bytes(b'id: "10000000210"\ntitle: x\n\tagency: demo\n')
    before = tab.read_bytes()
    code, out, err = sh(repo, "fmt", "cards/demo/tab.yaml", "cards/demo/dates.yaml")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("cards/demo/tab.yaml:3:1: error: yaml-syntax: ")
    assert lines[1:] == [
        "قالب‌بندی شد: cards/demo/dates.yaml",
        "1 پرونده از 2 پرونده تغییر کرد",
        "1 پرونده قالب‌بندی نشد و دست‌نخورده ماند؛ خطاها را در بالا ببینید",
    ]
    assert tab.read_bytes() == before
    assert good.read_text(encoding="utf-8") == (
        'id: "10000000209"\ntitle: خدمت\nagency: demo\nsummary: "1403-6-2"\nlaws: [{title: قانون, date: "1403-01-05"}]\n'
        'in_person_visits: 2\nlast_reviewed: "1403-06-02"\n'
    )
    assert sh(repo, "fmt", "--check", "cards/demo/dates.yaml") == (0, "0 پرونده از 1 پرونده تغییر می‌کرد\n", "")


# --- Must 5: messages that teach -----------------------------------------------------------------


def test_messages_suggest_the_key_the_value_and_the_number(repo: Path) -> None:
    card = repo / "cards/demo/teach.yaml"
    card.write_text(
        'id: "10000000309"\ntitle: خدمت\nagency: demo\n'
        "cost: {free: false, items: [{title: هزینه, amount_rials: ۵۰۰ هزار ریال}]}\n"
        "access:\n  request: {channels: [پیشخوان]}\n"
        "عنوان خدمت: x\n"
        "sumary: y\n"
        "contact:\n  phone: \"021-88115831\"\n  title: z\n"
        "free: true\n",
        encoding="utf-8",
    )
    code, out, _ = sh(repo, "validate", "cards/demo/teach.yaml")
    assert code == 1
    channels = (
        "internet (اینترنتی (وبگاه دستگاه))، intranet (اینترانتی (اینترانت یا ERP))، mobile_app (تلفن همراه)، "
        "email (پست الکترونیک)، post (ارسال پستی)، ivr (تلفن گویا یا مرکز تماس)، sms (پیام کوتاه)، "
        "counter_offices (دفاتر پیشخوان)، similar_offices (عناوین مشابه دفاتر پیشخوان)، other (سایر)"
    )
    assert out.splitlines()[:-2] == [
        "cards/demo/teach.yaml:4:58: error: invalid-number: cost.items[0].amount_rials: انتظار می‌رفت عدد صحیح با رقم لاتین، اما '۵۰۰ هزار ریال' آمده است؛ عدد را بی‌واحد و بی‌جداکننده بنویسید: 500000",
        f"cards/demo/teach.yaml:6:24: error: invalid-value: access.request.channels[0]: انتظار می‌رفت یکی از {channels}، اما 'پیشخوان' آمده است؛ برای «دفاتر پیشخوان» بنویسید counter_offices",
        "cards/demo/teach.yaml:7:1: error: unknown-key: عنوان خدمت: کلید ناشناخته «عنوان خدمت»؛ برچسب فارسی را کلید نکنید: کلید این فیلد «title» (عنوان خدمت) است",
        "cards/demo/teach.yaml:8:1: error: unknown-key: sumary: کلید ناشناخته «sumary»؛ آیا منظور «summary» (خلاصه) بود؟",
        "cards/demo/teach.yaml:11:3: error: unknown-key: contact.title: کلید ناشناخته «title»؛ «title» (عنوان خدمت) کلید یک سطح بالاتر است: تورفتگی آن را کم کنید تا هم‌تراز «contact» شود",
        "cards/demo/teach.yaml:12:1: error: unknown-key: free: کلید ناشناخته «free»؛ «free» (رایگان) کلیدی درون «cost» است: آن را زیر کلید خودش با تورفتگی بیشتر بنویسید",
    ]


def test_amounts_in_words() -> None:
    from site_gen.model.types import amount_in_words

    assert amount_in_words("۵۰۰ هزار ریال") == (500000, "")
    assert amount_in_words("2 میلیون و 500 هزار تومان") == (25000000, " (هر تومان ۱۰ ریال است)")
    assert amount_in_words("500,000") == (500000, "")
    assert amount_in_words("۵۰۰۰۰۰ ریال") == (500000, "")
    assert amount_in_words("رایگان") is None and amount_in_words("1.5") is None


#: Documents that make the parser raise each class of error it has (libyaml's scanner, parser
#: and reader, and the composer).
BROKEN_YAML = {
    "title: [a, b\nagency: demo\n": "فهرست «[ ... ]» (از سطر 1) درست بسته نشده است",
    "a: {b: 1\n": "نگاشت «{ ... }» (از سطر 1) درست بسته نشده است",
    "title: x\n  agency: demo\n": "دو نقطهٔ «:» نابه‌جا",
    "title: x\n\tagency: y\n": "نویسهٔ Tab در تورفتگی",
    "a:\n  b: 1\n c: 2\n": "تورفتگی این سطر با کلیدهای هم‌سطحش (از سطر 1) نمی‌خواند",
    "title: @x\n": "نویسه‌ای که YAML در آغاز مقدار نمی‌پذیرد",
    'title: "a\\q"\n': "نویسهٔ گریز «\\» نادرست",
    'title: "abc\n': "پرونده ناگهان تمام شد",
    "a: 1\n---\nb: 2\n": "بیش از یک سند YAML",
    "a:\n  - x\n  b: y\n": "انتظار می‌رفت مورد فهرست با «- »",
    "a: b\n- c\n": "مورد فهرست «- » در جایی که فهرست نمی‌تواند بیاید",
    "a: |x\n  b\n": "سرآغاز متن چندخطی",
    "%FOO\n---\na: 1\n": "نشانهٔ سند یا دستور YAML",
    "a: [b, c]]\n": "«]» یا «}» اضافی",
    "title: \"abc\" def\n": "پس از مقدار گیومه‌دار",
    "? a\n: b\n: c\n": "",
}


@pytest.mark.parametrize("source", sorted(BROKEN_YAML))
def test_yaml_errors_are_persian(source: str) -> None:
    from site_gen.load import load_bytes

    loaded = load_bytes(source.encode(), "cards/demo/x.yaml")
    [d] = [d for d in loaded.diagnostics if d.code == "yaml-syntax"]
    assert d.message.startswith("YAML نامعتبر: ")
    assert BROKEN_YAML[source] in d.message
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", d.message), d.message  # no English sentence


def test_every_libyaml_message_has_its_own_persian_class() -> None:
    from site_gen import yaml_errors

    messages = [
        "block sequence entries are not allowed in this context", "control characters are not allowed",
        "could not find expected ':'", "could not find expected directive name", "did not find URI escaped octet",
        "did not find expected '!'", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
        "did not find expected '-' indicator", "did not find expected <document start>", "did not find expected <stream-start>",
        "did not find expected alphabetic or numeric character", "did not find expected comment or line break",
        "did not find expected digit or '.' character", "did not find expected hexdecimal number", "did not find expected key",
        "did not find expected node content", "did not find expected tag URI", "did not find expected version number",
        "did not find expected whitespace", "did not find expected whitespace or line break", "did not find the expected '>'",
        "found a tab character that violates indentation", "found a tab character where an indentation space is expected",
        "found an incorrect leading UTF-8 octet", "found an incorrect trailing UTF-8 octet", "found an indentation indicator equal to 0",
        "found character that cannot start any token", "found duplicate %TAG directive", "found duplicate %YAML directive",
        "found extremely long version number", "found incompatible YAML document", "found invalid Unicode character escape code",
        "found undefined tag handle", "found unexpected ':'", "found unexpected document indicator", "found unexpected end of stream",
        "found unexpected non-alphabetical character", "found unknown directive name", "found unknown escape character",
        "invalid Unicode character", "invalid leading UTF-8 octet", "invalid length of a UTF-8 sequence", "invalid trailing UTF-8 octet",
        "mapping values are not allowed in this context", "but found another document", "found undefined alias", "found duplicate anchor",
        "expected a single document in the stream",
    ]
    general = [m for m in messages if yaml_errors.hint(m) == yaml_errors.GENERAL]
    assert general == []


# --- Must 6: examples and the format reference -----------------------------------------------------


@pytest.mark.parametrize("kind", ["service", "licence"])
def test_every_worked_example_of_new_is_valid_once_uncommented(kind: str) -> None:
    from site_gen.record import validate_file
    from site_gen.scaffold import EXAMPLES, skeleton

    text = skeleton(kind, "demo")
    top = "cards" if kind == "service" else "licenses"
    base = 'id: "10000000001"\ntitle: نمونه\nagency: demo\n'
    must = {"service": {"cost", "access", "frequency", "recipients", "required_documents", "laws", "process_flow"}, "licence": {"actions"}}[kind]
    assert must <= set(EXAMPLES[kind])
    for name, example in EXAMPLES[kind].items():
        commented = "".join(f"# {line}\n" for line in example.splitlines())
        assert commented + f"{name}: null\n" in text, name  # written just above the field
        extra = "processes: [a, b, c, d]\n" if name == "process_flow" else ""
        result = validate_file("/nonexistent", f"{top}/demo/x.yaml", (base + extra + example + "\n").encode())
        assert [d for d in result.diagnostics if d.is_error] == [], (name, result.diagnostics)


@pytest.mark.parametrize("kind", ["service", "licence", "agency"])
def test_format_reference_pages_are_generated_complete_and_current(kind: str, tmp_path: Path) -> None:
    from site_gen.formatdoc import PAGES, example, page
    from site_gen.record import validate_file

    committed = (REPO / "docs/format" / f"{kind}.md").read_text(encoding="utf-8")
    assert committed == page(kind)  # `site-gen schema` wrote it; `schema --check` keeps it so
    model = next(m for k, m, _, _ in PAGES if k == kind)
    for name, f in model.model_fields.items():
        if name != "sample":
            assert f"| `{name}` | {f.title} |" in committed
    rel = {"service": "cards/sabt/x.yaml", "licence": "licenses/asnaf/x.yaml", "agency": "cards/sabt/_agency.yaml"}[kind]
    result = validate_file("/nonexistent", rel, example(kind).encode())
    assert [d for d in result.diagnostics if d.is_error] == []
    assert f"```yaml\n{example(kind)}```" in committed


def test_schema_check_fails_on_a_stale_reference_page(tmp_path: Path) -> None:
    shutil.copytree(REPO / "docs/format", tmp_path / "format")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    args = ["schema", "--out", str(tmp_path / "schema"), "--docs", str(tmp_path / "format"), "--check"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    page = tmp_path / "format/service.md"
    page.write_text(page.read_text(encoding="utf-8").replace("عنوان خدمت", "عنوان"), encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and f"کهنه: {page} (اجرا کنید: site-gen schema)" in result.output


def test_readme_and_guide_point_to_the_format_inside_the_repository() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme and "(docs/format/index.md)" in readme
    guide = (REPO / "docs/contributing.md").read_text(encoding="utf-8")
    assert "(format/index.md)" in guide and ".venv\\Scripts\\activate" in guide and "source .venv/bin/activate" in guide
    for target in ("venv", "test", "lint", "schema", "site", "serve", "bench", "clean"):
        assert f"| `make {target}` |" in guide and f"| `make {target}` |" in readme
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert all(f"format/{k}.md" in nav for k in ("index", "service", "licence", "agency"))


# --- Must 7: commands a clerk can run ------------------------------------------------------------


def test_help_is_persian_for_every_command(repo: Path) -> None:
    english = re.compile(r"Usage:|Options:|Commands:|Show this message|\[default|\[required\]|Example:")
    for args in (["--help"], *([name, "--help"] for name in cli.commands)):
        code, out, err = sh(repo, *args)
        assert (code, err) == (0, ""), args
        assert out.startswith("کاربرد: site-gen") and "گزینه‌ها:" in out and not english.search(out), out
    assert "فرمان‌ها:" in sh(repo, "--help")[1]
    assert sh(repo, "--version") == (0, "site-gen نسخهٔ 0.1.0\n", "")


def test_usage_errors_are_persian(repo: Path) -> None:
    head = "کاربرد: site-gen validate [گزینه‌ها] [ROOT] [PATH]...\nراهنما: site-gen validate --help\n\n"
    assert sh(repo, "validate", "--format", "xml") == (2, "", head + "خطا: مقدار نادرست برای «--format»: انتظار می‌رفت یکی از text، json، github، gitlab، junit\n")
    assert sh(repo, "validate", "--strikt") == (2, "", head + "خطا: گزینهٔ ناشناخته «--strikt»؛ شاید منظورتان --strict بود\n")
    assert sh(repo, "validate", "--jobs") == (2, "", "خطا: گزینهٔ «--jobs» درست به کار نرفته است؛ شاید مقدارش را ننوشته‌اید\n")
    assert sh(repo, "valdate") == (
        2, "", "کاربرد: site-gen [گزینه‌ها] فرمان [آرگومان‌ها]...\nراهنما: site-gen --help\n\nخطا: فرمان ناشناخته «valdate»؛ فرمان‌ها را با site-gen --help ببینید\n"
    )
    assert sh(repo, "new") == (2, "", "کاربرد: site-gen new [گزینه‌ها] KIND AGENCY [SLUG]\nراهنما: site-gen new --help\n\nخطا: «KIND» داده نشده است\n")
    code, out, err = sh(repo.parent, "validate", str(repo.parent))
    assert (code, out) == (2, "") and err.endswith(f"خطا: «{repo.parent}» کاتالوگ نیست: نه پوشهٔ cards/ دارد و نه licenses/\n")
    # python -m site_gen is the same program
    done = subprocess.run([sys.executable, "-m", "site_gen", "validate", "--strikt"], cwd=repo, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (2, head + "خطا: گزینهٔ ناشناخته «--strikt»؛ شاید منظورتان --strict بود\n")


# --- the whole session -------------------------------------------------------------------------


def test_a_clerk_adds_an_agency_three_cards_and_a_licence_in_one_merge_request(repo: Path) -> None:
    """A new agency's clerk, with only the guide: scaffold, fill in, check their own files (the
    catalogue's older errors never block them), fix what the messages say, pass what CI runs."""
    from site_gen.formatdoc import example

    assert sh(repo, "new", "agency", "sabt")[0] == 0
    for slug in ("birth", "death", "marriage"):
        assert sh(repo, "new", "service", "sabt", slug)[0] == 0
    assert sh(repo, "new", "licence", "sabt", "notary")[0] == 0
    code, out, _ = sh(repo, "validate", "--changed", "main")
    assert code == 1 and [line.split(": ")[2] for line in out.splitlines()[:-1]] == ["placeholder"] * 5
    # the clerk fills the files in from the reference pages' complete examples
    (repo / "cards/sabt/_agency.yaml").write_text(example("agency"), encoding="utf-8")
    card = example("service").replace("agency: sabt", "agency: sabt")
    for i, slug in enumerate(("birth", "death", "marriage")):
        text = card.replace('"12011076106"', f'"1201107610{i}"').replace('"12011076107"', f'"1201107611{i}"')
        text = text.replace("card: birth-certificate-duplicate", f"card: {slug}")
        (repo / f"cards/sabt/{slug}.yaml").write_text(text, encoding="utf-8")
    (repo / "licenses/sabt/notary.yaml").write_text(example("licence").replace("agency: asnaf", "agency: sabt"), encoding="utf-8")
    # one mistake left: a copied id that another card of the catalogue already has
    death = repo / "cards/sabt/death.yaml"
    death.write_text(death.read_text(encoding="utf-8").replace('"12011076101"', '"10000000001"'), encoding="utf-8")
    code, out, _ = sh(repo, "validate", "cards/sabt", "licenses/sabt")
    assert code == 1
    assert [line for line in out.splitlines() if ": error: " in line] == [(
        "cards/sabt/death.yaml:1:5: error: duplicate-id: id: شناسهٔ '10000000001' در میان خدمات تکراری است؛ همچنین در cards/demo/other-service.yaml:1"
    )]
    death.write_text(death.read_text(encoding="utf-8").replace('"10000000001"', '"12011076101"'), encoding="utf-8")
    assert sh(repo, "fmt", "cards/sabt", "licenses/sabt")[0] == 0
    code, out, _ = sh(repo, "validate", "--changed", "main")
    assert code == 0, out
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "sabt")
    # what CI runs on the merge request; main itself is still invalid (another agency's old card)
    code, out, _ = sh(repo, "validate", ".", "--changed", "main", "--complete")
    assert (code, out.splitlines()[-1]) == (1, out.splitlines()[-1])
    assert all(line.startswith(("cards/sabt/", "licenses/sabt/", "کامل بودن: sabt")) for line in out.splitlines()[:-1])
    assert sh(repo, "validate", ".")[0] == 1


def test_an_agency_with_an_error_still_takes_part_in_the_parent_cycle_check(repo: Path) -> None:
    (repo / "cards/mpo/_agency.yaml").write_text("slug: mpo\nname: سازمان برنامه\nparent: demo\nwebsite: not-a-url\n", encoding="utf-8")
    code, out, _ = sh(repo, "validate", "cards/mpo/_agency.yaml", "cards/demo/_agency.yaml")
    assert code == 1
    assert [line.split(": ")[2] for line in out.splitlines()[:-1] if ": error: " in line] == ["agency-cycle", "agency-cycle", "invalid-url"]


def test_pydantic_messages_never_reach_the_clerk_in_english() -> None:
    from site_gen.model import Service
    from site_gen.model.errors import translate

    short = translate(Service, {"type": "too_short", "loc": ("audience",), "msg": "List should have at least 1 item", "input": [], "ctx": {"min_length": 1, "actual_length": 0}})  # type: ignore[typeddict-item]
    assert short == ("invalid-type", "انتظار می‌رفت دست‌کم 1 مورد، اما 0 مورد آمده است", False)
    other = translate(Service, {"type": "some_future_error", "loc": ("summary",), "msg": "Some English text", "input": "x"})  # type: ignore[typeddict-item]
    assert other == ("invalid-type", "مقدار 'x' برای «خلاصه» پذیرفته نیست؛ قاعدهٔ این فیلد را در مرجع قالب (docs/format/) ببینید", False)


def test_changed_outside_a_git_repository_says_so(tmp_path: Path) -> None:
    root = harness(tmp_path)
    code, out, err = sh(root, "validate", "--changed", "main")
    assert (code, out) == (2, "") and err.endswith(
        "خطا: «.» درون مخزن git نیست؛ --changed فقط در مخزن git کار می‌کند (به‌جای آن نام پرونده‌ها یا پوشه‌ها را بدهید)\n"
    )
