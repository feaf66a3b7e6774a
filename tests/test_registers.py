"""Registers (issue 20, REGISTERS.md): models, validation, references, date rules, fixtures.

Each file in fixtures/registers/invalid/<type>/ is that type's minimal record with one defect;
one table holds the expected (code, line) of every diagnostic of every fixture, checked both ways
(a fixture without an entry fails, an entry without a fixture fails), as for the cards. The day
of the build is fixed (``SITE_GEN_TODAY``) so that the date rules do not depend on the clock.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES, FIXTURES, harness

from site_gen.catalogue import load_catalogue

REG = FIXTURES / "registers"
TODAY = "1405-09-13"

#: Where a fixture of each register type sits inside the harness catalogue.
PLACES = {
    "technologies": "registers/technologies/demo.yaml",
    "projects": "registers/projects/demo/minimal.yaml",
    "bodies": "registers/bodies/minimal.yaml",
    "certificates": "registers/certificates/cert-1.yaml",
    "programme": "registers/programme/minimal.yaml",
    "documents": "registers/documents/minimal.yaml",
}
MINIMAL = {
    "technologies": "technologies.yaml",
    "projects": "project.yaml",
    "bodies": "body.yaml",
    "certificates": "certificate.yaml",
    "programme": "programme.yaml",
    "documents": "document.yaml",
}

EXPECTED: dict[str, list[tuple[str, int]]] = {
    "bodies/grade_six.yaml": [("invalid-value", 7)],
    "bodies/national_id_ten_digits.yaml": [("invalid-id", 5)],
    "bodies/scopes_empty.yaml": [("invalid-type", 6)],
    "bodies/slug_mismatch.yaml": [("slug-mismatch", 2)],
    "bodies/status_invalid_value.yaml": [("invalid-value", 10)],
    "bodies/valid_until_before_qualified.yaml": [("bad-range", 9)],
    "bodies/valid_until_passed.yaml": [("validity-expired", 9)],
    "bodies/website_javascript.yaml": [("invalid-url", 11)],
    "certificates/holder_person_code.yaml": [("invalid-id", 6)],
    "certificates/holder_unknown.yaml": [("unknown-body", 4)],
    "certificates/number_mismatch.yaml": [("slug-mismatch", 2)],
    "certificates/number_missing.yaml": [("missing-key", 2)],
    "certificates/project_bare_slug.yaml": [("invalid-reference", 3)],
    "certificates/project_unknown.yaml": [("unknown-project", 3)],
    "certificates/valid_until_before_issued.yaml": [("bad-range", 6)],
    "certificates/valid_until_passed.yaml": [("validity-expired", 6)],
    "documents/approved_by_text.yaml": [("unregistered-agency", 5)],
    "documents/approved_by_unknown_slug.yaml": [("unknown-agency", 5)],
    "documents/approved_on_gregorian.yaml": [("invalid-date", 5)],
    "documents/kind_invalid_value.yaml": [("invalid-value", 3)],
    "documents/supersedes_duplicate.yaml": [("duplicate-item", 5)],
    "documents/supersedes_self.yaml": [("supersedes-cycle", 5)],
    "documents/supersedes_unknown.yaml": [("unknown-document", 5)],
    "documents/title_multiline.yaml": [("multi-line", 2)],
    "programme/done_with_open_milestone.yaml": [("done-incomplete", 7)],
    "programme/end_before_start.yaml": [("bad-range", 6)],
    "programme/indicator_target_words.yaml": [("invalid-number", 19)],
    "programme/milestone_due_missing.yaml": [("missing-key", 13)],
    "programme/milestone_overdue.yaml": [("milestone-overdue", 14)],
    "programme/owner_unknown.yaml": [("unknown-agency", 3), ("unknown-service", 4)],
    "programme/progress_over_100.yaml": [("out-of-range", 8)],
    "programme/services_unknown.yaml": [("unknown-service", 4)],
    "projects/agency_mismatch.yaml": [("agency-mismatch", 4)],
    "projects/call_closes_before_opens.yaml": [("bad-range", 9)],
    "projects/call_closes_passed.yaml": [("call-closed", 9)],
    "projects/certificates_unknown.yaml": [("unknown-certificate", 11)],
    "projects/contact_person_name.yaml": [("unknown-key", 14)],
    "projects/duration_months_zero.yaml": [("out-of-range", 11)],
    "projects/estimated_cost_min_gt_max.yaml": [("bad-range", 10)],
    "projects/estimated_cost_words.yaml": [("invalid-number", 10)],
    "projects/model_other_without_other.yaml": [("other-text-without-other", 7)],
    "projects/model_other_without_text.yaml": [("other-without-text", 6)],
    "projects/model_persian_label.yaml": [("invalid-value", 6)],
    "projects/services_unknown.yaml": [("unknown-service", 5)],
    "projects/status_open_without_dates.yaml": [("call-dates-missing", 7)],
    "projects/title_missing.yaml": [("missing-key", 2)],
    "technologies/agency_mismatch.yaml": [("agency-mismatch", 2)],
    "technologies/as_of_gregorian.yaml": [("invalid-date", 3)],
    "technologies/as_of_missing.yaml": [("missing-key", 2)],
    "technologies/items_duplicate.yaml": [("duplicate-item", 12)],
    "technologies/kind_invalid_value.yaml": [("invalid-value", 5)],
    "technologies/name_bidi_override.yaml": [("forbidden-character", 6)],
    "technologies/standard_code_on_database.yaml": [("standard-code-not-standard", 10)],
    "technologies/used_by_unknown.yaml": [("unknown-service", 10)],
}

FILES = sorted(str(p.relative_to(REG / "invalid")) for p in (REG / "invalid").glob("*/*.yaml"))


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_GEN_TODAY", TODAY)


def reg_harness(tmp: Path) -> Path:
    """The cards' harness plus one minimal record of every register type."""
    root = harness(tmp)
    shutil.copytree(REG / "harness" / "registers", root / "registers")
    return root


def report_of(root: Path) -> list[tuple[str, str, int]]:
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    return sorted((d.file, d.code, d.line) for d in report.diagnostics)


def test_every_fixture_has_an_expectation_and_back() -> None:
    assert sorted(EXPECTED) == FILES
    assert {name.split("/")[0] for name in FILES} == set(PLACES)


def test_fixture_names_are_key_reason_and_say_why() -> None:
    for name in FILES:
        stem = Path(name).stem
        assert "_" in stem and stem == stem.lower(), name
        assert (REG / "invalid" / name).read_text(encoding="utf-8").startswith("# Should NOT validate: "), name


@pytest.mark.parametrize("name", FILES)
def test_fixture(tmp_path: Path, name: str) -> None:
    root = reg_harness(tmp_path)
    rel = PLACES[name.split("/")[0]]
    (root / rel).write_bytes((REG / "invalid" / name).read_bytes())
    found = report_of(root)
    assert [f for f, _, _ in found if f != rel] == []  # the defect is reported where it is
    assert sorted((code, line) for _, code, line in found) == sorted(EXPECTED[name])


def test_the_harness_with_every_register_is_valid(tmp_path: Path) -> None:
    root = reg_harness(tmp_path)
    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True, jobs=1)
    assert report.diagnostics == []
    regs = catalogue.registers
    assert regs is not None and regs.today == TODAY
    assert set(regs.documents) == {"minimal", "older"}
    assert set(regs.projects) == {("demo", "minimal")}
    assert regs.certificates["cert-1"].holder == "minimal"
    # the register files are counted in the report
    assert report.files == 4 + 7


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_minimal_files_are_the_harness(kind: str) -> None:
    assert (REG / "minimal" / MINIMAL[kind]).read_bytes() == (REG / "harness" / PLACES[kind]).read_bytes()


def test_a_catalogue_without_registers_stays_valid(tmp_path: Path) -> None:
    root = harness(tmp_path)
    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True, jobs=1)
    assert report.valid and report.diagnostics == []
    assert catalogue.registers is None


def test_registers_through_the_cache_too(tmp_path: Path) -> None:
    """The cached run (what ``site-gen validate`` does) reports the registers as well."""
    root = reg_harness(tmp_path)
    (root / PLACES["bodies"]).write_bytes((REG / "invalid" / "bodies" / "grade_six.yaml").read_bytes())
    for _ in range(2):  # cold, then warm
        _, report = load_catalogue(root, jobs=1)
        assert [(d.file, d.code) for d in report.diagnostics] == [(PLACES["bodies"], "invalid-value")]


def test_a_planted_registers_cache_is_not_trusted(tmp_path: Path) -> None:
    """A registers cache that did not come from this user's own run (a checkout, a merge request,
    another user) is ignored: it cannot pass an invalid file as valid. Ours is used and kept."""
    from site_gen.registers.validate import _cache_path

    root = reg_harness(tmp_path)
    bad = root / PLACES["bodies"]
    bad.write_bytes((REG / "invalid" / "bodies" / "grade_six.yaml").read_bytes())
    import os
    import time

    old = time.time() - 60  # older than the racy window: its result is kept
    for path in (root / "registers").rglob("*.yaml"):
        os.utime(path, (old, old))
    load_catalogue(root, jobs=1)
    cache = _cache_path(root)
    mac, _, body = cache.read_bytes().partition(b"\n")
    assert len(mac) == 64 and b"invalid-value" in body
    # the same results with the error taken out: unsigned, then with the old (now wrong) MAC
    forged = body.replace(b'"invalid-value"', b'"xx"').replace(b"invalid-value", b"")
    data = json.loads(forged)
    for entry in data["files"].values():
        entry[3] = []
    forged = json.dumps(data, ensure_ascii=False).encode("utf-8")
    for planted in (forged, mac + b"\n" + forged):
        cache.write_bytes(planted)
        _, report = load_catalogue(root, jobs=1)
        assert [(d.file, d.code) for d in report.diagnostics] == [(PLACES["bodies"], "invalid-value")]


def test_misplaced_and_misnamed_register_files(tmp_path: Path) -> None:
    root = reg_harness(tmp_path)
    (root / "registers" / "notes.yaml").write_text("title: x\n", encoding="utf-8")
    (root / "registers" / "bodies" / "Big_Lab.yaml").write_bytes((REG / "minimal" / "body.yaml").read_bytes())
    (root / "registers" / "projects" / "loose.yaml").write_text("title: x\n", encoding="utf-8")
    (root / "registers" / "documents" / "readme.txt").write_text("x\n", encoding="utf-8")
    found = {(f, code) for f, code, _ in report_of(root)}
    assert found == {
        ("registers/notes.yaml", "misplaced-file"),
        ("registers/projects/loose.yaml", "misplaced-file"),
        ("registers/bodies/Big_Lab.yaml", "bad-file-name"),
        ("registers/bodies/Big_Lab.yaml", "slug-mismatch"),
        ("registers/documents/readme.txt", "bad-file-name"),
    }


def test_supersedes_cycle_through_two_documents(tmp_path: Path) -> None:
    root = reg_harness(tmp_path)
    older = root / "registers" / "documents" / "older.yaml"
    older.write_text(older.read_text(encoding="utf-8") + "supersedes: [minimal]\n", encoding="utf-8")
    found = [(f, code) for f, code, _ in report_of(root)]
    assert found == [("registers/documents/minimal.yaml", "supersedes-cycle"), ("registers/documents/older.yaml", "supersedes-cycle")]


def test_project_ids_are_unique_among_projects(tmp_path: Path) -> None:
    root = reg_harness(tmp_path)
    (root / "registers" / "projects" / "mpo").mkdir()
    text = (REG / "minimal" / "project.yaml").read_text(encoding="utf-8").replace("agency: demo", "agency: mpo")
    text = text.replace("services: [other-service]\n", "").replace("certificates: [CERT-1]\n", "").replace("PPP-DEMO-1", "ppp-demo-1")
    (root / "registers" / "projects" / "mpo" / "other.yaml").write_text(text, encoding="utf-8")
    found = [(f, code, line) for f, code, line in report_of(root)]
    assert found == [("registers/projects/demo/minimal.yaml", "duplicate-id", 2), ("registers/projects/mpo/other.yaml", "duplicate-id", 2)]


def test_a_reference_to_an_invalid_file_is_not_reported_twice(tmp_path: Path) -> None:
    root = reg_harness(tmp_path)
    (root / PLACES["bodies"]).write_bytes((REG / "invalid" / "bodies" / "grade_six.yaml").read_bytes())
    found = [(f, code) for f, code, _ in report_of(root)]
    assert found == [(PLACES["bodies"], "invalid-value")]  # the certificate's holder still resolves


# --- the date rules, with a fixed build date ---------------------------------------------------


def test_date_rules_follow_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same files: valid on one day, three warnings a year later, whatever the statuses say."""
    root = reg_harness(tmp_path)
    assert report_of(root) == []
    monkeypatch.setenv("SITE_GEN_TODAY", "1406-07-01")
    found = report_of(root)
    assert found == [
        ("registers/bodies/minimal.yaml", "validity-expired", 9),
        ("registers/certificates/cert-1.yaml", "validity-expired", 6),
        ("registers/programme/minimal.yaml", "milestone-overdue", 14),
        ("registers/projects/demo/minimal.yaml", "call-closed", 9),
    ]
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    assert report.valid and not report.errors  # warnings only
    _, strict = load_catalogue(root, use_cache=False, jobs=1, strict=True)
    assert not strict.valid


def test_effective_status_on_the_day() -> None:
    from site_gen.model.registers import (
        Body,
        ProgrammeProject,
        ProgrammeStatus,
        Project,
        ProjectStatus,
        Standing,
    )
    from site_gen.registers import status

    body = Body.model_validate({"slug": "b", "name": "ن", "valid_until": "1405-09-13", "status": "valid"})
    assert status.standing(body, "1405-09-13") is Standing.VALID  # valid through its last day
    assert status.standing(body, "1405-09-14") is Standing.EXPIRED
    revoked = body.model_copy(update={"status": Standing.REVOKED})
    assert status.standing(revoked, "1406-01-01") is Standing.REVOKED  # revoked stays revoked
    project = Project.model_validate({"title": "ط", "agency": "a", "status": "open", "call_opens": "1405-01-01", "call_closes": "1405-09-13"})
    assert status.call_open(project, "1405-09-13") and not status.call_closed(project, "1405-09-13")
    assert status.call_closed(project, "1405-09-14") and not status.call_open(project, "1405-09-14")
    assert project.status is ProjectStatus.OPEN
    prog = ProgrammeProject.model_validate({"title": "پ", "status": "on_track", "milestones": [{"title": "م", "due": "1405-01-01", "done": None}]})
    assert status.programme_status(prog, "1405-01-01") is ProgrammeStatus.ON_TRACK
    assert status.programme_status(prog, "1405-01-02") is ProgrammeStatus.LATE
    stopped = prog.model_copy(update={"status": ProgrammeStatus.STOPPED})
    assert status.programme_status(stopped, "1406-01-01") is ProgrammeStatus.STOPPED


def test_build_day_is_tehran_and_can_be_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    from site_gen import jalali
    from site_gen.registers import dates

    assert dates.today() == TODAY
    monkeypatch.setenv("SITE_GEN_TODAY", "not a date")
    day = dates.today()  # an unusable value is ignored: today in Tehran
    jalali.parse(day)
    assert dates.days_between("1405-09-13", "1405-09-30") == 17
    assert dates.days_between("1405-12-29", "1406-01-01") == (2 if jalali.is_leap(1405) else 1)


# --- the contract's examples -------------------------------------------------------------------

needs_examples = pytest.mark.skipif(not (EXAMPLES / "registers").is_dir(), reason="../shared/spec/examples/registers is not beside the repo")


@needs_examples
def test_the_examples_validate_as_they_are() -> None:
    catalogue, report = load_catalogue(EXAMPLES, use_cache=False, keep_records=True, jobs=1)
    assert report.errors == []
    regs = catalogue.registers
    assert regs.count() == 6
    assert set(regs.paths) == {
        ("technologies", "ito"),
        ("projects", ("ito", "national-service-window-mobile")),
        ("bodies", "ea-lab-sample"),
        ("certificates", "ppp-1405-0001"),
        ("programme", "interoperability-framework"),
        ("documents", "egov-roadmap"),
    }
    # on 1405-09-13 one milestone of the programme example is past due
    reg_warnings = [(d.file, d.code) for d in report.warnings if d.file.startswith("registers/")]
    assert reg_warnings == [("registers/programme/interoperability-framework.yaml", "milestone-overdue")]
    project = regs.projects[("ito", "national-service-window-mobile")]
    assert project.estimated_cost_rials.min == 20000000000  # type: ignore[union-attr]
    assert regs.certificates["ppp-1405-0001"].holder.national_id == "10100000002"  # type: ignore[union-attr]
    assert regs.technologies["ito"].items[2].standard_code == "ISO/IEC 27001"  # type: ignore[index]


@needs_examples
def test_the_examples_through_the_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from site_gen.cli import cli

    result = CliRunner().invoke(cli, ["validate", str(EXAMPLES), "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["valid"] and data["files"] == 10
    result = CliRunner().invoke(cli, ["validate", str(EXAMPLES), "--no-cache"])
    line = next(x for x in result.output.splitlines() if "milestone-overdue" in x)
    assert line.startswith("registers/programme/interoperability-framework.yaml:18:10: warning: milestone-overdue: milestones[1].due: ")


# --- new, fmt, diff, CODEOWNERS --------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from site_gen.cli import cli

    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_new_writes_each_register_where_it_belongs(tmp_path: Path) -> None:
    root = harness(tmp_path)
    for args, rel in [
        (["technologies", "demo"], "registers/technologies/demo.yaml"),
        (["project", "demo", "mobile-app"], "registers/projects/demo/mobile-app.yaml"),
        (["body", "lab-1"], "registers/bodies/lab-1.yaml"),
        (["certificate", "PPP-1405/0009"], "registers/certificates/ppp-1405-0009.yaml"),
        (["programme", "p1"], "registers/programme/p1.yaml"),
        (["document", "d1"], "registers/documents/d1.yaml"),
    ]:
        code, out = _cli("new", *args, "--root", str(root))
        assert code == 0, out
        text = (root / rel).read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        assert (root / rel).parent.joinpath(text.split("=", 1)[1].split("\n")[0]).resolve().parent == (root / "schema").resolve()
    found = {(f, code) for f, code, _ in report_of(root)}
    # placeholders are errors until filled in; nothing else is wrong with a fresh skeleton
    assert {code for _, code in found} <= {"placeholder", "invalid-date"}
    assert ("registers/certificates/ppp-1405-0009.yaml", "placeholder") not in found  # its number is given
    code, out = _cli("new", "project", "nowhere", "x", "--root", str(root))
    assert code == 2 and "ثبت نشده است" in out
    code, out = _cli("new", "body", "Bad_Slug", "--root", str(root))
    assert code == 2 and "شناسه نیست" in out


def test_fmt_formats_register_files_and_is_idempotent(tmp_path: Path) -> None:
    root = reg_harness(tmp_path)
    path = root / PLACES["bodies"]
    messy = "status: valid\nname: نهاد نمونه\nslug: minimal\nkind: implementer\nnational_id: '10100000001'\nscopes: [پیاده‌سازی]\nqualified_on: 1404-1-1\nvalid_until: \"۱۴۰۶-۰۱-۰۱\"\n"
    path.write_text(messy, encoding="utf-8")
    code, out = _cli("fmt", "--root", str(root))
    assert code == 0, out
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:3] == ["slug: minimal", "name: نهاد نمونه", "kind: implementer"]
    assert 'qualified_on: "1404-01-01"' in text and 'valid_until: "1406-01-01"' in text
    assert _cli("fmt", "--root", str(root), "--check")[0] == 0
    assert report_of(root) == []


def _git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=root, check=True, capture_output=True)


def test_diff_labels_and_flags_register_changes(tmp_path: Path) -> None:
    from site_gen.diff import semantic_diff

    root = reg_harness(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    _git(root, "branch", "base")
    cert = root / PLACES["certificates"]
    cert.write_text(cert.read_text(encoding="utf-8").replace("status: valid", "status: revoked"), encoding="utf-8")
    prog = root / PLACES["programme"]
    prog.write_text(prog.read_text(encoding="utf-8").replace('due: "1406-06-31"', 'due: "1405-06-31"'), encoding="utf-8")
    proj = root / PLACES["projects"]
    proj.write_text(proj.read_text(encoding="utf-8").replace("status: open", "status: proposed").replace("call_opens", "# call_opens"), encoding="utf-8")
    doc = root / PLACES["documents"]
    doc.write_text(doc.read_text(encoding="utf-8").replace("title: سند نمونه", "title:   سند نمونه  # only formatting"), encoding="utf-8")
    changes = {c.file: c for c in semantic_diff(root, "base")}
    assert set(changes) == {PLACES["certificates"], PLACES["programme"], PLACES["projects"]}
    c = changes[PLACES["certificates"]]
    assert c.kind == "certificate" and c.flags == ["certificate_revoked"]
    assert [(f.label, f.old, f.new) for f in c.fields] == [("وضعیت", "valid", "revoked")]
    assert changes[PLACES["programme"]].flags == ["milestone_missed"]
    assert "call_closed" in changes[PLACES["projects"]].flags
    code, out = _cli("diff", "base", "--root", str(root))
    assert code == 0, out
    assert "گواهی لغو شد" in out and "نقطهٔ عطفی از موعد گذشت" in out and "| وضعیت | معتبر | لغو |" in out
    # opening a call
    _git(root, "checkout", "-q", "--", ".")
    proj.write_text(proj.read_text(encoding="utf-8").replace("status: open", "status: proposed"), encoding="utf-8")
    _git(root, "commit", "-qam", "proposed")
    _git(root, "branch", "proposed")
    _git(root, "checkout", "-q", "HEAD~1", "--", str(proj))
    flags = {c.file: c.flags for c in semantic_diff(root, "proposed", tip=True)}
    assert flags[PLACES["projects"]] == ["call_opened"]


def test_codeowners_and_owners_check_for_registers(tmp_path: Path) -> None:
    from site_gen.owners import codeowners, owners_check

    root = reg_harness(tmp_path)
    for slug, handle in (("demo", "@demo-team"), ("mpo", "@mpo-team")):
        path = root / "cards" / slug / "_agency.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f'maintainers: ["{handle}"]\n', encoding="utf-8")
    (root / "cards" / "ito").mkdir()
    (root / "cards" / "ito" / "_agency.yaml").write_text('slug: ito\nname: سازمان فناوری اطلاعات ایران\nmaintainers: ["@ito-team"]\n', encoding="utf-8")
    text = codeowners(root)
    lines = text.splitlines()
    assert "/registers/ @ito-team @catalogue-reviewers" in lines
    assert "/registers/technologies/demo.yaml @demo-team @catalogue-reviewers" in lines
    assert "/registers/projects/demo/ @demo-team @catalogue-reviewers" in lines
    # the registry's line comes before the agencies' (the last match wins)
    assert lines.index("/registers/ @ito-team @catalogue-reviewers") < lines.index("/registers/projects/demo/ @demo-team @catalogue-reviewers")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    for rel in (PLACES["projects"], PLACES["certificates"]):
        (root / rel).write_text((root / rel).read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    by_demo = {v.file: v.approvers for v in owners_check(root, "HEAD", None, "@demo-team")}
    assert by_demo == {PLACES["certificates"]: ("@ito-team", "@catalogue-reviewers")}  # the project is demo's own
    by_ito = {v.file for v in owners_check(root, "HEAD", None, "@ito-team")}
    assert by_ito == {PLACES["projects"]}


def test_validate_a_register_folder_or_file_only(tmp_path: Path) -> None:
    root = reg_harness(tmp_path)
    (root / PLACES["bodies"]).write_bytes((REG / "invalid" / "bodies" / "grade_six.yaml").read_bytes())
    (root / "cards" / "demo" / "other-service.yaml").write_text("title: [x]\n", encoding="utf-8")
    code, out = _cli("validate", str(root), str(root / "registers" / "bodies"), "--no-cache")
    assert code == 1
    assert out.splitlines()[0].startswith("registers/bodies/minimal.yaml:7:8: error: invalid-value: grade: ")
    assert "cards/" not in out and out.splitlines()[-1] == "۱ پرونده: ۱ خطا، ۰ هشدار: نامعتبر"
    code, out = _cli("validate", str(root), str(root / "registers" / "documents"), "--no-cache")
    assert code == 0 and out.splitlines()[-1] == "۲ پرونده: ۰ خطا، ۰ هشدار: معتبر"


def test_the_cache_of_register_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm run takes unchanged files' results from the cache (a changed file, or another
    build day, is validated again) and reports exactly what a run without it reports."""
    import os
    import time

    from site_gen.registers import validate

    root = reg_harness(tmp_path)
    old = time.time() - 3600
    for path in (root / "registers").rglob("*.yaml"):
        os.utime(path, (old, old))
    calls: list[str] = []
    real = validate._validate_all

    def counting(root_: str, files: list[str], day: str, jobs: int | None) -> list[Any]:
        calls.extend(files)
        return real(root_, files, day, jobs)

    monkeypatch.setattr(validate, "_validate_all", counting)
    assert [d for d in load_catalogue(root, jobs=1)[1].diagnostics] == []
    assert len(calls) == 7
    calls.clear()
    assert load_catalogue(root, jobs=1)[1].diagnostics == []
    assert calls == []  # every result from the cache
    body = root / PLACES["bodies"]
    body.write_bytes((REG / "invalid" / "bodies" / "grade_six.yaml").read_bytes())
    os.utime(body, (old, old))  # the same mtime: the signature still differs (ctime, size)
    assert [(d.file, d.code) for d in load_catalogue(root, jobs=1)[1].diagnostics] == [(PLACES["bodies"], "invalid-value")]
    assert calls == [PLACES["bodies"]]
    calls.clear()
    monkeypatch.setenv("SITE_GEN_TODAY", "1406-07-01")  # another day: the date rules again
    warned = {d.code for d in load_catalogue(root, jobs=1)[1].diagnostics}
    assert len(calls) == 7 and {"validity-expired", "call-closed", "milestone-overdue"} <= warned
    (root / ".cache" / "site-gen" / "registers.json").write_text("{not json", encoding="utf-8")
    assert {d.code for d in load_catalogue(root, jobs=1)[1].diagnostics} == warned  # a damaged cache is ignored


# --- pages (rendered without MkDocs) ---------------------------------------------------------------


def _pages(root: Path) -> dict[str, str]:
    from site_gen.render.pages import Site, page_jobs

    catalogue, report = load_catalogue(root, use_cache=False, keep_records=True, jobs=1)
    assert not report.errors
    return {p.path: p.content for job in page_jobs(Site(catalogue)) for p in job()}


def test_pages_tell_the_truth_on_the_build_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = reg_harness(tmp_path)
    proj = root / PLACES["projects"]
    proj.write_text(proj.read_text(encoding="utf-8").replace("title: طرح نمونهٔ مشارکت", 'title: "<script>alert(1)</script> طرح"'), encoding="utf-8")
    pages = _pages(root)
    for path in ("technologies/index.md", "technologies/demo/index.md", "projects/index.md", "projects/demo/minimal/index.md",
                 "bodies/index.md", "bodies/minimal/index.md", "certificates/index.md", "certificates/cert-1/index.md",
                 "verify/index.md", "verify/verify.js", "projects/filter.js", "programme/index.md", "documents/index.md"):
        assert path in pages, path
    home = pages["index.md"]
    for url in ("technologies/", "projects/", "bodies/", "certificates/", "verify/", "programme/", "documents/"):
        assert f'href="{url}"' in home
    assert 'href="../../technologies/demo/"' in pages["agencies/demo/index.md"]  # each agency's list from its page
    listing = pages["projects/index.md"]
    assert "<script>alert(1)" not in listing and "&lt;script&gt;" in listing
    assert "فراخوان باز" in listing and "۷۸ روز مانده" in listing  # 1405-09-13 → 1405-12-01
    assert "۱ فناوری و استاندارد در ۱ دستگاه" in pages["technologies/index.md"]
    assert "معتبر" in pages["certificates/cert-1/index.md"]
    # a year later, with the same files: expired, closed, late
    monkeypatch.setenv("SITE_GEN_TODAY", "1406-07-01")
    later = _pages(root)
    assert "منقضی" in later["certificates/cert-1/index.md"] and "اعتبار در" in later["certificates/cert-1/index.md"]
    assert "منقضی" in later["bodies/minimal/index.md"]
    assert "فراخوان بسته‌شده" in later["projects/index.md"] and "روز مانده" not in later["projects/index.md"]
    programme = later["programme/index.md"]
    assert "با تأخیر" in programme and "اعلام‌شده: طبق برنامه" in programme and "گذشته از موعد" in programme
    assert '"status": "expired"' in later["verify/index.md"]
    documents = later["documents/index.md"]
    assert "جایگزینِ" in documents and "جایگزین‌شده با" in documents


def test_no_register_pages_without_registers(tmp_path: Path) -> None:
    pages = _pages(harness(tmp_path))
    assert not any(p.startswith(("technologies/", "projects/", "verify/", "programme/")) for p in pages)
    assert 'href="verify/"' not in pages["index.md"]
