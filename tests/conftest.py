"""Fixtures shared by several test modules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_gen.build import build

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's sample catalogue, copied so that the build stages outside the work tree."""
    root = tmp_path_factory.mktemp("search-sample") / "sample"
    for top in ("cards", "licenses"):
        shutil.copytree(REPO / top, root / top)
    return root


@pytest.fixture(scope="session")
def sample_site(sample_root: Path) -> Path:
    """The sample catalogue built once per session with the real build (MkDocs included):
    tests/test_search.py and tests/test_search_forgiving.py share it."""
    out = sample_root.parent / "site"
    result = build(sample_root, out)
    assert not result.report.errors, result.report.errors[:5]
    return out
