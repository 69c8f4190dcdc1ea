"""Black-box: the report behind the summary card, its picture and exports, and revoking it."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from domain.report_links import hash_token
from tests.conftest import Clock
from tests.teams_harness import CHANNEL, TeamsHarness, User, last_card, submit_data

ANNA, BRAM = User("Anna de Vries"), User("Bram Bakker")
EVE = User("Eve Smith", locale="en-US")
NASTY = "**vet** [klik](https://evil.example) <script>alert(1)</script> <!channel> <at>Bram</at>"


def links_of(card: dict[str, Any]) -> tuple[str, str]:
    """The report link (OpenUrl action) and the picture URL (Image element) of a card."""
    report = next(a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl")
    image = next(e["url"] for e in card["body"] if e["type"] == "Image")
    return report, image


async def answer_a_few(teams: TeamsHarness) -> None:
    """Anna answers the intake (one text is a formula) and two effects, one with markup."""
    await teams.say(ANNA, "start Fietspad Assen-Zuid")
    assessment = teams.components.service.find.running(CHANNEL)
    base = {"bb": "answer", "a": assessment.public_id, "lang": "nl"}
    await teams.submit(ANNA, base | {"q": "intake.omschrijving", "text": '=HYPERLINK("x")'})
    await teams.submit(ANNA, base | {"q": "intake.streefbeeld", "text": "Veilig naar school."})
    await teams.submit(
        ANNA,
        base
        | {"q": "nu.gezondheid", "effect": "positive", "certainty": "likely", "explanation": NASTY},
    )
    await teams.submit(
        BRAM,
        base
        | {
            "q": "nu.gezondheid",
            "effect": "negative",
            "certainty": "uncertain",
            "explanation": "-1 minder",
        },
    )


async def test_summary_card_links_to_a_private_report(teams: TeamsHarness) -> None:
    await answer_a_few(teams)
    card = last_card(await teams.say(ANNA, "samenvatting"))
    report_url, image_url = links_of(card)
    assert report_url.startswith(teams.public_base_url + "/reports/")
    assert image_url == report_url + "/impact.png"
    token = report_url.rsplit("/", 1)[1]
    assert len(token) >= 43  # secrets.token_urlsafe(32)

    status, headers, body = await teams.get(report_url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "Verslag: Fietspad Assen-Zuid" in page
    assert "Dit is een tussenstand" in page and "Veilig naar school." in page
    assert headers["Cache-Control"] == "no-store, private"
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "img-src 'self'" in policy
    assert "style-src 'self'" in policy and "script" not in policy.replace("default-src", "")

    status, headers, png = await teams.get(image_url)
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert png.startswith(b"\x89PNG") and len(png) < 60 * 1024
    status, headers, css = await teams.get("/static/report.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert b"@media print" in css

    # Only the hash of the token is stored.
    from sqlmodel import Session, select

    from domain.models import ReportLink

    with Session(teams.engine) as session:
        stored = session.exec(select(ReportLink)).all()
    assert [row.token_hash for row in stored] == [hash_token(token)]
    assert token not in {row.token_hash for row in stored}


async def test_what_people_typed_is_shown_as_text_everywhere(teams: TeamsHarness) -> None:
    await answer_a_few(teams)
    card = last_card(await teams.say(ANNA, "samenvatting"))
    report_url, _ = links_of(card)

    # Card: the explanation sits in a TextRun (never Markdown), not a TextBlock.
    def blocks(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, dict):
            return [node, *(b for v in node.values() for b in blocks(v))]
        if isinstance(node, list):
            return [b for v in node for b in blocks(v)]
        return []

    holding = [
        b for b in blocks(card) if isinstance(b.get("text"), str) and "<script>" in b["text"]
    ]
    assert holding and all(b["type"] == "TextRun" for b in holding)

    # Report page: escaped by Jinja, so no script element and no link to evil.example.
    _, _, body = await teams.get(report_url)
    page = body.decode()
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;!channel&gt;" in page and "&lt;at&gt;Bram&lt;/at&gt;" in page
    assert 'href="https://evil.example"' not in page
    assert "**vet** [klik](https://evil.example)" in page  # Markdown stays literal

    # CSV: formulas become text (leading apostrophe); the rest is kept as typed.
    status, headers, raw = await teams.get(report_url + "/export.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    cells = {cell for row in rows[1:] for cell in row}
    assert '\'=HYPERLINK("x")' in cells and "'-1 minder" in cells
    assert NASTY in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)

    # JSON: the same data, plain strings.
    _, headers, raw = await teams.get(report_url + "/export.json")
    assert headers["Content-Type"].startswith("application/json")
    data = json.loads(raw)
    assert data["project"] == "Fietspad Assen-Zuid" and data["final"] is False
    assert any(a["explanation"] == NASTY for a in data["answers"])

    # Markdown: markup escaped, so a wiki shows it as typed.
    _, headers, raw = await teams.get(report_url + "/export.md")
    text = raw.decode()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\*\\*vet\\*\\* \\[klik\\]\\(https://evil\\.example\\)" in text


def gone(status: int, body: bytes) -> bool:
    """The one 404 page of a link that opens nothing, in Dutch and English."""
    page = body.decode()
    return (
        status == 404
        and "Dit verslag is er niet (meer)" in page
        and "This report is not available" in page
    )


async def test_unknown_and_revoked_links_get_the_same_friendly_404(
    teams: TeamsHarness, clock: Clock
) -> None:
    await answer_a_few(teams)
    first, image = links_of(last_card(await teams.say(ANNA, "samenvatting")))
    second, _ = links_of(last_card(await teams.say(BRAM, "samenvatting")))
    unknown = first[:-4] + ("aaaa" if not first.endswith("aaaa") else "bbbb")
    for url in (unknown, unknown + "/impact.png", "/reports/x", "/reports/" + "a" * 300):
        status, headers, body = await teams.get(url)
        assert gone(status, body), url
        assert headers["Cache-Control"] == "no-store, private"

    refused = await teams.say(BRAM, "intrekken")  # only the starter or a co-owner may
    assert refused[0].text.startswith("Dat kan alleen Anna")
    assert (await teams.get(first))[0] == 200
    revoked = await teams.say(ANNA, "intrekken")
    assert revoked[0].text.startswith("Ik heb 2 links naar het verslag ingetrokken.")
    for url in (first, second, image, first + "/export.csv", first + "/export.json"):
        status, _, body = await teams.get(url)
        assert gone(status, body), url
    again = await teams.say(User(ANNA.name, locale="en-US"), "revoke")
    assert again[0].text == "There are no links to a report here to revoke."
    # A new summary makes a new, working link.
    fresh, _ = links_of(last_card(await teams.say(ANNA, "samenvatting")))
    assert (await teams.get(fresh))[0] == 200


async def test_report_opens_in_the_language_of_its_summary(teams: TeamsHarness) -> None:
    await answer_a_few(teams)
    # In the project's thread the summary is in the project's language, and so its report.
    report_url, _ = links_of(last_card(await teams.say(EVE, "summary")))
    _, _, body = await teams.get(report_url)
    assert '<html lang="nl">' in body.decode()
    # Eve takes part and asks in her 1:1 chat: an English summary, an English report.
    assessment = teams.components.service.find.running(CHANNEL)
    answer = {"bb": "answer", "a": assessment.public_id, "lang": "en", "q": "nu.milieu"}
    await teams.submit(EVE, answer | {"effect": "positive", "certainty": "likely"})
    private = await teams.say(
        EVE, "summary", conversation="a:personal-eve", conversation_type="personal"
    )
    report_url, _ = links_of(last_card(private))
    _, _, body = await teams.get(report_url)
    page = body.decode()
    assert '<html lang="en">' in page and "Report: Fietspad Assen-Zuid" in page
    assert "This is an interim summary" in page


async def test_nobody_answered_gives_a_summary_that_says_so(teams: TeamsHarness) -> None:
    await teams.say(ANNA, "start Dorpshuis")
    replies = await teams.say(BRAM, "samenvatting")
    card = last_card(replies)
    text = replies[-1].card_text()
    assert "Nog niemand heeft een vraag beantwoord." in text
    assert not any(e["type"] == "Image" for e in card["body"])
    assert "Wat we nog niet weten" not in text  # nothing to list yet ("Hiaten" before)
    report_url = next(a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl")
    _, _, body = await teams.get(report_url)
    assert "Nog niemand heeft een vraag beantwoord." in body.decode()


async def test_without_a_public_address_the_card_has_no_picture_or_link(engine, clock) -> None:
    harness = TeamsHarness(engine, clock, public_base_url="")
    await harness.start()
    try:
        await harness.say(ANNA, "start Fietspad")
        card = last_card(await harness.say(ANNA, "volgende"))
        await harness.submit(ANNA, submit_data(card) | {"text": "Een fietspad"})
        summary = last_card(await harness.say(ANNA, "samenvatting"))
        assert not any(e["type"] == "Image" for e in summary["body"])
        assert not any(a["type"] == "Action.OpenUrl" for a in summary["actions"])
        assert "verslag" not in json.dumps(summary).lower()
        assert (await harness.say(ANNA, "intrekken"))[0].text.startswith("Er zijn hier geen links")
    finally:
        await harness.stop()
    assert harness.connector.invalid_cards == []


def test_report_tokens_never_reach_the_access_log() -> None:
    from bot.runtime.logs import redact_path

    assert redact_path("/reports/AbC-12_xyz/impact.png") == "/reports/<token>/impact.png"
    assert redact_path("/reports/AbC-12_xyz") == "/reports/<token>"
    assert redact_path("/api/messages") == "/api/messages"


async def test_deleting_the_project_ends_its_report_links(teams: TeamsHarness) -> None:
    await answer_a_few(teams)
    report_url, image_url = links_of(last_card(await teams.say(ANNA, "samenvatting")))
    assert (await teams.get(report_url))[0] == 200
    deleted = await teams.say(ANNA, "verwijder ja")
    assert "is verwijderd" in deleted[0].text
    for url in (report_url, image_url):
        assert gone(*(await teams.get(url))[:3:2])
