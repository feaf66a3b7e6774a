"""The checks across files (site_gen/checks.py) on hand-made summaries: which code is reported
in which file, at which line, column and key, and what the tables hold. Messages are compared
only for the places and slugs they must name, never word for word (docs/mutation.md)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from site_gen.checks import SHOWN_CYCLE, SHOWN_PLACES, Checker, CrossState, check_results, exists
from site_gen.model.kind import RecordKind
from site_gen.report import Diagnostic
from site_gen.summary import FileResult, Ref, Summary

A, S, L = RecordKind.AGENCY, RecordKind.SERVICE, RecordKind.LICENCE


def ref(target: RecordKind, value: str, key: str = "k", line: int = 5, column: int = 7, text_ok: bool = False) -> Ref:
    return Ref(target, value, key, line, column, text_ok)


def rec(
    rel: str,
    *,
    name: str = "",
    ids: Iterable[tuple[str, str, int, int]] = (),
    refs: Iterable[Ref] = (),
    stated: int = 0,
    total: int = 0,
    not_stated: Iterable[tuple[str, str, int, int]] = (),
) -> FileResult:
    top, agency, file = rel.split("/")
    kind = A if file == "_agency.yaml" else S if top == "cards" else L
    slug = agency if kind is A else file.removesuffix(".yaml")
    s = Summary(kind, agency, slug, name or slug, tuple(ids), tuple(refs), stated, total, tuple(not_stated))
    return FileResult(rel, kind, [], s)


def run(results: list[FileResult], extra_rels: Iterable[str] = (), complete: bool = False) -> tuple[CrossState, list[Diagnostic]]:
    rels = {r.rel for r in results} | set(extra_rels)
    return check_results(results, rels, complete=complete)


def where(ds: Iterable[Diagnostic]) -> list[tuple[str, str, int, int, str]]:
    ds = list(ds)
    for d in ds:  # every diagnostic has a message, and no Python None leaks into it
        assert isinstance(d.message, str) and d.message.strip() and "None" not in d.message, d
    return sorted((d.code, d.file, d.line, d.column, d.key) for d in ds)


AG = [rec("cards/a/_agency.yaml", name="سازمان الف"), rec("cards/b/_agency.yaml", name="سازمان ب")]


# --- exists -------------------------------------------------------------------------------------


def test_exists_by_kind_and_folder() -> None:
    rels = {"cards/a/_agency.yaml", "cards/a/s.yaml", "licenses/a/l.yaml", "licenses/b/m"}
    assert exists(rels, A, "a", "")
    assert not exists(rels, A, "b", "")
    assert exists(rels, S, "a", "s")
    assert not exists(rels, S, "a", "l")  # a licence is not a service
    assert exists(rels, L, "a", "l")
    assert not exists(rels, L, "a", "s")
    assert not exists(rels, S, "b", "s")
    assert exists(rels, L, "b", "m")  # a path given without its extension


# --- folders --------------------------------------------------------------------------------------


def test_a_folder_without_its_agency_file_is_reported_once_at_its_first_file() -> None:
    results = [AG[0], rec("cards/c/y.yaml"), rec("cards/c/x.yaml"), rec("licenses/c/z.yaml"), rec("licenses/d/w.yaml"), rec("licenses/a/l.yaml")]
    cross, _ = run(results)
    assert where(cross.diagnostics()) == [
        ("missing-agency-file", "cards/c/x.yaml", 1, 1, ""),
        ("missing-agency-file", "licenses/d/w.yaml", 1, 1, ""),
    ]
    assert all(d.is_error for d in cross.diagnostics())


def test_files_outside_the_catalogue_layout_need_no_agency() -> None:
    cross, _ = run([AG[0]], extra_rels=["README.md", "cards/x/y/z.yaml", "other/q/r.yaml"])
    assert cross.diagnostics() == []


# --- references -----------------------------------------------------------------------------------


def test_references_that_resolve() -> None:
    src = rec(
        "cards/a/s.yaml",
        refs=[ref(S, "t"), ref(S, "b/u"), ref(L, "l"), ref(L, "b/m"), ref(A, "b"), ref(A, "a")],
    )
    results = [*AG, src, rec("cards/a/t.yaml"), rec("cards/b/u.yaml"), rec("licenses/a/l.yaml"), rec("licenses/b/m.yaml")]
    cross, _ = run(results)
    assert cross.diagnostics() == []


def test_a_reference_to_an_invalid_file_is_not_reported_again() -> None:
    # the files exist (they are in the list) but have no summary: they failed on their own
    cross, _ = run([*AG, rec("cards/a/s.yaml", refs=[ref(S, "bad"), ref(L, "b/bad")])], extra_rels=["cards/a/bad.yaml", "licenses/b/bad.yaml"])
    assert cross.diagnostics() == []


def test_references_that_do_not_resolve_each_at_its_place() -> None:
    src = rec(
        "cards/a/s.yaml",
        refs=[
            ref(S, "nope", "related[0]", 3, 5),
            ref(S, "b/t", "related[1]", 4, 5),  # t is in a, not in b
            ref(L, "s", "licences[0]", 6, 9),  # s is a service
            ref(L, "c/l", "licences[1]", 7, 9),
            ref(A, "c", "agency", 8, 2),
            ref(A, "a/s", "parent", 9, 2),  # an agency reference has no slash
        ],
    )
    cross, _ = run([*AG, src, rec("cards/a/t.yaml")])
    found = where(cross.diagnostics())
    assert found == [
        ("unknown-agency", "cards/a/s.yaml", 8, 2, "agency"),
        ("unknown-agency", "cards/a/s.yaml", 9, 2, "parent"),
        ("unknown-licence", "cards/a/s.yaml", 6, 9, "licences[0]"),
        ("unknown-licence", "cards/a/s.yaml", 7, 9, "licences[1]"),
        ("unknown-service", "cards/a/s.yaml", 3, 5, "related[0]"),
        ("unknown-service", "cards/a/s.yaml", 4, 5, "related[1]"),
    ]
    by_key = {d.key: d.message for d in cross.diagnostics()}
    # each names the file it looked for
    assert "cards/a/nope.yaml" in by_key["related[0]"]
    assert "cards/b/t.yaml" in by_key["related[1]"]
    assert "licenses/a/s.yaml" in by_key["licences[0]"]
    assert "licenses/c/l.yaml" in by_key["licences[1]"]
    assert "cards/c/_agency.yaml" in by_key["agency"]


def test_a_relative_reference_resolves_in_the_referring_records_agency() -> None:
    results = [*AG, rec("licenses/b/x.yaml", refs=[ref(S, "t"), ref(L, "m")]), rec("cards/b/t.yaml"), rec("licenses/a/m.yaml")]
    cross, _ = run(results)
    assert where(cross.diagnostics()) == [("unknown-licence", "licenses/b/x.yaml", 5, 7, "k")]
    assert "licenses/b/m.yaml" in cross.diagnostics()[0].message


def test_text_that_is_not_a_reference() -> None:
    src = rec(
        "cards/a/s.yaml",
        refs=[
            ref(S, "Not A Slug", "related[0]", 2, 3),  # a field that takes only references
            ref(A, "سازمان ب", "inquiries[0].agency", 3, 4, text_ok=True),  # a registered agency's name
            ref(A, "وزارت دیگر", "inquiries[1].agency", 4, 4, text_ok=True),
            ref(L, "پروانهٔ کسب", "licences[0]", 5, 6, text_ok=True),
        ],
    )
    cross, _ = run([*AG, src])
    assert where(cross.diagnostics()) == [
        ("invalid-reference", "cards/a/s.yaml", 2, 3, "related[0]"),
        ("unregistered-agency", "cards/a/s.yaml", 3, 4, "inquiries[0].agency"),
        ("unregistered-agency", "cards/a/s.yaml", 4, 4, "inquiries[1].agency"),
        ("unregistered-licence", "cards/a/s.yaml", 5, 6, "licences[0]"),
    ]
    by_key = {d.key: d for d in cross.diagnostics()}
    assert by_key["related[0]"].is_error
    # the hint names the slug of the agency whose name was written; no hint for an unknown name
    assert "'b'" in by_key["inquiries[0].agency"].message
    assert "'b'" not in by_key["inquiries[1].agency"].message and "'a'" not in by_key["inquiries[1].agency"].message


def test_the_same_value_is_judged_again_in_each_field() -> None:
    # the shape of a value is remembered between references; the target still decides
    src = rec("cards/a/s.yaml", refs=[ref(S, "b", "x", 1, 1), ref(A, "b", "y", 2, 2), ref(L, "b", "z", 3, 3), ref(S, "b", "w", 4, 4)])
    cross, _ = run([*AG, src])
    assert where(cross.diagnostics()) == [
        ("unknown-licence", "cards/a/s.yaml", 3, 3, "z"),
        ("unknown-service", "cards/a/s.yaml", 1, 1, "x"),
        ("unknown-service", "cards/a/s.yaml", 4, 4, "w"),
    ]


def test_an_agency_reference_resolves_only_to_an_agency() -> None:
    src = rec("cards/a/s.yaml", refs=[ref(A, "s")])
    cross, _ = run([*AG, src])
    assert where(cross.diagnostics()) == [("unknown-agency", "cards/a/s.yaml", 5, 7, "k")]


# --- duplicate ids ----------------------------------------------------------------------------------


def test_an_id_in_two_services_is_reported_at_both_places() -> None:
    results = [
        *AG,
        rec("cards/a/x.yaml", ids=[("ABC1", "code", 3, 7), ("u1", "other", 4, 7)]),
        rec("cards/b/y.yaml", ids=[("abc1", "code", 9, 2)]),
        rec("licenses/a/l.yaml", ids=[("abc1", "code", 2, 2), ("u1", "code", 2, 9)]),  # licences are another group
    ]
    cross, _ = run(results)
    assert where(cross.diagnostics()) == [
        ("duplicate-id", "cards/a/x.yaml", 3, 7, "code"),
        ("duplicate-id", "cards/b/y.yaml", 9, 2, "code"),
    ]
    first, second = sorted(cross.diagnostics())
    assert "cards/b/y.yaml:9" in first.message and "'ABC1'" in first.message
    assert "cards/a/x.yaml:3" in second.message and "'abc1'" in second.message
    assert set(cross.ids) == {"service:abc1", "service:u1", "licence:abc1", "licence:u1"}
    assert cross.ids["service:abc1"] == (("ABC1", "cards/a/x.yaml", "code", 3, 7), ("abc1", "cards/b/y.yaml", "code", 9, 2))


def test_licences_with_one_id_and_agencies_have_no_id_group() -> None:
    results = [rec("cards/a/_agency.yaml", ids=[("1", "k", 1, 1)]), rec("cards/b/_agency.yaml", ids=[("1", "k", 1, 1)]), rec("licenses/a/x.yaml", ids=[("9", "k", 2, 2)]), rec("licenses/a/y.yaml", ids=[("9", "k", 3, 3)])]
    cross, _ = run(results)
    assert where(cross.diagnostics()) == [("duplicate-id", "licenses/a/x.yaml", 2, 2, "k"), ("duplicate-id", "licenses/a/y.yaml", 3, 3, "k")]
    assert set(cross.ids) == {"licence:9"}


def test_many_copies_name_three_other_places_and_count_the_rest() -> None:
    results = [AG[0], *(rec(f"cards/a/s{i}.yaml", ids=[("77", "code", 10 + i, 3)]) for i in range(6))]
    cross, _ = run(results)
    ds = sorted(cross.diagnostics())
    assert [(d.file, d.line) for d in ds] == [(f"cards/a/s{i}.yaml", 10 + i) for i in range(6)]
    assert SHOWN_PLACES == 3
    for i, d in enumerate(ds):
        others = [f"cards/a/s{j}.yaml:{10 + j}" for j in range(6) if j != i]
        assert [o for o in others if o in d.message] == others[:SHOWN_PLACES]
        assert f"cards/a/s{i}.yaml:" not in d.message
        assert " 2 " in d.message or "۲" in d.message  # the two places not named


def test_repeats_in_one_field_are_not_named_as_other_places() -> None:
    # one file lists the id twice under the same key, another once: each names only the others
    results = [AG[0], rec("cards/a/p.yaml", ids=[("5", "ids", 2, 3), ("5", "ids", 3, 3)]), rec("cards/a/q.yaml", ids=[("5", "ids", 4, 3)])]
    cross, _ = run(results)
    ds = sorted(cross.diagnostics())
    assert [(d.file, d.line, d.column) for d in ds] == [("cards/a/p.yaml", 2, 3), ("cards/a/p.yaml", 3, 3), ("cards/a/q.yaml", 4, 3)]
    assert "cards/a/q.yaml:4" in ds[0].message and "cards/a/p.yaml" not in ds[0].message
    assert "cards/a/p.yaml:2" in ds[2].message and "cards/a/p.yaml:3" in ds[2].message
    # one other place, none left uncounted: no number but the id and the place's line
    assert not any(ch.isdigit() for ch in ds[0].message.replace("cards/a/q.yaml:4", "").replace("'5'", ""))


def test_two_fields_of_one_file_name_each_other() -> None:
    results = [AG[0], rec("cards/a/p.yaml", ids=[("5", "x", 2, 3), ("5", "y", 7, 3)])]
    ds = sorted(run(results)[0].diagnostics())
    assert [(d.line, d.key) for d in ds] == [(2, "x"), (7, "y")]
    assert "cards/a/p.yaml:7" in ds[0].message and "cards/a/p.yaml:2" in ds[1].message


def test_other_places_are_named_in_file_then_line_order() -> None:
    # places are sorted by file, line, column, key whatever order the files came in
    results = [AG[0], *(rec(f"cards/a/{n}.yaml", ids=[("5", "k", ln, 1)]) for n, ln in [("e", 9), ("c", 4), ("b", 30), ("d", 2), ("a", 8)])]
    ds = sorted(run(results)[0].diagnostics())
    first = ds[0].message  # cards/a/a.yaml
    assert all(p in first for p in ("cards/a/b.yaml:30", "cards/a/c.yaml:4", "cards/a/d.yaml:2"))
    assert "cards/a/e.yaml" not in first
    assert first.index("b.yaml") < first.index("c.yaml") < first.index("d.yaml")


def test_places_in_one_file_are_sorted_by_line_then_column() -> None:
    results = [AG[0], rec("cards/a/p.yaml", ids=[("5", "z", 9, 1), ("5", "y", 2, 8), ("5", "x", 2, 4), ("5", "w", 12, 1), ("5", "v", 30, 1)])]
    ds = run(results)[0].diagnostics()
    last = next(d for d in ds if d.key == "v")
    # the three first places: both on line 2 (the column decides), then line 9; not line 12
    assert last.message.count("p.yaml:2") == 2 and "p.yaml:9" in last.message and "p.yaml:12" not in last.message
    nine = next(d for d in ds if d.key == "z")
    assert nine.message.count("p.yaml:2") == 2 and "p.yaml:12" in nine.message and "p.yaml:30" not in nine.message
    assert nine.message.index("p.yaml:2") < nine.message.index("p.yaml:12")


# --- agency cycles --------------------------------------------------------------------------------


def agency(slug: str, parent: str | None, line: int = 4) -> FileResult:
    refs = [ref(A, parent, "parent", line, 9)] if parent else []
    return rec(f"cards/{slug}/_agency.yaml", refs=refs)


def test_a_cycle_is_reported_at_each_member_and_only_there() -> None:
    results = [agency("a", "b", 3), agency("b", "c", 4), agency("c", "b", 5), agency("d", "a", 6), agency("e", None)]
    cross, _ = run(results)
    assert where(cross.diagnostics()) == [
        ("agency-cycle", "cards/b/_agency.yaml", 4, 9, "parent"),
        ("agency-cycle", "cards/c/_agency.yaml", 5, 9, "parent"),
    ]
    shown = cross.diagnostics()[0].message
    assert "b → c → b" in shown or "c → b → c" in shown


def test_an_agency_that_is_its_own_parent_is_a_cycle() -> None:
    cross, _ = run([agency("a", "a")])
    assert where(cross.diagnostics()) == [("agency-cycle", "cards/a/_agency.yaml", 4, 9, "parent")]
    assert "a → a" in cross.diagnostics()[0].message


def test_two_cycles_and_tails_into_them() -> None:
    results = [agency("z", "y"), agency("y", "z"), agency("p", "q"), agency("q", "p"), agency("m", "p"), agency("n", "m"), agency("o", "y")]
    cross, _ = run(results)
    assert sorted(d.file for d in cross.diagnostics()) == [f"cards/{s}/_agency.yaml" for s in "pqyz"]


def test_a_parent_that_is_no_agency_or_no_reference_ends_the_chain() -> None:
    results = [
        agency("a", "b"),
        rec("cards/b/_agency.yaml", refs=[ref(A, "Some Text", "parent", 4, 9), ref(A, "a", "other", 5, 9)]),
        agency("c", "zz"),
    ]
    cross, _ = run(results)
    assert where(cross.diagnostics()) == [
        ("invalid-reference", "cards/b/_agency.yaml", 4, 9, "parent"),
        ("unknown-agency", "cards/c/_agency.yaml", 4, 9, "parent"),
    ]


def test_a_long_cycle_is_shortened_in_the_message() -> None:
    n = SHOWN_CYCLE + 3
    slugs = [f"g{i:02d}" for i in range(n)]
    results = [agency(s, slugs[(i + 1) % n]) for i, s in enumerate(slugs)]
    ds = run(results)[0].diagnostics()
    assert len(ds) == n and {d.code for d in ds} == {"agency-cycle"}
    msg = ds[0].message
    assert f"{slugs[SHOWN_CYCLE - 1]} →" in msg and f"{slugs[SHOWN_CYCLE]} →" not in msg
    assert str(n) in msg or "…" in msg
    assert " → ".join(slugs[:SHOWN_CYCLE]) in msg
    exact = [agency(s, slugs[(i + 1) % SHOWN_CYCLE]) for i, s in enumerate(slugs[:SHOWN_CYCLE])]
    msg = run(exact)[0].diagnostics()[0].message
    assert "…" not in msg and " → ".join([*slugs[:SHOWN_CYCLE], slugs[0]]) in msg


# --- completeness and not-stated ---------------------------------------------------------------------


def test_completeness_per_agency_counts_every_record() -> None:
    results = [
        rec("cards/a/_agency.yaml", stated=1, total=2),
        rec("cards/a/x.yaml", stated=3, total=5),
        rec("licenses/a/l.yaml", stated=0, total=4),
        rec("cards/b/y.yaml", stated=2, total=2),
    ]
    cross, _ = run(results, extra_rels=["cards/b/_agency.yaml"])
    got = {k: (c.agency, c.records, c.stated, c.total) for k, c in cross.completeness().items()}
    assert got == {"a": ("a", 3, 4, 11), "b": ("b", 1, 2, 2)}


def test_not_stated_only_when_complete_and_not_for_agencies() -> None:
    results = [
        rec("cards/a/_agency.yaml", not_stated=[("x", "ایکس", 1, 1)]),
        rec("cards/a/s.yaml", not_stated=[("form.phone", "تلفن", 12, 5), ("form.mail", "پست", 14, 5)]),
    ]
    assert run(results)[1] == []
    _, extra = run(results, complete=True)
    assert where(extra) == [("not-stated", "cards/a/s.yaml", 12, 5, "form.phone"), ("not-stated", "cards/a/s.yaml", 14, 5, "form.mail")]
    assert all(d.is_error for d in extra) and "تلفن" in extra[0].message


def test_a_file_without_a_summary_counts_for_nothing() -> None:
    broken = FileResult("cards/a/s.yaml", S, [], None)
    cross, extra = check_results([AG[0], broken], {"cards/a/_agency.yaml", "cards/a/s.yaml"}, complete=True)
    assert cross.diagnostics() == [] and extra == []
    assert {k: c.records for k, c in cross.completeness().items()} == {"a": 1}


# --- the tables and their replacement ---------------------------------------------------------------


def tables(cross: CrossState) -> tuple[object, ...]:
    return (
        {k: v for k, v in cross.refs.items()},
        dict(cross.meta["completeness"]),
        cross.ids,
        cross.meta["duplicates"],
        sorted(cross.diagnostics()),
    )


def test_the_ids_index_is_needed_before_use() -> None:
    cross = CrossState({}, {"folder": (), "cycles": (), "duplicates": (), "names": {}, "completeness": {}})
    with pytest.raises(RuntimeError):
        _ = cross.ids
    assert cross.diagnostics() == []


def test_diagnostics_of_the_tables_come_back_as_diagnostics() -> None:
    results = [*AG, rec("cards/a/s.yaml", refs=[ref(S, "nope")], ids=[("1", "k", 2, 2)]), rec("cards/a/t.yaml", ids=[("1", "k", 3, 3)]), rec("cards/c/u.yaml"), agency("d", "d")]
    cross, _ = run(results)
    ds = cross.diagnostics()
    assert all(isinstance(d, Diagnostic) for d in ds)
    assert [d.code for d in ds] == ["unknown-service", "missing-agency-file", "agency-cycle", "duplicate-id", "duplicate-id"]


BEFORE = [
    *AG,
    rec("cards/a/s.yaml", ids=[("1", "k", 2, 2), ("2", "k", 3, 2)], refs=[ref(S, "t"), ref(L, "nope")], stated=1, total=3),
    rec("cards/a/t.yaml", ids=[("1", "k", 4, 4)], stated=2, total=3),
    rec("cards/b/u.yaml", ids=[("3", "k", 5, 5)], refs=[ref(A, "c")], stated=0, total=1),
]


@pytest.mark.parametrize(
    ("rel", "new"),
    [
        # the id is no longer a duplicate, a reference breaks, another resolves
        ("cards/a/s.yaml", rec("cards/a/s.yaml", ids=[("9", "k", 2, 2), ("2", "k", 3, 2)], refs=[ref(S, "gone"), ref(L, "x", text_ok=True)], stated=3, total=3)),
        # the file becomes invalid: its ids, references and counts go
        ("cards/a/s.yaml", None),
        ("cards/b/u.yaml", None),
        # an id becomes a duplicate, the bad reference is fixed
        ("cards/b/u.yaml", rec("cards/b/u.yaml", ids=[("1", "k", 5, 5), ("2", "k", 6, 5)], refs=[ref(A, "a")], stated=1, total=1)),
        # an agency file: only its counts
        ("cards/b/_agency.yaml", rec("cards/b/_agency.yaml", name="ب", stated=2, total=2)),
    ],
)
def test_replace_ends_in_the_tables_of_a_full_run(rel: str, new: FileResult | None) -> None:
    rels = {r.rel for r in BEFORE}
    cross, _ = check_results(BEFORE, rels)
    old = next(r.summary for r in BEFORE if r.rel == rel)
    changed = cross.replace(rel, old, new.summary if new else None, rels)
    changed_dup = cross.refresh_duplicates()
    after = [r for r in BEFORE if r.rel != rel] + ([new] if new else [])
    full, _ = check_results(after, rels)
    assert tables(cross) == tables(full)
    assert changed_dup == {"duplicates": full.meta["duplicates"]}
    # what changed is what the store writes: every slot the file had or has, its refs, the counts
    assert changed["meta"] == {"completeness": full.meta["completeness"]}
    assert changed["refs"] == {rel: full.refs.get(rel)}
    slots = {f"{s.kind.value}:{v.casefold()}" for s in (old, new.summary if new else None) if s and s.kind is not A for v, *_ in s.ids}
    assert changed["ids"] == {slot: full.ids.get(slot) for slot in slots}


def test_replace_keeps_other_files_places_of_an_id() -> None:
    rels = {r.rel for r in BEFORE}
    cross, _ = check_results(BEFORE, rels)
    old = BEFORE[2].summary
    cross.replace("cards/a/s.yaml", old, old, rels)
    assert cross.ids["service:1"] == (("1", "cards/a/t.yaml", "k", 4, 4), ("1", "cards/a/s.yaml", "k", 2, 2))


def test_a_service_reference_is_not_met_by_a_licence_of_that_name() -> None:
    src = rec("cards/a/s.yaml", refs=[ref(S, "l", "related[0]", 2, 2), ref(S, "b/m", "related[1]", 3, 2)])
    cross, _ = run([*AG, src, rec("licenses/a/l.yaml"), rec("licenses/b/m.yaml")])
    assert where(cross.diagnostics()) == [
        ("unknown-service", "cards/a/s.yaml", 2, 2, "related[0]"),
        ("unknown-service", "cards/a/s.yaml", 3, 2, "related[1]"),
    ]


def test_an_agency_reference_with_a_slash_is_never_an_agency() -> None:
    # both a and b are agencies, and a misplaced file sits where «a/b» would point
    src = rec("cards/a/s.yaml", refs=[ref(A, "a/b", "parent", 2, 2)])
    cross, _ = run([*AG, src], extra_rels=["cards/a/b/_agency.yaml"])
    assert where(cross.diagnostics()) == [("unknown-agency", "cards/a/s.yaml", 2, 2, "parent")]


def test_a_unique_id_before_a_duplicate_one() -> None:
    results = [AG[0], rec("cards/a/p.yaml", ids=[("1", "k", 2, 2), ("7", "j", 3, 2)]), rec("cards/a/q.yaml", ids=[("7", "j", 4, 4)])]
    assert where(run(results)[0].diagnostics()) == [("duplicate-id", "cards/a/p.yaml", 3, 2, "j"), ("duplicate-id", "cards/a/q.yaml", 4, 4, "j")]


def test_a_second_cycle_after_the_first() -> None:
    results = [agency("a", "b"), agency("b", "a"), agency("c", "d"), agency("d", "c")]
    assert sorted(d.file for d in run(results)[0].diagnostics()) == [f"cards/{s}/_agency.yaml" for s in "abcd"]


def test_the_checker_leaves_completeness_errors_out_unless_asked() -> None:
    checker = Checker({"cards/a/_agency.yaml", "cards/a/s.yaml"})
    checker.add(rec("cards/a/s.yaml", not_stated=[("k", "برچسب", 1, 1)]))
    assert checker.not_stated == []
    assert check_results([rec("cards/a/s.yaml", not_stated=[("k", "برچسب", 1, 1)])], {"cards/a/_agency.yaml", "cards/a/s.yaml"})[1] == []


def test_replace_of_a_file_that_was_invalid() -> None:
    """A file of a new agency becomes valid, with references that resolve, an agency name and
    the same id twice; then it becomes invalid again."""
    new = rec(
        "cards/c/n.yaml",
        ids=[("9", "k", 2, 2), ("9", "j", 3, 2), ("8", "k", 4, 2)],
        refs=[ref(S, "a/t"), ref(L, "b/m"), ref(A, "b"), ref(A, "سازمان ب", text_ok=True), ref(S, "a/zz")],
        stated=2, total=5,
    )
    valid = [*BEFORE, rec("licenses/b/m.yaml")]
    rels = {r.rel for r in valid} | {"cards/c/n.yaml"}
    before = [*valid, FileResult("cards/c/n.yaml", S, [], None)]
    cross, _ = check_results(before, rels)
    assert new.summary is not None
    cross.replace("cards/c/n.yaml", None, new.summary, rels)
    cross.refresh_duplicates()
    full, _ = check_results([*valid, new], rels)
    assert tables(cross) == tables(full)
    where(cross.diagnostics())
    assert sorted(d.code for d in cross.diagnostics() if d.file == "cards/c/n.yaml" and d.key == "k" and d.line == 5) == ["unknown-service", "unregistered-agency"]
    # and back: every place of the file goes, its agency's counts with it
    cross.replace("cards/c/n.yaml", new.summary, None, rels)
    cross.refresh_duplicates()
    again, _ = check_results(before, rels)
    assert tables(cross) == tables(again)
    assert "c" not in cross.meta["completeness"]
