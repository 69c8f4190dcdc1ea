"""The report page in a real browser: headless Chromium (Debian's `chromium`).

If Chromium is missing this test fails (CI installs it in .ci/run); it never skips.
"""

from __future__ import annotations

from bot.demo import browser
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
TYPED = "Kinderen **fietsen** <script>document.title='hacked'</script> <at>Bram</at>"


async def test_report_renders_in_chromium_without_console_errors(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Fietspad Assen-Zuid")
    assessment = teams.components.service.find.running(CHANNEL)
    base = {"bb": "answer", "a": assessment.public_id, "lang": "nl"}
    await teams.submit(ANNA, base | {"q": "intake.streefbeeld", "text": "Veilig naar school."})
    for user, value in ((ANNA, "positive"), (BRAM, "strongly_negative")):
        await teams.submit(
            user,
            base
            | {"q": "nu.gezondheid", "effect": value, "certainty": "likely", "explanation": TYPED},
        )
    await teams.submit(ANNA, base | {"q": "nu.wonen", "effect": "unknown"})
    # Answers are still open, so "afronden" alone asks first (issue 16b); "ja" confirms.
    card = last_card(await teams.say(ANNA, "afronden ja"))
    report_url = next(a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl")

    seen = await browser.visit(report_url)

    assert seen.console_errors == []
    assert seen.images_loaded, "the impact picture did not load"
    assert seen.stylesheet_applied, "the stylesheet did not load (CSP or path)"
    for expected in (
        "Verslag: Fietspad Assen-Zuid",
        "Afgerond op 24 november 2026",
        "Veilig naar school.",
        "In het kort",
        "Effecten per thema",
        "De meningen over gezondheid zijn verdeeld",
        "≠ Verdeeld: 1× positief, 1× sterk negatief",  # a split, never a mean
        "4 van de 61 antwoorden zijn gegeven",
        "Alle antwoorden",
        "Anna de Vries",
        "Bram Bakker",
        TYPED,  # shown as text, the script never ran
    ):
        assert expected in seen.text, expected
