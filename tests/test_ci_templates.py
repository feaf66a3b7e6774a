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
    for path in (".github/workflows/catalogue.yml", ".github/workflows/catalogue-comment.yml", ".gitlab-ci.yml", ".pre-commit-hooks.yaml"):
        used |= commands_in((REPO / path).read_text(encoding="utf-8"))
    assert used <= set(cli.commands), used - set(cli.commands)
    assert {"validate", "diff", "build", "fmt", "codeowners", "owners-check"} <= used


def test_pre_commit_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["site-gen-validate"]["pass_filenames"] is False
    assert hooks["site-gen-fmt"]["entry"] == "site-gen fmt"


# --- issue 11, Must 12: templates that work as they are -----------------------------------------

#: the current major version of each action the templates use
CURRENT = {
    "actions/checkout": "v7", "actions/setup-python": "v6", "actions/upload-artifact": "v7",
    "actions/download-artifact": "v8", "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5",
}


def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github/workflows" / name).read_text(encoding="utf-8"))


def _steps(wf: dict) -> list[dict]:
    return [s for job in wf["jobs"].values() for s in job["steps"]]


def test_github_actions_are_current_cached_and_grouped() -> None:
    for name in ("catalogue.yml", "catalogue-comment.yml"):
        wf = _workflow(name)
        assert "group" in wf["concurrency"], name
        for step in _steps(wf):
            if "uses" in step:
                action, _, version = step["uses"].partition("@")
                assert CURRENT[action] == version, step["uses"]
                if action == "actions/setup-python":
                    assert step["with"]["cache"] == "pip" and step["with"]["cache-dependency-path"] == "requirements.lock"
    check = _workflow("catalogue.yml")["jobs"]["check"]
    checkout = check["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # the merge base needs the history
    assert not any("owners-check" in s.get("run", "") for s in check["steps"])  # decided where the login is known
    assert not any(s.get("continue-on-error") for s in check["steps"])
    assert any("codeowners . --check --forge github" in s.get("run", "") for s in check["steps"])


def test_github_comment_job_never_runs_the_pull_requests_code() -> None:
    text = (REPO / ".github/workflows/catalogue-comment.yml").read_text(encoding="utf-8")
    wf = yaml.safe_load(text)
    on = wf[True] if True in wf else wf["on"]
    assert set(on) == {"workflow_run"} and on["workflow_run"]["workflows"] == ["catalogue"]
    assert "pull_request_target" not in text
    assert wf["permissions"] == {"contents": "read", "actions": "read", "pull-requests": "write"}
    steps = _steps(wf)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert "ref" not in checkout["with"] and checkout["with"]["persist-credentials"] is False  # the default branch
    runs = [s.get("run", "") for s in steps]
    fetch_pr = next(i for i, r in enumerate(runs) if "refs/pull/" in r)
    setup = next(i for i, r in enumerate(runs) if "make venv" in r)
    assert setup < fetch_pr  # site-gen is installed from the default branch before the PR's commits arrive
    assert not any(word in r for r in runs[fetch_pr:] for word in ("make ", "pip ", "bash ", "source ", "./"))
    assert "${{ github" not in "".join(runs)
    script = "".join(runs)
    assert '.head.sha' in script and '"$HEAD_SHA"' in script  # the artifact's PR number is checked, not trusted
    assert "owners-check" in script and "--forge github" in script and '--author "@$AUTHOR"' in script
    assert "-X PATCH" in script and "-X POST" in script and "<!-- site-gen:citizen-impact -->" in script  # one comment, updated


def test_gitlab_owners_check_and_browsable_preview() -> None:
    ci = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["GIT_DEPTH"] == "0"
    assert ci["default"]["cache"]["key"]["files"] == ["requirements.lock"]
    assert ci["default"]["interruptible"] is True and ci["workflow"]["auto_cancel"]["on_new_commit"] == "interruptible"
    job = ci["owners-check"]
    assert job["allow_failure"] == {"exit_codes": [1]}
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert any("owners-check" in line and "--forge gitlab" in line and '"@$GITLAB_USER_LOGIN"' in line for line in job["script"])
    assert ".venv/bin/python -m site_gen.browsable site" in ci["preview"]["script"]
    assert ci["pages"]["resource_group"] == "pages"


def test_a_built_site_browses_from_disk(tmp_path: Path) -> None:
    from site_gen.browsable import make_browsable

    page = tmp_path / "services/a/b/index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<a href="../../..">home</a> <a href="../../../agencies/a/#x">a</a> <a href="#top">t</a> '
                    '<a href="https://example.org/">o</a> <link href="../../../assets/x.css"> '
                    '<meta http-equiv="refresh" content="0; url=../c/">', encoding="utf-8")
    assert make_browsable(tmp_path) == 1
    assert page.read_text(encoding="utf-8") == (
        '<a href="../../../index.html">home</a> <a href="../../../agencies/a/index.html#x">a</a> <a href="#top">t</a> '
        '<a href="https://example.org/">o</a> <link href="../../../assets/x.css"> '
        '<meta http-equiv="refresh" content="0; url=../c/index.html">')
    assert make_browsable(tmp_path) == 0
