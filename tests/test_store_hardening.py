"""The result store (``site_gen/cache.py``) never answers for bytes it did not validate, is never
trusted when someone else could have written it, and never crashes a run when damaged."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest
from helpers import harness

import site_gen.cache
import site_gen.catalogue
from site_gen.cache import CACHE_DIR, Store
from site_gen.catalogue import load_catalogue
from site_gen.report import render

REPO = Path(__file__).resolve().parents[1]
EXE = str(Path(sys.executable).parent / "site-gen")
CARD = "cards/demo/other-service.yaml"
VALID = 'id: "10000000001"\ntitle: خدمت دیگر\nagency: demo\n'
INVALID = 'id: "10000000001"\ntitle: خدمت دیگر\nagency: dem0\n'  # same size: agency-mismatch


@pytest.fixture(autouse=True)
def own_key_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own user cache dir (where the store's key lives), inherited by the
    processes it starts."""
    home = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def warm_json(root: Path) -> str:
    _, report = load_catalogue(root, jobs=1)
    return render(report, "json")


def cold_json(root: Path) -> str:
    _, report = load_catalogue(root, jobs=1, use_cache=False)
    return render(report, "json")


def codes(root: Path) -> list[str]:
    _, report = load_catalogue(root, jobs=1)
    return sorted(d.code for d in report.diagnostics)


# --- item 4: hashed and validated from the same bytes ----------------------------------------


def test_edit_between_hash_and_validation_is_never_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The card is invalid when the run hashes it and valid again before the validator would read
    it. The stored result must be that of the hashed bytes: when those bytes come back, the run
    reports them as they are (the filer saw a valid result kept for an invalid file)."""
    root = harness(tmp_path)
    card = root / CARD
    card.write_text(VALID, encoding="utf-8")
    assert codes(root) == []
    card.write_text(INVALID, encoding="utf-8")

    real = site_gen.catalogue.digest
    edited: list[bytes] = []

    def hash_then_edit(raw: bytes) -> bytes:
        dig = real(raw)
        if raw == INVALID.encode() and not edited:
            card.write_text(VALID, encoding="utf-8")  # the edit lands between hash and validation
            edited.append(raw)
        return dig

    monkeypatch.setattr(site_gen.catalogue, "digest", hash_then_edit)
    racy = codes(root)
    monkeypatch.setattr(site_gen.catalogue, "digest", real)
    assert edited, "the hook never ran"
    assert racy == ["agency-mismatch"]  # what was hashed is what was validated
    assert codes(root) == []  # the file is valid now
    card.write_text(INVALID, encoding="utf-8")  # the hashed bytes are back
    assert codes(root) == ["agency-mismatch"]
    assert warm_json(root) == cold_json(root)


WORKER = """
import sys, time
from pathlib import Path
from site_gen.catalogue import load_catalogue
root, stop = Path(sys.argv[1]), Path(sys.argv[2])
while not stop.exists():
    load_catalogue(root, jobs=1)
"""


def test_concurrent_runs_while_files_change(tmp_path: Path) -> None:
    """Four runs at once (one through the library, three through the installed executable, which
    validates in its forked child) while cards are rewritten in place. Afterwards every result in
    the store is that of the bytes it is stored for, and a cached run agrees with a run without
    the store, also once the cards hold the bytes the store answers for."""
    root = harness(tmp_path)
    cards = [root / f"cards/demo/card-{i}.yaml" for i in range(12)]

    def text(i: int, bad: bool) -> bytes:
        if bad:
            return f'id: "1000000{i:04d}"\ntitle: خدمت {i}\nagency: dem0\nlicenses: [nothing-here]\n'.encode()
        return f'id: "1000000{i:04d}"\ntitle: خدمت {i}\nagency: demo\nlicenses: [some-licence]\n'.encode()

    for i, card in enumerate(cards):
        card.write_bytes(text(i, bool(i % 2)))
    assert warm_json(root) == cold_json(root)
    stop = tmp_path / "stop"
    shell = f'while [ ! -e "{stop}" ]; do "{EXE}" validate "{root}" >/dev/null; done'
    workers = [subprocess.Popen(["sh", "-c", shell]) for _ in range(3)]
    workers.append(subprocess.Popen([sys.executable, "-c", WORKER, str(root), str(stop)]))
    try:
        deadline = time.monotonic() + 4
        n = 0
        while time.monotonic() < deadline:
            for i, card in enumerate(cards):
                with open(card, "r+b") as fh:  # in place: a reader may see it half written
                    fh.write(text(i, bool((n + i) % 2)))
                    fh.truncate()
            n += 1
            time.sleep(0.05)
    finally:
        stop.touch()
        for w in workers:
            w.wait(timeout=60)
    assert workers[-1].returncode == 0  # the library worker (the others end with validate's code)
    # every result stored for either text of a card is that text's result
    from site_gen.record import validate_file

    store = Store(root)
    sigs, blobs = store.table("sigs"), store.table("blobs")
    stored_text = {}
    for i, card in enumerate(cards):
        rel = card.relative_to(root).as_posix()
        for bad in (False, True):
            raw = text(i, bad)
            if sigs[rel][site_gen.cache.SIG_SIZE :] == site_gen.cache.digest(raw):
                assert site_gen.cache.unpack(rel, blobs[rel]) == validate_file(str(root), rel, raw), rel
                stored_text[card] = raw
    store.save()
    for _ in range(2):
        assert warm_json(root) == cold_json(root)
    for card, raw in stored_text.items():  # the texts the store answers for come back
        card.write_bytes(raw)
    for _ in range(2):
        assert warm_json(root) == cold_json(root)
    time.sleep(2.1)  # past the racy window: the signatures stored now are trusted
    for _ in range(2):
        assert warm_json(root) == cold_json(root)


# --- item 5: a store that anyone else could have written is not trusted -----------------------


def forge(root: Path, attacker_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a merge request can ship: a store in which the invalid card's bytes map to the result
    the valid card had, written by the attacker's own copy of site-gen."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(attacker_cache))
    card = root / CARD
    card.write_text(VALID, encoding="utf-8")
    assert codes(root) == []
    card.write_text(INVALID, encoding="utf-8")
    store = Store(root)
    store.table("blobs")
    store.set("sigs", CARD, site_gen.cache.UNTRUSTED + site_gen.cache.digest(INVALID.encode()))
    store.rewrite = True
    store.save()
    assert codes(root) == []  # the forgery works on the attacker's own machine


def test_forged_store_in_the_repository_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_key_dir: Path) -> None:
    root = harness(tmp_path)
    forge(root, tmp_path / "attacker-cache", monkeypatch)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A", "-f", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "a merge request that ships its store"], check=True)
    tracked = subprocess.run([*git, "ls-files", ".cache"], check=True, capture_output=True, text=True).stdout
    assert "validate.marshal" in tracked
    monkeypatch.setenv("XDG_CACHE_HOME", str(own_key_dir))  # the reviewer's machine
    exe = subprocess.run([EXE, "validate", str(root)], capture_output=True, text=True, check=False)
    assert exe.returncode == 1 and "agency-mismatch" in exe.stdout, exe.stdout + exe.stderr
    assert "Traceback" not in exe.stderr
    assert codes(root) == ["agency-mismatch"]
    assert warm_json(root) == cold_json(root)


def test_store_moved_between_users_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_key_dir: Path) -> None:
    """A store copied from another machine or user (another key) is ignored, then rewritten."""
    root = harness(tmp_path)
    forge(root, tmp_path / "other-user-cache", monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(own_key_dir))
    assert not Store(root).loaded
    assert codes(root) == ["agency-mismatch"]
    assert Store(root).loaded  # rewritten with this user's key
    assert codes(root) == ["agency-mismatch"]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_store_owned_by_another_user_is_not_trusted(tmp_path: Path) -> None:
    root = harness(tmp_path)
    assert codes(root) == []
    assert Store(root).loaded
    for path in (root / CACHE_DIR).iterdir():
        os.chown(path, 4242, 4242)
    assert not Store(root).loaded
    assert codes(root) == []


def test_key_that_others_can_read_is_replaced(tmp_path: Path, own_key_dir: Path) -> None:
    root = harness(tmp_path)
    assert codes(root) == []
    key = own_key_dir / "site-gen" / "store.key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert Store(root).loaded
    key.chmod(0o644)  # readable by others: they could sign a store
    assert not Store(root).loaded  # a new key, so the store is no longer trusted
    assert key.stat().st_mode & 0o777 == 0o600
    assert codes(root) == []
    assert Store(root).loaded


def test_ci_validates_without_the_store() -> None:
    """CI runs `validate` with `--no-cache`: a store in the checkout is never read there."""
    lines = []
    for path in (".github/workflows/catalogue.yml", ".gitlab-ci.yml", ".ci/run"):
        text = (REPO / path).read_text(encoding="utf-8")
        found = [line for line in text.splitlines() if "site-gen validate" in line]
        assert found, path
        lines += found
    assert all("--no-cache" in line for line in lines), lines


# --- item 10: a damaged store is ignored and rewritten, never a traceback --------------------


def busy_catalogue(tmp_path: Path) -> Path:
    """The harness with errors, references and ids, so that every table of the store has data."""
    root = harness(tmp_path)
    (root / "cards/demo/a.yaml").write_text('id: "10000000002"\ntitle: الف\nagency: demo\nlicenses: [some-licence, gone]\n', encoding="utf-8")
    (root / "cards/demo/b.yaml").write_text("title: [broken\n", encoding="utf-8")
    (root / "cards/mpo/c.yaml").write_text('id: "10000000002"\ntitle: ج\nagency: demo\n', encoding="utf-8")
    return root


def damaged(good: bytes) -> list[bytes]:
    """Truncations and byte flips spread over the whole file (deterministic)."""
    n = len(good)
    cuts = sorted({0, 1, 7, 8, 9, 31, 32, 33, 39, 40, 41, n // 3, n // 2, n - 2, n - 1} | set(range(0, n, max(1, n // 40))))
    out = [good[:c] for c in cuts if c < n]
    step = max(1, n // 80)
    for pos in list(range(0, n, step)) + [n - 1]:
        for mask in (0x01, 0xFF):
            out.append(good[:pos] + bytes([good[pos] ^ mask]) + good[pos + 1 :])
    out += [good + b"\x00", good * 2, b"\x00" * n]
    return out


def test_fuzzed_store_through_the_library(tmp_path: Path) -> None:
    root = busy_catalogue(tmp_path)
    card = root / "cards/demo/a.yaml"
    texts = [card.read_text(encoding="utf-8"), card.read_text(encoding="utf-8").replace("gone", "some-licence")]
    expected = {}
    for t in texts:
        card.write_text(t, encoding="utf-8")
        expected[t] = cold_json(root)
    assert expected[texts[0]] != expected[texts[1]]
    card.write_text(texts[0], encoding="utf-8")
    warm_json(root)
    base_path = root / CACHE_DIR / "validate.marshal"
    good = base_path.read_bytes()
    for i, bad in enumerate(damaged(good)):
        base_path.write_bytes(bad)
        (root / CACHE_DIR / "validate.delta.marshal").unlink(missing_ok=True)
        card.write_text(texts[i % 2], encoding="utf-8")
        assert warm_json(root) == expected[texts[i % 2]], i  # an edit: every table is read
        base_path.write_bytes(bad)
        assert warm_json(root) == expected[texts[i % 2]], i  # nothing changed
        assert warm_json(root) == expected[texts[i % 2]], i  # and from the rewritten store
    # the delta file
    card.write_text(texts[0], encoding="utf-8")
    warm_json(root)
    card.write_text(texts[1], encoding="utf-8")
    warm_json(root)
    delta_path = root / CACHE_DIR / "validate.delta.marshal"
    base, delta = base_path.read_bytes(), delta_path.read_bytes()
    for i, bad in enumerate(damaged(delta)):
        base_path.write_bytes(base)
        delta_path.write_bytes(bad)
        assert warm_json(root) == expected[texts[1]], i


def test_old_format_store_is_ignored_and_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = busy_catalogue(tmp_path)
    expected = cold_json(root)
    monkeypatch.setattr(site_gen.cache, "_FORMAT", site_gen.cache._FORMAT - 1)
    warm_json(root)
    monkeypatch.undo()
    assert not Store(root).loaded
    assert warm_json(root) == expected
    assert Store(root).loaded


def test_fuzzed_store_through_the_executable(tmp_path: Path) -> None:
    """The installed executable forks its child as soon as a store exists; a damaged one must
    still give the report of a run without the store, and never a traceback."""
    root = busy_catalogue(tmp_path)
    cold = subprocess.run([EXE, "validate", str(root), "--no-cache"], capture_output=True, text=True, check=False)
    subprocess.run([EXE, "validate", str(root)], capture_output=True, check=False)
    base_path = root / CACHE_DIR / "validate.marshal"
    good = base_path.read_bytes()
    cases = damaged(good)
    card = root / "cards/demo/a.yaml"
    text = card.read_text(encoding="utf-8")
    for i, bad in enumerate(cases[:: max(1, len(cases) // 14)]):
        base_path.write_bytes(bad)
        if i % 2:
            card.write_text(text + f"# edit {i}\n", encoding="utf-8")
        warm = subprocess.run([EXE, "validate", str(root)], capture_output=True, text=True, check=False)
        assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr), i


# --- the racy-timestamp rule ------------------------------------------------------------------


def test_signature_taken_within_the_racy_window_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system whose clock did not tick between two edits (simulated: the scan reports each
    file's ctime as first seen) gives the same signature to both when the size is kept and the
    mtime restored. Only the rule that a signature taken within 2 s of the change is not
    trusted makes the second run read the file again."""
    first_ctime: dict[str, int] = {}
    real = site_gen.catalogue.discover

    def coarse_clock(root: Path, **kw: Any) -> Any:
        files, problems = real(root, **kw)
        frozen: dict[str, Any] = {}
        for rel, st in files.items():
            if st is not None:
                ctime = first_ctime.setdefault(rel, st.st_ctime_ns)
                st = types.SimpleNamespace(st_size=st.st_size, st_mtime_ns=st.st_mtime_ns, st_ctime_ns=ctime, st_ino=st.st_ino)
            frozen[rel] = st
        return frozen, problems

    monkeypatch.setattr(site_gen.catalogue, "discover", coarse_clock)
    root = harness(tmp_path)
    card = root / CARD
    card.write_text(VALID, encoding="utf-8")
    assert codes(root) == []  # the card changed just now: its signature is taken in the window
    before = card.stat()
    card.write_text(INVALID, encoding="utf-8")
    os.utime(card, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = card.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    assert codes(root) == ["agency-mismatch"]
    # the rule is what made the difference: out of the window the same signature is trusted
    card.write_text(VALID, encoding="utf-8")
    monkeypatch.setattr(site_gen.cache, "RACY_NS", -1)
    first_ctime.clear()
    assert codes(root) == []
    again = card.stat()
    card.write_text(INVALID, encoding="utf-8")
    os.utime(card, ns=(again.st_atime_ns, again.st_mtime_ns))
    assert codes(root) == []  # stale: this is what the rule prevents
