"""Screenshots for the README: `.venv/bin/python tests/take_screenshots.py` (after `make site`)."""

from __future__ import annotations

from pathlib import Path

from browser import chromium, serve

REPO = Path(__file__).resolve().parents[1]
SHOTS = {
    "home": "",
    # real published records (issue 21), not sample data
    "service": "services/ostan-khorasan-razavi/foreign-child-birth-details/",
    "licence": "licenses/frw/rangeland-permit/",
    "agency": "agencies/ostan-khorasan-razavi/",
}


def main() -> None:
    out = REPO / "docs/screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with serve(REPO / "site") as base, chromium() as browser:
        for width, label in ((390, "phone"), (1280, "desktop")):
            page = browser.new_page(viewport={"width": width, "height": 844 if width == 390 else 900}, device_scale_factor=1)  # type: ignore[attr-defined]
            for name, path in SHOTS.items():
                page.goto(base + path)
                page.wait_for_load_state("load")
                page.screenshot(path=str(out / f"{name}-{label}.png"))
                print(out / f"{name}-{label}.png")


if __name__ == "__main__":
    main()
