"""Hardening of the build: paths it writes and deletes, the size of the search index, ids that
become the ``/s/<id>/`` redirects."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import FIXTURES, diagnostics_for, harness, place

from site_gen import build as build_module
from site_gen.build import BuildError, build, stage
from site_gen.catalogue import load_catalogue
from site_gen.cli import cli
from site_gen.patterns import ID_RE
from site_gen.render import write_site
from site_gen.search import index as search_index
from site_gen.search.index import search_files
from site_gen.search.query import Searcher

# --- 1. never write or delete through a link ------------------------------------------------


def _outside(tmp_path: Path) -> Path:
    """A folder outside the catalogue holding a file that must survive every build."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "sentinel.txt").write_text("keep me", encoding="utf-8")
    (outside / "sub").mkdir()
    (outside / "sub" / "deep.md").write_text("keep me too", encoding="utf-8")
    return outside


def _intact(outside: Path) -> bool:
    return (outside / "sentinel.txt").read_text(encoding="utf-8") == "keep me" and (outside / "sub" / "deep.md").is_file() and sorted(
        p.name for p in outside.iterdir()
    ) == ["sentinel.txt", "sub"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_symlinked_staging_dir_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    root = harness(tmp_path)
    outside = _outside(tmp_path)
    (root / ".cache" / "site-gen").mkdir(parents=True)
    (root / ".cache" / "site-gen" / "docs").symlink_to(outside, target_is_directory=True)
    code, out = _run("build", str(root))
    assert code != 0
    assert "unsafe-path" in out and ".cache/site-gen/docs" in out and _persian(out)
    assert _intact(outside)
    assert not (root / "site").exists()


@pytest.mark.parametrize("link", [".cache", ".cache/site-gen"])
def test_link_among_the_staging_dir_components_is_refused(tmp_path: Path, link: str) -> None:
    root = harness(tmp_path)
    outside = _outside(tmp_path)
    (outside / "site-gen" / "docs").mkdir(parents=True)
    (outside / "site-gen" / "docs" / "sentinel.txt").write_text("keep", encoding="utf-8")
    target = outside if link == ".cache" else outside / "site-gen"
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(target, target_is_directory=True)
    code, out = _run("build", str(root))
    assert code != 0 and "unsafe-path" in out
    assert (outside / "site-gen" / "docs" / "sentinel.txt").read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in (outside / "site-gen" / "docs").iterdir()) == ["sentinel.txt"]


def test_link_inside_the_staging_dir_is_refused(tmp_path: Path) -> None:
    """A link anywhere in the staging tree (``services`` → elsewhere) would be written through."""
    root = harness(tmp_path)
    outside = _outside(tmp_path)
    docs = root / ".cache" / "site-gen" / "docs"
    docs.mkdir(parents=True)
    (docs / "services").symlink_to(outside, target_is_directory=True)
    code, out = _run("build", str(root))
    assert code != 0 and "unsafe-path" in out
    assert _intact(outside)


def test_symlinked_output_dir_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    root = harness(tmp_path)
    outside = _outside(tmp_path)
    (root / "site").symlink_to(outside, target_is_directory=True)
    code, out = _run("build", str(root))  # the default output, ROOT/site (make site)
    assert code != 0 and "unsafe-path" in out and _persian(out)
    assert _intact(outside)
    code, out = _run("build", str(root), "--out", str(root / "site"))
    assert code != 0 and _intact(outside)


def test_output_dir_that_is_a_link_outside_root_is_refused(tmp_path: Path) -> None:
    root = harness(tmp_path)
    outside = _outside(tmp_path)
    (tmp_path / "preview").symlink_to(outside, target_is_directory=True)
    code, out = _run("build", str(root), "--out", str(tmp_path / "preview"))
    assert code != 0 and "unsafe-path" in out
    assert _intact(outside)


def test_link_among_the_output_dir_components_inside_root_is_refused(tmp_path: Path) -> None:
    root = harness(tmp_path)
    outside = _outside(tmp_path)
    (root / "public").symlink_to(outside, target_is_directory=True)
    code, out = _run("build", str(root), "--out", str(root / "public" / "sub"))
    assert code != 0 and "unsafe-path" in out
    assert _intact(outside)


@pytest.mark.parametrize("out", ["cards", "cards/demo", "licenses/site", ".", "..", ".cache/site-gen/docs", ".cache"])
def test_output_dir_over_the_catalogue_or_the_staging_is_refused(tmp_path: Path, out: str) -> None:
    root = harness(tmp_path)
    before = sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    code, text = _run("build", str(root), "--out", str(root / out))
    assert code != 0 and "unsafe-path" in text and _persian(text)
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*")) == before


def test_ordinary_output_dirs_still_build(tmp_path: Path) -> None:
    root = harness(tmp_path)
    code, out = _run("build", str(root))
    assert code == 0, out
    assert (root / "site" / "index.html").is_file()
    code, out = _run("build", str(root), "--out", str(tmp_path / "elsewhere" / "site"))
    assert code == 0, out
    assert (tmp_path / "elsewhere" / "site" / "index.html").is_file()


class Served(Exception):
    """Raised instead of serving: reaching MkDocs' server means the guard did not stop it."""


def test_serve_uses_the_same_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.commands.serve

    def no_server(*args: object, **kwargs: object) -> None:
        raise Served

    monkeypatch.setattr(mkdocs.commands.serve, "serve", no_server)
    root = harness(tmp_path)
    outside = _outside(tmp_path)
    (root / ".cache" / "site-gen").mkdir(parents=True)
    (root / ".cache" / "site-gen" / "docs").symlink_to(outside, target_is_directory=True)
    with pytest.raises(BuildError):
        build_module.serve(root, addr="127.0.0.1:1")
    code, out = _run("serve", str(root), "--addr", "127.0.0.1:1")
    assert code != 0 and "unsafe-path" in out and _persian(out)
    assert _intact(outside)


def test_library_stage_and_build_refuse_too(tmp_path: Path) -> None:
    root = harness(tmp_path)
    outside = _outside(tmp_path)
    (root / ".cache" / "site-gen").mkdir(parents=True)
    (root / ".cache" / "site-gen" / "docs").symlink_to(outside, target_is_directory=True)
    with pytest.raises(BuildError):
        stage(root)
    with pytest.raises(BuildError):
        build(root, tmp_path / "out")
    assert _intact(outside)
    assert not (tmp_path / "out").exists()


# --- 2. the search index stays bounded ------------------------------------------------------

CARD = """title: خدمت بزرگ
agency: demo
summary: صدور پروانه‌ی ساختمان
description: {description}
"""


def _catalogue_with(tmp_path: Path, description: str) -> object:
    root = harness(tmp_path)
    (root / "cards" / "demo" / "big.yaml").write_text(CARD.format(description=json.dumps(description, ensure_ascii=False)), encoding="utf-8")
    catalogue, report = load_catalogue(root, use_cache=False, jobs=1, keep_records=True)
    assert not report.errors, report.errors
    return catalogue


def _baseline(tmp_path: Path) -> dict[str, str]:
    return search_files(_catalogue_with(tmp_path / "base", "متن کوتاه"))


def _shards(files: dict[str, str]) -> int:
    return sum(1 for p in files if p.startswith("s/"))


def _finds(files: dict[str, str], query: str) -> bool:
    searcher = Searcher.from_files(files)
    for unit_text in [query]:
        found, _ = searcher.match(unit_text)
        docs = json.loads(files["d/0.json"])
        slugs = [row[2] for row in docs]
        if "big" in slugs and slugs.index("big") in found:
            return True
    return False


def test_one_long_word_keeps_the_index_small(tmp_path: Path) -> None:
    word = "ب" * 10_500
    files = search_files(_catalogue_with(tmp_path, f"{word} مالیات عوارض"))
    base = _baseline(tmp_path)
    manifest = files["manifest.json"]
    # the long word adds at most one term (cut to MAX_TERM letters), and a term never splits a
    # shard by itself: at most one more shard key of at most MAX_KEY letters than a short card
    assert _shards(files) <= _shards(base) + 3
    assert len(manifest.encode()) <= len(base["manifest.json"].encode()) + 3 * (2 * search_index.MAX_KEY + 3) + 200
    assert max(len(k) for k in json.loads(manifest)["keys"]) <= search_index.MAX_KEY
    assert sum(len(v.encode()) for v in files.values()) < 200_000
    for name, content in files.items():
        if name.startswith("s/"):
            assert all(len(term) <= search_index.MAX_TERM for term in json.loads(content)), name
    assert _finds(files, "مالیات") and _finds(files, "عوارض") and _finds(files, "پروانه")
    # the long word itself is still found: the query term is cut the same way
    assert _finds(files, "ب" * 10_500) and _finds(files, "ب" * 40)


def test_large_text_is_capped_per_card(tmp_path: Path) -> None:
    rng = random.Random(7)
    letters = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 12))) for _ in range(25_000)]
    text = "مالیات " + " ".join(words) + " " + "ب" * 50_000  # ~250 KB of text, one long word at the end
    assert len(text.encode()) > 200_000
    files = search_files(_catalogue_with(tmp_path, text))
    base = _baseline(tmp_path)
    keys = json.loads(files["manifest.json"])["keys"]
    # derived from the caps: one card adds at most MAX_DOC_TERMS terms of at most MAX_TERM letters
    terms = sum(len(json.loads(c)) for p, c in files.items() if p.startswith("s/"))
    base_terms = sum(len(json.loads(c)) for p, c in base.items() if p.startswith("s/"))
    assert terms - base_terms <= search_index.MAX_DOC_TERMS
    assert max(len(k) for k in keys) <= search_index.MAX_KEY
    # every shard key is a prefix of at least one term, at most MAX_KEY - 1 keys per term
    assert len(keys) <= len(json.loads(base["manifest.json"])["keys"]) + search_index.MAX_DOC_TERMS * (search_index.MAX_KEY - 1)
    index_bytes = sum(len(c.encode()) for p, c in files.items() if p.startswith("s/"))
    per_term = 4 * search_index.MAX_TERM + 16  # the term in UTF-8, quotes, colon, a short posting
    assert index_bytes <= sum(len(c.encode()) for p, c in base.items() if p.startswith("s/")) + search_index.MAX_DOC_TERMS * per_term
    assert len(files["manifest.json"].encode()) < 150_000
    assert _finds(files, "مالیات") and _finds(files, "پروانه")


# --- 6. ids that are published as /s/<id>/ --------------------------------------------------


@pytest.mark.parametrize("value", ["a1/index.html", "index.html", "a1/INDEX.HTML/b", ".a1", "a1/.b", "a1/.b/c", "..a", "a/..b"])
def test_ids_that_cannot_be_published_are_rejected(value: str) -> None:
    assert not ID_RE.match(value)


@pytest.mark.parametrize("value", ["a1", "12011076106", "a1/b", "a.1/b.2", "a1/index.htm", "a1/index.html5", "a1.", "a-1/b-2"])
def test_ordinary_ids_stay_valid(value: str) -> None:
    assert ID_RE.match(value)


@pytest.mark.parametrize(("value", "line"), [("a1/index.html", 4), (".well-known", 4), ("a1/.hidden", 4)])
def test_unpublishable_id_in_a_card_is_an_invalid_id_error(tmp_path: Path, value: str, line: int) -> None:
    root = harness(tmp_path)
    data = (FIXTURES / "minimal" / "service.yaml").read_text(encoding="utf-8")
    card = f'# Should NOT validate\ntitle: خدمت\nagency: demo\nid: "{value}"\n'
    assert "title:" in data
    rel = place(root, "service", card.encode())
    found = [(d.code, d.line) for d in diagnostics_for(root, rel)]
    assert found == [("invalid-id", line)]
    message = next(d.message for d in diagnostics_for(root, rel))
    assert _persian(message) and "index.html" in message


def test_redirect_writer_never_raises_on_a_collision(tmp_path: Path) -> None:
    """Ids that passed validation before (or came from elsewhere) must not stop the build."""
    root = harness(tmp_path)
    catalogue, report = load_catalogue(root, use_cache=False, jobs=1, keep_records=True)
    assert not report.errors
    services = catalogue.services  # type: ignore[attr-defined]
    (key,) = [k for k in services if k[1] == "other-service"]
    first = services[key]
    clones = {
        ("demo", "x1"): first.model_copy(update={"id": "a1"}),
        ("demo", "x2"): first.model_copy(update={"id": "a1/index.html"}),
        ("demo", "x3"): first.model_copy(update={"id": ".hidden"}),
        ("demo", "x4"): first.model_copy(update={"id": "b/.c"}),
    }
    services.update(clones)
    docs = tmp_path / "docs"
    written = write_site(catalogue, docs, jobs=1)  # type: ignore[arg-type]
    redirects = sorted(str(p.relative_to(docs)) for p in written if p.parts[len(docs.parts)] == "s")
    assert redirects == ["s/10000000001/index.html", "s/a1/index.html"]
    assert "services/demo/x1/" in (docs / "s" / "a1" / "index.html").read_text(encoding="utf-8")


def test_colliding_ids_in_the_catalogue_build_the_rest(tmp_path: Path) -> None:
    root = harness(tmp_path)
    (root / "cards" / "demo" / "one.yaml").write_text('title: یک\nagency: demo\nid: "a1"\n', encoding="utf-8")
    (root / "cards" / "demo" / "two.yaml").write_text('title: دو\nagency: demo\nid: "a1/index.html"\n', encoding="utf-8")
    result = build(root, tmp_path / "out")
    assert [d.code for d in result.report.errors] == ["invalid-id"]
    assert not (tmp_path / "out").exists()
    (root / "cards" / "demo" / "two.yaml").unlink()
    result = build(root, tmp_path / "out")
    assert not result.report.errors
    assert (tmp_path / "out" / "s" / "a1" / "index.html").is_file()


def test_long_word_is_found_in_chromium(tmp_path: Path) -> None:
    """search.js cuts query units to the manifest's max_term, as the index cuts terms."""
    from browser import chromium, serve

    root = harness(tmp_path)
    word = "ب" * 10_500
    (root / "cards" / "demo" / "big.yaml").write_text(CARD.format(description=json.dumps(f"{word} مالیات", ensure_ascii=False)), encoding="utf-8")
    result = build(root, tmp_path / "site")
    assert not result.report.errors
    keys = json.loads((tmp_path / "site" / "search" / "manifest.json").read_text(encoding="utf-8"))["keys"]
    assert len(keys) < 100
    with chromium() as browser, serve(tmp_path / "site") as base:
        page = browser.new_page()
        page.goto(base)
        page.wait_for_function("typeof window.catalogueSearch === 'function'")
        assert page.evaluate(f"window.catalogueSearch('{word}')") == ["/services/demo/big/"]
        assert page.evaluate("window.catalogueSearch('مالیات')") == ["/services/demo/big/"]
        assert page.evaluate("window.catalogueSearch('پروانه ساختمان')") == ["/services/demo/big/"]
