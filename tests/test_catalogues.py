"""The text catalogues (dialogs/locale/*.po): valid PO files, complete in both languages,
real plural forms, every key the code asks for present and every key used, shipped in
the package. (Wording and command words: tests/test_messages.py.)"""

from __future__ import annotations

import ast
import re
import shutil
import string
import subprocess
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from dialogs import messages
from dialogs.messages import LOCALE_DIR, catalogue_entries, plural, text
from dialogs.paragraph_views import paragraph_file_name

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("nl", "en")
ENTRIES = catalogue_entries()
KEYS = sorted(ENTRIES["nl"])
PLURAL_KEYS = [key for key in KEYS if isinstance(ENTRIES["nl"][key], tuple)]
SINGLE_KEYS = [key for key in KEYS if isinstance(ENTRIES["nl"][key], str)]
KEY = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)*$")


def po_file(lang: str) -> Path:
    return LOCALE_DIR / f"{lang}.po"


def read(lang: str) -> Catalog:
    with po_file(lang).open("rb") as file:
        return read_po(file, abort_invalid=True)


def fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


# -- the files ------------------------------------------------------------------------------


def test_there_is_one_catalogue_per_language_dutch_first() -> None:
    assert sorted(path.name for path in LOCALE_DIR.glob("*.po")) == ["en.po", "nl.po"]
    assert messages.LANGUAGES == ("nl", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_parses_cleanly_with_babel(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    with po_file(lang).open("rb") as file:
        catalog = read_po(file)  # without abort_invalid Babel prints its warnings
    assert capsys.readouterr().out == ""
    assert str(catalog.locale) == lang
    assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)"
    assert [(m.id, errors) for m, errors in catalog.check()] == []
    assert [m.id for m in catalog if m.id and m.fuzzy] == []
    assert not catalog.obsolete


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_passes_msgfmt_check_where_gettext_is_installed(lang: str) -> None:
    """msgfmt --check (gettext's own validator), when the machine has it; Babel's reading
    above holds in any case."""
    assert read(lang) is not None
    msgfmt = shutil.which("msgfmt")
    if msgfmt is not None:
        done = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(po_file(lang))],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr


def test_a_broken_catalogue_stops_the_loader(tmp_path: Path) -> None:
    """Read with abort_invalid: a broken file stops the bot at start, not a user's turn."""
    for lang in LANGS:
        (tmp_path / f"{lang}.po").write_bytes(po_file(lang).read_bytes())
    with (tmp_path / "en.po").open("a", encoding="utf-8") as file:
        file.write('\nmsgid "help.extra"\nmsgstr "Extra"\nnot a PO line\n')
    with pytest.raises(PoFileError, match="misformatted"):
        messages._load(tmp_path)


# -- complete and consistent ----------------------------------------------------------------


def test_both_languages_have_the_same_keys_of_the_same_kind() -> None:
    assert sorted(ENTRIES["en"]) == KEYS
    for key in KEYS:
        assert type(ENTRIES["nl"][key]) is type(ENTRIES["en"][key]), key
    assert len(KEYS) > 400 and len(PLURAL_KEYS) == 19


def test_the_old_one_keys_are_gone() -> None:
    assert [key for key in KEYS if key.endswith("_one")] == []


@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_plural_entry_has_both_forms_in_both_languages(key: str) -> None:
    for lang in LANGS:
        forms = ENTRIES[lang][key]
        assert isinstance(forms, tuple) and len(forms) == 2, (key, lang)
        assert all(form.strip() for form in forms), (key, lang)
        assert forms[0] != forms[1], (key, lang)


@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_plural_forms_use_the_same_placeholders_in_both_languages(key: str) -> None:
    nl, en = ENTRIES["nl"][key], ENTRIES["en"][key]
    for one, other in zip(nl, en, strict=True):
        assert fields(one) == fields(other), key
    # The "other" form names every value; the "one" form may leave the number out.
    for lang in LANGS:
        forms = ENTRIES[lang][key]
        assert fields(forms[0]) <= fields(forms[1]), (key, lang)


@pytest.mark.parametrize("key", SINGLE_KEYS)
def test_single_entry_has_the_same_placeholder_names_in_both_languages(key: str) -> None:
    nl, en = ENTRIES["nl"][key], ENTRIES["en"][key]
    assert isinstance(nl, str) and isinstance(en, str)
    assert fields(nl) == fields(en), key
    assert all(name.isidentifier() for name in fields(nl)), key


@pytest.mark.parametrize("lang", LANGS)
def test_plural_picks_the_form_by_the_number(lang: str) -> None:
    said = {n: plural("reminder.body", n, lang, count=n, project="P") for n in (0, 1, 2, 21)}
    if lang == "nl":
        assert said[1] == "Je hebt nog 1 vraag open voor **P**."
        assert said[2] == "Je hebt nog 2 vragen open voor **P**."
        assert said[0] == "Je hebt nog 0 vragen open voor **P**."
    else:
        assert said[1] == "You still have 1 open question for **P**."
        assert said[21] == "You still have 21 open questions for **P**."


def test_plural_takes_a_placeholder_named_count() -> None:
    assert plural("change.unchanged", 3, "nl", count=3) == "3 thema's zijn gelijk gebleven."
    assert plural("change.unchanged", 1, "en", count=1) == "1 theme stayed the same."


def test_an_unknown_language_reads_dutch() -> None:
    assert text("help.title", "de") == text("help.title", "nl")
    assert plural("revoke.done", 2, "fy", count=2) == plural("revoke.done", 2, "nl", count=2)


def test_a_new_language_may_leave_texts_empty_and_gets_dutch(tmp_path: Path) -> None:
    """Adding a language: a catalogue with only some texts translated still works."""
    for lang in LANGS:
        (tmp_path / f"{lang}.po").write_bytes(po_file(lang).read_bytes())
    (tmp_path / "fy.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fy\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "help.title"\nmsgstr "Sa wurket Breedbeeld"\n\n'
        'msgid "help.intro"\nmsgstr ""\n',
        encoding="utf-8",
    )
    loaded = messages._load(tmp_path)
    assert loaded["fy"].texts["help.title"] == "Sa wurket Breedbeeld"
    assert loaded["fy"].texts["help.intro"] == loaded["nl"].texts["help.intro"]
    assert loaded["fy"].plurals == {}  # plural() then reads Dutch, with Dutch's rule


# -- the code and the catalogues agree ------------------------------------------------------


def _code_files() -> list[Path]:
    return sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "dialogs").rglob("*.py")])


def _keys_in_code() -> tuple[set[str], set[str], list[re.Pattern[str]]]:
    """What the code says about keys: every string constant that looks like one (it may
    be a key), the constants it hands to text()/plural() or assigns to a `key` (it must
    be a key), and patterns for keys it builds (f"effect.{value}", "teams_app." + name)."""
    constants: set[str] = set()
    asked: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in _code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if KEY.match(node.value):
                    constants.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = [
                    re.escape(v.value)
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                    else "[a-z0-9_]+"
                    for v in node.values
                ]
                pattern = "".join(parts)
                if re.match(r"[a-z_]+\\\.", pattern):  # starts with a namespace
                    patterns.append(re.compile(pattern + "$"))
            elif (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Add)
                and isinstance(node.left, ast.Constant)
                and isinstance(node.left.value, str)
                and re.match(r"^[a-z_]+\.$", node.left.value)
            ):
                patterns.append(re.compile(re.escape(node.left.value) + "[a-z0-9_.]+$"))
            if _asks_for_a_key(node):
                asked |= _plain_constants(node)
    return constants, asked, patterns


def _asks_for_a_key(node: ast.AST) -> bool:
    """A call text(key, ...) / plural(key, ...), or `key = ...` / `title_key = ...`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in ("text", "plural", "message") and bool(node.args)
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return isinstance(target, ast.Name) and (target.id == "key" or target.id.endswith("_key"))
    return False


def _plain_constants(node: ast.AST) -> set[str]:
    """The string constants of a call's first argument or an assignment's value, not
    counting the fixed parts of f-strings."""
    value = node.args[0] if isinstance(node, ast.Call) else getattr(node, "value", None)
    if value is None:
        return set()
    in_fstrings = {
        id(part)
        for inner in ast.walk(value)
        if isinstance(inner, ast.JoinedStr)
        for part in inner.values
    }
    return {
        inner.value
        for inner in ast.walk(value)
        if isinstance(inner, ast.Constant)
        and isinstance(inner.value, str)
        and KEY.match(inner.value)
        and re.search("[a-z]", inner.value)
        and id(inner) not in in_fstrings
    }


CONSTANTS, ASKED, PATTERNS = _keys_in_code()


def test_every_key_the_code_asks_for_is_in_the_catalogues() -> None:
    assert {"help.title", "summary.title_final", "reminder.body"} <= ASKED  # the scan works
    assert sorted(ASKED - set(KEYS)) == []


def test_every_key_built_in_code_matches_some_entry() -> None:
    assert PATTERNS  # the scan sees f"effect.{...}" and the like
    for pattern in PATTERNS:
        assert any(pattern.match(key) for key in KEYS), pattern.pattern


def test_every_catalogue_key_is_used_by_the_code() -> None:
    unused = [
        key
        for key in KEYS
        if key not in CONSTANTS and not any(pattern.match(key) for pattern in PATTERNS)
    ]
    assert unused == []


def test_call_sites_ask_text_for_single_and_plural_for_plural_entries() -> None:
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if node.func.id == "plural":
                assert first.value in PLURAL_KEYS, (path.name, node.lineno, first.value)
            elif node.func.id in ("text", "message") and first.value in KEYS:
                assert first.value in SINGLE_KEYS, (path.name, node.lineno, first.value)


def test_the_scan_would_notice_a_key_that_does_not_exist() -> None:
    assert "help.title" in CONSTANTS
    assert "help.no_such_text" not in KEYS
    with pytest.raises(KeyError):
        text("help.no_such_text", "nl")


# -- what the texts make ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_paragraph_file_name_stays_safe_in_a_header(lang: str) -> None:
    name = paragraph_file_name("Fietspad Assen-Zuid (fase 2)", 3, lang, "docx")
    assert re.fullmatch(r"[a-z0-9-]+\.docx", name), name
    assert name.endswith("fietspad-assen-zuid-fase-2-3.docx")


# -- shipped with the package -----------------------------------------------------------------


def test_package_data_ships_the_catalogues() -> None:
    """The wheel (and so the Docker image) gets every file the loader reads."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["dialogs"]
    package = ROOT / "dialogs"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    assert set(LOCALE_DIR.glob("*.po")) <= shipped
    assert LOCALE_DIR.parent == package
