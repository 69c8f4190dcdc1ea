"""The packaged question bank is complete, and broken banks are reported clearly.

A municipality edits the bank by hand, so every validation rule is tested with a broken
bank and the message must name the file and the question it is about.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from questions.loader import PACKAGED_BANK, BankError, load_bank
from questions.model import AnswerType, Dimension, QuestionBank, Role, Scope

SECTION_ORDER = ("intake", "nu", "later", "elders", "verdeling", "samenhang", "kennis", "afweging")

THEMES_NOW = {
    "welzijn",
    "materiële welvaart",
    "gezondheid",
    "arbeid en vrije tijd",
    "wonen",
    "samenleving",
    "veiligheid",
    "milieu",
    "onderwijs",
    "bereikbaarheid en voorzieningen",
}

CAPITALS = {"economisch kapitaal", "natuurlijk kapitaal", "menselijk kapitaal", "sociaal kapitaal"}


# -- helpers for broken banks ---------------------------------------------------------------


def _question(qid: str = "s.q", **fields: Any) -> dict[str, Any]:
    """A valid text question; a field set to None is left out."""
    question: dict[str, Any] = {
        "id": qid,
        "type": "text",
        "text": {"nl": "Vraag?", "en": "Question?"},
        "help": {"nl": "Hulp.", "en": "Help."},
    }
    question.update(fields)
    return {k: v for k, v in question.items() if v is not None}


def _effect(qid: str = "s.e", **fields: Any) -> dict[str, Any]:
    """A valid effect question."""
    base = {"type": "effect", "dimension": "now", "theme": {"nl": "Thema", "en": "Theme"}}
    return _question(qid, **{**base, **fields})


def _choices(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "nl": f"Keuze {i}", "en": f"Choice {i}"} for i in ids]


def _section(sid: str = "s", *questions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A valid section holding `questions` (one text question if none given)."""
    section: dict[str, Any] = {
        "id": sid,
        "title": {"nl": "Titel", "en": "Title"},
        "intro": {"nl": "Inleiding.", "en": "Introduction."},
        "questions": list(questions) or [_question(f"{sid}.q")],
    }
    section.update(fields)
    return {k: v for k, v in section.items() if v is not None}


def _write(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _bank_dir(tmp_path: Path, *sections: dict[str, Any], version: Any = "1") -> Path:
    """A directory bank with one file per section, named 10-<id>.yaml, 20-<id>.yaml, ..."""
    _write(tmp_path / "bank.yaml", {"version": version})
    for number, section in enumerate(sections, start=1):
        _write(tmp_path / f"{number}0-{section.get('id', 'x')}.yaml", section)
    return tmp_path


def _error(path: Path) -> str:
    """The message of the BankError that loading `path` raises, without the line numbers
    (`file: line 12: question ...`): the tests below check the words, and
    test_every_problem_names_its_line the lines."""
    with pytest.raises(BankError) as excinfo:
        load_bank(path)
    return _LINE.sub(": ", str(excinfo.value))


_LINE = re.compile(r": line \d+: ")


def _broken_question(tmp_path: Path, question: dict[str, Any]) -> tuple[str, str]:
    """Load a bank with one broken question; return (message, file name it must name)."""
    bank = _bank_dir(tmp_path, _section("s", question))
    return _error(bank), str(bank / "10-s.yaml")


# -- the packaged bank ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank()


def test_packaged_bank_loads(bank: QuestionBank) -> None:
    assert bank.version == "2026.2"
    assert 30 <= len(bank.questions) <= 35


def test_packaged_bank_loads_from_its_path_too(bank: QuestionBank) -> None:
    assert load_bank(PACKAGED_BANK) == bank
    assert load_bank(str(PACKAGED_BANK)) == bank


def test_sections_in_framework_order(bank: QuestionBank) -> None:
    assert tuple(s.id for s in bank.sections) == SECTION_ORDER


def test_question_ids_are_prefixed_with_their_section(bank: QuestionBank) -> None:
    for question in bank.questions:
        assert question.id.startswith(f"{question.section_id}.")


def test_hier_en_nu_has_an_effect_question_per_theme(bank: QuestionBank) -> None:
    section = bank.section("nu")
    assert section is not None
    themes = set()
    for question in section.questions:
        assert question.type is AnswerType.EFFECT
        assert question.dimension is Dimension.NOW
        assert question.theme is not None
        themes.add(question.theme.nl.lower())
    assert themes == THEMES_NOW
    assert bank.question("nu.gezondheid") is not None


def test_later_has_the_four_capitals(bank: QuestionBank) -> None:
    section = bank.section("later")
    assert section is not None
    assert all(q.type is AnswerType.EFFECT for q in section.questions)
    assert all(q.dimension is Dimension.LATER for q in section.questions)
    assert {q.theme.nl.lower() for q in section.questions if q.theme} == CAPITALS
    assert bank.question("later.natuurlijk_kapitaal") is not None


def test_elders_has_effects_elsewhere_and_asks_about_afwenteling(bank: QuestionBank) -> None:
    section = bank.section("elders")
    assert section is not None
    effects = [q for q in section.questions if q.type is AnswerType.EFFECT]
    assert len(effects) == 3
    assert all(q.dimension is Dimension.ELSEWHERE and q.theme for q in effects)
    texts = [q for q in section.questions if q.type is AnswerType.TEXT]
    assert any("afwenteling" in q.help.nl for q in texts)


def test_verdeling_gain_and_lose_share_one_list_of_groups(bank: QuestionBank) -> None:
    (gain,) = bank.by_role(Role.GROUPS_GAIN)
    (lose,) = bank.by_role(Role.GROUPS_LOSE)
    assert gain.choices == lose.choices
    assert 12 <= len(gain.choices) <= 16
    distribution = [q for q in bank.questions if q.dimension is Dimension.DISTRIBUTION]
    assert len(distribution) == 1
    assert distribution[0].type is AnswerType.EFFECT and distribution[0].theme


def test_target_groups_use_the_same_ids_as_gain_and_lose(bank: QuestionBank) -> None:
    """So the summary can say 'a target group loses'."""
    target = bank.question("intake.doelgroepen")
    (gain,) = bank.by_role(Role.GROUPS_GAIN)
    assert target is not None and target.type is AnswerType.GROUPS
    assert set(gain.choices) <= set(target.choices)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_present_exactly_once(bank: QuestionBank, role: Role) -> None:
    assert len(bank.by_role(role)) == 1


def test_intake_and_afweging_are_answered_per_team(bank: QuestionBank) -> None:
    for section_id in ("intake", "afweging"):
        section = bank.section(section_id)
        assert section is not None
        assert all(q.scope is Scope.TEAM for q in section.questions)
    assert all(q.scope is Scope.EACH for q in bank.questions if q.type is AnswerType.EFFECT)


def test_intake_has_no_project_name_question(bank: QuestionBank) -> None:
    """The name comes from the start command; asking it again would annoy."""
    assert all("naam van het project" not in q.text.nl.lower() for q in bank.questions)


def test_afweging_help_points_to_the_streefbeeld(bank: QuestionBank) -> None:
    section = bank.section("afweging")
    assert section is not None
    assert all("streefbeeld" in q.help.nl and "streefbeeld" in q.help.en for q in section.questions)


def test_help_texts_are_one_or_two_sentences(bank: QuestionBank) -> None:
    for question in bank.questions:
        for text in (question.help.nl, question.help.en):
            sentences = re.findall(r"[.?!](?:['\"]?)(?:\s|$)", text)
            assert 1 <= len(sentences) <= 2, (question.id, text)


def test_single_file_bank_loads_the_same_as_a_directory(tmp_path: Path, bank: QuestionBank) -> None:
    files = sorted(p for p in PACKAGED_BANK.glob("*.yaml") if p.name != "bank.yaml")
    sections = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]
    single = _write(tmp_path / "all.yaml", {"version": "2026.2", "sections": sections})
    assert load_bank(single) == bank


def test_single_file_bank_errors_name_the_file_and_question(tmp_path: Path) -> None:
    question = _question("s.q", text={"nl": "Vraag?"})
    single = _write(tmp_path / "all.yaml", {"version": "1", "sections": [_section("s", question)]})
    message = _error(single)
    assert f'{single}: question "s.q": missing English text (text.en)' in message


def test_single_file_bank_without_sections_is_empty(tmp_path: Path) -> None:
    single = _write(tmp_path / "all.yaml", {"version": "1", "sections": []})
    assert f"{single}: the bank is empty" in _error(single)


# -- validation rules -----------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    assert "no such file or directory" in _error(tmp_path / "nope")


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s"))
    broken = bank / "20-broken.yaml"
    broken.write_text("id: b\ntitle: {nl: Titel, en: Title}\nintro: [unclosed\n", encoding="utf-8")
    message = _error(bank)
    assert f"{broken}: line " in message
    assert "invalid YAML" in message


def test_yaml_syntax_error_reports_the_right_line(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s"))
    broken = bank / "20-broken.yaml"
    broken.write_text("id: b\nquestions:\n  - id: b.q\n   type: text\n", encoding="utf-8")
    assert f"{broken}: line 4," in _error(bank)


def test_duplicate_question_id_names_both_files(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("a", _question("x.q")), _section("b", _question("x.q")))
    message = _error(bank)
    assert f'{bank / "20-b.yaml"}: question "x.q": question id is already used in ' in message
    assert str(bank / "10-a.yaml") in message


def test_duplicate_question_id_in_one_file(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s", _question("s.q"), _question("s.q")))
    message, file = _error(bank), str(bank / "10-s.yaml")
    assert f'{file}: question "s.q": question id is already used in {file}' in message


def test_duplicate_section_id_names_both_files(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s", _question("s.a")), _section("s", _question("s.b")))
    message = _error(bank)
    first, second = bank / "10-s.yaml", bank / "20-s.yaml"
    assert f'{second}: section "s": section id is already used in {first}' in message


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("text", {"nl": "Vraag?"}, "missing English text (text.en)"),
        ("text", {"en": "Question?"}, "missing Dutch text (text.nl)"),
        ("text", {"nl": "Vraag?", "en": ""}, "missing English text (text.en)"),
        ("text", {"nl": "   ", "en": "Question?"}, "missing Dutch text (text.nl)"),
        ("help", {"nl": "Hulp."}, "missing English help text (help.en)"),
        ("help", None, "missing help text (help:"),
        ("text", None, "missing text (text:"),
    ],
)
def test_missing_language_in_question_texts(
    tmp_path: Path, field: str, value: Any, expected: str
) -> None:
    message, file = _broken_question(tmp_path, _question("s.q", **{field: value}))
    assert f'{file}: question "s.q": {expected}' in message


def test_missing_language_in_theme(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _effect("s.e", theme={"nl": "Thema", "en": ""}))
    assert f'{file}: question "s.e": missing English theme label (theme.en)' in message


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", {"nl": "Titel"}, "missing English title (title.en)"),
        ("intro", {"en": "Introduction."}, "missing Dutch introduction (intro.nl)"),
        ("intro", {"nl": "", "en": "Introduction."}, "missing Dutch introduction (intro.nl)"),
    ],
)
def test_missing_language_in_section_texts(
    tmp_path: Path, field: str, value: Any, expected: str
) -> None:
    bank = _bank_dir(tmp_path, _section("s", **{field: value}))
    assert f'{bank / "10-s.yaml"}: section "s": {expected}' in _error(bank)


def test_missing_language_in_choice_label(tmp_path: Path) -> None:
    choices = [*_choices("a"), {"id": "b", "nl": "Keuze b", "en": ""}]
    message, file = _broken_question(tmp_path, _question("s.c", type="choice", choices=choices))
    assert f'{file}: question "s.c": choice "b": missing English label (en)' in message


def test_text_must_have_both_languages_as_a_mapping(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _question("s.q", text="Vraag?"))
    assert f'{file}: question "s.q": text needs a Dutch and an English version' in message


def test_yaml_boolean_where_text_belongs_asks_for_quotes(tmp_path: Path) -> None:
    """`en: No` is read by YAML as false, a classic surprise for a yes/no choice."""
    bank = _bank_dir(tmp_path, _section("s"))
    (bank / "10-s.yaml").write_text(
        "id: s\n"
        "title: {nl: Titel, en: Title}\n"
        "intro: {nl: Inleiding., en: Introduction.}\n"
        "questions:\n"
        "  - id: s.c\n"
        "    type: choice\n"
        '    text: {nl: "Vraag?", en: "Question?"}\n'
        "    help: {nl: Hulp., en: Help.}\n"
        "    choices:\n"
        "      - {id: ja, nl: Ja, en: Yes}\n"
        "      - {id: nee, nl: Nee, en: No}\n",
        encoding="utf-8",
    )
    message = _error(bank)
    assert f'{bank / "10-s.yaml"}: question "s.c": choice "nee": en must be text' in message
    assert "false" in message and "quotes" in message


def test_unknown_answer_type_lists_the_allowed_ones(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _question("s.q", type="efect"))
    assert f'{file}: question "s.q": unknown answer type "efect"' in message
    assert "allowed: effect, text, choice, groups" in message


def test_missing_answer_type(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _question("s.q", type=None))
    assert f'{file}: question "s.q": missing answer type' in message


@pytest.mark.parametrize(
    ("field", "value", "what", "allowed"),
    [
        ("dimension", "nu", "dimension", "now, later, elsewhere, distribution"),
        ("role", "advies", "role", "description, streefbeeld"),
        ("scope", "all", "scope", "each, team"),
    ],
)
def test_unknown_dimension_role_or_scope(
    tmp_path: Path, field: str, value: str, what: str, allowed: str
) -> None:
    message, file = _broken_question(tmp_path, _effect("s.e", **{field: value}))
    assert f'{file}: question "s.e": unknown {what} "{value}" (allowed: {allowed}' in message


def test_effect_question_needs_a_dimension(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _effect("s.e", dimension=None))
    assert f'{file}: question "s.e": an effect question needs a dimension' in message


def test_effect_question_needs_a_theme(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _effect("s.e", theme=None))
    assert f'{file}: question "s.e": an effect question needs a theme label' in message


def test_only_effect_questions_have_a_dimension(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _question("s.q", dimension="now"))
    assert f'{file}: question "s.q": only effect questions have a dimension' in message


@pytest.mark.parametrize("answer_type", ["choice", "groups"])
@pytest.mark.parametrize("choices", [None, [], _choices("a")])
def test_choice_questions_need_two_choices(
    tmp_path: Path, answer_type: str, choices: list[dict[str, str]] | None
) -> None:
    question = _question("s.c", type=answer_type, choices=choices)
    message, file = _broken_question(tmp_path, question)
    assert f'{file}: question "s.c": a {answer_type} question needs at least 2 choices' in message


def test_choice_ids_are_unique(tmp_path: Path) -> None:
    question = _question("s.c", type="groups", choices=_choices("a", "b", "a"))
    message, file = _broken_question(tmp_path, question)
    assert f'{file}: question "s.c": choice id "a" is used twice' in message


def test_choice_ids_follow_the_id_rule(tmp_path: Path) -> None:
    question = _question("s.c", type="choice", choices=_choices("a", "B c"))
    message, file = _broken_question(tmp_path, question)
    assert f'{file}: question "s.c": choice #2: choice id "B c" is not valid' in message


def test_non_choice_questions_have_no_choices(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _question("s.q", choices=_choices("a", "b")))
    assert f'{file}: question "s.q": only choice and groups questions have choices' in message


@pytest.mark.parametrize("bad_id", ["Nu.gezondheid", "1nu", "nu gezondheid", "nu/x", "_nu", ""])
def test_question_ids_follow_the_id_rule(tmp_path: Path, bad_id: str) -> None:
    message, file = _broken_question(tmp_path, _question(bad_id))
    assert f'{file}: section "s": question #1: question id "{bad_id}" is not valid' in message


def test_numeric_question_id_is_not_valid(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _question(12))  # type: ignore[arg-type]
    assert f'{file}: section "s": question #1: question id 12 is not valid' in message


def test_question_needs_an_id(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _question(None))  # type: ignore[arg-type]
    assert f'{file}: section "s": question #1: missing question id' in message


def test_section_ids_follow_the_id_rule(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("Hier en nu"))
    assert f'{bank / "10-Hier en nu.yaml"}: section: section id "Hier en nu" is not valid' in (
        _error(bank)
    )


def test_unknown_question_key_is_a_typo(tmp_path: Path) -> None:
    message, file = _broken_question(tmp_path, _question("s.q", hlep={"nl": "x", "en": "y"}))
    assert f'{file}: question "s.q": unknown key "hlep"' in message
    assert 'did you mean "help"?' in message


def test_unknown_section_and_choice_keys(tmp_path: Path) -> None:
    choices = [*_choices("a"), {"id": "b", "nl": "B", "en": "B", "label": "B"}]
    question = _question("s.c", type="choice", choices=choices)
    bank = _bank_dir(tmp_path, _section("s", question, titel="x"))
    message = _error(bank)
    file = bank / "10-s.yaml"
    assert f'{file}: section "s": unknown key "titel"' in message
    assert f'{file}: question "s.c": choice "b": unknown key "label"' in message


def test_unknown_language_is_reported(tmp_path: Path) -> None:
    text = {"nl": "Vraag?", "eng": "Question?"}
    message, file = _broken_question(tmp_path, _question("s.q", text=text))
    assert f'{file}: question "s.q": unknown language in text "eng"' in message
    assert f'{file}: question "s.q": missing English text (text.en)' in message


def test_empty_bank_is_an_error(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path)
    assert f"{bank}: the bank is empty" in _error(bank)


def test_empty_section_is_an_error(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, {**_section("s"), "questions": []})
    assert f'{bank / "10-s.yaml"}: section "s": the section has no questions' in _error(bank)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s"))
    (bank / "20-leeg.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert f"{bank / '20-leeg.yaml'}: the file is empty" in _error(bank)


def test_section_file_must_be_a_mapping(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s"))
    _write(bank / "20-list.yaml", [_question("l.q")])
    assert f"{bank / '20-list.yaml'}: section: a section must be a mapping" in _error(bank)


def test_role_is_used_at_most_once(tmp_path: Path) -> None:
    first = _question("a.q", role="advice")
    second = _question("b.q", role="advice")
    bank = _bank_dir(tmp_path, _section("a", first), _section("b", second))
    message = _error(bank)
    assert (
        f'{bank / "20-b.yaml"}: question "b.q": role "advice" is already used by question '
        f'"a.q" in {bank / "10-a.yaml"}'
    ) in message


@pytest.mark.parametrize(
    ("role", "question", "needed"),
    [
        ("groups_gain", _question("s.q"), "groups"),
        ("groups_lose", _question("s.q", type="choice", choices=_choices("a", "b")), "groups"),
        ("streefbeeld", _effect("s.q"), "text"),
        ("description", _question("s.q", type="groups", choices=_choices("a", "b")), "text"),
        ("knowledge_gaps", _effect("s.q"), "text"),
        ("accepted_trade_offs", _effect("s.q"), "text"),
        ("mitigation", _effect("s.q"), "text"),
        ("advice", _effect("s.q"), "text"),
    ],
)
def test_role_needs_its_answer_type(
    tmp_path: Path, role: str, question: dict[str, Any], needed: str
) -> None:
    message, file = _broken_question(tmp_path, {**question, "role": role})
    assert f'{file}: question "s.q": role "{role}" needs a {needed} question' in message


def test_version_is_required(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s"), version=None)
    assert f"{bank / 'bank.yaml'}: missing bank version" in _error(bank)


def test_version_must_be_quoted_text(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s"), version=2026.1)
    assert f"{bank / 'bank.yaml'}: the version must be text in quotes" in _error(bank)


def test_bank_yaml_is_required(tmp_path: Path) -> None:
    bank = _bank_dir(tmp_path, _section("s"))
    (bank / "bank.yaml").unlink()
    assert f"{bank}: missing bank.yaml" in _error(bank)


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    bank = _bank_dir(
        tmp_path,
        _section("a", _question("a.q", type="efect")),
        _section(
            "b", _question("b.q", hlep={"nl": "x", "en": "y"}), _effect("b.e", dimension=None)
        ),
    )
    with pytest.raises(BankError) as excinfo:
        load_bank(bank)
    lines = str(excinfo.value).splitlines()
    assert len(lines) == 3 == len(excinfo.value.errors)
    assert '"a.q": unknown answer type' in lines[0]
    assert '"b.q": unknown key "hlep"' in lines[1]
    assert '"b.e": an effect question needs a dimension' in lines[2]


def test_a_shared_option_has_the_same_number_in_every_question() -> None:
    """People who type numbers reuse them: "2" means the same group in every list."""
    bank = load_bank()
    numbers: dict[str, set[int]] = {}
    for question in bank.questions:
        for number, choice in enumerate(question.choices, start=1):
            numbers.setdefault(choice.id, set()).add(number)
    assert all(len(found) == 1 for found in numbers.values()), numbers
    target = bank.question("intake.doelgroepen")
    winners = bank.question("verdeling.winnaars")
    assert target is not None and winners is not None
    assert [c.id for c in target.choices][: len(winners.choices)] == [c.id for c in winners.choices]


def test_an_option_numbered_differently_in_two_questions_is_refused(tmp_path: Path) -> None:
    choices = [{"id": "a", "nl": "A", "en": "A"}, {"id": "b", "nl": "B", "en": "B"}]
    first = _question("s.one", type="groups", choices=choices)
    second = _question("s.two", type="groups", choices=list(reversed(choices)))
    message = _error(_bank_dir(tmp_path, _section("s", first, second)))
    assert "question s.two: option 'b' is number 1 here but number 2 in s.one" in message


def test_every_problem_names_its_line(tmp_path: Path) -> None:
    """Each message says the line to look at: the key that is wrong, or where the
    question, choice or section that lacks something starts."""
    bank = _bank_dir(tmp_path, _section("s"))
    (bank / "10-s.yaml").write_text(
        "id: s\n"  # 1
        "title: {nl: Titel, en: Title}\n"  # 2
        "intro: {nl: Inleiding., en: Introduction.}\n"  # 3
        "questions:\n"  # 4
        "  - id: s.q\n"  # 5
        "    type: efect\n"  # 6
        "    text: {nl: Vraag?}\n"  # 7
        "    hlep: {nl: Hulp., en: Help.}\n"  # 8
        "  - id: s.c\n"  # 9
        "    type: choice\n"  # 10
        "    text: {nl: Vraag?, en: Question?}\n"  # 11
        "    help: {nl: Hulp., en: Help.}\n"  # 12
        "    role: advice\n"  # 13
        "    choices:\n"  # 14
        "      - {id: a, nl: A, en: A}\n"  # 15
        "      - {id: a, nl: B, en: No}\n"  # 16
        "  - id: s.e\n"  # 17
        "    type: effect\n"  # 18
        "    dimension: now\n"  # 19
        "    text: {nl: Vraag?, en: Question?}\n"  # 20
        "    help: {nl: Hulp., en: Help.}\n",  # 21
        encoding="utf-8",
    )
    with pytest.raises(BankError) as excinfo:
        load_bank(bank)
    file = bank / "10-s.yaml"
    said = set(excinfo.value.errors)
    assert said >= {
        f'{file}: line 6: question "s.q": unknown answer type "efect" '
        "(allowed: effect, text, choice, groups)",
        f'{file}: line 7: question "s.q": missing English text (text.en)',
        f'{file}: line 8: question "s.q": unknown key "hlep" (allowed: id, type, dimension, '
        'scope, theme, text, help, role, choices); did you mean "help"?',
        f'{file}: line 5: question "s.q": missing help text (help: {{nl: "...", en: "..."}})',
        f'{file}: line 16: question "s.c": choice "a": en must be text, but YAML read it as '
        "false; put the text in quotes",
    }, excinfo.value.errors
    assert all(": line " in message for message in said), said


def _line(file: Path, text: str, after: int = 0) -> int:
    """The number of the first line after line `after` of `file` that holds `text`."""
    numbered = enumerate(file.read_text(encoding="utf-8").splitlines(), start=1)
    return next(n for n, line in numbered if n > after and text in line)


def test_rules_across_fields_name_their_line(tmp_path: Path) -> None:
    question = _question("s.c", type="groups", role="advice", choices=_choices("a", "b", "a"))
    _, name = _broken_question(tmp_path, question)
    file = Path(name)
    with pytest.raises(BankError) as excinfo:
        load_bank(file.parent)
    third = _line(file, "- id: a", _line(file, "- id: b"))
    assert set(excinfo.value.errors) >= {
        f'{file}: line {_line(file, "role: advice")}: question "s.c": role "advice" needs a '
        "text question, not groups",
        f'{file}: line {third}: question "s.c": choice id "a" is used twice',
    }, excinfo.value.errors


def test_rules_across_files_name_their_line(tmp_path: Path) -> None:
    first = _question("a.q", role="advice")
    second = _question("a.q", role="advice")
    bank = _bank_dir(tmp_path, _section("a", first), _section("b", second))
    with pytest.raises(BankError) as excinfo:
        load_bank(bank)
    a, b = bank / "10-a.yaml", bank / "20-b.yaml"
    assert set(excinfo.value.errors) == {
        f'{b}: line {_line(b, "- id: a.q")}: question "a.q": question id is already used in {a}',
        f'{b}: line {_line(b, "role: advice")}: question "a.q": role "advice" is already used '
        f'by question "a.q" in {a}; each role can be used only once',
    }, excinfo.value.errors


def test_check_bank_lists_every_problem_with_its_file_and_line(tmp_path: Path) -> None:
    """What a bank editor runs: `breedbeeld check-bank <folder>` says each problem once."""
    (tmp_path / "bank").mkdir()
    bank = _bank_dir(tmp_path / "bank", _section("s", _question("s.q", type="efect", hlep="x")))
    file = bank / "10-s.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check-bank", str(bank)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 2
    problems = result.stderr.splitlines()[1:]
    assert problems == [
        f'{file}: line {_line(file, "type: efect")}: question "s.q": unknown answer type '
        '"efect" (allowed: effect, text, choice, groups)',
        f'{file}: line {_line(file, "hlep:")}: question "s.q": unknown key "hlep" (allowed: '
        'id, type, dimension, scope, theme, text, help, role, choices); did you mean "help"?',
    ], result.stderr
