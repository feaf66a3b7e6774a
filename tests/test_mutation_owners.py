"""Who may change which folder (site_gen/owners.py): the CODEOWNERS text and the author check,
on small git histories. A violation is compared by its file and by the handles and agency it
must name, not word for word (docs/mutation.md)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from site_gen.owners import (
    DEFAULT_REVIEWERS,
    HEADER,
    OwnersError,
    codeowners,
    maintainers,
    owners_check,
    same_handle,
)

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def agency(slug: str, *handles: str) -> bytes:
    listed = f"maintainers: [{', '.join(repr(h) for h in handles)}]\n" if handles else ""
    return f"slug: {slug}\nname: سازمان {slug}\n{listed}".encode()


SERVICE = b'id: "10000000001"\ntitle: x\nagency: a\n'


def write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def commit(root: Path, message: str) -> None:
    for args in (["add", "-A"], ["commit", "-qm", message, "--allow-empty"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=ENV, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=ENV)
    write(root, {
        "cards/a/_agency.yaml": agency("a", "@Alice", "@team-a"),
        "cards/b/_agency.yaml": agency("b"),
        "cards/a/s.yaml": SERVICE,
        "licenses/a/l.yaml": b"title: y\nagency: a\n",
    })
    commit(root, "base")
    return root


# --- maintainers and CODEOWNERS ---------------------------------------------------------------


def test_maintainers_come_from_agency_files_only() -> None:
    files = {
        "cards/a/_agency.yaml": agency("a", "@x", "@y"),
        "cards/b/_agency.yaml": agency("b"),
        "cards/c/_agency.yaml": b"slug: c\nname: [not, text]\nmaintainers: ['@z']\n",  # invalid: owns nothing
        "cards/.d/_agency.yaml": agency(".d", "@hidden"),  # ignored folder
        "cards/a/s.yaml": b"maintainers: ['@w']\n",  # not an agency file
        "licenses/a/_agency.yaml": agency("a", "@v"),  # not where an agency file lives
    }
    assert maintainers(files) == {"a": ["@x", "@y"], "b": [], "c": []}


def test_codeowners_text(tmp_path: Path) -> None:
    write(tmp_path, {
        "cards/zeta/_agency.yaml": agency("zeta", "@z"),
        "cards/alpha/_agency.yaml": agency("alpha", "@a1", "@a2"),
        "cards/beta/_agency.yaml": agency("beta"),
        "cards/.hidden/_agency.yaml": agency("hidden", "@h"),
        "cards/alpha/s.yaml": SERVICE,
    })
    text = codeowners(tmp_path, "@rev")
    assert text.startswith(HEADER)
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert lines == [
        "* @rev",
        "/site_gen/ @rev",
        "/schema/ @rev",
        "/CODEOWNERS @rev",
        "/.github/ @rev",
        "/.gitlab-ci.yml @rev",
        "/mkdocs.yml @rev",
        "/docs/ @rev",
        "/cards/alpha/ @a1 @a2 @rev",
        "/licenses/alpha/ @a1 @a2 @rev",
        "/cards/beta/ @rev",
        "/licenses/beta/ @rev",
        "/cards/zeta/ @z @rev",
        "/licenses/zeta/ @z @rev",
    ]
    assert text.endswith("\n") and "\n\n\n" not in text
    assert codeowners(tmp_path).count(DEFAULT_REVIEWERS) == len(lines)


def test_codeowners_of_an_empty_catalogue(tmp_path: Path) -> None:
    lines = [ln for ln in codeowners(tmp_path, "@r").splitlines() if ln and not ln.startswith("#")]
    assert lines[0] == "* @r" and len(lines) == 8


# --- handles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "same"), [("@Alice", "@alice", True), ("@ALICE", "@alice", True), ("@alice", "@alicia", False), ("@a", "@a ", False), ("@straße", "@STRASSE", True)])
def test_same_handle_ignores_case(a: str, b: str, same: bool) -> None:
    assert same_handle(a, b) is same and same_handle(b, a) is same


# --- owners-check ---------------------------------------------------------------------------------


def test_a_maintainer_may_change_the_agency_folders(repo: Path) -> None:
    write(repo, {"cards/a/s.yaml": SERVICE + b"# edited\n", "licenses/a/new.yaml": b"title: z\n"})
    assert owners_check(repo, "HEAD", None, "@alice") == []  # handles compare without case
    assert owners_check(repo, "HEAD", None, "@TEAM-A") == []


def test_someone_else_is_refused_file_by_file(repo: Path) -> None:
    write(repo, {"cards/a/s.yaml": SERVICE + b"# edited\n", "licenses/a/new.yaml": b"title: z\n"})
    found = owners_check(repo, "HEAD", None, "@mallory")
    assert sorted(v.file for v in found) == ["cards/a/s.yaml", "licenses/a/new.yaml"]
    for v in found:
        assert "@mallory" in v.message and "a" in v.message
        assert "@Alice" in v.message and "@team-a" in v.message  # the maintainers are named


def test_an_agency_without_maintainers_names_no_one(repo: Path) -> None:
    write(repo, {"cards/b/s.yaml": SERVICE})
    [v] = owners_check(repo, "HEAD", None, "@Alice")
    assert v.file == "cards/b/s.yaml" and "@Alice" in v.message and "@team-a" not in v.message


def test_files_outside_agency_folders_need_the_reviewers(repo: Path) -> None:
    write(repo, {"README.md": b"x\n", "cards/a/deep/er.yaml": b"x: 1\n", "cards/a/s.yaml": SERVICE + b"# e\n"})
    found = owners_check(repo, "HEAD", None, "@alice", reviewers="@rev")
    assert sorted(v.file for v in found) == ["README.md", "cards/a/deep/er.yaml"]
    assert all("@rev" in v.message for v in found)


def test_a_new_agency_needs_the_reviewers(repo: Path) -> None:
    write(repo, {"cards/new/_agency.yaml": agency("new", "@alice"), "licenses/new/x.yaml": b"title: x\n"})
    found = owners_check(repo, "HEAD", None, "@alice", reviewers="@rev")
    assert sorted(v.file for v in found) == ["cards/new/_agency.yaml", "licenses/new/x.yaml"]
    assert all("new" in v.message and "@rev" in v.message and "HEAD" in v.message for v in found)


def test_maintainers_are_read_at_base_not_at_head(repo: Path) -> None:
    write(repo, {"cards/a/_agency.yaml": agency("a", "@Alice", "@team-a", "@mallory"), "cards/a/s.yaml": SERVICE + b"# e\n"})
    commit(repo, "grant myself")
    assert sorted(v.file for v in owners_check(repo, "HEAD~1", "HEAD", "@mallory")) == ["cards/a/_agency.yaml", "cards/a/s.yaml"]
    # once the grant is in the base, the next change is the maintainer's own
    write(repo, {"cards/a/s.yaml": SERVICE + b"# again\n"})
    commit(repo, "next")
    assert owners_check(repo, "HEAD~1", "HEAD", "@mallory") == []
    assert owners_check(repo, "HEAD~1", None, "@mallory") == []


def test_a_removed_maintainer_is_refused_on_the_next_change(repo: Path) -> None:
    write(repo, {"cards/a/_agency.yaml": agency("a", "@team-a")})
    commit(repo, "drop alice")
    write(repo, {"cards/a/s.yaml": SERVICE + b"# e\n"})
    assert [v.file for v in owners_check(repo, "HEAD", None, "@alice")] == ["cards/a/s.yaml"]
    # the change that dropped her was still hers to make
    assert owners_check(repo, "HEAD~1", "HEAD", "@alice") == []


def test_head_and_work_tree_are_compared_separately(repo: Path) -> None:
    write(repo, {"cards/b/s.yaml": SERVICE})
    commit(repo, "b")
    write(repo, {"cards/a/s.yaml": SERVICE + b"# e\n"})
    assert [v.file for v in owners_check(repo, "HEAD~1", "HEAD", "@alice")] == ["cards/b/s.yaml"]
    assert sorted(v.file for v in owners_check(repo, "HEAD~1", None, "@alice")) == ["cards/b/s.yaml"]
    assert [v.file for v in owners_check(repo, "HEAD", None, "@bob")] == ["cards/a/s.yaml"]


def test_no_change_no_violation(repo: Path) -> None:
    assert owners_check(repo, "HEAD", None, "@nobody") == []
    assert owners_check(repo, "HEAD", "HEAD", "@nobody") == []


@pytest.mark.parametrize("author", ["@catalogue-reviewers", "@Catalogue-Reviewers"])
def test_the_reviewers_group_is_not_an_author(repo: Path, author: str) -> None:
    with pytest.raises(OwnersError) as info:
        owners_check(repo, "HEAD", None, author)
    assert DEFAULT_REVIEWERS in str(info.value)
    with pytest.raises(OwnersError):
        owners_check(repo, "HEAD", None, "@REV", reviewers="@rev")
    assert owners_check(repo, "HEAD", None, "@catalogue-reviewers", reviewers="@rev") == []
