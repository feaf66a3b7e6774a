"""Persian sentences for YAML syntax errors: no parser message in English reaches a clerk.

Every message libyaml's scanner, parser and reader and PyYAML's composer can raise falls in one
of the classes below (``tests/test_clerk_loop.py`` feeds each of them through); each class says
what is wrong in the clerk's terms and what to do. A message no class knows still gets the
general sentence, never the English.
"""

from __future__ import annotations

import re

#: (pattern on the parser's problem, Persian hint); the first that matches wins. ``{open}`` is
#: replaced by the line where the unclosed construct began, when the parser says.
CLASSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"tab character|found character '\\t'"), "نویسهٔ Tab در تورفتگی؛ فقط با فاصله (Space) تورفتگی کنید"),
    (re.compile(r"mapping values are not allowed|found unexpected ':'|mapping keys are not allowed"),
     "دو نقطهٔ «:» نابه‌جا؛ تورفتگی این سطر را با کلیدهای هم‌سطحش یکی کنید، یا متنی را که «: » دارد در گیومه بگذارید"),
    (re.compile(r"another document|single document"), "بیش از یک سند YAML در پرونده (---)؛ هر پرونده یک رکورد است"),
    (re.compile(r"',' or '\]'"),
     "فهرست «[ ... ]»{open} درست بسته نشده است؛ میان موردها «,» بگذارید، آن را با «]» ببندید و متنی را که «,» یا «:» یا «#» دارد در گیومه بگذارید"),
    (re.compile(r"',' or '\}'"),
     "نگاشت «{ ... }»{open} درست بسته نشده است؛ میان جفت‌ها «,» بگذارید، آن را با «}» ببندید و متنی را که «,» یا «:» دارد در گیومه بگذارید"),
    (re.compile(r"could not find expected ':'|expected ':'"),
     "«:» پس از کلید پیدا نشد{open}؛ شاید سطری بی‌کلید آمده، متن چندخطی تورفتگی ندارد یا گیومه‌ای بسته نشده است"),
    (re.compile(r"unexpected end of stream|end of stream|unexpected end"),
     "پرونده ناگهان تمام شد{open}؛ گیومه، کروشه یا آکولادی بسته نشده است"),
    (re.compile(r"did not find expected key|expected <block end>|expected block end"),
     "تورفتگی این سطر با کلیدهای هم‌سطحش{open} نمی‌خواند؛ کلیدهای یک نگاشت باید دقیقاً هم‌تراز باشند"),
    (re.compile(r"expected '-' indicator"),
     "انتظار می‌رفت مورد فهرست با «- »{open}؛ تورفتگی این سطر با موردهای دیگر فهرست نمی‌خواند"),
    (re.compile(r"block sequence entries are not allowed"),
     "مورد فهرست «- » در جایی که فهرست نمی‌تواند بیاید؛ فهرست را از سطر بعد و با تورفتگی بیشتر زیر کلیدش بنویسید"),
    (re.compile(r"node content|SCALAR, SEQUENCE-START|expected the node"),
     "مقداری پیدا نشد؛ پس از «:» یا «-» مقدار بنویسید (یا null)"),
    (re.compile(r"escape|hexdecimal|Unicode character escape"),
     "نویسهٔ گریز «\\» نادرست در متن گیومه‌دار؛ در گیومهٔ دوتایی «\\» را دوبار بنویسید («\\\\») یا متن را در گیومهٔ تکی بگذارید"),
    (re.compile(r"cannot start any token"),
     "نویسه‌ای که YAML در آغاز مقدار نمی‌پذیرد (مانند «@»، «`» یا «%»)؛ مقدار را در گیومه بگذارید"),
    (re.compile(r"alias|anchor|alphabetic or numeric|non-alphabetical"),
     "«*» یا «&» در آغاز مقدار در YAML ارجاع یا لنگر است که پذیرفته نیست؛ متنی را که با این نویسه‌ها آغاز می‌شود در گیومه بگذارید"),
    (re.compile(r"tag|'!'|URI"), "«!» در آغاز مقدار در YAML برچسب نوع است که پذیرفته نیست؛ مقدار را در گیومه بگذارید"),
    (re.compile(r"comment or (?:a )?line break|whitespace"),
     "پس از مقدار گیومه‌دار فقط توضیح (#) یا پایان سطر می‌آید؛ همهٔ متن را در گیومه بگذارید"),
    (re.compile(r"indentation indicator|chomping|expected '>'|block scalar"),
     "سرآغاز متن چندخطی («|» یا «>») نادرست است؛ پس از آن فقط پایان سطر بیاید و متن در سطرهای بعد با تورفتگی"),
    (re.compile(r"document|DOCUMENT|STREAM|stream-start|directive|%YAML|%TAG|version number|digit or '\.'"),
     "نشانهٔ سند یا دستور YAML («---»، «...» یا «%») نابه‌جا؛ پرونده فقط یک نگاشت از کلیدهاست"),
    (re.compile(r"UTF-8|octet|control characters|invalid Unicode|special characters"),
     "نویسهٔ نامعتبر در پرونده؛ پرونده را با رمزگذاری UTF-8 و بی‌نویسهٔ کنترلی ذخیره کنید"),
]

GENERAL = "نحو YAML در این نقطه نادرست است؛ تورفتگی، «:»، گیومه‌ها و کروشه‌ها را بررسی کنید"


#: "did not find expected key" is said of several mistakes; what follows the place tells them apart.
_AFTER_KEY = [
    (re.compile(r"\A\s*[\]}]"), "«]» یا «}» اضافی؛ هر کروشه یا آکولادی که باز شده یک بار بسته می‌شود"),
    (re.compile(r"\A\s*-(?:\s|\Z)"), "مورد فهرست «- » در جایی که فهرست نمی‌تواند بیاید؛ فهرست را از سطر بعد و با تورفتگی بیشتر زیر کلیدش بنویسید"),
]
_AFTER_QUOTE = "پس از مقدار گیومه‌دار فقط توضیح (#) یا پایان سطر می‌آید؛ همهٔ متن را در گیومه بگذارید"


def hint(problem: str | None, context: str | None = None, context_line: int | None = None, before: str = "", after: str = "") -> str:
    """The Persian sentence for one parser error: ``problem`` and ``context`` as the parser gives
    them, ``context_line`` (1-based) where the construct began, ``before`` and ``after`` the text
    of the line before and after the place of the error."""
    text = problem or context or ""
    if context and "block scalar" in context:
        text = "block scalar"
    elif "expected key" in text:
        for pattern, sentence in _AFTER_KEY:
            if pattern.search(after):
                return sentence
        if re.search(r"[\"']\s*\Z", before) and after.strip():
            return _AFTER_QUOTE
    for pattern, sentence in CLASSES:
        if pattern.search(text):
            opened = f" (از سطر {context_line})" if context_line is not None and "{open}" in sentence else ""
            return sentence.replace("{open}", opened)
    return GENERAL
