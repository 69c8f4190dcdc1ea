"""`afronden` asks first while answers are open; coverage counts answers asked per person.

Black-box over /api/messages (Teams) and /api/slack, and unit cases for domain.coverage.
"""

from __future__ import annotations

from datetime import UTC, datetime

from domain.coverage import answered_ids, coverage
from domain.parts import assignees_by_question
from domain.records import AnswerRecord, ParticipantRecord
from domain.scale import Effect
from questions.loader import load_bank
from questions.model import Scope
from tests.conftest import Clock
from tests.fake_connector import Recorded
from tests.slack_harness import SlackHarness, SlackUser, posted, texts
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data

BANK = load_bank()
TOTAL = len(BANK.questions)
TEAM_QUESTIONS = [q.id for q in BANK.questions if q.scope is Scope.TEAM]
EACH = TOTAL - len(TEAM_QUESTIONS)
WHEN = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")


def said(replies: list[Recorded]) -> str:
    return " ".join(r.text + " " + r.card_text() for r in replies)


async def answer_some(teams: TeamsHarness, user: User, count: int) -> None:
    """`count` card answers (any valid value) starting from the person's next question."""
    data = submit_data(last_card(await teams.say(user, "volgende")))
    for _ in range(count):
        question = BANK.question(data["q"])
        assert question is not None
        if question.type.value == "effect":
            data |= {"effect": "positive", "certainty": "likely"}
        elif question.type.value == "text":
            data["text"] = "Antwoord"
        else:
            data["choices"] = question.choices[0].id
        replies = await teams.submit(user, data)
        cards = [r.card for r in replies if r.card and "Opslaan" in r.card_text()]
        if not cards:
            return
        data = submit_data(cards[-1])


async def test_afronden_asks_while_answers_are_open_then_nee_keeps_it_open(
    teams: TeamsHarness,
) -> None:
    await teams.say(ANNA, "start Fietspad")
    await answer_some(teams, ANNA, 10)  # the 6 team questions and 4 of her own
    await answer_some(teams, BRAM, 2)
    asked = await teams.say(ANNA, "afronden")
    card = last_card(asked)
    text = said(asked)
    intake = len(BANK.sections[0].questions)  # team questions Anna answered for everyone
    # Each person's own questions; the team questions nobody answered yet are asked once.
    anna_open, bram_open = EACH - (10 - intake), EACH - 2
    team_open = len(TEAM_QUESTIONS) - intake
    assert "Fietspad afronden?" in text
    assert (
        f"Nog {anna_open + bram_open + team_open} antwoorden open: "
        f"Bram Bakker heeft er nog {bram_open}, Anna de Vries heeft er nog {anna_open} "
        f"en {team_open} vragen voor het hele team." in text
    )
    assert "Toch afronden?" in text
    assert "Zonder knoppen: typ ja of nee." in text
    titles = [a["title"] for a in card["actions"]]
    assert titles == ["Ja, afronden", "Nee, nog niet"]
    assert "afgerond" not in text

    kept = await teams.say(ANNA, "nee")
    assert "Het project blijft open" in said(kept)
    # Still open: Bram can answer.
    more = await teams.say(BRAM, "volgende")
    assert any(r.card for r in more)
    # After "nee", a later "ja" closes nothing.
    assert "afgerond" not in said(await teams.say(ANNA, "ja"))


async def test_typed_ja_closes_and_posts_the_summary(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await answer_some(teams, ANNA, 8)
    await teams.say(ANNA, "afronden")
    closed = await teams.say(ANNA, "ja")
    assert "Anna de Vries heeft **Fietspad** afgerond" in closed[0].text
    assert "Samenvatting: Fietspad" in closed[-1].card_text()
    assessment = teams.components.service.find.latest(CHANNEL)  # type: ignore[union-attr]
    assert assessment is not None and assessment.status == "closed"


async def test_the_ja_button_closes_and_only_an_owner_may_press_it(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await answer_some(teams, ANNA, 3)
    asked = await teams.say(ANNA, "finish")
    assert "Close anyway?" in said(asked)
    card = last_card(asked)
    yes = submit_data(card, "Yes, close it")
    refused = await teams.submit(BRAM, yes)
    assert "Only Anna de Vries" in said(refused)  # the card says which language
    closed = await teams.submit(ANNA, yes)
    # The closing notice is for the team: in the project's language (Dutch here).
    assert "Anna de Vries heeft **Fietspad** afgerond" in closed[0].text
    again = await teams.submit(ANNA, yes)
    assert "already been closed" in said(again)


async def test_everything_answered_closes_at_once(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad")
    await answer_some(teams, ANNA, TOTAL)
    closed = await teams.say(ANNA, "afronden")
    assert "Anna de Vries heeft **Fietspad** afgerond" in closed[0].text


async def test_a_late_ja_does_not_close(teams: TeamsHarness, clock: Clock) -> None:
    await teams.say(ANNA, "start Fietspad")
    await teams.say(ANNA, "afronden")
    clock.advance(hours=2)
    late = await teams.say(ANNA, "ja")
    assert "afgerond" not in said(late)
    assessment = teams.components.service.find.latest(CHANNEL)  # type: ignore[union-attr]
    assert assessment is not None and assessment.status == "open"


async def test_slack_asks_with_the_same_buttons(slack: SlackHarness) -> None:
    anna = SlackUser("Anna de Vries")
    slack.add_users(anna)
    posted(await slack.mention(anna, "start Fietspad"))
    asked = posted(await slack.mention(anna, "afronden"))
    assert "Toch afronden?" in texts(asked)
    closed = posted(await slack.click(anna, asked[-1], button="Ja, afronden"))
    assert "Anna de Vries heeft *Fietspad* afgerond" in texts(closed)


# -- domain.coverage ----------------------------------------------------------------------


def person(user_id: str, left: bool = False) -> ParticipantRecord:
    return ParticipantRecord(user_id, user_id.title(), WHEN, left=left)


def answer(question_id: str, author: str) -> AnswerRecord:
    return AnswerRecord(question_id, author, author.title(), WHEN, effect=Effect.POSITIVE)


def test_coverage_counts_team_questions_once_and_each_question_per_person() -> None:
    people = [person("anna"), person("bram")]
    answers = [answer(q, "anna") for q in TEAM_QUESTIONS] + [answer("nu.welzijn", "bram")]
    found = coverage(BANK, answered_ids(answers), people, {})
    assert found.asked == len(TEAM_QUESTIONS) + 2 * EACH
    assert found.given == len(TEAM_QUESTIONS) + 1
    assert (found.team_asked, found.team_given) == (len(TEAM_QUESTIONS), len(TEAM_QUESTIONS))
    anna, bram = found.people
    assert (anna.asked, anna.given) == (EACH, 0)  # her own questions; the team's apart
    assert (bram.asked, bram.given) == (EACH, 1)
    assert [(p.user_id, p.open) for p in found.with_open] == [
        ("anna", EACH),
        ("bram", EACH - 1),
    ]


def test_an_open_team_question_is_counted_once_for_the_team() -> None:
    found = coverage(BANK, {}, [person("anna"), person("bram")], {})
    assert found.asked == len(TEAM_QUESTIONS) + 2 * EACH
    assert (found.team_asked, found.team_given) == (len(TEAM_QUESTIONS), 0)
    assert [p.open for p in found.people] == [EACH, EACH]


def test_assigned_parts_are_asked_only_of_their_assignees() -> None:
    section = BANK.section("nu")
    assert section is not None
    assignees = assignees_by_question(BANK, [("section:nu", {"anna"})])
    found = coverage(BANK, {}, [person("anna"), person("bram")], assignees)
    anna, bram = found.people
    assert anna.asked == EACH and bram.asked == EACH - len(section.questions)
    assert found.asked == len(TEAM_QUESTIONS) + 2 * EACH - len(section.questions)


def test_someone_who_left_is_asked_only_what_they_answered() -> None:
    answers = [answer("nu.welzijn", "bram")]
    found = coverage(BANK, answered_ids(answers), [person("anna"), person("bram", left=True)], {})
    _, bram = found.people
    assert (bram.asked, bram.given, bram.open) == (1, 1, 0)
    assert found.asked == len(TEAM_QUESTIONS) + EACH + 1


def test_everything_answered_leaves_nothing_open() -> None:
    answers = [answer(q.id, "anna") for q in BANK.questions] + [
        answer(q.id, "bram") for q in BANK.questions if q.scope is Scope.EACH
    ]
    found = coverage(BANK, answered_ids(answers), [person("anna"), person("bram")], {})
    assert found.open == 0 and found.with_open == () and found.complete
