"""The ``/editor/`` page and its static files, written by ``site-gen build`` as one page job.

Files under ``docs/editor/``: the page (``index.md``, raw HTML: the editor is a form, not prose),
``rules.json`` (:func:`site_gen.editor.rules.rule_table`), the scripts and the stylesheet from
``static/`` (the vendored ``yaml`` library with its licence), and ``files/``: a copy of every
record's YAML as committed, so that «ویرایش این شناسنامه» on a record's page opens it without
asking another host.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .rules import rule_table_json

if TYPE_CHECKING:
    from ..render.pages import Page, Site

STATIC = Path(__file__).parent / "static"
#: Scripts in the order the page loads them.
SCRIPTS = ("vendor/yaml.min.js", "validate.js", "fmt.js", "editor.js")

_PAGE = """---
generated: true
title: ویرایشگر شناسنامه
description: ساختن یا ویرایش شناسنامهٔ خدمت، مجوز یا دستگاه در مرورگر، با همان قواعد site-gen validate
editor: true
---

<link rel="stylesheet" href="editor.css">
<noscript><p>ویرایشگر به JavaScript نیاز دارد. بدون آن، پرونده را با <code>site-gen new</code> بسازید و با <code>site-gen validate</code> بسنجید.</p></noscript>
<div id="catalogue-editor" hidden>
<p>شناسنامه را در فرم بنویسید؛ هر خطا همان‌جا با همان پیام <code>site-gen validate</code> نشان داده می‌شود. پیش‌نویس در همین مرورگر نگه داشته می‌شود.</p>
<div class="ed-toolbar" role="group" aria-label="پرونده">
<label for="editor-kind">نوع</label>
<select id="editor-kind"><option value="service">شناسنامهٔ خدمت</option><option value="licence">مجوز</option><option value="agency">دستگاه</option></select>
<button type="button" id="editor-new">پروندهٔ تازه</button>
<button type="button" id="editor-discard">کنار گذاشتن پیش‌نویس</button>
<label for="editor-file">باز کردن پروندهٔ YAML</label>
<input type="file" id="editor-file" accept=".yaml,.yml,text/yaml">
</div>
<div class="ed-toolbar" role="group" aria-label="باز کردن از کاتالوگ">
<label for="editor-open">باز کردن از کاتالوگ</label>
<input id="editor-open" list="editor-records" autocomplete="off" placeholder="عنوان یا نشانی پرونده">
<datalist id="editor-records"></datalist>
<button type="button" id="editor-open-go">باز کردن</button>
</div>
<p id="editor-status" role="status"></p>
<section id="editor-errors" aria-label="خطاها"></section>
<p><input type="checkbox" id="editor-complete"> <label for="editor-complete">همهٔ فیلدهای فرم را بخواه (مانند <code>--complete</code>)</label></p>
<form id="editor-form" novalidate onsubmit="return false"></form>
<section id="editor-unknown" hidden></section>
<div class="ed-toolbar" role="group" aria-label="خروجی">
<button type="button" id="editor-download">بارگیری YAML</button>
<button type="button" id="editor-copy">رونوشت YAML</button>
<a class="md-button" id="editor-submit" href="#" rel="nofollow noopener">ارسال برای بررسی</a>
</div>
<section id="editor-preview" aria-label="پیش‌نمایش"></section>
</div>
""" + "".join(f'<script src="{name.split("/")[-1]}"></script>\n' for name in SCRIPTS)
_HEAD, _BODY = _PAGE.split("\n---\n", 1)
#: One HTML line per block, blank lines between: the build's raw-HTML fast path
#: (site_gen/hooks_state.py) passes each such line through untouched.
PAGE = _HEAD + "\n---\n" + "\n\n".join(line for line in _BODY.split("\n") if line) + "\n"


def static_files() -> dict[str, str]:
    """``editor/…`` path → content: the page, the rule table, the scripts and the stylesheet."""
    out = {"editor/index.md": PAGE, "editor/rules.json": rule_table_json()}
    for name in (*SCRIPTS, "editor.css", "vendor/yaml.LICENSE.txt"):
        out[f"editor/{name.split('/')[-1]}"] = (STATIC / name).read_text(encoding="utf-8")
    return out


def editor_pages(site: Site) -> list[Page]:
    """The editor page, its files and a copy of every record's YAML."""
    from ..render.pages import Page

    pages = [Page(path, content) for path, content in static_files().items()]
    c = site.catalogue
    titles: list[tuple[str, str]] = [(f"cards/{slug}/_agency.yaml", a.name) for slug, a in c.agencies.items()]
    titles += [(f"cards/{a}/{s}.yaml", card.title) for (a, s), card in c.services.items()]
    titles += [(f"licenses/{a}/{s}.yaml", lic.title) for (a, s), lic in c.licences.items()]
    # the picker «باز کردن از کاتالوگ»: path and title of every record, JSON (card text as data)
    pages.append(Page("editor/files/index.json", json.dumps(sorted(titles), ensure_ascii=False, separators=(",", ":"))))
    for rel in sorted(c.paths.values()):
        source = c.root / rel
        try:
            pages.append(Page(f"editor/files/{rel}", source.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):  # gone since validation: the editor says so
            continue
    return pages
