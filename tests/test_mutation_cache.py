"""The result store (``site_gen/cache.py``) through its own API, with small inputs: what is
trusted, what is signed, what a save writes and what a read gives back.

The catalogue-level tests (tests/test_cache.py, tests/test_store_hardening.py) see the store only
through a validation run, where most of its mistakes cost time but not a wrong result; here each
rule of the module's docstring is checked on its own. docs/mutation.md says why these exist.
"""

from __future__ import annotations

import marshal
import os
import stat
from pathlib import Path
from typing import Any

import pytest

import site_gen.cache as cache
from site_gen.cache import (
    CACHE_DIR,
    EAGER,
    KEY_SIZE,
    LAZY,
    MAC_SIZE,
    RACY_NS,
    SIG_SIZE,
    TABLES,
    UNTRUSTED,
    Store,
    StoreDamaged,
    digest,
    pack,
    sig_entry,
    signature,
    store_key,
    unpack,
)
from site_gen.model.kind import RecordKind
from site_gen.report import Diagnostic
from site_gen.summary import FileResult, Ref, Summary


@pytest.fixture(autouse=True)
def key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own user cache dir, where the store's key lives."""
    home = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def key_path(home: Path) -> Path:
    return home / "site-gen" / "store.key"


# --- signatures ----------------------------------------------------------------------------


def test_signature_is_size_mtime_ctime_and_inode(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_bytes(b"abc")
    st = os.lstat(f)
    sig = signature(st)
    assert len(sig) == SIG_SIZE == 32
    assert cache._SIG.unpack(sig) == (3, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    f.write_bytes(b"abcd")
    assert signature(os.lstat(f)) != sig


def test_signature_is_trusted_only_after_the_racy_window(tmp_path: Path) -> None:
    """Taken more than RACY_NS after the file changed: kept; at RACY_NS or sooner: UNTRUSTED,
    so the file is hashed next time. The digest follows either way."""
    f = tmp_path / "a.yaml"
    f.write_bytes(b"abc")
    st = os.lstat(f)
    dig = digest(b"abc")
    late = sig_entry(st, dig, st.st_ctime_ns + RACY_NS + 1)
    assert late == signature(st) + dig
    assert sig_entry(st, dig, st.st_ctime_ns + RACY_NS) == UNTRUSTED + dig
    assert sig_entry(st, dig, st.st_ctime_ns) == UNTRUSTED + dig
    # without a time given, now: a file written a moment ago is not trusted yet
    assert sig_entry(st, dig) == UNTRUSTED + dig
    os.utime(f, ns=(1, 1))  # mtime can be set back, ctime cannot: still untrusted
    assert sig_entry(os.lstat(f), dig).startswith(UNTRUSTED)
    assert signature(st) != UNTRUSTED and len(UNTRUSTED) == SIG_SIZE


def test_digest_is_sixteen_bytes_of_the_content() -> None:
    assert len(digest(b"x")) == 16
    assert digest(b"x") == digest(b"x") != digest(b"y")
    assert digest(b"") != digest(b"\0")


def test_fingerprint_follows_the_code() -> None:
    a = cache.fingerprint()
    assert a == cache.fingerprint() and len(a) == 32
    int(a, 16)


# --- packed results ------------------------------------------------------------------------


def test_result_round_trips_through_pack() -> None:
    diags = [
        Diagnostic("cards/x/a.yaml", 3, 5, "unknown-key", "کلید ناشناخته", "foo", "error"),
        Diagnostic("cards/x/a.yaml", 1, 1, "arabic-letters", "حرف عربی", "", "warning"),
    ]
    summary = Summary(
        RecordKind.SERVICE,
        "x",
        "a",
        "خدمت الف",
        (("10000000001", "id", 1, 5),),
        (
            Ref(RecordKind.LICENCE, "x/b", "related_licences", 7, 9, False),
            Ref(RecordKind.AGENCY, "y", "agency", 2, 3, True),
        ),
        4,
        10,
        (("summary", "خلاصه", 0, 0),),
    )
    result = FileResult("cards/x/a.yaml", RecordKind.SERVICE, diags, summary)
    back = unpack("cards/x/a.yaml", pack(result))
    assert back == result
    assert back.summary is not None and back.summary.refs[0].target is RecordKind.LICENCE
    assert (
        back.summary.refs[1].target is RecordKind.AGENCY and back.summary.kind is RecordKind.SERVICE
    )
    assert all(type(d) is Diagnostic for d in back.diagnostics)
    assert back.diagnostics[1].severity == "warning"


def test_result_without_kind_or_summary_round_trips() -> None:
    result = FileResult(
        "notes/a.yaml", None, [Diagnostic("notes/a.yaml", 1, 1, "misplaced-file", "جای پرونده")]
    )
    back = unpack("notes/a.yaml", pack(result))
    assert back == result and back.kind is None and back.summary is None
    lic = FileResult("licenses/x/b.yaml", RecordKind.LICENCE, [])
    assert unpack("licenses/x/b.yaml", pack(lic)) == lic
    # the path is the caller's: a blob is not tied to one
    assert unpack("licenses/y/b.yaml", pack(lic)).rel == "licenses/y/b.yaml"


# --- the key -------------------------------------------------------------------------------


def test_key_is_made_once_private_and_kept(key_home: Path) -> None:
    key = store_key()
    assert key is not None and len(key) == KEY_SIZE
    path = key_path(key_home)
    assert path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert store_key() == key
    assert [p.name for p in path.parent.iterdir()] == ["store.key"]  # no temporary file left


def test_key_dir_is_the_xdg_cache_home_or_its_default(
    key_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert cache._key_dir() == str(key_home / "site-gen")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # not absolute: ignored, as the spec says
    assert cache._key_dir() == str(tmp_path / "home" / ".cache" / "site-gen")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache._key_dir() == str(tmp_path / "home" / ".cache" / "site-gen")


def test_key_others_could_read_or_of_the_wrong_size_is_replaced(key_home: Path) -> None:
    key = store_key()
    assert key is not None
    path = key_path(key_home)
    os.chmod(path, 0o640)
    new = store_key()
    assert new is not None and new != key and len(new) == KEY_SIZE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o604)
    assert store_key() != new
    for bad in (b"", b"k" * (KEY_SIZE - 1), b"k" * (KEY_SIZE + 1)):
        path.write_bytes(bad)
        os.chmod(path, 0o600)
        made = store_key()
        assert made is not None and len(made) == KEY_SIZE and made != bad[:KEY_SIZE]
        assert path.read_bytes() == made
    good = b"g" * KEY_SIZE
    path.write_bytes(good)
    assert store_key() == good


def test_key_through_a_symlink_is_not_used(key_home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "planted.key"
    elsewhere.write_bytes(b"p" * KEY_SIZE)
    os.chmod(elsewhere, 0o600)
    path = key_path(key_home)
    path.parent.mkdir(parents=True)
    path.symlink_to(elsewhere)
    key = store_key()
    assert key is not None and key != b"p" * KEY_SIZE
    assert not path.is_symlink() and path.read_bytes() == key
    assert elsewhere.read_bytes() == b"p" * KEY_SIZE


def test_a_directory_as_key_is_not_a_key(key_home: Path) -> None:
    path = key_path(key_home)
    path.mkdir(parents=True)
    (path / "x").write_text("x")
    assert store_key() is None  # it cannot be replaced either: no store is read or written


def test_no_private_place_no_key_and_no_store(
    key_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder would go
    assert store_key() is None
    store = Store(tmp_path / "root")
    assert store.key is None and not store.enabled and store.fingerprint == ""
    store.set("sigs", "a", b"x")
    store.save()
    assert not (tmp_path / "root" / CACHE_DIR).exists()


# --- the store -----------------------------------------------------------------------------


def dirty(store: Store) -> bool:
    """Read through a call, so that the type checker does not narrow it between two calls."""
    return store.dirty


def base_of(root: Path) -> Path:
    return root / CACHE_DIR / "validate.marshal"


def delta_of(root: Path) -> Path:
    return root / CACHE_DIR / "validate.delta.marshal"


def filled(root: Path) -> Store:
    store = Store(root)
    store.replace(
        {
            "sigs": {"a": b"1", "b": b"2"},
            "diags": {"a": ("d",)},
            "blobs": {"a": b"blob-a", "b": b"blob-b"},
            "ids": {"10000000001": ["a"]},
            "refs": {},
            "meta": {"m": 1},
        }
    )
    store.save()
    return store


def test_new_store_is_empty_and_not_loaded(tmp_path: Path) -> None:
    store = Store(tmp_path)
    assert store.enabled and not store.loaded and not store.dirty and not store.rewrite
    assert store.base_id == "" and store.fingerprint == cache.fingerprint()
    assert all(store.table(t) == {} for t in TABLES)
    assert store.path == base_of(tmp_path) and store.delta_path == delta_of(tmp_path)
    store.save()  # nothing changed: nothing written
    assert not (tmp_path / CACHE_DIR).exists()


def test_disabled_store_reads_and_writes_nothing(tmp_path: Path) -> None:
    filled(tmp_path)
    off = Store(tmp_path, enabled=False)
    assert off.key is None and not off.enabled and not off.loaded and off.table("sigs") == {}
    before = base_of(tmp_path).read_bytes()
    off.set("sigs", "c", b"3")
    off.save()
    assert base_of(tmp_path).read_bytes() == before and not delta_of(tmp_path).exists()
    blind = Store(tmp_path, read=False)  # read=False: not even looked at, but saved
    assert blind.enabled and not blind.loaded and blind.table("sigs") == {}


def test_saved_tables_come_back(tmp_path: Path) -> None:
    filled(tmp_path)
    base = base_of(tmp_path)
    assert stat.S_IMODE(base.stat().st_mode) == 0o600
    assert not delta_of(tmp_path).exists()
    assert sorted(p.name for p in base.parent.iterdir()) == [
        "validate.marshal"
    ]  # no temporary file
    again = Store(tmp_path)
    assert again.loaded and len(again.base_id) == 16
    assert again.table("sigs") == {"a": b"1", "b": b"2"}
    assert again.table("diags") == {"a": ("d",)}
    assert again.table("meta") == {"m": 1} and again.table("refs") == {}
    assert again.table("blobs") == {"a": b"blob-a", "b": b"blob-b"}
    assert again.table("ids") == {"10000000001": ["a"]}
    assert not again.dirty
    again.close()


def test_eager_tables_are_read_first_lazy_ones_on_use(tmp_path: Path) -> None:
    filled(tmp_path)
    store = Store(tmp_path)
    assert set(store._tables) == set(EAGER)
    assert set(store._lazy) == set(LAZY)
    store.table("blobs")
    assert set(store._lazy) == {"ids"}
    store.close()
    assert store._fd == -1
    store.close()  # twice is harmless


def test_set_changes_one_key_and_marks_it(tmp_path: Path) -> None:
    filled(tmp_path)
    store = Store(tmp_path)
    store.set("sigs", "a", b"1")  # same value: nothing to save
    assert not dirty(store) and store.patches["sigs"] == {}
    store.set("sigs", "a", b"9")
    store.set("sigs", "b", None)
    store.set("sigs", "c", b"3")
    assert dirty(store)
    assert store.table("sigs") == {"a": b"9", "c": b"3"}
    assert store.patches["sigs"] == {"a": b"9", "b": None, "c": b"3"}
    store.set("blobs", "a", None)
    store.save()
    assert delta_of(tmp_path).exists()
    again = Store(tmp_path)
    assert again.table("sigs") == {"a": b"9", "c": b"3"}
    assert again.table("blobs") == {"b": b"blob-b"}
    assert again.table("ids") == {"10000000001": ["a"]}
    again.close()


def test_record_notes_changes_made_in_place(tmp_path: Path) -> None:
    filled(tmp_path)
    store = Store(tmp_path)
    store.record("refs", {})
    assert not dirty(store)
    table = store.table("refs")
    table["r"] = (1, 2)
    store.record("refs", {"r": (1, 2)})
    assert dirty(store) and store.patches["refs"] == {"r": (1, 2)}
    store.table("meta").pop("m")
    store.record("meta", {"m": None})
    store.save()
    again = Store(tmp_path)
    assert again.table("refs") == {"r": (1, 2)} and again.table("meta") == {}
    again.close()


def test_small_change_goes_to_the_delta_and_the_base_is_kept(tmp_path: Path) -> None:
    filled(tmp_path)
    base = base_of(tmp_path)
    before = base.read_bytes()
    store = Store(tmp_path)
    base_id = store.base_id
    store.set("sigs", "c", b"3")
    store.save()
    assert base.read_bytes() == before
    delta = delta_of(tmp_path)
    assert stat.S_IMODE(delta.stat().st_mode) == 0o600
    data = delta.read_bytes()
    body = marshal.loads(data[MAC_SIZE:])
    assert body[0] == cache._FORMAT and body[1] == store.fingerprint and body[2] == base_id
    assert body[3]["sigs"] == {"c": b"3"} and set(body[3]) == set(TABLES)
    # a second run adds to the same delta: it carries every change since the base
    store = Store(tmp_path)
    assert store.base_id == base_id and store.patches["sigs"] == {"c": b"3"}
    store.set("diags", "b", ("e",))
    store.save()
    body = marshal.loads(delta.read_bytes()[MAC_SIZE:])
    assert body[3]["sigs"] == {"c": b"3"} and body[3]["diags"] == {"b": ("e",)}
    again = Store(tmp_path)
    assert again.table("sigs") == {"a": b"1", "b": b"2", "c": b"3"}
    assert again.table("diags") == {"a": ("d",), "b": ("e",)}
    again.close()


def test_delta_max_changes_still_fit_one_more_rewrites_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "DELTA_MAX", 2)
    filled(tmp_path)
    base = base_of(tmp_path)
    before = base.read_bytes()
    store = Store(tmp_path)
    store.set("sigs", "c", b"3")
    store.set("sigs", "d", b"4")  # two changes: a delta
    store.save()
    assert base.read_bytes() == before and delta_of(tmp_path).exists()
    store = Store(tmp_path)
    store.set("blobs", "e", b"5")  # three since the base: the base is rewritten
    store.save()
    assert base.read_bytes() != before and not delta_of(tmp_path).exists()
    again = Store(tmp_path)
    assert again.patches == {t: {} for t in TABLES}
    assert again.table("sigs") == {"a": b"1", "b": b"2", "c": b"3", "d": b"4"}
    assert again.table("blobs") == {"a": b"blob-a", "b": b"blob-b", "e": b"5"}
    assert again.table("ids") == {"10000000001": ["a"]}
    again.close()


def test_replace_rewrites_the_base_and_drops_the_delta(tmp_path: Path) -> None:
    filled(tmp_path)
    store = Store(tmp_path)
    old_id = store.base_id
    store.set("sigs", "c", b"3")
    store.save()
    assert delta_of(tmp_path).exists()
    store = Store(tmp_path)
    store.replace({"sigs": {"z": b"0"}})
    assert store.rewrite and store.dirty
    assert all(store.table(t) == ({"z": b"0"} if t == "sigs" else {}) for t in TABLES)
    store.save()
    assert not delta_of(tmp_path).exists()
    again = Store(tmp_path)
    assert again.base_id != old_id
    assert (
        again.table("sigs") == {"z": b"0"}
        and again.table("blobs") == {}
        and again.table("ids") == {}
    )
    again.close()


def test_tables_never_read_are_carried_over_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "DELTA_MAX", 0)
    filled(tmp_path)
    store = Store(tmp_path)
    store.set("sigs", "c", b"3")  # blobs and ids never read
    store.save()
    assert not delta_of(tmp_path).exists()
    again = Store(tmp_path)
    assert again.table("blobs") == {"a": b"blob-a", "b": b"blob-b"}
    assert again.table("ids") == {"10000000001": ["a"]}
    assert again.table("sigs")["c"] == b"3"
    again.close()


def corrupt_lazy(root: Path, name: str) -> None:
    """Change one byte inside a lazy table, leaving the signed head alone."""
    store = Store(root)
    offset, length, _ = store._lazy[name]
    store.close()
    base = base_of(root)
    data = bytearray(base.read_bytes())
    data[offset + length // 2] ^= 0x01
    base.write_bytes(bytes(data))


def test_damaged_lazy_table_is_reported_not_used(tmp_path: Path) -> None:
    filled(tmp_path)
    corrupt_lazy(tmp_path, "blobs")
    store = Store(tmp_path)
    assert store.loaded and store.table("sigs") == {"a": b"1", "b": b"2"}  # the head is fine
    assert store.table("ids") == {"10000000001": ["a"]}
    with pytest.raises(StoreDamaged):
        store.table("blobs")
    store.close()


def test_damaged_table_to_carry_over_deletes_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(tmp_path)
    store = Store(tmp_path)
    store.set("sigs", "c", b"3")
    store.save()
    corrupt_lazy(tmp_path, "ids")
    monkeypatch.setattr(cache, "DELTA_MAX", 0)
    store = Store(tmp_path)
    store.set("sigs", "d", b"4")
    store.save()  # ids was never read: carried over, found damaged, the run starts afresh
    assert not base_of(tmp_path).exists() and not delta_of(tmp_path).exists()
    assert not Store(tmp_path).loaded


def test_truncated_base_is_not_loaded(tmp_path: Path) -> None:
    filled(tmp_path)
    base = base_of(tmp_path)
    good = base.read_bytes()
    base.write_bytes(good[:-1])  # the lazy tables no longer fill the file
    assert not Store(tmp_path).loaded
    base.write_bytes(good + b"x")  # nor does a longer file pass
    assert not Store(tmp_path).loaded
    base.write_bytes(good)
    assert Store(tmp_path).loaded


def test_head_size_out_of_bounds_is_not_a_store(tmp_path: Path) -> None:
    filled(tmp_path)
    base = base_of(tmp_path)
    good = base.read_bytes()
    size = int.from_bytes(good[MAC_SIZE : MAC_SIZE + 8], "little")
    rest = len(good) - MAC_SIZE - 8
    for bad in (0, rest + 1, 1 << 62):
        base.write_bytes(good[:MAC_SIZE] + bad.to_bytes(8, "little") + good[MAC_SIZE + 8 :])
        assert not Store(tmp_path).loaded
    base.write_bytes(good[: MAC_SIZE + 4])
    assert not Store(tmp_path).loaded
    assert 0 < size <= rest


def test_store_signed_with_another_key_is_ignored(tmp_path: Path, key_home: Path) -> None:
    filled(tmp_path)
    key_path(key_home).write_bytes(b"o" * KEY_SIZE)  # another user's key (still private)
    other = Store(tmp_path)
    assert not other.loaded and other.table("sigs") == {}


def test_delta_signed_with_another_key_is_ignored(tmp_path: Path, key_home: Path) -> None:
    filled(tmp_path)
    store = Store(tmp_path)
    store.set("sigs", "c", b"3")
    store.save()
    delta = delta_of(tmp_path)
    data = bytearray(delta.read_bytes())
    data[MAC_SIZE + 3] ^= 0x01
    delta.write_bytes(bytes(data))
    again = Store(tmp_path)
    assert again.loaded and again.table("sigs") == {"a": b"1", "b": b"2"}
    again.close()


def test_delta_of_another_base_is_ignored(tmp_path: Path) -> None:
    filled(tmp_path)
    store = Store(tmp_path)
    store.set("sigs", "c", b"3")
    store.save()
    delta = delta_of(tmp_path).read_bytes()
    filled(tmp_path)  # a new base, with a new id
    delta_of(tmp_path).write_bytes(delta)
    again = Store(tmp_path)
    assert again.loaded and "c" not in again.table("sigs")
    again.close()


def test_store_of_other_code_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(tmp_path)
    monkeypatch.setattr(cache, "fingerprint", lambda: "other code")
    assert not Store(tmp_path).loaded


def test_store_through_a_symlink_is_not_read(tmp_path: Path) -> None:
    real = tmp_path / "real"
    filled(real)
    link_root = tmp_path / "link"
    (link_root / CACHE_DIR).mkdir(parents=True)
    base_of(link_root).symlink_to(base_of(real))
    assert not Store(link_root).loaded
    assert Store(real).loaded


def test_unwritable_catalogue_is_not_saved_and_not_an_error(tmp_path: Path) -> None:
    root = tmp_path / "ro"
    root.mkdir()
    (root / ".cache").write_text("a file where the folder would go")
    store = Store(root)
    store.set("sigs", "a", b"1")
    store.save()  # no exception: the catalogue is validated without a cache
    assert (root / ".cache").read_text() == "a file where the folder would go"
    assert store._fd == -1


def test_damage_names_the_table(tmp_path: Path) -> None:
    filled(tmp_path)
    corrupt_lazy(tmp_path, "ids")
    store = Store(tmp_path)
    with pytest.raises(StoreDamaged) as info:
        store.table("ids")
    assert info.value.args == ("ids",)
    store.close()  # a table that can no longer be read (the file is closed) is damaged too
    with pytest.raises(StoreDamaged) as info:
        store.table("blobs")
    assert info.value.args == ("blobs",)


def test_delta_larger_than_one_read_comes_back_whole(tmp_path: Path) -> None:
    filled(tmp_path)
    big = bytes(range(256)) * 6000  # 1.5 MiB: read in more than one piece
    store = Store(tmp_path)
    store.set("blobs", "big", big)
    store.save()
    assert delta_of(tmp_path).stat().st_size > 1 << 20
    again = Store(tmp_path)
    assert again.table("blobs")["big"] == big
    again.close()


def test_base_and_delta_signatures_differ_for_the_same_bytes() -> None:
    """Each kind of store file is signed under its own name: a signed delta cannot pass for a base
    (or the reverse) by its bytes alone."""
    key = b"k" * KEY_SIZE
    base = cache._mac(key, b"site-gen/base", b"head")
    assert len(base) == MAC_SIZE
    assert base != cache._mac(key, b"site-gen/delta", b"head")
    assert base == cache._mac(key, b"site-gen/base", b"he", b"ad")  # the parts in a row
    assert base != cache._mac(b"o" * KEY_SIZE, b"site-gen/base", b"head")


def test_delta_changes_to_an_unread_table_survive_a_base_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lazy table changed in the delta but not read by this run is brought up to date before
    the base is rewritten, not copied as the old base had it."""
    filled(tmp_path)
    store = Store(tmp_path)
    store.set("blobs", "e", b"5")
    store.set("ids", "10000000001", None)
    store.save()  # a delta
    monkeypatch.setattr(cache, "DELTA_MAX", 0)
    store = Store(tmp_path)
    store.set("sigs", "c", b"3")  # blobs and ids are not read by this run
    store.save()  # the base is rewritten
    assert not delta_of(tmp_path).exists()
    again = Store(tmp_path)
    assert again.table("blobs") == {"a": b"blob-a", "b": b"blob-b", "e": b"5"}
    assert again.table("ids") == {}
    again.close()


def write_signed(root: Path, head: Any, tail: bytes = b"") -> None:
    """A base signed with this user's key whose content is not what this code writes."""
    key = store_key()
    assert key is not None
    raw = marshal.dumps(head)
    size = len(raw).to_bytes(8, "little")
    (root / CACHE_DIR).mkdir(parents=True, exist_ok=True)
    base_of(root).write_bytes(cache._mac(key, b"site-gen/base", size, raw) + size + raw + tail)


def test_signed_base_that_is_not_a_store_is_ignored(tmp_path: Path) -> None:
    fp = cache.fingerprint()
    write_signed(
        tmp_path, (cache._FORMAT, fp, "id", {}, {"ids": (0, 0, b""), "blobs": (0, 0, b"")})
    )  # no eager tables
    store = Store(tmp_path)
    assert not store.loaded and store.base_id == "" and store._fd == -1
    assert store.table("sigs") == {} and store.patches == {t: {} for t in TABLES}


def test_signed_lazy_table_that_is_not_a_table_is_damage_named_by_its_table(tmp_path: Path) -> None:
    fp = cache.fingerprint()
    eager: dict[str, dict[str, Any]] = {name: {} for name in EAGER}
    for bad in (b"\xff\xff", marshal.dumps([1, 2])):
        ids = marshal.dumps({})
        index = {"ids": (0, len(ids), digest(ids)), "blobs": (len(ids), len(bad), digest(bad))}
        write_signed(tmp_path, (cache._FORMAT, fp, "id", eager, index), ids + bad)
        store = Store(tmp_path)
        assert store.loaded and store.table("ids") == {}
        with pytest.raises(StoreDamaged) as info:
            store.table("blobs")
        assert info.value.args == ("blobs",)
        store.close()


def test_failed_rename_closes_only_its_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[int] = []
    real_close = os.close

    def close(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    def replace(src: object, dst: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "close", close)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        cache._write_new(tmp_path / "f", b"data")
    assert (
        len(closed) == 1 and closed[0] > 2
    )  # the temporary file's, once; never stdin/stdout/stderr
    assert list(tmp_path.iterdir()) == []


def test_failed_write_closes_its_file_and_raises_the_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk in the middle of a write: the temporary file is closed and removed, and the
    caller sees the disk's error (not an error of the clean-up)."""
    closed: list[int] = []
    real_close = os.close

    def close(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    def write(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "close", close)
    monkeypatch.setattr(os, "write", write)
    with pytest.raises(OSError) as info:
        cache._write_new(tmp_path / "f", b"data")
    assert info.value.errno == 28
    assert len(closed) == 1 and closed[0] > 2
    assert list(tmp_path.iterdir()) == []


def test_key_that_cannot_be_read_is_replaced(
    key_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = store_key()
    real_read = os.read

    def read(fd: int, n: int) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "read", read)
    new = store_key()
    monkeypatch.setattr(os, "read", real_read)
    assert new is not None and len(new) == KEY_SIZE and new != key


def test_fingerprint_follows_every_python_file_and_only_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "cache.py").write_text("a = 1\n")
    (pkg / "sub" / "m.py").write_text("b = 1\n")
    (pkg / "notes.txt").write_text("x")
    monkeypatch.setattr(cache, "__file__", str(pkg / "cache.py"))
    first = cache.fingerprint()
    (pkg / "notes.txt").write_text("y")
    assert cache.fingerprint() == first
    (pkg / "sub" / "m.py").write_text("b = 2\n")
    assert cache.fingerprint() != first
