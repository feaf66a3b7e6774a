"""Issue 14: a folder of 500 filled Word forms imports in ≤ 30 s (`make bench`, or alone:
`python benchmarks/docx_import.py`).

The forms are the exports of the project's sample cards and licences (`site-gen export docx`'s
writer), repeated to 500 files with distinct names; one `site-gen import docx FOLDER` process
(start-up included) writes 500 drafts through the formatter into an empty catalogue. The time is
an upper bound on a shared machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
N = 500
LIMIT_S = 30.0


def make_forms(folder: Path, n: int = N) -> None:
    sys.path.insert(0, str(ROOT))
    from site_gen.docx.write import export_bytes
    from site_gen.load import load_bytes
    from site_gen.record import MODELS
    from site_gen.summary import classify

    samples = sorted(p for top in ("cards", "licenses") for p in (ROOT / top).glob("*/*.yaml") if p.name != "_agency.yaml")
    exported = []
    for path in samples:
        rel = path.relative_to(ROOT).as_posix()
        kind, _, slug = classify(rel)
        exported.append((slug, export_bytes(MODELS[kind], load_bytes(path.read_bytes(), rel).data or {})))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        slug, raw = exported[i % len(exported)]
        (folder / f"{slug}-{i:03d}.docx").write_bytes(raw)


def bench_docx_import(work: Path) -> dict[str, object]:
    forms, out = work / "docx-forms", work / "docx-catalogue"
    for d in (forms, out):
        shutil.rmtree(d, ignore_errors=True)
    make_forms(forms)
    site_gen = str(Path(sys.executable).parent / "site-gen")
    start = time.perf_counter()
    proc = subprocess.run([site_gen, "import", "docx", str(forms), "--agency", "bench", "--out", str(out)], capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    drafts = sum(1 for _ in out.rglob("*.yaml"))
    return {"forms": N, "drafts": drafts, "exit_code": proc.returncode, "import_s": round(took, 2), "limit_s": LIMIT_S, "within_limit": took <= LIMIT_S}


def record(results: dict[str, object], work: Path, path: Path) -> None:
    results["docx_import"] = bench_docx_import(work)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    print(json.dumps(bench_docx_import(HERE / "work"), ensure_ascii=False, indent=1))
