"""`site_gen.diff` in-process, on small records: what a reviewer reads of a change (README's
Review workflow): citizen flags, labelled field changes, values as people read them, renames,
and the merge-request comment. Written for mutation testing (docs/mutation.md): the tests that
drive `site-gen` in a child process cannot kill a mutant of the package."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_gen.diff import (
    Change,
    FieldChange,
    change_note,
    compare,
    field_changes,
    label_of,
    oddity_of,
    semantic_diff,
    show,
    summarise,
    to_json,
    to_markdown,
)
from site_gen.git import Entry
from site_gen.model import Agency, Licence, Service

CARD = "cards/demo/card.yaml"
PERMIT = "licenses/demo/permit.yaml"


def dump(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def service(**fields: Any) -> dict[str, Any]:
    return {"title": "خدمت نمونه", "agency": "demo", **fields}


def licence(**action: Any) -> dict[str, Any]:
    return {"title": "پروانه نمونه", "agency": "demo", "actions": [{"type": "issue", **action}]}


def flags(old: dict[str, Any], new: dict[str, Any], rel: str = CARD) -> list[str]:
    changes = compare({rel: dump(old)}, {rel: dump(new)})
    return changes[0].flags if changes else []


# --- citizen flags ---------------------------------------------------------------------------


@pytest.mark.parametrize(("small", "large"), [
    ({"value": 59, "unit": "minute"}, {"value": 1, "unit": "hour"}),
    ({"value": 23, "unit": "hour"}, {"value": 1, "unit": "day"}),
    ({"value": 6, "unit": "day"}, {"value": 1, "unit": "week"}),
    ({"value": 4, "unit": "week"}, {"value": 1, "unit": "month"}),
    ({"value": 11, "unit": "month"}, {"value": 1, "unit": "year"}),
    ({"value": 1, "unit": "minute"}, {"value": 2, "unit": "minute"}),
])
def test_durations_compare_across_units(small: dict[str, Any], large: dict[str, Any]) -> None:
    assert flags(service(average_duration=small), service(average_duration=large)) == ["duration_increased"]
    assert flags(service(average_duration=large), service(average_duration=small)) == ["duration_decreased"]


@pytest.mark.parametrize(("same_a", "same_b"), [
    ({"value": 60, "unit": "minute"}, {"value": 1, "unit": "hour"}),
    ({"value": 24, "unit": "hour"}, {"value": 1, "unit": "day"}),
    ({"value": 7, "unit": "day"}, {"value": 1, "unit": "week"}),
    ({"value": 30, "unit": "day"}, {"value": 1, "unit": "month"}),
    ({"value": 365, "unit": "day"}, {"value": 1, "unit": "year"}),
])
def test_the_same_duration_in_another_unit_is_no_flag(same_a: dict[str, Any], same_b: dict[str, Any]) -> None:
    changes = compare({CARD: dump(service(average_duration=same_a))}, {CARD: dump(service(average_duration=same_b))})
    assert [c.flags for c in changes] == [[]]
    assert {f.path for f in changes[0].fields} >= {"average_duration.unit"}


def test_a_duration_without_value_or_unit_is_not_compared() -> None:
    assert flags(service(average_duration={"note": "بسته به پرونده"}), service(average_duration={"value": 1, "unit": "day"})) == []
    assert flags(service(average_duration={"value": 1, "unit": "day"}), service(average_duration={"value": 2})) == []


def test_costs() -> None:
    item = {"title": "هزینه صدور", "amount_rials": 1000}
    paid = service(cost={"free": False, "items": [item]})
    assert flags(service(cost={"free": True}), paid) == ["cost_increased"]
    assert flags(paid, service(cost={"free": True})) == ["cost_decreased"]
    # a range counts by its minimum, else its maximum
    ranged = service(cost={"items": [{"title": "هزینه صدور", "min_rials": 2000, "max_rials": 9000}]})
    assert flags(paid, ranged) == ["cost_increased"]
    top = service(cost={"items": [{"title": "هزینه صدور", "max_rials": 500}]})
    assert flags(paid, top) == ["cost_decreased"]
    # two items add up
    two = service(cost={"items": [item, {"title": "تمبر", "amount_rials": 1}]})
    assert flags(paid, two) == ["cost_increased"]
    # no amount known, or no cost at all: nothing to compare
    assert flags(service(cost={"free": True}), service(cost={"items": [{"title": "تمبر", "amount_rials": 1}]})) == ["cost_increased"]
    assert flags(paid, service(cost={"items": [{"title": "هزینه صدور", "rule": "به نسبت"}]})) == []
    assert flags(service(), paid) == []


def test_visits() -> None:
    assert flags(service(in_person_visits=0), service(in_person_visits=2)) == ["visits_increased"]
    assert flags(service(in_person_visits=2), service(in_person_visits=1)) == ["visits_decreased"]
    assert flags(service(), service(in_person_visits=1)) == []


def stage(electronic: bool | None, *channels: str) -> dict[str, Any]:
    out: dict[str, Any] = {} if electronic is None else {"electronic": electronic}
    if channels:
        out["channels"] = list(channels)
    return out


def test_stages_and_channels() -> None:
    web = service(access={"request": stage(True, "internet")})
    post = service(access={"request": stage(False, "post")})
    assert flags(web, post) == ["stage_lost_electronic", "channel_removed", "channel_added"]
    assert flags(post, web) == ["stage_became_electronic", "channel_removed", "channel_added"]
    both = service(access={"request": stage(True, "internet", "sms")})
    assert flags(web, both) == ["channel_added"]
    assert flags(both, web) == ["channel_removed"]
    # a stage that appears or disappears with channels adds or removes them
    two = service(access={"request": stage(True, "internet"), "delivery": stage(False, "post")})
    assert flags(web, two) == ["channel_added"]
    assert flags(two, web) == ["channel_removed"]
    # … and one without channels adds or removes none
    bare = service(access={"request": stage(True, "internet"), "delivery": stage(None)})
    assert flags(web, bare) == []
    assert flags(bare, web) == []
    # the same stage unchanged: nothing
    assert flags(web, service(access={"request": stage(True, "internet")}, title="دیگر")) == []


def test_documents_and_inquiries() -> None:
    one = service(required_documents=["کارت ملی"], related_agencies=[{"agency": "mpo"}])
    two = service(required_documents=["کارت ملی", {"title": "عکس"}], related_agencies=[{"agency": "mpo"}, {"agency": "ثبت"}])
    assert flags(one, two) == ["documents_added", "inquiry_added"]
    assert flags(two, one) == ["documents_removed", "inquiry_removed"]
    swapped = service(required_documents=["شناسنامه"], related_agencies=[{"agency": "ثبت"}])
    assert flags(one, swapped) == ["documents_added", "documents_removed", "inquiry_added", "inquiry_removed"]


def test_fully_electronic() -> None:
    full = service(access={"request": stage(True, "internet")}, in_person_visits=0)
    visit = service(access={"request": stage(True, "internet")}, in_person_visits=1)
    unknown = service(access={"request": stage(True, "internet")})
    assert "became_fully_electronic" in flags(visit, full)
    assert "lost_fully_electronic" in flags(full, visit)
    assert flags(unknown, full) == ["became_fully_electronic"]
    assert flags(full, unknown) == ["lost_fully_electronic"]
    # an added or removed card is not "became" or "lost"
    [added] = compare({}, {CARD: dump(full)})
    [removed] = compare({CARD: dump(full)}, {})
    assert (added.flags, removed.flags) == ([], [])


def test_licence_actions() -> None:
    base = licence(cost_rials=1000, duration={"value": 1, "unit": "day"}, validity={"value": 1, "unit": "year"},
                   required_documents=["اساسنامه"], inquiries=[{"agency": "mpo"}], electronic=True)
    lic = base["actions"][0]

    def changed(**update: Any) -> list[str]:
        return flags(base, licence(**{**lic, **update}), PERMIT)

    assert changed(cost_rials=2000) == ["cost_increased"]
    assert changed(cost_rials=None, fees=[{"title": "الف", "amount_rials": 600}, {"title": "ب", "amount_rials": 300}]) == ["cost_decreased"]
    assert changed(cost_rials=None, fees=[{"title": "الف"}]) == []
    assert changed(duration={"value": 25, "unit": "hour"}) == ["duration_increased"]
    assert changed(duration={"value": 24, "unit": "hour"}) == []
    assert changed(duration={"value": 23, "unit": "hour"}) == ["duration_decreased"]
    assert changed(validity={"value": 364, "unit": "day"}) == ["validity_shortened"]
    assert changed(validity={"value": 365, "unit": "day"}) == []
    assert changed(validity={"value": 13, "unit": "month"}) == ["validity_extended"]
    assert changed(validity={"value": 12, "unit": "month"}) == ["validity_shortened"]  # 360 days
    assert changed(validity="unlimited") == ["validity_extended"]
    assert changed(required_documents=["اساسنامه", "آگهی"]) == ["documents_added"]
    assert changed(inquiries=[]) == ["inquiry_removed"]
    assert changed(electronic=False) == ["stage_lost_electronic"]
    assert changed(electronic=None) == []
    assert flags(licence(**{**lic, "electronic": False}), base, PERMIT) == ["stage_became_electronic"]
    # an action added beside is no comparison of costs
    assert flags(base, {**base, "actions": [lic, {"type": "renew", "cost_rials": 9}]}, PERMIT) == []


# --- fields, labels and values --------------------------------------------------------------


def test_field_changes_name_items_by_title_or_row() -> None:
    old = service(cost={"items": [{"title": "الف", "amount_rials": 1}, {"title": "ب", "amount_rials": 2}]},
                  processes=["یک", "دو"])
    new = service(cost={"items": [{"title": "ب", "amount_rials": 3}, {"title": "ج", "amount_rials": 4}]},
                  processes=["یک", "سه", "چهار"])
    [change] = compare({CARD: dump(old)}, {CARD: dump(new)})
    got = [(f.path, f.label, f.old, f.new) for f in change.fields]
    assert got == [
        ("cost.items[title=الف].title", "هزینه ارائه خدمت › مبالغ «الف» › عنوان هزینه", "الف", None),
        ("cost.items[title=الف].amount_rials", "هزینه ارائه خدمت › مبالغ «الف» › مبلغ (ریال)", 1, None),
        ("cost.items[title=ب].amount_rials", "هزینه ارائه خدمت › مبالغ «ب» › مبلغ (ریال)", 2, 3),
        ("cost.items[title=ج].title", "هزینه ارائه خدمت › مبالغ «ج» › عنوان هزینه", None, "ج"),
        ("cost.items[title=ج].amount_rials", "هزینه ارائه خدمت › مبالغ «ج» › مبلغ (ریال)", None, 4),
        ("processes", "عناوین فرایندهای خدمت", ["یک", "دو"], ["یک", "سه", "چهار"]),
    ]


def test_items_without_distinct_names_pair_by_row() -> None:
    old = [{"title": "الف", "x": 1}, {"title": "الف", "x": 2}]
    new = [{"title": "الف", "x": 1}, {"title": "الف", "x": 3}, {"title": "ب", "x": 4}]
    got = [(f.path, f.label, f.old, f.new) for f in field_changes(None, {"l": old}, {"l": new})]
    assert got == [("l[1].x", "l ردیف ۲ › x", 2, 3), ("l[2].title", "l ردیف ۳ › title", None, "ب"), ("l[2].x", "l ردیف ۳ › x", None, 4)]
    # the removed row, the other way round
    back = [(f.path, f.old, f.new) for f in field_changes(None, {"l": new}, {"l": old})]
    assert back == [("l[1].x", 3, 2), ("l[2].title", "ب", None), ("l[2].x", 4, None)]


def test_items_pair_by_the_first_key_that_names_them_all() -> None:
    old = [{"type": "issue", "name": "a", "v": 1}, {"type": "renew", "name": "b", "v": 1}]
    new = [{"type": "renew", "name": "b", "v": 2}, {"type": "issue", "name": "a", "v": 1}]
    assert [f.path for f in field_changes(None, {"a": old}, {"a": new})] == ["a[type=renew].v"]
    # "type" missing on one item: "name" names them
    new2 = [{"name": "b", "v": 2}, {"type": "issue", "name": "a", "v": 1}]
    assert [f.path for f in field_changes(None, {"a": old}, {"a": new2})] == ["a[name=b].type", "a[name=b].v"]
    # an empty name names nothing
    empty = [{"q": "", "v": 1}, {"q": "x", "v": 1}]
    assert [f.path for f in field_changes(None, {"a": empty}, {"a": [{"q": "", "v": 2}, {"q": "x", "v": 1}]})] == ["a[0].v"]
    # a list that is emptied: each old item removed
    assert [(f.path, f.new) for f in field_changes(None, {"a": [{"q": "x"}]}, {"a": None})] == [("a[q=x].q", None)]
    assert field_changes(None, {"a": [1]}, {"a": [1]}) == []


def test_label_of() -> None:
    assert label_of(Service, "cost.items[0].amount_rials") == "هزینه ارائه خدمت › مبالغ [1] › مبلغ (ریال)"
    assert label_of(Service, "cost.nothing.deeper") == "هزینه ارائه خدمت › nothing › deeper"
    assert label_of(Licence, "actions[2].type") == "نوع مجوز (اقدام‌ها) [3] › نوع اقدام"
    assert label_of(Service, "title") == "عنوان خدمت"


def test_show_values_as_people_read_them() -> None:
    assert show(None) == show([]) == show({}) == "اعلام نشده"
    assert (show(True), show(False)) == ("بله", "خیر")
    assert show(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert show(2.5) == "۲٫۵"
    assert show(2.0) == "۲"
    assert show(1234.125) == "۱٬۲۳۴٫۱۲"
    assert show(0.1) == "۰٫۱"
    assert show(500000, path="cost.items[0].amount_rials") == "۵۰۰٬۰۰۰ ریال"
    assert show(5, path="in_person_visits") == "۵"
    assert show(["a", "b"]) == "a، b"
    assert show({"title": "عکس", "x": 1}) == "عکس"
    assert show({"type": 3, "name": "نام"}) == "نام"
    assert show({"a": 1, "b": None, "c": True}) == "a: ۱؛ c: بله"
    assert show("unlimited") == "نامحدود"
    assert show("internet") == "internet"
    info = Service.model_fields["access"].annotation  # noqa: F841 (a model, not a vocabulary)
    channels = FieldChange("access.request.channels", "", None, None)
    from site_gen.model.service import AccessStage
    channels.info = AccessStage.model_fields["channels"]
    assert show(["internet", "post"], channels.info) == "اینترنتی (وبگاه دستگاه)، ارسال پستی"
    assert show("neither", channels.info) == "neither"


def test_change_note_in_percent() -> None:
    def note(old: Any, new: Any, path: str = "cost.items[0].amount_rials") -> str:
        return change_note(FieldChange(path, "", old, new))

    assert note(100, 180) == "افزایش ۸۰٪"
    assert note(200, 150) == "کاهش ۲۵٪"
    assert note(3, 4) == "افزایش ۳۳٫۳٪"
    assert note(3, 2) == "کاهش ۳۳٫۳٪"
    assert note(100, 180, "in_person_visits") == ""
    assert note(0, 5) == note(5, 5) == note(None, 5) == note(5, None) == ""
    assert note(True, 5) == note(5, False) == ""
    assert note(1.5, 3) == "افزایش ۱۰۰٪"


# --- added records ----------------------------------------------------------------------------


def test_summary_of_an_added_service() -> None:
    full = service(cost={"items": [{"title": "صدور", "amount_rials": 5000}, {"title": "بازه", "min_rials": 10}, {"title": "سقف", "max_rials": 20},
                                   {"title": "نامعلوم"}]},
                   average_duration={"value": 2, "max": 3, "unit": "day"},
                   access={"request": stage(True, "internet", "sms"), "delivery": stage(False, "post", "internet")},
                   in_person_visits=1, required_documents=["عکس", {"title": "کارت ملی"}])
    [change] = compare({}, {CARD: dump(full)})
    assert change.status == "added" and change.address == "services/demo/card/" and change.old_address is None
    assert change.summary == [
        ("عنوان خدمت", "خدمت نمونه"),
        ("دستگاه", "demo"),
        ("هزینه", "صدور: ۵٬۰۰۰ ریال؛ بازه: از ۱۰ تا ؟ ریال؛ سقف: از ؟ تا ۲۰ ریال؛ نامعلوم: اعلام نشده"),
        ("متوسط مدت", "۲ تا ۳ روز"),
        ("مجراهای دسترسی", "اینترنتی (وبگاه دستگاه)، پیام کوتاه، ارسال پستی"),
        ("کاملاً اینترنتی", "خیر"),
        ("مدارک لازم", "عکس، کارت ملی"),
    ]
    bare = summarise(Service.model_validate(service(cost={"free": True}, average_duration={"note": "یک هفته"})), {"demo": "سازمان نمونه"})
    assert bare == [("عنوان خدمت", "خدمت نمونه"), ("دستگاه", "سازمان نمونه (demo)"), ("هزینه", "رایگان"),
                    ("متوسط مدت", "یک هفته"), ("مجراهای دسترسی", "اعلام نشده"), ("کاملاً اینترنتی", "اعلام نشده"),
                    ("مدارک لازم", "اعلام نشده")]
    empty = dict(summarise(Service.model_validate(service(cost={}, average_duration={"value": 4})), {}))
    assert (empty["هزینه"], empty["متوسط مدت"]) == ("اعلام نشده", "۴")
    assert dict(summarise(Service.model_validate(service()), {}))["هزینه"] == "اعلام نشده"
    full_e = Service.model_validate(service(access={"request": stage(True, "internet")}, in_person_visits=0))
    assert dict(summarise(full_e, {}))["کاملاً اینترنتی"] == "بله"


def test_summary_of_an_added_licence_and_agency() -> None:
    lic = {"title": "پروانه", "agency": "demo", "kind": "permit", "actions": [
        {"type": "issue", "cost_rials": 1000, "duration": {"value": 3, "unit": "day"}, "required_documents": ["ب"]},
        {"type": "renew", "fees": [{"title": "الف"}], "required_documents": ["الف"]}]}
    assert summarise(Licence.model_validate(lic), {"demo": "سازمان"}) == [
        ("عنوان مجوز", "پروانه"), ("مرجع صدور", "سازمان (demo)"), ("نوع مجوز", "پروانه"),
        ("اقدام‌ها", "صدور: ۱٬۰۰۰ ریال، ۳ روز؛ تمدید: اعلام نشده، اعلام نشده"), ("مدارک لازم", "الف، ب")]
    bare = {"title": "پروانه", "agency": "demo"}
    assert summarise(Licence.model_validate(bare), {}) == [
        ("عنوان مجوز", "پروانه"), ("مرجع صدور", "demo"), ("نوع مجوز", "اعلام نشده"), ("اقدام‌ها", "اعلام نشده"), ("مدارک لازم", "اعلام نشده")]
    agency = Agency.model_validate({"slug": "demo", "name": "سازمان نمونه", "parent": "mpo", "maintainers": ["@a", "@b"]})
    assert summarise(agency, {}) == [("نام دستگاه", "سازمان نمونه"), ("دستگاه مادر", "mpo"), ("نگه‌دارندگان", "@a، @b")]
    alone = Agency.model_validate({"slug": "demo", "name": "سازمان نمونه"})
    assert summarise(alone, {}) == [("نام دستگاه", "سازمان نمونه"), ("دستگاه مادر", "اعلام نشده"), ("نگه‌دارندگان", "اعلام نشده")]


# --- pairing renames --------------------------------------------------------------------------


def test_renames_pair_by_id_then_content_then_similarity() -> None:
    a = dump(service(id="12011076106", title="الف"))
    a2 = dump(service(id="12011076106", title="الف دوم"))
    b = dump(service(title="ب"))
    c = dump(service(title="ج"))
    c2 = dump(service(title="ج دوم"))
    old = {"cards/demo/a.yaml": a, "cards/demo/b.yaml": b, "cards/demo/c.yaml": c}
    new = {"cards/demo/a-new.yaml": a2, "cards/other/b.yaml": dump(service(title="ب", agency="other")), "cards/demo/c-new.yaml": c2}
    asked: list[bool] = []

    def similar() -> list[tuple[str, str]]:
        asked.append(True)
        return [("cards/demo/c.yaml", "cards/demo/a-new.yaml"), ("cards/demo/c.yaml", "cards/demo/c-new.yaml"),
                ("cards/demo/a.yaml", "cards/demo/c-new.yaml")]

    changes = compare(old, new, similar)
    got = {c.file: (c.status, c.old_file, c.address, c.old_address, [f.path for f in c.fields]) for c in changes}
    assert got == {
        "cards/demo/a-new.yaml": ("renamed", "cards/demo/a.yaml", "services/demo/a-new/", "services/demo/a/", ["title"]),
        "cards/other/b.yaml": ("renamed", "cards/demo/b.yaml", "services/other/b/", "services/demo/b/", ["agency"]),
        "cards/demo/c-new.yaml": ("renamed", "cards/demo/c.yaml", "services/demo/c-new/", "services/demo/c/", ["title"]),
    }
    assert asked == [True]
    # nothing left to pair: similarity is not asked
    asked.clear()
    compare({"cards/demo/a.yaml": a}, {"cards/demo/z.yaml": a2}, similar)
    assert asked == []
    # a card and a licence never pair, even when git finds them similar
    lic = dump({"title": "ج", "agency": "demo"})
    changes = compare({"cards/demo/c.yaml": c}, {"licenses/demo/c.yaml": lic}, lambda: [("cards/demo/c.yaml", "licenses/demo/c.yaml")])
    assert sorted((c.file, c.status) for c in changes) == [("cards/demo/c.yaml", "removed"), ("licenses/demo/c.yaml", "added")]


def test_renames_pair_sorted_paths_in_both_directions() -> None:
    same = dump(service(title="یکسان"))
    old = {"cards/demo/a.yaml": same, "cards/demo/b.yaml": same}
    new = {"cards/demo/c.yaml": same, "cards/demo/d.yaml": same}
    forth = {(c.old_file, c.file) for c in compare(old, new)}
    back = {(c.file, c.old_file) for c in compare(new, old)}
    assert forth == back == {("cards/demo/a.yaml", "cards/demo/c.yaml"), ("cards/demo/b.yaml", "cards/demo/d.yaml")}


def test_invalid_and_reordered_records() -> None:
    ok = service(required_documents=["الف", "ب"])
    # a file not valid on its own is compared as an empty record
    [change] = compare({CARD: dump(ok)}, {CARD: b"title: [\n"})
    assert change.status == "modified" and change.flags == [] and {f.path for f in change.fields} >= {"title", "agency"}
    [removed] = compare({CARD: dump(ok), "cards/demo/x.yaml": b"title: 5\nagency: demo\nbogus: 1\n"}, {"cards/demo/x.yaml": b"title: 5\nagency: demo\nbogus: 1\n"})
    assert (removed.file, removed.status, removed.title, removed.address, removed.old_address) == (CARD, "removed", "خدمت نمونه", None, "services/demo/card/")
    # only the order of a list changed: nothing a citizen reads differently
    items = [{"title": "الف", "amount_rials": 1}, {"title": "ب", "amount_rials": 2}]
    assert compare({CARD: dump(service(cost={"items": items}))}, {CARD: dump(service(cost={"items": items[::-1]}))}) == []
    # files that are no record are not compared
    assert compare({"cards/demo/deep/x.yaml": b"a: 1"}, {"cards/demo/deep/x.yaml": b"a: 2"}) == []
    agency = compare({"cards/demo/_agency.yaml": b"slug: demo\nname: \xd8\xa7\n"}, {"cards/demo/_agency.yaml": b"slug: demo\nname: \xd8\xa8\n"})
    assert [(c.kind, c.title, c.address) for c in agency] == [("agency", "ب", "agencies/demo/")]


# --- output -----------------------------------------------------------------------------------


def test_json_output() -> None:
    c = Change("cards/demo/b.yaml", "service", "renamed", "cards/demo/a.yaml", [FieldChange("title", "عنوان", "الف", "ب")], ["cost_increased"], "ب",
               address="services/demo/b/", old_address="services/demo/a/")
    assert c.address_lost
    data = json.loads(to_json([c, Change("cards/x", "other", "added", note="not_a_record")]))
    assert data == {"changes": [
        {"file": "cards/demo/b.yaml", "kind": "service", "status": "renamed", "old_file": "cards/demo/a.yaml",
         "address": "services/demo/b/", "old_address": "services/demo/a/", "redirect": None,
         "fields": [{"path": "title", "label": "عنوان", "old": "الف", "new": "ب"}], "flags": ["cost_increased"]},
        {"file": "cards/x", "kind": "other", "status": "added", "note": "not_a_record", "fields": [], "flags": []}]}
    c.redirect = "services/demo/b/"
    assert [c.address_lost] == [False]
    assert not Change("f", "service", "modified", address="a/", old_address="a/").address_lost
    assert not Change("f", "service", "added", address="a/").address_lost
    assert json.loads(to_json([Change("f", "service", "added", summary=[("عنوان", "ت")])]))["changes"][0]["summary"] == {"عنوان": "ت"}
    assert to_json([]) == '{\n  "changes": []\n}\n'


def test_markdown_comment() -> None:
    mod = Change(CARD, "service", "modified", None,
                 [FieldChange("cost.items[title=الف].amount_rials", "هزینه › «الف»", 100, 150), FieldChange("note", "توضیح", None, "a|b")],
                 ["cost_increased", "channel_added"], "خدمت <b>", address="services/demo/card/")
    added = Change("cards/demo/new.yaml", "service", "added", title="تازه", summary=[("عنوان خدمت", "تازه"), ("هزینه", "اعلام نشده")],
                   address="services/demo/new/")
    gone = Change(PERMIT, "licence", "removed", title="پروانه", old_address="licenses/demo/permit/")
    moved = Change("cards/demo/b.yaml", "service", "renamed", "cards/demo/a.yaml", title="ب", address="services/demo/b/",
                   old_address="services/demo/a/", redirect="services/demo/b/")
    odd = Change("cards/demo/.hidden.yaml", "other", "added", note="ignored")
    out = to_markdown([mod, added, gone, moved, odd], "https://preview.example/mr-7/", "origin/main")
    lines = out.split("\n")
    assert lines[:6] == ["### ⚠️ پرونده‌هایی که اعتبارسنج نمی‌خواند", "",
                         "این پرونده‌ها در cards/ یا licenses/ تغییر کرده‌اند اما در کاتالوگ نمی‌آیند و این گزارش آن‌ها را نسنجیده است؛ بازبین باید خودشان را ببیند.", "",
                         "| پرونده | وضعیت | چرا |", "|---|---|---|"]
    assert "| <code>cards/demo/.hidden.yaml</code> | افزوده | نام با «.» آغاز می‌شود و اعتبارسنج آن را نمی‌خواند |" in lines
    assert "### ⚠️ نشانی‌هایی که از کار می‌افتند" in lines
    assert "<code>site-gen diff origin/main --write-redirects</code>" in out
    assert "| <code>/licenses/demo/permit/</code> | <code>licenses/demo/permit.yaml</code> |" in lines
    assert "/services/demo/a/" not in out.split("### تغییرات کاتالوگ")[0]
    assert '| <a href="https://preview.example/mr-7/services/demo/card/">خدمت &#60;b&#62;</a><br><code>cards/demo/card.yaml</code> | خدمت | تغییر | ۲ | افزایش هزینه، افزودن مجرای دسترسی |' in lines
    assert '| <a href="https://preview.example/mr-7/services/demo/new/">تازه</a><br><code>cards/demo/new.yaml</code> | خدمت | افزوده | — | — |' in lines
    assert "| پروانه<br><code>licenses/demo/permit.yaml</code> | مجوز | حذف‌شده | — | — |" in lines
    assert '| <a href="https://preview.example/mr-7/services/demo/b/">ب</a><br><code>cards/demo/b.yaml</code> | خدمت | جابه‌جا | ۰ | — |' in lines
    assert "| هزینه › «الف» | ۱۰۰ ریال | ۱۵۰ ریال (افزایش ۵۰٪) |" in lines
    assert "| توضیح | _اعلام نشده_ | a&#124;b |" in lines
    assert "| عنوان خدمت | تازه |" in lines and "| هزینه | _اعلام نشده_ |" in lines
    assert "<summary>تغییر: خدمت &#60;b&#62; (<code>cards/demo/card.yaml</code>)</summary>" in lines
    assert 'پیش‌نمایش: <a href="https://preview.example/mr-7/services/demo/card/"><code>/services/demo/card/</code></a>' in lines
    assert "پیش‌تر: <code>cards/demo/a.yaml</code>؛ نشانی پیشین <code>/services/demo/a/</code> به صفحهٔ تازه می‌رود" in lines
    assert out.count("<details>") == 3  # the removed record has nothing to show
    assert out.endswith("</details>\n\n")
    # without a preview, a base or a redirect
    moved.redirect = None
    plain = to_markdown([moved])
    assert "<a href" not in plain and "پیش‌نمایش" not in plain
    assert "<code>site-gen diff &#60;شاخهٔ پایه&#62; --write-redirects</code>" in plain
    assert "| <code>/services/demo/a/</code> | <code>cards/demo/a.yaml</code> |" in plain
    assert "نشانی پیشین <code>/services/demo/a/</code> **از کار می‌افتد**" in plain
    # a rename that keeps its address says where the file was, and nothing of addresses
    same = Change("cards/demo/b.yaml", "service", "renamed", "cards/demo/a.yaml", title="", address="x/", old_address="x/")
    text = to_markdown([same])
    assert "| —<br><code>cards/demo/b.yaml</code>" in text and "\nپیش‌تر: <code>cards/demo/a.yaml</code>\n\n\n</details>\n" in text


def test_markdown_without_records() -> None:
    assert to_markdown([]) == "**بدون تغییر معنادار برای شهروندان** (تغییرات فقط قالب‌بندی بود یا هیچ تغییری نبود).\n"
    odd = to_markdown([Change("cards/x.yaml", "other", "removed", note=None)])
    assert "| <code>cards/x.yaml</code> | حذف‌شده | جای پرونده‌های کاتالوگ" in odd
    assert odd.endswith("\n\n**بدون تغییر معنادار برای شهروندان** (تغییرات فقط قالب‌بندی بود یا هیچ تغییری نبود).\n")


def test_oddities() -> None:
    blob = Entry("100644", "0" * 40)
    assert oddity_of("cards/demo/.x.yaml", blob) == "ignored"
    assert oddity_of("cards/demo/x.yaml", Entry("120000", "0" * 40)) == "not_a_file"
    assert oddity_of("cards/demo/x.yml", blob) == "not_a_record"
    assert oddity_of("cards/x.yaml", blob) == "not_a_record"
    assert oddity_of("cards/demo/x.yaml", blob) is None
    assert oddity_of("cards/demo/x.yaml", Entry("100755", "0" * 40)) is None


# --- at two revisions -------------------------------------------------------------------------

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "core.symlinks=true", *args], cwd=root, check=True, env=ENV, capture_output=True)


def write(root: Path, rel: str, text: str | bytes) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "cat"
    write(root, "cards/demo/_agency.yaml", "slug: demo\nname: سازمان نمونه\n")
    write(root, "cards/demo/a.yaml", dump(service(title="الف")))
    write(root, "cards/demo/keep.yaml", dump(service(title="بی‌تغییر")))
    write(root, "cards/demo/.old.yaml", "x: 1\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def test_semantic_diff_of_the_working_tree_and_of_commits(repo: Path) -> None:
    write(repo, "cards/demo/new.yaml", dump(service(title="تازه")))
    write(repo, "licenses/demo/p.yaml", dump({"title": "پروانه", "agency": "demo"}))
    write(repo, "cards/demo/notes.txt", "x")
    write(repo, "cards/demo/.old.yaml", "x: 2\n")
    (repo / "cards/demo/a.yaml").rename(repo / "cards/demo/b.yaml")
    write(repo, "redirects.yaml", "- {from: services/demo/a/, to: services/demo/b/, agency: demo}\n")
    changes = semantic_diff(repo, "HEAD")
    got = [(c.file, c.kind, c.status, c.note, c.redirect) for c in changes]
    assert got == [
        ("cards/demo/b.yaml", "service", "renamed", None, "services/demo/b/"),
        ("cards/demo/new.yaml", "service", "added", None, None),
        ("licenses/demo/p.yaml", "licence", "added", None, None),
        ("cards/demo/.old.yaml", "other", "modified", "ignored", None),
        ("cards/demo/notes.txt", "other", "added", "not_a_record", None),
    ]
    assert dict(changes[1].summary)["دستگاه"] == "سازمان نمونه (demo)"
    assert dict(changes[2].summary)["مرجع صدور"] == "سازمان نمونه (demo)"
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head")
    # a removed record with a redirects entry without "to" leads to its agency's page
    (repo / "cards/demo/new.yaml").unlink()
    write(repo, "redirects.yaml", "- {from: services/demo/new/, agency: demo}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "removed")
    [gone] = semantic_diff(repo, "HEAD~1", "HEAD")
    assert (gone.file, gone.status, gone.redirect, gone.address_lost) == ("cards/demo/new.yaml", "removed", "agencies/demo/", False)
    # between two commits: the same as the working tree was, agency names read at HEAD
    both = semantic_diff(repo, "HEAD~2", "HEAD~1")
    assert [(c.file, c.status, c.redirect) for c in both][:3] == [
        ("cards/demo/b.yaml", "renamed", "services/demo/b/"), ("cards/demo/new.yaml", "added", None), ("licenses/demo/p.yaml", "added", None)]
    assert dict(both[1].summary)["دستگاه"] == "سازمان نمونه (demo)"
    # an unreadable redirects record leaves every old address lost
    write(repo, "redirects.yaml", "{not: a list}\n")
    (repo / "cards/demo/b.yaml").unlink()
    [lost] = semantic_diff(repo, "HEAD")
    assert (lost.file, lost.redirect, lost.address_lost) == ("cards/demo/b.yaml", None, True)


def test_semantic_diff_tip_and_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-qb", "topic")
    write(repo, "cards/demo/t.yaml", dump(service(title="شاخه")))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "topic")
    git(repo, "checkout", "-q", "-")
    write(repo, "cards/demo/m.yaml", dump(service(title="اصلی")))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moved on")
    main = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
    git(repo, "checkout", "-q", "topic")
    assert [c.file for c in semantic_diff(repo, main)] == ["cards/demo/t.yaml"]
    assert sorted((c.file, c.status) for c in semantic_diff(repo, main, tip=True)) == [("cards/demo/m.yaml", "removed"), ("cards/demo/t.yaml", "added")]


def test_semantic_diff_refuses_what_is_no_catalogue(tmp_path: Path) -> None:
    from site_gen.git import DiffError

    with pytest.raises(DiffError, match="پوشه نیست"):
        semantic_diff(tmp_path / "none", "HEAD")
    with pytest.raises(DiffError, match="نه پوشهٔ cards/ هست نه licenses/"):
        semantic_diff(tmp_path, "HEAD")
    (tmp_path / "cards").write_text("x")
    with pytest.raises(DiffError, match=r"«cards» در .* پوشه نیست، پرونده است"):
        semantic_diff(tmp_path, "HEAD")


def test_whole_comment_of_a_lost_address_and_a_change() -> None:
    gone = Change(CARD, "service", "removed", title="خدمت", old_address="services/demo/card/")
    cheaper = Change(PERMIT, "licence", "modified", fields=[FieldChange("actions[type=issue].cost_rials", "هزینه", 1000, 1005)],
                     flags=["cost_increased"], title="پروانه", address="licenses/demo/permit/")
    assert to_markdown([gone, cheaper], "https://preview.example/mrX/", "main") == "\n".join([
        "### ⚠️ نشانی‌هایی که از کار می‌افتند",
        "",
        "این صفحه‌ها از وبگاه برداشته می‌شوند و نشانی پیشینشان به جایی نمی‌رود. <code>site-gen diff main --write-redirects</code> را اجرا کنید و <code>redirects.yaml</code> را هم در همین درخواست commit کنید.",
        "",
        "| نشانی پیشین | پرونده |",
        "|---|---|",
        "| <code>/services/demo/card/</code> | <code>cards/demo/card.yaml</code> |",
        "",
        "### تغییرات کاتالوگ",
        "",
        "| رکورد | نوع | وضعیت | فیلدهای تغییرکرده | پیامد برای شهروند |",
        "|---|---|---|---|---|",
        "| خدمت<br><code>cards/demo/card.yaml</code> | خدمت | حذف‌شده | — | — |",
        '| <a href="https://preview.example/mrX/licenses/demo/permit/">پروانه</a><br><code>licenses/demo/permit.yaml</code> | مجوز | تغییر | ۱ | افزایش هزینه |',
        "",
        "<details>",
        "<summary>تغییر: پروانه (<code>licenses/demo/permit.yaml</code>)</summary>",
        "",
        'پیش‌نمایش: <a href="https://preview.example/mrX/licenses/demo/permit/"><code>/licenses/demo/permit/</code></a>',
        "",
        "| فیلد | پیشین | جدید |",
        "|---|---|---|",
        "| هزینه | ۱٬۰۰۰ ریال | ۱٬۰۰۵ ریال (افزایش ۰٫۵٪) |",
        "",
        "</details>",
        "",
        "",
    ])
    # a removed record has no page to link to, whatever address it carries
    gone.address = "services/demo/card/"
    assert "<a href" not in to_markdown([gone], "https://preview.example/")


def test_json_keeps_persian_text_and_the_redirect() -> None:
    moved = Change("cards/demo/b.yaml", "service", "renamed", "cards/demo/a.yaml", title="ب", address="services/demo/b/",
                   old_address="services/demo/a/", redirect="services/demo/b/")
    text = to_json([moved, Change(CARD, "service", "added", summary=[("عنوان خدمت", "تازه")])])
    assert '"عنوان خدمت": "تازه"' in text and "\\u" not in text
    assert json.loads(text)["changes"][0]["redirect"] == "services/demo/b/"


def test_show_a_list_of_amounts_names_each_in_rials() -> None:
    assert show([1000, 2000], path="actions[0].fees_rials") == "۱٬۰۰۰ ریال، ۲٬۰۰۰ ریال"


def test_agency_names_at_a_commit_from_any_folder_name_and_mode(repo: Path) -> None:
    odd = "cards/a\tb"
    write(repo, f"{odd}/_agency.yaml", "slug: ab\nname: دستگاه با نام عجیب\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "agency")
    write(repo, f"{odd}/x.yaml", dump(service(title="خدمت", agency="ab")))
    write(repo, "cards/demo/y.yaml", dump(service(title="دیگر")))
    (repo / "cards/demo/_agency.yaml").chmod(0o755)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "cards")
    write(repo, "cards/demo/_agency.yaml", "slug: demo\nname: نامی که هنوز commit نشده\n")  # HEAD's name counts
    got = {c.file: dict(c.summary)["دستگاه"] for c in semantic_diff(repo, "HEAD~1", "HEAD") if c.summary}
    assert got == {f"{odd}/x.yaml": "دستگاه با نام عجیب (a\tb)", "cards/demo/y.yaml": "سازمان نمونه (demo)"}
    # an added agency's summary names its parent agency as written
    write(repo, "cards/new/_agency.yaml", "slug: new\nname: دستگاه تازه\nparent: demo\n")
    [added] = [c for c in semantic_diff(repo, "HEAD") if c.file == "cards/new/_agency.yaml"]
    assert added.summary == [("نام دستگاه", "دستگاه تازه"), ("دستگاه مادر", "demo"), ("نگه‌دارندگان", "اعلام نشده")]


def test_durations_and_validity_without_a_unit_are_not_compared() -> None:
    base = licence(duration={"value": 1, "unit": "day"}, validity={"value": 1, "unit": "year"})
    lic = base["actions"][0]
    assert flags(base, licence(**{**lic, "duration": {"value": 5}}), PERMIT) == []
    assert flags(base, licence(**{**lic, "validity": {"value": 5}}), PERMIT) == []


def test_numbers_as_people_read_them() -> None:
    assert show(2.001) == "۲"
    assert show(9007199254740993) == "۹٬۰۰۷٬۱۹۹٬۲۵۴٬۷۴۰٬۹۹۳"  # an integer is never rounded through a float


def test_files_the_validator_does_not_read(repo: Path) -> None:
    write(repo, "cards/demo/.a.yaml", "a: 1\n")
    write(repo, "cards/demo/.z.yaml", "z: 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "dotfiles")
    write(repo, "cards/demo/.z.yaml", "z: 2\n")  # .a.yaml, sorted first, is unchanged
    (repo / "cards/demo/.old.yaml").unlink()
    got = [(c.file, c.status, c.note) for c in semantic_diff(repo, "HEAD")]
    assert got == [("cards/demo/.old.yaml", "removed", "ignored"), ("cards/demo/.z.yaml", "modified", "ignored")]


def test_renames_found_by_similarity_between_two_commits(repo: Path) -> None:
    long = service(title="الف", description="متن بلند توضیح خدمت " * 20, processes=[f"گام {i}" for i in range(20)])
    write(repo, "cards/demo/a.yaml", dump(long))
    git(repo, "commit", "-qam", "long")
    git(repo, "mv", "cards/demo/a.yaml", "cards/demo/z.yaml")
    write(repo, "cards/demo/z.yaml", dump({**long, "title": "الف دیگر"}))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "renamed and edited")
    (repo / "cards/demo/z.yaml").unlink()  # the work tree is not what is compared
    [change] = semantic_diff(repo, "HEAD~1", "HEAD")
    assert (change.file, change.status, change.old_file, [f.path for f in change.fields]) == (
        "cards/demo/z.yaml", "renamed", "cards/demo/a.yaml", ["title"])


def test_two_commits_compare_from_their_merge_base_whatever_is_checked_out(repo: Path) -> None:
    git(repo, "checkout", "-qb", "topic")
    write(repo, "cards/demo/t.yaml", dump(service(title="شاخه")))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "topic")
    git(repo, "checkout", "-q", "-")
    write(repo, "cards/demo/m.yaml", dump(service(title="اصلی")))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moved on")
    assert [(c.file, c.status) for c in semantic_diff(repo, "HEAD", "topic")] == [("cards/demo/t.yaml", "added")]


def test_a_sha256_repository(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    write(root, "cards/demo/a.yaml", dump(service(title="الف")))
    write(root, "cards/demo/.old.yaml", "x: 1\n")
    git(root, "init", "-q", "--object-format=sha256")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    assert semantic_diff(root, "HEAD") == []
    write(root, "cards/demo/a.yaml", dump(service(title="ب")))
    assert [(c.file, [f.path for f in c.fields]) for c in semantic_diff(root, "HEAD")] == [("cards/demo/a.yaml", ["title"])]


def test_an_agency_folder_renamed_is_one_agency_moved() -> None:
    old = {"cards/old/_agency.yaml": b"slug: old\nname: \xd8\xa7\n"}
    new = {"cards/new/_agency.yaml": b"slug: new\nname: \xd8\xa7\n"}
    [moved] = compare(old, new)
    assert (moved.file, moved.status, moved.old_file, moved.address, moved.old_address) == (
        "cards/new/_agency.yaml", "renamed", "cards/old/_agency.yaml", "agencies/new/", "agencies/old/")
    assert [(f.path, f.old, f.new) for f in moved.fields] == [("slug", "old", "new")]


def test_a_record_invalid_on_one_side_gets_no_flags() -> None:
    card = dump(service(access={"request": stage(True, "internet")}, average_duration={"value": 1, "unit": "day"}, in_person_visits=0))
    permit = dump(licence(cost_rials=5))
    broken = b"title: [\n"
    for rel, good in ((CARD, card), (PERMIT, permit)):
        for old, new in ((good, broken), (broken, good)):
            [change] = compare({rel: old}, {rel: new})
            assert (change.status, change.flags) == ("modified", [])
            assert change.fields


def test_pairing_by_id_kind_and_count() -> None:
    one, two = dump(service(id="10000000001", title="یک")), dump(service(id="10000000002", title="دو"))
    changes = compare({"cards/demo/a.yaml": one, "cards/demo/b.yaml": two},
                      {"cards/x/c.yaml": dump(service(id="10000000002", title="دو دیگر", agency="x")),
                       "cards/x/d.yaml": dump(service(id="10000000001", title="یک دیگر", agency="x"))})
    assert {(c.old_file, c.file) for c in changes} == {("cards/demo/b.yaml", "cards/x/c.yaml"), ("cards/demo/a.yaml", "cards/x/d.yaml")}
    # two removed with one id, one added: one renamed, one removed
    changes = compare({"cards/demo/a.yaml": one, "cards/demo/b.yaml": one}, {"cards/demo/c.yaml": dump(service(id="10000000001", title="تازه"))})
    assert sorted((c.file, c.status, c.old_file) for c in changes) == [
        ("cards/demo/b.yaml", "removed", None), ("cards/demo/c.yaml", "renamed", "cards/demo/a.yaml")]
    # a card and a licence with one id are two records
    lic = dump({"id": "10000000001", "title": "یک دیگر", "agency": "demo"})
    assert sorted((c.file, c.status) for c in compare({"cards/demo/a.yaml": one}, {"licenses/demo/a.yaml": lic})) == [
        ("cards/demo/a.yaml", "removed"), ("licenses/demo/a.yaml", "added")]
    # files not valid on their own are never paired
    bad = b"title: [\n"
    assert sorted((c.file, c.status) for c in compare({"cards/demo/a.yaml": bad}, {"cards/demo/b.yaml": bad})) == [
        ("cards/demo/a.yaml", "removed"), ("cards/demo/b.yaml", "added")]


def test_every_file_is_compared_and_each_old_file_pairs_once() -> None:
    items = [{"title": "الف", "amount_rials": 1}, {"title": "ب", "amount_rials": 2}]
    old = {"cards/x.yaml": b"a: 1\n", "cards/demo/a.yaml": dump(service(cost={"items": items})), "cards/demo/b.yaml": dump(service(title="ب"))}
    new = {"cards/x.yaml": b"a: 2\n", "cards/demo/a.yaml": dump(service(cost={"items": items[::-1]})), "cards/demo/b.yaml": dump(service(title="ب دیگر"))}
    [change] = compare(old, new)
    assert (change.file, change.fields[0].path) == ("cards/demo/b.yaml", "title")
    # git may pair one old file with two new ones: the first pairing stands
    pairs = [("cards/demo/o.yaml", "cards/demo/n1.yaml"), ("cards/demo/o.yaml", "cards/demo/n2.yaml"), ("cards/demo/p.yaml", "cards/demo/n1.yaml")]
    got = compare({"cards/demo/o.yaml": dump(service(title="و")), "cards/demo/p.yaml": dump(service(title="پ"))},
                  {"cards/demo/n1.yaml": dump(service(title="۱")), "cards/demo/n2.yaml": dump(service(title="۲"))}, lambda: pairs)
    assert sorted((c.file, c.status, c.old_file) for c in got) == [
        ("cards/demo/n1.yaml", "renamed", "cards/demo/o.yaml"), ("cards/demo/n2.yaml", "added", None), ("cards/demo/p.yaml", "removed", None)]
    # an added record is summarised, not compared field by field
    assert [(c.fields, c.flags) for c in got if c.status == "added"] == [([], [])]
    # files that are YAML but not a valid record are never paired either
    bad = b"title: 5\nagency: demo\nbogus: 1\n"
    assert sorted((c.file, c.status) for c in compare({"cards/demo/a.yaml": bad}, {"cards/demo/b.yaml": bad})) == [
        ("cards/demo/a.yaml", "removed"), ("cards/demo/b.yaml", "added")]
