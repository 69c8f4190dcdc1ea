"""Black-box: `herhaal`/`reassess` starts a new round, and its summary names what changed."""

from __future__ import annotations

from tests.conftest import Clock
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
EVE = User("Eve Smith", locale="en-US")


async def effect(teams: TeamsHarness, user: User, question: str, value: str) -> None:
    assessment = teams.components.service.find.running(CHANNEL)
    data = {"bb": "answer", "a": assessment.public_id, "q": question, "lang": "nl"}
    replies = await teams.submit(user, data | {"effect": value, "certainty": "likely"})
    assert replies[0].text.startswith(("Opgeslagen", "Bijgewerkt")), replies[0].text


async def test_a_second_round_shows_per_theme_what_changed(
    teams: TeamsHarness, clock: Clock
) -> None:
    nothing = await teams.say(ANNA, "herhaal")
    assert nothing[0].text.startswith("Er is hier nog geen project om te herhalen.")

    await teams.say(ANNA, "start Fietspad Assen-Zuid")
    await effect(teams, ANNA, "nu.gezondheid", "positive")
    await effect(teams, ANNA, "nu.wonen", "positive")
    await effect(teams, BRAM, "nu.milieu", "unknown")
    await effect(teams, BRAM, "nu.onderwijs", "positive")
    assessment = teams.components.service.find.running(CHANNEL)
    await teams.submit(
        ANNA,
        {"bb": "answer", "a": assessment.public_id, "q": "intake.streefbeeld", "lang": "nl"}
        | {"text": "Veilig naar school in 2030."},
    )

    busy = await teams.say(BRAM, "herhaal")
    assert busy[0].text.startswith("Ronde 1 van **Fietspad Assen-Zuid** loopt nog.")
    busy = await teams.say(EVE, "reassess")
    assert busy[0].text.startswith("Round 1 of **Fietspad Assen-Zuid** is still running.")

    clock.advance(days=2)
    await teams.say(ANNA, "afronden ja")
    first = teams.components.service.find.latest(CHANNEL)
    clock.advance(days=30)
    started = await teams.say(BRAM, "herhaal")
    text = started[-1].card_text()
    assert "Ronde 2: Fietspad Assen-Zuid" in text
    assert "De antwoorden van ronde 1 blijven bewaard." in text
    second = teams.components.service.find.running(CHANNEL)
    assert second.previous_assessment_id == first.id and second.project_name == first.project_name

    # Round 2 starts empty: the first question is asked again.
    question = await teams.say(ANNA, "volgende")
    assert "Fietspad Assen-Zuid · vraag 1 van 35" in question[-1].card_text()

    await effect(teams, ANNA, "nu.gezondheid", "negative")
    await effect(teams, ANNA, "nu.wonen", "positive")
    await effect(teams, ANNA, "nu.milieu", "positive")
    replies = await teams.say(ANNA, "samenvatting")
    summary = replies[-1].card_text()
    assert "Tussenstand: Fietspad Assen-Zuid (ronde 2)" in summary
    assert "Wat is veranderd sinds ronde 1 (afgerond op 26 november 2026)" in summary
    assert "▼ Gezondheid: Positief → Negatief (slechter)" in summary
    assert "+ Milieu: Weet niet → Positief (nu een oordeel)" in summary
    assert "Wonen: Positief" not in summary.split("Wat is veranderd")[1].split("thema's zijn")[0]
    # 18 themes: 2 changed, Onderwijs not answered again yet, 15 the same.
    assert "15 thema's zijn gelijk gebleven. Nog niet opnieuw beantwoord: Onderwijs." in summary
    # Round 2 has no streefbeeld of its own yet: round 1's is shown, marked as such.
    assert "Veilig naar school in 2030. — Anna de Vries (uit ronde 1)" in summary

    card = last_card(replies)
    report = next(a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl")
    _, _, body = await teams.get(report)
    page = body.decode()
    assert "Verslag: Fietspad Assen-Zuid (ronde 2)" in page
    assert "Alle thema&#39;s, vorige ronde en nu" in page
    assert "slechter" in page and "Positief" in page

    # English readers get the same comparison in English: in the thread the summary speaks
    # the project's language, so Eve takes part and asks in her 1:1 chat.
    round_two = teams.components.service.find.running(CHANNEL)
    await teams.submit(
        EVE,
        {"bb": "answer", "a": round_two.public_id, "lang": "en", "q": "kennis.onbekend"}
        | {"text": "Traffic counts"},
    )
    private = {"conversation": "a:personal-eve", "conversation_type": "personal"}
    english = (await teams.say(EVE, "summary", **private))[-1].card_text()
    assert "What changed since round 1 (closed on 26 November 2026)" in english
    assert "▼ Health: Positive → Negative (worse)" in english

    # A third round before anyone answered: no comparison yet, just that. Round 2 is
    # Bram's (he typed herhaal), so he closes it.
    await teams.say(BRAM, "afronden ja")
    third = await teams.say(ANNA, "herhaal")
    assert "Ronde 3: Fietspad Assen-Zuid" in third[-1].card_text()
    summary3 = (await teams.say(ANNA, "samenvatting"))[-1].card_text()
    assert "Tussenstand: Fietspad Assen-Zuid (ronde 3)" in summary3
    assert "Nog niemand heeft een vraag beantwoord." in summary3
    assert "Wat is veranderd" not in summary3
