"""`site-gen diff`: a scripted git history and the exact flags and fields it must report."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import harness

from site_gen.cli import cli
from site_gen.diff import semantic_diff

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}

CARD = """# کارت نمونه
id: "12011076106"
title: صدور کارت نمونه
agency: demo
required_documents: [تصویر کارت ملی, عکس]
average_duration: {value: 3, unit: day}
in_person_visits: 1
cost:
  free: false
  items:
    - {title: هزینه صدور, amount_rials: 500000}
access:
  request:
    electronic: true
    non_electronic: false
    channels: [internet]
  delivery:
    electronic: false
    non_electronic: true
    channels: [post]
related_agencies:
  - {agency: mpo, electronic: true}
"""

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


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, env=ENV, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = harness(tmp_path)
    (root / "cards/demo/card.yaml").write_text(CARD, encoding="utf-8")
    (root / "licenses/demo/permit.yaml").write_text(LICENCE, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def edit(root: Path, rel: str, *pairs: tuple[str, str]) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_formatting_only_changes_nothing(repo: Path) -> None:
    edit(repo, "cards/demo/card.yaml", ("# کارت نمونه\n", "# comment changed\n"), ("title: صدور کارت نمونه", "title: 'صدور كارت نمونه'"),
         ("in_person_visits: 1\n", ""), ("agency: demo\n", "agency: demo\nin_person_visits: \"1\"\n"))
    assert semantic_diff(repo, "HEAD") == []


def test_service_flags_and_fields(repo: Path) -> None:
    edit(repo, "cards/demo/card.yaml",
         ("amount_rials: 500000", "amount_rials: 750000"),
         ("value: 3, unit: day", "value: 1, unit: week"),
         ("in_person_visits: 1", "in_person_visits: 0"),
         ("[تصویر کارت ملی, عکس]", "[تصویر کارت ملی]"),
         ("    electronic: false\n    non_electronic: true\n    channels: [post]", "    electronic: true\n    non_electronic: false\n    channels: [internet, sms]"))
    [change] = semantic_diff(repo, "HEAD")
    assert (change.file, change.kind, change.status) == ("cards/demo/card.yaml", "service", "modified")
    assert change.flags == ["cost_increased", "duration_increased", "visits_decreased", "stage_became_electronic",
                            "channel_removed", "channel_added", "documents_removed", "became_fully_electronic"]
    paths = {f.path: (f.old, f.new) for f in change.fields}
    assert paths["cost.items[title=هزینه صدور].amount_rials"] == (500000, 750000)
    assert paths["in_person_visits"] == (1, 0)
    assert paths["average_duration.unit"] == ("day", "week")
    label = next(f.label for f in change.fields if f.path == "cost.items[title=هزینه صدور].amount_rials")
    assert label == "هزینه ارائه خدمت › مبالغ «هزینه صدور» › مبلغ (ریال)"


def test_losing_electronic(repo: Path) -> None:
    edit(repo, "cards/demo/card.yaml", ("    electronic: false\n    non_electronic: true\n    channels: [post]", "    electronic: true\n    non_electronic: false\n    channels: [internet]"),
         ("in_person_visits: 1", "in_person_visits: 0"))
    git(repo, "commit", "-qam", "electronic")
    edit(repo, "cards/demo/card.yaml", ("related_agencies:\n  - {agency: mpo, electronic: true}", "related_agencies:\n  - {agency: mpo, electronic: false}\n  - {agency: سازمان ثبت, electronic: false}"))
    [change] = semantic_diff(repo, "HEAD")
    assert change.flags == ["inquiry_added", "lost_fully_electronic"]


def test_licence_flags(repo: Path) -> None:
    edit(repo, "licenses/demo/permit.yaml", ("value: 2, unit: year", "value: 6, unit: month"), ("cost_rials: 100000", "cost_rials: 50000"),
         ("process: exclusive", "process: shared\n    inquiries:\n      - {agency: mpo, duration: {value: 0, unit: day}}"),
         ("[اساسنامه]", "[اساسنامه, گواهی عدم سوء پیشینه]"), ("duration: {value: 10, unit: day}", "duration: {value: 36, unit: hour}"))
    [change] = semantic_diff(repo, "HEAD")
    assert change.kind == "licence"
    assert change.flags == ["cost_decreased", "duration_decreased", "documents_added", "validity_shortened", "inquiry_added"]


def test_added_removed_renamed(repo: Path) -> None:
    git(repo, "mv", "cards/demo/card.yaml", "cards/demo/card-renamed.yaml")
    (repo / "licenses/demo/permit.yaml").unlink()
    (repo / "cards/demo/new-card.yaml").write_text("title: خدمت تازه\nagency: demo\n", encoding="utf-8")
    changes = {c.file: c for c in semantic_diff(repo, "HEAD")}
    assert {f: c.status for f, c in changes.items()} == {
        "cards/demo/card-renamed.yaml": "renamed", "cards/demo/new-card.yaml": "added", "licenses/demo/permit.yaml": "removed"}
    assert changes["cards/demo/card-renamed.yaml"].old_file == "cards/demo/card.yaml"
    assert changes["cards/demo/card-renamed.yaml"].fields == []


def test_between_two_commits_and_cli_json(repo: Path) -> None:
    edit(repo, "cards/demo/card.yaml", ("amount_rials: 500000", "amount_rials: 400000"))
    git(repo, "commit", "-qam", "cheaper")
    result = CliRunner().invoke(cli, ["diff", "HEAD~1", "HEAD", "--root", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {"changes": [{
        "file": "cards/demo/card.yaml", "kind": "service", "status": "modified", "address": "services/demo/card/",
        "fields": [{"path": "cost.items[title=هزینه صدور].amount_rials", "label": "هزینه ارائه خدمت › مبالغ «هزینه صدور» › مبلغ (ریال)", "old": 500000, "new": 400000}],
        "flags": ["cost_decreased"]}]}


def test_markdown_escapes_card_text(repo: Path) -> None:
    edit(repo, "cards/demo/card.yaml", ("title: صدور کارت نمونه", "title: \"<img src=x onerror=alert(1)> | **x**\""))
    result = CliRunner().invoke(cli, ["diff", "HEAD", "--root", str(repo), "--format", "markdown"])
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("### تغییرات کاتالوگ\n\n| رکورد | نوع | وضعیت | فیلدهای تغییرکرده | پیامد برای شهروند |")
    assert "<img" not in out and "&#60;img" in out and "&#124;" in out and "**x**" not in out
    assert "<details>" in out and "<summary>" in out


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", "no-such-rev", "--root", str(repo)])
    assert result.exit_code == 2
