"""Each file in fixtures/invalid/<kind>/ is the minimal record with one defect.

One table holds the expected (code, line) of every diagnostic of every fixture; it is checked in
both directions: a fixture without an entry fails, and an entry without a fixture fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES, diagnostics_for, harness, place

EXPECTED: dict[str, list[tuple[str, int]]] = {
    # text layer
    "service/file_bom.yaml": [("bom", 1)],
    "service/file_not_utf8.yaml": [("not-utf8", 4)],
    "service/file_empty.yaml": [("empty-file", 1)],
    "service/file_top_level_list.yaml": [("not-a-mapping", 2)],
    "service/title_bidi_override.yaml": [("forbidden-character", 2)],
    "service/summary_zero_width_space.yaml": [("forbidden-character", 4)],
    "service/summary_soft_hyphen.yaml": [("forbidden-character", 4)],
    "service/yaml_syntax_indent.yaml": [("yaml-syntax", 6)],
    "service/yaml_anchor_alias.yaml": [("yaml-anchor", 4), ("yaml-alias", 5)],
    "service/yaml_tag_binary.yaml": [("yaml-tag", 4)],
    "service/yaml_merge_key.yaml": [("merge-key", 5)],
    "service/yaml_duplicate_key.yaml": [("duplicate-key", 5)],
    "service/yaml_too_deep.yaml": [("too-deep", 4)],
    "service/yaml_complex_key.yaml": [("bad-key", 4)],
    "service/yaml_multiple_documents.yaml": [("yaml-syntax", 4)],
    "service/title_arabic_letters.yaml": [("arabic-letters", 2)],
    # one record
    "service/title_missing.yaml": [("missing-key", 2)],
    "service/title_null.yaml": [("missing-key", 2)],
    "service/title_multiline.yaml": [("multi-line", 2)],
    "service/title_empty.yaml": [("empty-text", 2)],
    "service/agency_mismatch.yaml": [("agency-mismatch", 3)],
    "service/summary_unknown_key.yaml": [("unknown-key", 4)],
    "service/service_types_invalid_value.yaml": [("invalid-value", 4)],
    "service/service_types_empty.yaml": [("empty-list", 4)],
    "service/service_types_duplicate.yaml": [("duplicate-item", 4)],
    "service/service_types_not_list.yaml": [("invalid-type", 4)],
    "service/nature_yaml11_no.yaml": [("invalid-value", 4)],
    "service/cost_free_yes.yaml": [("invalid-bool", 5)],
    "service/cost_free_with_items.yaml": [("free-with-cost", 7)],
    "service/cost_item_without_amount.yaml": [("cost-item-empty", 7)],
    "service/cost_item_min_gt_max.yaml": [("bad-range", 6)],
    "service/cost_amount_negative.yaml": [("out-of-range", 6)],
    "service/cost_amount_words.yaml": [("invalid-number", 6)],
    "service/in_person_visits_words.yaml": [("invalid-number", 4)],
    "service/id_with_space.yaml": [("invalid-id", 4)],
    "service/id_index_html_segment.yaml": [("invalid-id", 4)],
    "service/id_dot_segment.yaml": [("invalid-id", 4)],
    "service/id_persian_digits.yaml": [("duplicate-id", 4), ("non-ascii-digits", 4)],
    "service/website_user_info.yaml": [("invalid-url", 4)],
    "service/website_javascript.yaml": [("invalid-url", 4)],
    "service/website_no_scheme.yaml": [("invalid-url", 4)],
    "service/last_reviewed_bad_day.yaml": [("invalid-date", 4)],
    "service/last_reviewed_gregorian.yaml": [("invalid-date", 4)],
    "service/laws_date_slashes.yaml": [("invalid-date", 6)],
    "service/process_flow_out_of_range.yaml": [("flow-out-of-range", 7)],
    "service/process_flow_not_pair.yaml": [("invalid-type", 6)],
    "service/access_electronic_by_post.yaml": [("stage-not-electronic", 7)],
    "service/access_in_person_on_electronic.yaml": [("in-person-on-electronic", 10)],
    "service/life_event_other_without_other.yaml": [("other-text-without-other", 5)],
    "service/frequency_once_with_times.yaml": [("once-with-times", 5)],
    "service/average_duration_unit_missing.yaml": [("duration-incomplete", 5)],
    "service/required_documents_nested_list.yaml": [("invalid-type", 5)],
    # across files
    "service/licenses_unknown.yaml": [("unknown-licence", 4)],
    "service/instance_of_unknown.yaml": [("unknown-service", 4)],
    "service/related_agencies_unknown_slug.yaml": [("unknown-agency", 5)],
    "service/related_agencies_text.yaml": [("unregistered-agency", 5), ("unregistered-agency", 6)],
    "service/sub_services_duplicate_id.yaml": [("duplicate-id", 7), ("duplicate-id", 8)],
    # licences
    "licence/actions_duplicate_type.yaml": [("duplicate-action", 7)],
    "licence/actions_shared_without_inquiries.yaml": [("shared-without-inquiries", 6)],
    "licence/actions_inquiries_without_shared.yaml": [("inquiries-without-shared", 8)],
    "licence/actions_cost_and_fees.yaml": [("cost-and-fees", 8)],
    "licence/actions_validity_zero.yaml": [("out-of-range", 6)],
    "licence/actions_validity_forever.yaml": [("invalid-value", 6)],
    "licence/actions_type_missing.yaml": [("missing-key", 5)],
    "licence/actions_empty.yaml": [("empty-list", 4)],
    "licence/applicants_invalid_value.yaml": [("invalid-value", 4)],
    "licence/inquiries_agency_null.yaml": [("missing-key", 8)],
    "licence/inquiries_duration_unit_week.yaml": [("invalid-value", 6)],
    "licence/legal_basis_type_invalid.yaml": [("invalid-value", 5)],
    "licence/service_unknown.yaml": [("unknown-service", 4)],
    "licence/prerequisites_text.yaml": [("unregistered-licence", 5), ("unknown-licence", 7)],
    "licence/id_duplicate.yaml": [("duplicate-id", 4)],
    # agencies
    "agency/slug_mismatch.yaml": [("slug-mismatch", 2)],
    "agency/parent_is_self.yaml": [("parent-is-self", 4)],
    "agency/parent_unknown.yaml": [("unknown-agency", 4)],
    "agency/code_not_digits.yaml": [("invalid-id", 4)],
    "agency/maintainers_bad_handle.yaml": [("invalid-id", 4)],
    "agency/website_ftp.yaml": [("invalid-url", 4)],
    "agency/name_missing.yaml": [("missing-key", 2)],
}

FILES = sorted(
    str(p.relative_to(FIXTURES / "invalid")) for p in (FIXTURES / "invalid").glob("*/*.yaml")
)


def test_every_fixture_has_an_expectation_and_back() -> None:
    assert sorted(EXPECTED) == FILES
    assert len(FILES) >= 40


def test_fixture_names_are_key_reason() -> None:
    for name in FILES:
        stem = Path(name).stem
        assert "_" in stem and stem == stem.lower(), name


@pytest.mark.parametrize("name", FILES)
def test_fixture(tmp_path: Path, name: str) -> None:
    kind = name.split("/")[0]
    root = harness(tmp_path)
    rel = place(root, kind, FIXTURES / "invalid" / name)
    found = sorted((d.code, d.line) for d in diagnostics_for(root, rel))
    assert found == sorted(EXPECTED[name])


@pytest.mark.parametrize("kind", ["service", "licence", "agency"])
def test_minimal_files_are_valid(tmp_path: Path, kind: str) -> None:
    root = harness(tmp_path)
    rel = place(root, kind, FIXTURES / "minimal" / f"{kind}.yaml")
    assert diagnostics_for(root, rel) == []


def test_fixtures_derive_from_the_minimal_file() -> None:
    """Every text fixture keeps the minimal file's comment style: it says why it must fail."""
    for name in FILES:
        raw = (FIXTURES / "invalid" / name).read_bytes()
        if name.endswith(("file_bom.yaml", "file_not_utf8.yaml")):
            continue
        assert raw.decode("utf-8").startswith("# Should NOT validate: "), name
