"""Hardening of the review commands: `diff`, `codeowners` and `owners-check`.

Each test stages the attack or the mistake as the hardening issue describes it and asserts what
a reviewer must see; the property tests check that a diff is empty against itself and mirrors
itself when the revisions are swapped.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from helpers import harness
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_gen.catalogue import load_catalogue
from site_gen.cli import cli
from site_gen.diff import Change, compare, semantic_diff

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}

LICENCE = """title: پروانه نمونه
agency: demo
actions:
  - type: issue
    required_documents: [اساسنامه]
    validity: {value: 2, unit: year}
    cost_rials: 100000
    process: exclusive
    duration: {value: 10, unit: day}
    electronic: true
"""

#: a card without an id, long enough for git's similarity to pair it after an edit
CARD = """title: صدور گواهی نمونه برای آزمون جابه‌جایی
agency: demo
description: شرح کامل خدمت نمونه که چند خط دارد تا شباهت دو نسخه را git بسنجد.
required_documents: [تصویر کارت ملی, عکس, گواهی اشتغال به تحصیل, فرم تکمیل‌شده]
average_duration: {value: 3, unit: day}
in_person_visits: 1
cost:
  free: true
access:
  request:
    electronic: true
    non_electronic: false
    channels: [internet]
  delivery:
    electronic: false
    non_electronic: true
    channels: [post]
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, env=ENV, capture_output=True).stdout.decode()


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = harness(tmp_path)
    (root / "licenses/demo/permit.yaml").write_text(LICENCE, encoding="utf-8")
    (root / "cards/demo/card.yaml").write_text(CARD, encoding="utf-8")
    git(root, "init", "-q")
    commit(root, "base")
    return root


def by_file(changes: list[Change]) -> dict[str, Change]:
    return {c.file: c for c in changes}


# --- 3: NUL-separated plumbing; files the validator ignores are shown --------------------------


def test_newline_in_a_dotfile_name_cannot_hide_a_change(repo: Path) -> None:
    """Names on lines let a crafted name make `diff` read the old permit as the new one."""
    (repo / "licenses/demo/permit.yaml").write_text(LICENCE.replace("value: 2, unit: year", "value: 1, unit: month"), encoding="utf-8")
    (repo / "licenses/demo/.x.yaml").write_text(LICENCE, encoding="utf-8")
    crafted = repo / "licenses/demo/.x.yaml\nHEAD~1:licenses/demo/permit.yaml"
    crafted.parent.mkdir(parents=True)
    crafted.write_text(LICENCE, encoding="utf-8")
    commit(repo, "shorter validity, and a crafted name")
    changes = by_file(semantic_diff(repo, "HEAD~1", "HEAD"))
    assert changes["licenses/demo/permit.yaml"].flags == ["validity_shortened"]
    odd = {f: (c.kind, c.status, c.note) for f, c in changes.items() if c.kind == "other"}
    assert odd == {"licenses/demo/.x.yaml": ("other", "added", "ignored"),
                   "licenses/demo/.x.yaml\nHEAD~1:licenses/demo/permit.yaml": ("other", "added", "ignored")}
    code, out = run("diff", "HEAD~1", "HEAD", "--root", str(repo))
    assert code == 0
    assert "پرونده‌هایی که اعتبارسنج نمی‌خواند" in out and ".x.yaml" in out and "کوتاه‌شدن اعتبار" in out


def test_newline_in_a_plain_name_is_no_traceback(repo: Path) -> None:
    (repo / "cards/demo/a\nb.yaml").write_text("title: خدمت\nagency: demo\n", encoding="utf-8")
    commit(repo, "odd name")
    for args in (["HEAD~1", "HEAD"], ["HEAD~1"]):
        result = CliRunner().invoke(cli, ["diff", *args, "--root", str(repo), "--format", "json"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 0, result.output
        assert [c["file"] for c in json.loads(result.output)["changes"]] == ["cards/demo/a\nb.yaml"]


def test_a_file_that_is_not_a_record_is_shown(repo: Path) -> None:
    (repo / "cards/demo/notes.txt").write_text("x", encoding="utf-8")
    (repo / "cards/stray.yaml").write_text("title: x\n", encoding="utf-8")
    changes = by_file(semantic_diff(repo, "HEAD"))
    assert {f: c.note for f, c in changes.items()} == {"cards/demo/notes.txt": "not_a_record", "cards/stray.yaml": "not_a_record"}


# --- 8 and the test audit: renames ------------------------------------------------------------


def _rename_and_raise(repo: Path) -> None:
    git(repo, "mv", "cards/demo/card.yaml", "cards/demo/card-moved.yaml")
    text = CARD.replace("cost:\n  free: true\n", "cost:\n  free: false\n  items:\n    - {title: هزینه صدور, amount_rials: 90000000}\n")
    (repo / "cards/demo/card-moved.yaml").write_text(text.replace("in_person_visits: 1", "in_person_visits: 5"), encoding="utf-8")


@pytest.mark.parametrize("committed", [False, True])
def test_rename_with_edits_and_no_id_keeps_its_flags(repo: Path, committed: bool) -> None:
    _rename_and_raise(repo)
    if committed:
        commit(repo, "renamed and dearer")
    git(repo, "add", "-A")
    assert "R" in git(repo, "diff", "--cached" if not committed else "HEAD~1", "--name-status", "--find-renames")  # git pairs them
    changes = semantic_diff(repo, "HEAD~1" if committed else "HEAD", "HEAD" if committed else None)
    assert [(c.file, c.status, c.old_file) for c in changes] == [("cards/demo/card-moved.yaml", "renamed", "cards/demo/card.yaml")]
    assert changes[0].flags == ["cost_increased", "visits_increased"]


def test_rename_of_an_untracked_file_in_the_work_tree_is_paired(repo: Path) -> None:
    _rename_and_raise(repo)
    git(repo, "reset", "-q", "--", "cards/demo/card-moved.yaml")  # the new name is untracked
    [change] = semantic_diff(repo, "HEAD")
    assert (change.status, change.old_file, change.flags) == ("renamed", "cards/demo/card.yaml", ["cost_increased", "visits_increased"])
    assert not (repo / ".git/objects").joinpath("info", "alternates").exists()


def test_rename_keeping_the_id_but_changing_the_body_is_paired() -> None:
    old = {"cards/demo/a.yaml": b'id: "12011076106"\ntitle: \xd8\xae\xd8\xaf\xd9\x85\xd8\xaa\nagency: demo\nin_person_visits: 1\n'}
    new = {"cards/demo/b.yaml": b'id: "12011076106"\ntitle: \xd8\xaa\xd8\xa7\xd8\xb2\xd9\x87\nagency: demo\nin_person_visits: 3\n'}
    [change] = compare(old, new)
    assert (change.file, change.status, change.old_file, change.flags) == ("cards/demo/b.yaml", "renamed", "cards/demo/a.yaml", ["visits_increased"])


# --- the test audit: flags ----------------------------------------------------------------------


def test_licence_action_losing_electronic_is_flagged(repo: Path) -> None:
    (repo / "licenses/demo/permit.yaml").write_text(LICENCE.replace("electronic: true", "electronic: false"), encoding="utf-8")
    [change] = semantic_diff(repo, "HEAD")
    assert change.flags == ["stage_lost_electronic"]


def test_removed_stage_flags_its_channels(repo: Path) -> None:
    text = CARD.replace("  delivery:\n    electronic: false\n    non_electronic: true\n    channels: [post]\n", "")
    (repo / "cards/demo/card.yaml").write_text(text, encoding="utf-8")
    [change] = semantic_diff(repo, "HEAD")
    assert "channel_removed" in change.flags


# --- 9: pairing is linear (measured in benchmarks/scale_diff.py); here: many pairs are right ----


def test_many_renames_pair_one_to_one() -> None:
    card = 'id: "{id}"\ntitle: خدمت {i}\nagency: demo\nin_person_visits: {v}\n'
    old = {f"cards/demo/c{i}.yaml": card.format(id=12000000000 + i, i=i, v=1).encode() for i in range(300)}
    new = {f"cards/demo/m{i}.yaml": card.format(id=12000000000 + i, i=i, v=2).encode() for i in range(300)}
    changes = compare(old, new)
    assert len(changes) == 300
    assert all(c.status == "renamed" and c.old_file == c.file.replace("/m", "/c") and c.flags == ["visits_increased"] for c in changes)


# --- 15: a root that is not a catalogue ----------------------------------------------------------


def test_diff_at_a_folder_without_cards_or_licenses_is_a_usage_error(repo: Path) -> None:
    (repo / "empty").mkdir()
    code, out = run("diff", "HEAD", "--root", str(repo / "empty"))
    assert code == 2 and "cards/" in out and "licenses/" in out


def test_diff_with_cards_as_a_file_is_a_usage_error(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "cards").write_text("x", encoding="utf-8")
    git(root, "init", "-q")
    commit(root, "base")
    (root / "licenses").mkdir()
    code, out = run("diff", "HEAD", "--root", str(root))
    assert code == 2 and "پوشه نیست" in out
    code, out = run("diff", "HEAD", "HEAD", "--root", str(root))
    assert code == 2 and "پوشه نیست" in out


# --- 17: one rule for dotfiles ------------------------------------------------------------------


def test_dotfiles_are_ignored_alike_by_validate_diff_and_codeowners(repo: Path) -> None:
    (repo / "cards/demo/.draft.yaml").write_text("title: پیش‌نویس\nagency: demo\n", encoding="utf-8")
    (repo / "cards/.shadow").mkdir()
    (repo / "cards/.shadow/_agency.yaml").write_text('slug: shadow\nname: سایه\nmaintainers: ["@mallory"]\n', encoding="utf-8")
    _, report = load_catalogue(repo, use_cache=False, jobs=1)
    assert not [d for d in report.diagnostics if ".draft" in d.file or ".shadow" in d.file]
    changes = semantic_diff(repo, "HEAD")
    assert {(c.file, c.kind, c.note) for c in changes} == {
        ("cards/demo/.draft.yaml", "other", "ignored"), ("cards/.shadow/_agency.yaml", "other", "ignored")}
    assert run("codeowners", str(repo))[0] == 0
    text = (repo / "CODEOWNERS").read_text(encoding="utf-8")
    assert "@mallory" not in text and ".shadow" not in text


# --- 12: owners-check ---------------------------------------------------------------------------


@pytest.fixture()
def owned(tmp_path: Path) -> Path:
    root = harness(tmp_path)
    (root / "cards/demo/_agency.yaml").write_text('slug: demo\nname: نمونه\nparent: mpo\nmaintainers: ["@Demo-Team"]\n', encoding="utf-8")
    (root / "cards/mpo/_agency.yaml").write_text('slug: mpo\nname: سازمان برنامه\nmaintainers: ["@mpo-team"]\n', encoding="utf-8")
    git(root, "init", "-q")
    commit(root, "base")
    return root


def test_maintainer_of_one_agency_cannot_change_another(owned: Path) -> None:
    (owned / "cards/mpo/new-service.yaml").write_text("title: خدمت تازه\nagency: mpo\n", encoding="utf-8")
    code, out = run("owners-check", "HEAD", "--root", str(owned), "--author", "@demo-team")
    assert code == 1
    assert out.startswith("cards/mpo/new-service.yaml:1:1: error: not-an-owner: @demo-team نگه‌دارندهٔ «mpo» نیست")
    assert run("owners-check", "HEAD", "--root", str(owned), "--author", "@mpo-team")[0] == 0


def test_handles_are_compared_without_case(owned: Path) -> None:
    (owned / "cards/demo/other-service.yaml").write_text('id: "10000000001"\ntitle: خدمت دیگر\nagency: demo\nnature: sovereign\n', encoding="utf-8")
    code, out = run("owners-check", "HEAD", "--root", str(owned), "--author", "@demo-team")
    assert (code, out) == (0, "درست است: @demo-team نگه‌دارندهٔ همهٔ پوشه‌های تغییرکرده است\n")
    assert run("owners-check", "HEAD", "--root", str(owned), "--author", "@DEMO-TEAM")[0] == 0


@pytest.mark.parametrize("author", ["@catalogue-reviewers", "@Catalogue-Reviewers"])
def test_the_reviewers_handle_as_author_skips_nothing(owned: Path, author: str) -> None:
    (owned / "cards/mpo/new-service.yaml").write_text("title: خدمت تازه\nagency: mpo\n", encoding="utf-8")
    code, out = run("owners-check", "HEAD", "--root", str(owned), "--author", author)
    assert code == 2 and "بازبینان" in out


def test_a_revision_beginning_with_a_dash_is_refused(owned: Path, tmp_path: Path) -> None:
    (owned / "cards/mpo/new-service.yaml").write_text("title: خدمت تازه\nagency: mpo\n", encoding="utf-8")
    target = tmp_path / "written"
    for args in (["--", f"--output={target}", "HEAD"], ["HEAD", "--", f"--output={target}"], ["--", f"--output={target}"]):
        code, out = run("owners-check", "--root", str(owned), "--author", "@demo-team", *args)
        assert code == 2, (args, out)
        assert "«-»" in out
        assert not target.exists()
    code, out = run("diff", "--root", str(owned), "--", f"--output={target}")
    assert code == 2 and not target.exists()


def test_owners_check_answers_in_persian(owned: Path) -> None:
    (owned / "README.md").write_text("x", encoding="utf-8")
    (owned / "cards/newagency").mkdir()
    (owned / "cards/newagency/_agency.yaml").write_text("slug: newagency\nname: تازه\n", encoding="utf-8")
    code, out = run("owners-check", "HEAD", "--root", str(owned), "--author", "@demo-team")
    assert code == 1
    lines = out.splitlines()
    assert lines[-2] == "۲ پرونده بیرون از پوشه‌هایی است که @demo-team نگه‌دارندهٔ آن‌هاست"
    assert lines[-1] == "تأیید @catalogue-reviewers لازم است برای ۲ پرونده: README.md، cards/newagency/_agency.yaml"
    for english in ("maintain", "outside", "needs", "registered", "ok:"):
        assert english not in out


# --- property tests: diff(A, A) is empty; diff(B, A) mirrors diff(A, B) ------------------------

MIRROR = {"added": "removed", "removed": "added", "modified": "modified", "renamed": "renamed"}


def mirror_flag(flag: str) -> str:
    pairs = [("increased", "decreased"), ("lost_electronic", "became_electronic"), ("removed", "added"),
             ("shortened", "extended"), ("became_fully", "lost_fully")]
    for a, b in pairs:
        if a in flag:
            return flag.replace(a, b)
        if b in flag:
            return flag.replace(b, a)
    raise AssertionError(flag)


stage = st.fixed_dictionaries({}, optional={
    "electronic": st.booleans(),
    "channels": st.lists(st.sampled_from(["internet", "post", "sms", "mobile_app"]), unique=True, min_size=1, max_size=3),
})
service = st.fixed_dictionaries({"title": st.sampled_from(["خدمت الف", "خدمت ب"]), "agency": st.just("demo")}, optional={
    "id": st.sampled_from(["12011076106", "12011076107"]),
    "in_person_visits": st.integers(0, 3),
    "average_duration": st.fixed_dictionaries({"value": st.integers(1, 5), "unit": st.sampled_from(["day", "week"])}),
    "cost": st.one_of(st.just({"free": True}), st.builds(lambda n: {"free": False, "items": [{"title": "هزینه", "amount_rials": n}]}, st.integers(1, 3))),
    "required_documents": st.lists(st.sampled_from(["عکس", "شناسنامه", "کارت ملی"]), unique=True, min_size=1, max_size=3),
    "access": st.fixed_dictionaries({}, optional={"request": stage, "delivery": stage}),
    "related_agencies": st.lists(st.builds(lambda a, e: {"agency": a, "electronic": e}, st.sampled_from(["mpo", "sabt"]), st.booleans()),
                                 min_size=1, max_size=2, unique_by=lambda r: r["agency"]),
})
action = st.fixed_dictionaries({"type": st.just("issue")}, optional={
    "validity": st.one_of(st.just("unlimited"), st.fixed_dictionaries({"value": st.integers(1, 3), "unit": st.sampled_from(["month", "year"])})),
    "cost_rials": st.integers(0, 2),
    "electronic": st.booleans(),
    "required_documents": st.lists(st.sampled_from(["اساسنامه", "گواهی"]), unique=True, min_size=1, max_size=2),
})
licence = st.builds(lambda a: {"title": "پروانه", "agency": "demo", "actions": [a]}, action)
catalogue = st.dictionaries(
    st.sampled_from(["cards/demo/a.yaml", "cards/demo/b.yaml", "cards/demo/c.yaml", "licenses/demo/p.yaml", "licenses/demo/q.yaml"]),
    st.none(), max_size=4,
).flatmap(lambda paths: st.fixed_dictionaries({p: (licence if p.startswith("licenses") else service) for p in paths}))


def files(records: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    return {p: yaml.safe_dump(r, allow_unicode=True).encode() for p, r in records.items()}


def view(changes: list[Change], *, mirrored: bool) -> set[tuple[Any, ...]]:
    out = set()
    for c in changes:
        if c.status == "renamed" and mirrored:
            file, old_file = c.old_file, c.file
        else:
            file, old_file = c.file, c.old_file
        fields = frozenset((f.path, json.dumps(f.new if mirrored else f.old, sort_keys=True), json.dumps(f.old if mirrored else f.new, sort_keys=True)) for f in c.fields)
        flags = frozenset(mirror_flag(f) if mirrored else f for f in c.flags)
        out.add((file, old_file, MIRROR[c.status] if mirrored else c.status, fields, flags))
    return out


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(catalogue)
def test_diff_of_a_catalogue_with_itself_is_empty(a: dict[str, dict[str, Any]]) -> None:
    assert compare(files(a), files(a)) == []


@PROPERTY
@given(catalogue, catalogue)
def test_diff_mirrors_when_the_revisions_are_swapped(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> None:
    forward = compare(files(a), files(b))
    backward = compare(files(b), files(a))
    assert view(backward, mirrored=True) == view(forward, mirrored=False)
