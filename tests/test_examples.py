"""The worked examples of the format (../shared/spec/examples) are the contract: they validate unchanged."""

from __future__ import annotations

import pytest
from helpers import EXAMPLES

from site_gen.catalogue import load_catalogue

pytestmark = pytest.mark.skipif(not EXAMPLES.is_dir(), reason="../shared/spec/examples is not beside the repo")


def test_examples_validate_unchanged() -> None:
    catalogue, report = load_catalogue(EXAMPLES, use_cache=False, keep_records=True, jobs=1)
    assert report.errors == []
    assert report.valid
    assert set(catalogue.agencies) == {"ito", "mpo"}
    assert set(catalogue.services) == {("ito", "egov-technical-strategy")}
    assert set(catalogue.licences) == {("ito", "ppp-participation-certificate")}


def test_examples_keep_their_meaning() -> None:
    catalogue, _ = load_catalogue(EXAMPLES, use_cache=False, keep_records=True, jobs=1)
    card = catalogue.services[("ito", "egov-technical-strategy")]
    assert card.id is None and card.row == "3-1"
    assert card.cost is not None and card.cost.free is True and card.cost.items == []
    assert card.life_events == [] and card.in_person_visits is None
    assert card.process_flow is not None and card.process_flow[0] == (1, 4)
    lic = catalogue.licences[("ito", "ppp-participation-certificate")]
    assert lic.actions is not None
    issue = lic.actions[0]
    assert issue.process is not None and issue.process.value == "shared"
    assert issue.inquiries is not None and issue.inquiries[0].duration is not None
    assert issue.inquiries[0].duration.value == 2
    assert lic.legal_basis is not None and lic.legal_basis[0].number == "206/93/7740"
    assert catalogue.agencies["ito"].code == "1003"


def test_examples_warn_about_free_text_agency_names() -> None:
    _, report = load_catalogue(EXAMPLES, use_cache=False, jobs=1)
    # (the registers' examples have date warnings of their own: tests/test_registers.py)
    assert {d.code for d in report.warnings if not d.file.startswith("registers/")} == {"unregistered-agency"}
    # the licence names its own agency in Persian: the warning points at the registered slug
    hint = [d for d in report.warnings if d.key == "supervisors[0]"]
    assert hint and "'ito'" in hint[0].message
