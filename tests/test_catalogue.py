"""Files and folders, references across files, ids, agency chains and completeness."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import FIXTURES, diagnostics_for, harness

from site_gen.catalogue import load_catalogue


def write(root: Path, rel: str, text: str) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rel


def test_harness_is_valid(tmp_path: Path) -> None:
    _, report = load_catalogue(harness(tmp_path), use_cache=False, jobs=1)
    assert report.diagnostics == [] and report.files == 4


def test_symlink_rejected(tmp_path: Path) -> None:
    root = harness(tmp_path)
    (tmp_path / "secret.yaml").write_text("title: x\nagency: demo\n")
    os.symlink(tmp_path / "secret.yaml", root / "cards/demo/link.yaml")
    assert [d.code for d in diagnostics_for(root, "cards/demo/link.yaml")] == ["symlink"]


def test_bad_file_names(tmp_path: Path) -> None:
    root = harness(tmp_path)
    write(root, "cards/demo/Birth_Cert.yaml", "title: x\nagency: demo\n")
    write(root, "cards/demo/note.yml", "title: x\nagency: demo\n")
    write(root, "cards/loose.yaml", "title: x\n")
    assert [d.code for d in diagnostics_for(root, "cards/demo/Birth_Cert.yaml")] == ["bad-file-name"]
    assert [d.code for d in diagnostics_for(root, "cards/demo/note.yml")] == ["bad-file-name"]
    assert [d.code for d in diagnostics_for(root, "cards/loose.yaml")] == ["misplaced-file"]


def test_folder_without_agency_file(tmp_path: Path) -> None:
    root = harness(tmp_path)
    write(root, "licenses/ghost/permit.yaml", "title: x\nagency: ghost\n")
    rel = write(root, "licenses/ghost/other.yaml", "title: y\nagency: ghost\n")
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    assert [(d.file, d.code) for d in report.errors] == [(rel, "missing-agency-file")]


def test_references_across_agencies(tmp_path: Path) -> None:
    root = harness(tmp_path)
    write(root, "cards/mpo/national.yaml", "title: ملی\nagency: mpo\n")
    rel = write(
        root,
        "cards/demo/local.yaml",
        "title: محلی\nagency: demo\ninstance_of: mpo/national\nlicenses: [some-licence, demo/some-licence]\n"
        "related_agencies:\n  - agency: mpo\n",
    )
    assert diagnostics_for(root, rel) == []


def test_invalid_target_is_not_reported_twice(tmp_path: Path) -> None:
    """A reference to a file that exists but is invalid: only the invalid file has an error."""
    root = harness(tmp_path)
    write(root, "licenses/demo/broken.yaml", "title: [x]\nagency: demo\n")
    rel = write(root, "cards/demo/uses.yaml", "title: x\nagency: demo\nlicenses: [broken]\n")
    assert diagnostics_for(root, rel) == []
    assert [d.code for d in diagnostics_for(root, "licenses/demo/broken.yaml")] == ["invalid-type"]


def test_duplicate_id_names_both_files_case_insensitively(tmp_path: Path) -> None:
    root = harness(tmp_path)
    write(root, "cards/demo/a.yaml", 'id: "KHJ/030/205/1-1"\ntitle: a\nagency: demo\n')
    write(root, "cards/mpo/b.yaml", 'id: "khj/030/205/1-1"\ntitle: b\nagency: mpo\n')
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    dup = [d for d in report.errors if d.code == "duplicate-id"]
    assert [d.file for d in dup] == ["cards/demo/a.yaml", "cards/mpo/b.yaml"]
    assert "cards/mpo/b.yaml:1" in dup[0].message and "cards/demo/a.yaml:1" in dup[1].message


def test_service_and_licence_ids_are_separate_namespaces(tmp_path: Path) -> None:
    root = harness(tmp_path)
    write(root, "cards/demo/a.yaml", 'id: "20000000001"\ntitle: a\nagency: demo\n')
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    assert report.errors == []


def test_agency_parent_cycle(tmp_path: Path) -> None:
    root = harness(tmp_path)
    write(root, "cards/mpo/_agency.yaml", "slug: mpo\nname: سازمان\nparent: demo\n")
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    assert [(d.file, d.code, d.line) for d in report.errors] == [
        ("cards/demo/_agency.yaml", "agency-cycle", 3),
        ("cards/mpo/_agency.yaml", "agency-cycle", 3),
    ]


def test_every_error_of_every_file_in_one_run(tmp_path: Path) -> None:
    root = harness(tmp_path)
    for name in ("title_empty", "cost_free_yes", "licenses_unknown"):
        data = (FIXTURES / "invalid/service" / f"{name}.yaml").read_bytes()
        (root / f"cards/demo/{name.replace('_', '-')}.yaml").write_bytes(data)
    _, report = load_catalogue(root, use_cache=False, jobs=1)
    assert sorted(d.code for d in report.errors) == ["empty-text", "invalid-bool", "unknown-licence"]


def test_complete_turns_not_stated_form_fields_into_errors(tmp_path: Path) -> None:
    root = harness(tmp_path)
    _, lax = load_catalogue(root, use_cache=False, jobs=1)
    assert lax.valid
    assert lax.completeness["demo"].stated < lax.completeness["demo"].total
    _, strict = load_catalogue(root, use_cache=False, jobs=1, complete=True)
    missing = {d.key for d in strict.errors if d.file == "cards/demo/other-service.yaml"}
    assert {"description", "service_types", "cost", "access", "contact"} <= missing
    assert "id" not in missing and "summary" not in missing  # not form fields the agency fills
    assert {d.code for d in strict.errors} == {"not-stated"}


def test_completeness_counts_stated_fields(tmp_path: Path) -> None:
    root = harness(tmp_path)
    _, before = load_catalogue(root, use_cache=False, jobs=1)
    write(root, "cards/demo/other-service.yaml", 'id: "10000000001"\ntitle: خدمت دیگر\nagency: demo\ndescription: شرح\nnature: sovereign\n')
    _, after = load_catalogue(root, use_cache=False, jobs=1)
    assert after.completeness["demo"].stated == before.completeness["demo"].stated + 2
    assert after.completeness["demo"].total == before.completeness["demo"].total
