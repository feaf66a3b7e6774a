"""The project's own sample catalogue: valid, formatted, varied, and labelled as sample data."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from site_gen.catalogue import load_catalogue
from site_gen.cli import cli
from site_gen.model.vocab import ServiceType

REPO = Path(__file__).resolve().parents[1]
SEED = ("ito", "egov-technical-strategy")


def test_valid_and_formatted() -> None:
    _, report = load_catalogue(REPO, use_cache=False)
    assert report.errors == []
    result = CliRunner().invoke(cli, ["fmt", "--root", str(REPO), "--check"])
    assert result.exit_code == 0, result.output


def test_sample_catalogue_is_varied() -> None:
    c, _ = load_catalogue(REPO, use_cache=False, keep_records=True)
    assert len(c.services) >= 41 and len({a for a, _ in c.services}) >= 10
    assert len(c.licences) >= 26
    assert any(a.parent in c.agencies for a in c.agencies.values())
    types = {t for s in c.services.values() for t in s.service_types or []}
    assert {ServiceType.G2C, ServiceType.G2B, ServiceType.G2G} <= types
    assert len({e for s in c.services.values() for e in s.life_events or []}) >= 6
    assert len({lv for s in c.services.values() for lv in s.levels or []}) >= 3
    assert sum(1 for s in c.services.values() if s.fully_electronic()) >= 5
    assert sum(1 for s in c.services.values() if (s.in_person_visits or 0) > 0) >= 5
    assert sum(1 for lic in c.licences.values() for a in lic.actions or [] if a.inquiries) >= 5
    incomplete = [s for s in c.services.values() if sum(getattr(s, f) is None for f in ("description", "cost", "access", "average_duration", "recipients")) >= 2]
    assert len(incomplete) >= 3


def test_all_but_the_seed_card_is_sample_or_sourced() -> None:
    """Issue 21: a record is real when it names its sources (and is then not sample data);
    every other record but the seed card is marked sample."""
    c, _ = load_catalogue(REPO, use_cache=False, keep_records=True)
    assert c.services[SEED].sample is None
    assert all(bool(card.sample) != bool(card.sources) for key, card in c.services.items() if key != SEED)
    assert all(bool(lic.sample) != bool(lic.sources) for lic in c.licences.values())
