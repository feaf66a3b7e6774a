"""Development check: the browser validator against the Python one on random damage.

    .venv/bin/python -m site_gen.editor.parity_fuzz [SEED] [ROUNDS]

Needs ``node`` (not a dependency of the project; the tests use Chromium). Takes every record of
the catalogue in the current folder, puts random values (empty, numbers in words, Persian
digits, wrong vocabulary values, bad dates and URLs, lists for text, …) at random places and
under misspelt keys, writes each as YAML, and compares (path, code, message) from
``validate.js`` with :func:`site_gen.record.validate_file`. Prints the differences and a count.
"""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from ..load import load_bytes
from ..record import validate_file
from .rules import rule_table_json

STATIC = Path(__file__).parent / "static"
PLACES = {"service": "cards/demo/x.yaml", "licence": "licenses/demo/x.yaml", "agency": "cards/demo/_agency.yaml"}
VALUES: list[Any] = [
    "", " ", "x", "0", "-1", "1.5", "abc def", "true", "no", None, [], {}, ["a"], {"k": "v"}, "۱۲۳", "12",
    "3,000 تومان", "۵۰۰ هزار ریال", "1403-13-01", "1403-12-30", "1404-12-30", "http://a", "https://ex.ir",
    "ftp://x.ir", "https://user@x.ir", "https://1.2.3", "other", "internet", "post", "G2C", "national",
    "sovereign", "issue", "shared", "day", "ملی", "عنوان خدمت", "a\nb", "\u200fx", "unlimited", ["1", "2"],
    ["1", "2", "3"], ["x"], [None], "https://[::1]/", "https://x.ir:99999/", "@user", "021-123",
]
RUNNER = """
globalThis.window = globalThis;
for (const f of process.argv.slice(1, 3)) require(f);
const fs = require("fs");
const rules = new CatalogueRules.Rules(JSON.parse(fs.readFileSync(0, "utf8").split("\\n")[0]));
const items = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = {};
for (const [name, kind, text] of items) {
  try { out[name] = CatalogueRules.check(rules, kind, text, {folder: "demo"}).diagnostics.map(d => [d.path, d.code, d.message]); }
  catch (e) { out[name] = [["", "JS-ERROR", String(e.stack)]]; }
}
console.log(JSON.stringify(out));
"""


def _paths(v: Any, loc: tuple[Any, ...] = ()) -> Any:
    yield loc
    if isinstance(v, dict):
        for k, x in v.items():
            yield from _paths(x, (*loc, k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _paths(x, (*loc, i))


def _set(d: Any, loc: tuple[Any, ...], value: Any) -> None:
    for p in loc[:-1]:
        d = d[p]
    d[loc[-1]] = value


def main(seed: int = 1, rounds: int = 12) -> int:
    rng = random.Random(seed)
    files = sorted(Path().glob("cards/*/*.yaml")) + sorted(Path().glob("licenses/*/*.yaml"))
    items: list[list[str]] = []
    expected: dict[str, list[list[str]]] = {}
    for f in files:
        kind = "agency" if f.name == "_agency.yaml" else "service" if f.parts[0] == "cards" else "licence"
        data = load_bytes(f.read_bytes(), str(f)).data
        if data is None:
            continue
        places = [p for p in _paths(data) if p]
        for _ in range(rounds):
            d = copy.deepcopy(data)
            for _ in range(rng.randint(1, 3)):
                loc = rng.choice(places)
                try:
                    if rng.random() < 0.15 and isinstance(loc[-1], str):
                        _set(d, (*loc[:-1], loc[-1] + "x"), copy.deepcopy(rng.choice(VALUES)))
                    else:
                        _set(d, loc, copy.deepcopy(rng.choice(VALUES)))
                except (KeyError, IndexError, TypeError):
                    pass
            text = yaml.safe_dump(d, allow_unicode=True, sort_keys=False, default_style='"' if rng.random() < 0.5 else None)
            name = str(len(items))
            result = validate_file("/nonexistent", PLACES[kind], text.encode("utf-8"))
            expected[name] = sorted([d.key, d.code, d.message] for d in result.diagnostics)
            items.append([name, kind, text])
    tmp = Path(".cache") / "parity_fuzz.json"
    tmp.parent.mkdir(exist_ok=True)
    tmp.write_text(json.dumps(items), encoding="utf-8")
    run = subprocess.run(
        ["node", "-e", RUNNER, str(STATIC / "vendor/yaml.min.js"), str(STATIC / "validate.js"), str(tmp)],
        input=rule_table_json() + "\n", capture_output=True, text=True, check=True,
    )
    got = json.loads(run.stdout)
    bad = 0
    for name, kind, text in items:
        if sorted(got[name]) != expected[name]:
            bad += 1
            if bad <= 5:
                print(f"--- {kind}\n{text}\n python: {expected[name]}\n browser: {sorted(got[name])}")
    print(f"{len(items)} cases, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
