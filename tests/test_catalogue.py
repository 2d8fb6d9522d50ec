"""The Chinese catalogues are Chinese and the English source strings are English (issue 13
part 1): no message carries both languages, nothing is left untranslated, and one English
word means the same in every app unless a message context says otherwise.

What a Chinese message may contain besides Chinese, written down once (ALLOWED and
NOT_WORDS below); anything else that looks like an English word fails the test with the
catalogue, the msgid and the word."""

import re
from collections import defaultdict
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.glob("xingping/*/locale/zh_Hans/LC_MESSAGES/django.po"))
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")

# Words a Chinese office reads as they are: the list, then file formats and
# standards, then the names of products a message tells the user to use.
ALLOWED = {
    "Excel", "PDF", "Word", "QR", "API", "Open311", "USCC", "ID",  # issue 13
    "CSV", "XLSX", "UTF-8", "JPG", "PNG", "SHA-256", "UTC", "YYYY-MM-DD", "base64", "Atom",  # formats
    "WPS", "PostgreSQL", "SQLite", "Microsoft", "Google", "Authenticator", "FreeOTP",  # products
}
# Not words: placeholders, HTML, and code the user types (a `code span`, a `xingping ...`
# command line with its --options, an UPPER_CASE setting, a file path or extension), and a
# single letter (the outcome classes A/B/C).
NOT_WORDS = [
    re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgG]|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgG]|%%"),
    re.compile(r"\{[\w.]*(?:![rsa])?(?::[^{}]*)?\}"),
    re.compile(r"<[^<>]+>|&\w+;"),
    re.compile(r"`[^`]*`"),
    re.compile(r"\bxingping(?: [a-z][\w-]*)+"),
    re.compile(r"--[a-z][\w-]*"),
    re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"),
    re.compile(r"\b[\w-]+/[\w./-]+"),
    re.compile(r"\.(?:csv|xlsx|docx|pdf|md|png|jpg|json)\b"),
]
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")


def english_words(text):
    for pattern in NOT_WORDS:
        text = pattern.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED and len(w) > 1]


def entries():
    for path in CATALOGUES:
        app = path.parts[-5]
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield app, entry


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 10 and sum(1 for _ in entries()) > 1000


def test_each_message_once_per_catalogue():
    """msgfmt and makemessages refuse a catalogue with the same message twice."""
    seen, bad = set(), []
    for app, entry in entries():
        key = (app, entry.msgctxt, entry.msgid)
        if key in seen:
            bad.append(key)
        seen.add(key)
    assert not bad, bad


def test_no_english_word_in_a_chinese_message():
    bad = [(app, entry.msgid, words) for app, entry in entries() for text in translations(entry)
           if (words := english_words(text))]
    assert not bad, "\n".join(f"{app}: {msgid!r} → English words {words}" for app, msgid, words in bad)


def test_no_chinese_in_an_english_source_string():
    bad = [(app, entry.msgid) for app, entry in entries()
           if CJK.search(entry.msgid) or CJK.search(entry.msgid_plural or "")]
    assert not bad, "\n".join(f"{app}: {msgid!r}" for app, msgid in bad)


def test_every_message_is_translated():
    bad = [(app, entry.msgid) for app, entry in entries()
           if not all(translations(entry)) or "fuzzy" in entry.flags]
    assert not bad, "\n".join(f"{app}: {msgid!r} has no Chinese (or is fuzzy)" for app, msgid in bad)


def test_placeholders_survive_translation():
    """A Chinese message uses the placeholders of its English one (a missing %(name)s loses
    the value; a positional %s that is missing or extra breaks the formatting)."""
    named = re.compile(r"%\((\w+)\)")
    positional = re.compile(r"%(?!\()[-#0 +]*\d*(?:\.\d+)?[sdif]")
    bad = []
    for app, entry in entries():
        if "python-format" not in entry.flags and not named.search(entry.msgid) and not positional.search(entry.msgid):
            continue
        for text in translations(entry):
            if set(named.findall(text)) - set(named.findall(entry.msgid + (entry.msgid_plural or ""))):
                bad.append((app, entry.msgid, "unknown placeholder"))
            if not entry.msgid_plural and set(named.findall(text)) != set(named.findall(entry.msgid)):
                bad.append((app, entry.msgid, "placeholders differ"))
            if len(positional.findall(text)) != len(positional.findall(entry.msgid)):
                bad.append((app, entry.msgid, "positional placeholders differ"))
    assert not bad, "\n".join(f"{app}: {msgid!r}: {why}" for app, msgid, why in bad)


def test_one_english_word_one_chinese_word_across_apps():
    """Django uses the first catalogue that has a msgid, so an English word translated two
    ways in two apps shows one app's Chinese in the other's pages. Where the meanings differ,
    the source gives a context (pgettext / {% translate ... context ... %})."""
    seen = defaultdict(dict)
    for app, entry in entries():
        seen[(entry.msgctxt, entry.msgid)][app] = tuple(translations(entry))
    bad = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not bad, "\n".join(
        f"{'[' + ctx + '] ' if ctx else ''}{msgid!r}: " + "; ".join(f"{a}={'/'.join(t)}" for a, t in apps.items())
        for (ctx, msgid), apps in sorted(bad.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))


SOURCE_CALL = re.compile(
    r"""(?:\b_|gettext(?:_lazy)?|ngettext(?:_lazy)?|pgettext(?:_lazy)?)\(\s*(?:"[^"]*",\s*)?(["'])((?:(?!\1).)*)\1"""
    r"""|\{%\s*(?:translate|trans)\s+(["'])((?:(?!\3).)*)\3""")


@pytest.mark.parametrize("suffix", ["py", "html", "txt"])
def test_no_chinese_in_a_translated_string_in_the_source(suffix):
    """The source side: a gettext call or a {% translate %} whose English carries Chinese
    (the catalogues are extracted from these)."""
    bad = []
    for path in ROOT.glob(f"xingping/**/*.{suffix}"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in SOURCE_CALL.finditer(path.read_text(encoding="utf-8")):
            text = match.group(2) or match.group(4) or ""
            if CJK.search(text):
                bad.append(f"{path.relative_to(ROOT)}: {text[:80]!r}")
    assert not bad, "\n".join(bad)


def test_the_allow_list_is_the_written_down_one():
    """Guard against the allow-list quietly growing into 'anything goes'."""
    assert len(ALLOWED) <= 25
    assert english_words("请选择满意程度（Choose a level）。") == ["Choose", "level"]
    assert english_words("导出 Excel；运行 `xingping sample-visits`；%(name)s 的 PDF") == []


def _docstring_nodes(tree):
    """The string constants that are documentation: docstrings and bare string statements."""
    import ast

    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def _words(text):
    """English words proper (codes such as A7, R14.3 or GB2312 are not words)."""
    return [w for w in english_words(text) if w.isalpha()]


def test_no_message_in_the_source_carries_both_languages():
    """A literal that mixes Chinese and English words is a message shown to someone in both
    languages at once ("must be 18 characters (应为18位)"); the English goes through gettext
    and the Chinese into the catalogue. Docstrings and comments are not messages."""
    import ast

    bad = []
    for path in sorted(ROOT.glob("xingping/**/*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstring_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                docs.update(id(v) for v in node.values)
                text = "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                text = node.value
            else:
                continue
            if CJK.search(text) and (words := _words(text)):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:80]!r} → {words}")
    assert not bad, "\n".join(bad)


def test_the_mixed_language_scan_can_fail():
    assert _words("no campaign {value!r} (活动不存在)") == ["no", "campaign"]
    assert _words("仿宋_GB2312 实施方案 R14.3 整改照片.png") == []
