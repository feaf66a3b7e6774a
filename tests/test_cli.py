"""The CLI: exact output and exit codes; every format comes from the same report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from helpers import FIXTURES, harness, place

from site_gen.catalogue import load_catalogue
from site_gen.cli import cli
from site_gen.report import render


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def broken(tmp_path: Path) -> Path:
    root = harness(tmp_path)
    place(root, "service", FIXTURES / "invalid/service/cost_free_yes.yaml")
    (root / "licenses/demo/minimal.yaml").write_bytes((FIXTURES / "invalid/licence/prerequisites_text.yaml").read_bytes())
    return root


def test_valid_catalogue_exit_0(tmp_path: Path) -> None:
    code, out = run("validate", str(harness(tmp_path)), "--no-cache")
    assert code == 0
    assert out == (
        "کامل بودن: demo: ۱۹٪ (۶ از ۳۱ فیلد فرم اعلام شده، در ۳ رکورد)\n"
        "کامل بودن: mpo: ۵۰٪ (۱ از ۲ فیلد فرم اعلام شده، در ۱ رکورد)\n"
        "۴ پرونده: ۰ خطا، ۰ هشدار: معتبر\n"
    )


def test_invalid_catalogue_text_exact(tmp_path: Path) -> None:
    code, out = run("validate", str(broken(tmp_path)), "--no-cache")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "cards/demo/minimal.yaml:5:9: error: invalid-bool: cost.free: انتظار می‌رفت true یا false، اما 'yes' آمده است"
    assert lines[1] == "licenses/demo/minimal.yaml:5:5: warning: unregistered-licence: prerequisites[0]: «موافقت کمیسیون ماده ۲۰» مجوز ثبت‌شده‌ای نیست (متن آزاد)"
    assert lines[2].startswith("licenses/demo/minimal.yaml:7:5: error: unknown-licence: prerequisites[2]: ")
    assert lines[-1] == "۶ پرونده: ۲ خطا، ۱ هشدار: نامعتبر"


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = harness(tmp_path)
    place(root, "service", FIXTURES / "invalid/service/related_agencies_text.yaml")
    assert run("validate", str(root), "--no-cache")[0] == 0
    assert run("validate", str(root), "--no-cache", "--strict")[0] == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "nowhere"))[0] == 2
    assert run("validate", str(tmp_path))[0] == 2  # neither cards/ nor licenses/
    assert run("validate", str(harness(tmp_path)), "--format", "xml")[0] == 2


def test_json_matches_library_report(tmp_path: Path) -> None:
    root = broken(tmp_path)
    code, out = run("validate", str(root), "--no-cache", "--format", "json")
    assert code == 1
    data = json.loads(out)
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    assert data == json.loads(render(report, "json"))
    assert data["valid"] is False
    assert data["errors"][0] == {
        "file": "cards/demo/minimal.yaml",
        "line": 5,
        "column": 9,
        "code": "invalid-bool",
        "key": "cost.free",
        "message": "cost.free: انتظار می‌رفت true یا false، اما 'yes' آمده است",
    }
    assert [w["code"] for w in data["warnings"]] == ["unregistered-licence"]


def test_github_annotations(tmp_path: Path) -> None:
    _, out = run("validate", str(broken(tmp_path)), "--no-cache", "--format", "github")
    lines = out.splitlines()
    assert lines[0] == "::error file=cards/demo/minimal.yaml,line=5,col=9,title=invalid-bool::cost.free: انتظار می‌رفت true یا false، اما 'yes' آمده است"
    assert lines[1].startswith("::warning file=licenses/demo/minimal.yaml,line=5,col=5,title=unregistered-licence::")
    assert len(lines) == 3


def test_gitlab_code_quality(tmp_path: Path) -> None:
    _, out = run("validate", str(broken(tmp_path)), "--no-cache", "--format", "gitlab")
    issues = json.loads(out)
    assert [(i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("invalid-bool", "major", "cards/demo/minimal.yaml", 5),
        ("unregistered-licence", "minor", "licenses/demo/minimal.yaml", 5),
        ("unknown-licence", "major", "licenses/demo/minimal.yaml", 7),
    ]
    assert len({i["fingerprint"] for i in issues}) == 3


def test_junit(tmp_path: Path) -> None:
    _, out = run("validate", str(broken(tmp_path)), "--no-cache", "--format", "junit")
    suites = ET.fromstring(out)
    assert suites.get("tests") == "6" and suites.get("failures") == "2"
    failed = [tc.get("name") for tc in suites.iter("testcase") if tc.find("failure") is not None]
    assert failed == ["cards/demo/minimal.yaml", "licenses/demo/minimal.yaml"]


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help, f"{name} is missing its help"
        code, out = run(name, "--help")
        assert code == 0 and "نمونه:" in out


def test_executable_warm_runs_see_every_edit(tmp_path: Path) -> None:
    """The installed `site-gen`, run after run: the child forked before the CLI loads validates
    the edited files, the checks across files are updated, and each report equals a run that
    uses no cache."""
    import os
    import subprocess
    import sys

    exe = str(Path(sys.executable).parent / "site-gen")
    root = broken(tmp_path)
    card = root / "cards/demo/other-service.yaml"

    def both(*extra: str) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
        warm = subprocess.run([exe, "validate", *extra, str(root)], capture_output=True, text=True, check=False)
        cold = subprocess.run([exe, "validate", *extra, str(root), "--no-cache"], capture_output=True, text=True, check=False)
        return warm, cold

    subprocess.run([exe, "validate", str(root)], capture_output=True, check=False)  # fills the store
    assert (root / ".cache/site-gen/validate.marshal").exists()
    original = card.read_text(encoding="utf-8")
    edits = [  # (new text, a code the report must then show, or must no longer show)
        (original + "licenses: [missing-licence]\n", "unknown-licence", True),
        (original.replace("10000000001", "20000000001"), "unknown-licence", False),
        ("title: [broken\n", "yaml-syntax", True),
        (original, "yaml-syntax", False),
    ]
    for text, code, shown in edits:
        card.write_text(text, encoding="utf-8")
        for fmt in ("text", "json"):
            warm, cold = both("--format", fmt)
            assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
        report = json.loads(warm.stdout)
        codes = {d["code"] for d in report["errors"] + report["warnings"] if d["file"] == "cards/demo/other-service.yaml"}
        assert (code in codes) is shown, (text, codes)
    os.utime(card)  # touched, same bytes
    warm, cold = both()
    assert warm.stdout == cold.stdout and warm.returncode == cold.returncode == 1


def test_the_executable_prints_and_exits_as_the_click_command(tmp_path: Path) -> None:
    """`site-gen` (site_gen.entry) leaves without the slow teardown; what it prints and its exit
    code must be exactly the click command's, for every output format and for usage errors."""
    import os
    import subprocess
    import sys

    root = broken(tmp_path)
    exe = str(Path(sys.executable).parent / "site-gen")
    argvs = [
        ["validate", str(root)],
        ["validate", str(root), "--format", "json"],
        ["validate", "--format=github", str(root), "--strict"],
        ["validate", "-j", "2", "--no-cache", str(root), "--format=gitlab"],
        ["validate", str(root), "--format", "xml"],
        ["validate", str(tmp_path / "nowhere")],
    ]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for argv in argvs:
        fast = subprocess.run([exe, *argv], capture_output=True, text=True, check=False, env=env)
        slow = subprocess.run([sys.executable, "-m", "site_gen.cli", *argv], capture_output=True, text=True, check=False, env=env)
        assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr), argv
        assert fast.stdout or fast.stderr
