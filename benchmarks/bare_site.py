"""Bare MkDocs + Material sites with one page per record of a catalogue: the build baselines.

``records``: the records' own text in ordinary Markdown (H2 sections, lists, two tables).
``research``: the corpus of shared/research/mkdocs_scale.md, where the issue's reference figure
(13.7 ms a page) was measured: 580–930 words of Persian with ZWNJ words and 8 % Arabic ي/ك, H2
sections, two tables, 100 pages a folder, each folder with an index page.
Both are built by MkDocs + Material with a pruned navigation and nothing of site_gen.
"""

from __future__ import annotations

import random
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


_WORDS = (
    "دستگاه‌های اجرایی خدمات الکترونیکی شناسنامه مجوز درخواست متقاضی مدارک هزینه ریال سامانه استعلام "
    "پرونده بررسی کارشناس صدور تمدید ابطال اداره کل استان شهرستان دفاتر پیشخوان پیامک نتیجه قانون "
    "آیین‌نامه ماده تبصره مصوبه بخشنامه گواهی پروانه جواز موافقت نوبت مراجعه حضوری اینترنتی همراه "
    "فرایند مرحله تأیید پرداخت الکترونیکی قرارداد شرکت‌ها کسب‌وکار شهروندان بازنشستگان دانشجویان "
    "می‌شود می‌کند نمی‌شود کارپوشه‌یاب آزمایشگاه‌هایمان دفترخانه‌هایمان پیکربندی اجرايي كارمندي"
).split()


def _sentence(r: random.Random, n: int) -> str:
    return " ".join(r.choice(_WORDS) for _ in range(n)) + "."


def write_research(n: int, out: Path, seed: int = 1) -> int:
    """``n`` pages of the research corpus (580–930 words, H2 sections, two tables)."""
    r = random.Random(seed)
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# bare\n", encoding="utf-8")
    for i in range(n):
        folder = docs / f"f{i // 100:03d}"
        if i % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.md").write_text(f"# بخش {i // 100}\n", encoding="utf-8")
        words = r.randint(580, 930)
        lines = [f"# {_sentence(r, 5)[:-1]}", ""]
        written = 0
        section = 0
        while written < words:
            section += 1
            lines += [f"## بخش {section}: {_sentence(r, 3)[:-1]}", ""]
            para = r.randint(40, 90)
            lines += [_sentence(r, para), ""]
            written += para + 3
            if section in (2, 4):
                lines += ["| عنوان | مقدار | توضیح |", "|---|---|---|"]
                lines += [f"| {r.choice(_WORDS)} | {r.randint(1, 10**6)} | {_sentence(r, 4)} |" for _ in range(5)]
                lines.append("")
                written += 30
        (folder / f"p{i:05d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


if __name__ == "__main__":
    if sys.argv[1] == "--research":
        print(write_research(int(sys.argv[2]), Path(sys.argv[3])))
    else:
        print(write(Path(sys.argv[1]), Path(sys.argv[2])))
