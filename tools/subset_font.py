"""Subset the self-hosted Vazirmatn to the characters the catalogue's pages use.

    .venv/bin/pip install fonttools brotli    # a developer's tool, not a dependency of site_gen
    .venv/bin/python tools/subset_font.py

Reads the full variable font (tools/fonts/Vazirmatn-Variable.full.woff2, Vazirmatn v33.0.3,
OFL-1.1) and writes two static instances into site_gen/theme/assets/fonts/: regular (400) and
bold (700; the stylesheet's 600 uses it too). Two static faces of the Persian subset weigh 31 KB
together; the whole variable font weighed 111 KB, and its Persian subset still 36 KB, because the
variation deltas of every glyph travel with it.

The OpenType layout features (Persian joining forms, ligatures, mark positioning) are kept; the
glyphs kept are those reachable from :data:`UNICODES`: the Persian letters and the Arabic ones
Persian text uses, the marks, both digit sets, the punctuation the pages print. Latin letters and
digits (addresses, ids, Latin names, all in left-to-right islands) are left to the system's sans
serif: :data:`UNICODE_RANGE` is the @font-face ``unicode-range`` of catalogue.css, so the browser
asks for the font only for the characters it has. tests/test_citizen_page.py checks that every
Persian character of the sample site is in the subset and that the stylesheet's range is this one.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FULL = ROOT / "tools/fonts/Vazirmatn-Variable.full.woff2"
FONTS = ROOT / "site_gen/theme/assets/fonts"
WEIGHTS = {400: "Vazirmatn-Regular.woff2", 700: "Vazirmatn-Bold.woff2"}

UNICODES: list[int] = [
    0x20, 0x21, 0x22, 0x25, 0x27, 0x28, 0x29, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A,  # space ! " % ' ( ) + , - . / :
    0xA0, 0xAB, 0xBB, 0xD7, 0xF7,  # no-break space, « », × ÷
    *range(0x060C, 0x060E), 0x061B, 0x061F,  # ، ؍ ؛ ؟
    *range(0x0621, 0x063B),  # hamza … غ
    *range(0x0640, 0x0656),  # tatweel, ف … ي, harakat
    *range(0x0660, 0x066E),  # Arabic-Indic digits, ٪ ٫ ٬
    0x0670, 0x0679, 0x067E, 0x0686, 0x0688, 0x0691, 0x0698, 0x06A9, 0x06AF, 0x06BA, 0x06BE, 0x06C0, 0x06C1, 0x06C2, 0x06C3,
    0x06CC, 0x06D2, 0x06D5,  # ٹ پ چ ڈ ڑ ژ ک گ ں ھ ۀ ہ ۂ ۃ ی ے ە
    *range(0x06F0, 0x06FA),  # Persian digits
    *range(0x200B, 0x2010),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    *range(0x2010, 0x2028),  # dashes, quotes, bullet, ellipsis
    0x2039, 0x203A, 0x2066, 0x2067, 0x2068, 0x2069,  # ‹ › and the isolates
    0x2190, 0x2192, 0x2212, 0xFEFF,  # ← → − BOM
]


def unicode_range(codes: list[int]) -> str:
    """``U+20-22, U+25, …``: the code points as CSS ``unicode-range`` spans."""
    spans: list[list[int]] = []
    for c in sorted(set(codes)):
        if spans and c == spans[-1][1] + 1:
            spans[-1][1] = c
        else:
            spans.append([c, c])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


UNICODE_RANGE = unicode_range(UNICODES)


def main() -> None:
    # fontTools only here: the tests read UNICODES and WEIGHTS without the developer's tool installed
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    options = subset.Options()
    options.layout_features = ["*"]  # Persian needs init/medi/fina/isol, rlig, mark, mkmk, kern…
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names, version: the OFL's notices stay
    options.notdef_outline = True
    options.hinting = False  # screens of phones and desktops render Persian outlines unhinted well
    options.drop_tables += ["DSIG"]
    for weight, name in WEIGHTS.items():
        font = instancer.instantiateVariableFont(TTFont(str(FULL)), {"wght": weight})
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        font.flavor = "woff2"
        out = FONTS / name
        font.save(str(out))
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")
    print(f"full variable font: {FULL.stat().st_size:,} bytes\nunicode-range: {UNICODE_RANGE}")


if __name__ == "__main__":
    main()
