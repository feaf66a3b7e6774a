"""A bare MkDocs + Material site with one plain-Markdown page per record of a catalogue.

The baseline for the build benchmark: the same number of pages, with the records' own text in
ordinary Markdown (H2 sections, lists, two tables), built by MkDocs + Material with a pruned
navigation and nothing of site_gen (no hooks, no theme overrides).
"""

from __future__ import annotations

import sys
from pathlib import Path

from site_gen.catalogue import load_catalogue

CONFIG = """site_name: bare
use_directory_urls: true
theme:
  name: material
  language: fa
  direction: rtl
  font: false
  features: [navigation.prune]
plugins: []
nav:
  - index.md
markdown_extensions: [tables, toc]
"""


def cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def write(root: Path, out: Path) -> int:
    catalogue, _ = load_catalogue(root, keep_records=True)
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# bare\n", encoding="utf-8")
    n = 0
    for (agency, slug), card in catalogue.services.items():
        path = docs / "services" / agency / slug / "index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"# {card.title}", "", card.summary or "", "", "## شرح خدمت", "", card.description or "", "",
                 "## مدارک لازم", ""]
        lines += [f"- {d if isinstance(d, str) else d.title}" for d in card.required_documents or []]
        lines += ["", "## فرایندها", ""] + [f"1. {p}" for p in card.processes or []]
        lines += ["", "## هزینه", "", "| عنوان | مبلغ |", "|---|---|"]
        lines += [f"| {cell(i.title)} | {i.amount_rials or i.rule or ''} |" for i in (card.cost.items if card.cost else None) or []]
        lines += ["", "## دسترسی", "", "| مرحله | مجرا |", "|---|---|"]
        lines += [f"| {st.value} | {', '.join(c.value for c in s.channels or [])} |" for st, s in (card.access.stages() if card.access else [])]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        n += 1
    for (agency, slug), lic in catalogue.licences.items():
        path = docs / "licenses" / agency / slug / "index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"# {lic.title}", "", "## اقدام‌ها", "", "| نوع | هزینه | اعتبار |", "|---|---|---|"]
        lines += [f"| {a.type.value} | {a.cost_rials} | {a.validity} |" for a in lic.actions or []]
        lines += ["", "## مبانی قانونی", ""] + [f"- {b.title}" for b in lic.legal_basis or []]
        lines += ["", "## استعلام‌ها", "", "| دستگاه | زمان |", "|---|---|"]
        lines += [f"| {q.agency} | {q.duration.value if q.duration else ''} |" for a in lic.actions or [] for q in a.inquiries or []]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        n += 1
    return n


if __name__ == "__main__":
    print(write(Path(sys.argv[1]), Path(sys.argv[2])))
