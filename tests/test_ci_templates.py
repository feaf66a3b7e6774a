"""The CI templates and pre-commit hooks call real commands and run merge requests unprivileged."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from site_gen.cli import cli

REPO = Path(__file__).resolve().parents[1]


def commands_in(text: str) -> set[str]:
    return set(re.findall(r"site-gen ([a-z-]+)", text))


def test_github_workflow_is_unprivileged_for_pull_requests() -> None:
    text = (REPO / ".github/workflows/catalogue.yml").read_text(encoding="utf-8")
    wf = yaml.safe_load(text)
    assert "pull_request_target" not in yaml.safe_dump(wf)
    assert wf["permissions"] == {"contents": "read"}
    on = wf[True] if True in wf else wf["on"]  # PyYAML reads the key `on` as True
    assert set(on) == {"pull_request", "push"}
    check = wf["jobs"]["check"]
    assert "permissions" not in check  # the read-only default applies
    assert all(s.get("with", {}).get("persist-credentials") is False for s in check["steps"] if "checkout" in s.get("uses", ""))
    assert "${{ github" not in "".join(s.get("run", "") for s in check["steps"])  # no expression injection in scripts
    deploy = wf["jobs"]["deploy"]
    assert deploy["if"].startswith("github.event_name == 'push'") and deploy["permissions"]["pages"] == "write"


def test_gitlab_pipeline_reports_and_publishes() -> None:
    ci = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["validate"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ci["preview"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]


def test_templates_call_existing_commands() -> None:
    used: set[str] = set()
    for path in (".github/workflows/catalogue.yml", ".gitlab-ci.yml", ".pre-commit-hooks.yaml"):
        used |= commands_in((REPO / path).read_text(encoding="utf-8"))
    assert used <= set(cli.commands), used - set(cli.commands)
    assert {"validate", "diff", "build", "fmt", "codeowners", "owners-check"} <= used


def test_pre_commit_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["site-gen-validate"]["pass_filenames"] is False
    assert hooks["site-gen-fmt"]["entry"] == "site-gen fmt"
