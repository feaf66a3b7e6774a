"""`site_gen.scope` in-process: which files `validate PATH…` and `validate --changed BASE` report
on (README's Review workflow: "your files only, and the cross-file errors that involve them").
Written for mutation testing (docs/mutation.md)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from site_gen import codes
from site_gen.report import Completeness, Diagnostic, Report
from site_gen.scope import Scope, ScopeError, catalogue_files, changed, from_paths, narrow

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, env=ENV, capture_output=True, text=True).stdout.strip()


def write(root: Path, rel: str, text: str = "title: t\nagency: a\n") -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def test_scope_holds_files_and_what_is_under_its_folders() -> None:
    scope = Scope({"cards/ito", "licenses/mpo/p.yaml"})
    assert "cards/ito" in scope and "cards/ito/x.yaml" in scope and "cards/ito/deep/x.yaml" in scope
    assert "licenses/mpo/p.yaml" in scope
    assert "licenses/mpo/q.yaml" not in scope and "licenses/mpo" not in scope and "cards/itox/x.yaml" not in scope
    assert "cards" not in scope and "" not in scope
    assert 5 not in scope and None not in scope
    assert "cards/x.yaml" in Scope({"cards"})
    assert "x" not in Scope()


@pytest.fixture()
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    top = tmp_path / "cat"
    write(top, "cards/ito/a.yaml")
    write(top, "cards/ito/_agency.yaml", "slug: ito\nname: ن\n")
    write(top, "licenses/mpo/p.yaml")
    (top / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    return top


def test_from_paths(root: Path) -> None:
    # relative to the current folder, to ROOT, or absolute; folders lose a trailing slash
    assert from_paths(root, [Path("cat/cards/ito/a.yaml")]).entries == {"cards/ito/a.yaml"}
    assert from_paths(root, [Path("cards/ito")]).entries == {"cards/ito"}
    assert from_paths(root, [root / "licenses", Path("cards/ito/")]).entries == {"licenses", "cards/ito"}
    assert from_paths(Path("cat"), [Path("cat/cards")]).entries == {"cards"}
    # ROOT itself: the whole catalogue
    assert from_paths(root, [root]).entries == {"cards", "licenses", "registers"}  # and the registers (issue 20)
    assert from_paths(root, []).entries == set()


def test_from_paths_through_a_link(root: Path, tmp_path: Path) -> None:
    os.symlink(root / "cards", tmp_path / "link")
    assert from_paths(root, [tmp_path / "link" / "ito"]).entries == {"cards/ito"}
    # a catalogue reached through a link is the same catalogue
    os.symlink(root, tmp_path / "alias")
    assert from_paths(tmp_path / "alias", [root / "cards/ito/a.yaml"]).entries == {"cards/ito/a.yaml"}


def test_from_paths_refuses(root: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("x", encoding="utf-8")
    with pytest.raises(ScopeError, match=r"^مسیر «.*outside.yaml» درون کاتالوگ «.*cat» نیست$"):
        from_paths(root, [tmp_path / "outside.yaml"])
    with pytest.raises(ScopeError, match=r"^مسیر «cat/cards/ito/none.yaml» وجود ندارد$"):
        from_paths(root, [Path("cat/cards/ito/none.yaml")])
    with pytest.raises(ScopeError, match=r"^انتظار می‌رفت مسیری درون cards/ یا licenses/، اما «cat/docs» آمده است$"):
        from_paths(root, [Path("cat/docs")])


def test_a_path_relative_to_the_current_folder_wins(root: Path, tmp_path: Path) -> None:
    # "cards/ito" exists both here (outside the catalogue) and under ROOT: the current folder's is meant
    write(tmp_path, "cards/ito/a.yaml")
    with pytest.raises(ScopeError, match=r"درون کاتالوگ"):
        from_paths(root, [Path("cards/ito")])


@pytest.fixture()
def repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    write(root, "cards/ito/b.yaml")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def test_changed(repo: Path) -> None:
    git(repo, "checkout", "-qb", "topic")
    write(repo, "cards/ito/a.yaml", "title: edited\nagency: ito\n")
    write(repo, "docs/readme.md", "x")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edit")
    write(repo, "licenses/mpo/new.yaml")       # untracked
    write(repo, "cards/ito/.hidden.yaml")      # untracked too: listed, the validator decides
    (repo / "cards/ito/b.yaml").unlink()       # removed in the working tree
    write(repo, "cards/ito/ignored.yaml")
    (repo / ".gitignore").write_text("cards/ito/ignored.yaml\n", encoding="utf-8")
    scope = changed(repo, "main")
    assert scope.entries == {"cards/ito/a.yaml", "licenses/mpo/new.yaml", "cards/ito/.hidden.yaml", "cards/ito/b.yaml"}
    assert scope.removed == {"cards/ito/b.yaml"}


def test_changed_since_the_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-qb", "topic")
    write(repo, "cards/ito/t.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "topic")
    git(repo, "checkout", "-q", "main")
    write(repo, "cards/ito/m.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main")
    git(repo, "checkout", "-q", "topic")
    assert changed(repo, "main").entries == {"cards/ito/t.yaml"}
    assert changed(repo, "HEAD").entries == set()


def test_changed_names_in_any_script(repo: Path) -> None:
    write(repo, "cards/ito/خدمت نو.yaml")
    write(repo, "cards/ito/line\nbreak.yaml")
    assert changed(repo, "HEAD").entries == {"cards/ito/خدمت نو.yaml", "cards/ito/line\nbreak.yaml"}


def test_changed_refuses(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(ScopeError, match=r"^نسخهٔ «no-such» در git پیدا نشد؛ آیا شاخه را fetch کرده‌اید؟ \(مانند git fetch origin main\)$"):
        changed(repo, "no-such")
    for rev in ("-h", "--output=x", ""):
        with pytest.raises(ScopeError, match=f"^«{rev}» نام شاخه یا نسخهٔ git نیست$"):
            changed(repo, rev)
    blob = git(repo, "rev-parse", "HEAD:cards/ito/a.yaml")
    with pytest.raises(ScopeError, match=r"در git پیدا نشد"):
        changed(repo, blob)  # not a commit
    assert not (repo / "x").exists()
    alone = tmp_path / "alone"
    alone.mkdir()
    with pytest.raises(ScopeError, match=r"^«.*alone» درون مخزن git نیست؛ --changed فقط در مخزن git کار می‌کند"):
        changed(alone, "main")


def test_git_failures_say_so(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_gen import scope as module

    with pytest.raises(ScopeError, match=r"^git کار را انجام نداد \(کد خروج 128\): fatal: Needed a single revision$"):
        module._git(repo, "rev-parse", "--verify", "no-such-rev")
    with pytest.raises(ScopeError, match=r"^git کار را انجام نداد \(کد خروج 1\)$"):
        module._git(repo, "diff", "--quiet", "--no-index", "--", "cards/ito/a.yaml", "cards/ito/_agency.yaml")
    monkeypatch.setenv("PATH", str(repo / "nowhere"))
    with pytest.raises(ScopeError, match=r"^git اجرا نشد: No such file or directory$"):
        module._git(repo, "status")


def diag(rel: str, code: str = "x", message: str = "m") -> Diagnostic:
    return Diagnostic(rel, 1, 1, code, message)


def test_narrow_keeps_the_files_in_scope() -> None:
    files = ["cards/ito/_agency.yaml", "cards/ito/a.yaml", "cards/mpo/b.yaml", "licenses/mpo/p.yaml", "licenses/org/q.yaml"]
    report = Report(files=5, strict=True)
    report.extend([diag("cards/ito/a.yaml"), diag("cards/mpo/b.yaml"),
                   diag("cards/mpo/b.yaml", codes.UNKNOWN_SERVICE, "خدمت «ito/gone» ثبت نشده (cards/ito/gone.yaml)"),
                   diag("licenses/org/q.yaml", codes.UNKNOWN_LICENCE, "cards/ito/gone.yaml"),
                   diag("licenses/org/q.yaml", codes.DUPLICATE_ID, "cards/ito/gone.yaml"),
                   diag("licenses/mpo/p.yaml", codes.UNKNOWN_AGENCY, "other")])
    report.completeness = {a: Completeness(a) for a in ("ito", "mpo", "org")}
    scope = Scope({"cards/ito/a.yaml", "cards/ito/gone.yaml"}, {"cards/ito/gone.yaml"})
    out = narrow(report, scope, files)
    assert out.diagnostics == [diag("cards/ito/a.yaml"), report.diagnostics[2], report.diagnostics[3]]
    assert (out.files, out.strict) == (1, True)
    assert list(out.completeness) == ["ito"]
    # nothing removed: only the files' own diagnostics
    out = narrow(report, Scope({"cards/mpo"}), files)
    assert out.diagnostics == report.diagnostics[1:3] and out.files == 1 and list(out.completeness) == ["mpo"]
    # a folder of an agency with no file yet still names its agency; a top folder names none
    assert list(narrow(report, Scope({"licenses/org", "cards"}), files).completeness) == ["ito", "mpo", "org"]
    assert list(narrow(report, Scope({"licenses"}), files).completeness) == ["mpo", "org"]
    assert narrow(report, Scope({"licenses"}), files).files == 2
    assert list(narrow(report, Scope({"cards/ito/deep/x.yaml"}), files).completeness) == ["ito"]
    loose = Report()
    loose.completeness = {"ito": Completeness("ito")}
    assert narrow(loose, Scope({"cards/x.yaml"}), ["cards/x.yaml"]).completeness == {}


def test_catalogue_files(root: Path) -> None:
    write(root, "cards/ito/.hidden.yaml")
    assert catalogue_files(root) == ["cards/ito/_agency.yaml", "cards/ito/a.yaml", "licenses/mpo/p.yaml"]
    (root / "licenses/mpo/p.yaml").unlink()
    (root / "licenses/mpo").rmdir()
    (root / "licenses").rmdir()
    (root / "licenses").write_text("x", encoding="utf-8")
    assert catalogue_files(root) == ["cards/ito/_agency.yaml", "cards/ito/a.yaml", "licenses"]


def test_changed_lists_both_names_of_a_renamed_file(repo: Path) -> None:
    git(repo, "checkout", "-qb", "topic")
    git(repo, "mv", "cards/ito/b.yaml", "cards/ito/c.yaml")
    git(repo, "commit", "-qm", "renamed")
    scope = changed(repo, "main")
    assert scope.entries == {"cards/ito/b.yaml", "cards/ito/c.yaml"} and scope.removed == {"cards/ito/b.yaml"}


def test_changed_in_a_catalogue_inside_a_larger_repository(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    root = top / "catalogue"
    write(root, "cards/ito/a.yaml")  # and no licenses/ folder
    write(top, "cards/elsewhere/x.yaml")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "base")
    write(root, "cards/ito/a.yaml", "title: edited\nagency: ito\n")
    write(top, "cards/elsewhere/x.yaml", "edited")
    write(root, "cards/ito/new.yaml")
    assert changed(root, "HEAD").entries == {"cards/ito/a.yaml", "cards/ito/new.yaml"}


def test_changed_names_that_are_not_utf8(repo: Path) -> None:
    name = os.fsdecode(b"cards/ito/\xff.yaml")
    (repo / name).write_bytes(b"title: t\n")
    scope = changed(repo, "HEAD")
    assert scope.entries == {name} and scope.removed == set()


def test_git_errors_that_are_not_utf8(repo: Path) -> None:
    from site_gen import scope as module

    with pytest.raises(ScopeError, match=r"^git کار را انجام نداد \(کد خروج 128\): "):
        module._git(repo, "show", os.fsdecode(b"no-such-\xff"))


def test_paths_are_kept_whole(root: Path) -> None:
    write(root, "cards/ito/a.yaml ")
    write(root, "cards/boX/a.yaml")
    assert from_paths(root, [root / "cards/ito/a.yaml ", root / "cards/boX"]).entries == {"cards/ito/a.yaml ", "cards/boX"}


def test_narrow_names_the_agency_of_a_folder_without_files() -> None:
    report = Report()
    report.completeness = {a: Completeness(a) for a in ("gone", "ito")}
    assert list(narrow(report, Scope({"cards/gone"}), ["cards/ito/a.yaml"]).completeness) == ["gone"]
