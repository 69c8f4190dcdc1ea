"""Black-box: a team runs a whole assessment in Slack, over signed requests to /api/slack."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block

from bot.rendering.block_kit import MAX_BLOCKS
from tests.fake_slack import SlackCall
from tests.slack_harness import CHANNEL, SlackHarness, SlackUser, posted, replaced, texts

ANNA, BRAM = SlackUser("Anna de Vries"), SlackUser("Bram Bakker")
EVE = SlackUser("Eve Smith", locale="en-US")

EFFECTS: dict[str, dict[str, str]] = {
    ANNA.id: {
        "nu.gezondheid": "strongly_positive",
        "nu.bereikbaarheid_voorzieningen": "positive",
        "later.natuurlijk_kapitaal": "negative",
        "nu.wonen": "unknown",
    },
    BRAM.id: {
        "nu.gezondheid": "positive",
        "nu.bereikbaarheid_voorzieningen": "strongly_negative",
        "later.natuurlijk_kapitaal": "negative",
        "nu.wonen": "unknown",
    },
}


def assert_valid_block_kit(message: SlackCall) -> None:
    """Within Slack's limits and well-formed, by our checks and slack_sdk's own models."""
    blocks = message.blocks
    assert len(blocks) <= MAX_BLOCKS
    assert message.text, "every message needs a notification text"
    for block in blocks:
        assert block["type"] in ("header", "section", "context", "divider", "input", "actions")
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.to_dict()  # runs slack_sdk's validators (lengths, counts, required fields)
        if block["type"] == "section":
            assert 0 < len(block["text"]["text"]) <= 3000
        if block["type"] == "context":
            assert all(len(e["text"]) <= 2000 for e in block["elements"])
        if block["type"] == "input":
            element = block["element"]
            assert block["block_id"] == element["action_id"]
            if element["type"] in ("radio_buttons", "checkboxes"):
                assert len(element["options"]) <= 10
        for button in block.get("elements", []) if block["type"] == "actions" else []:
            assert len(button["text"]["text"]) <= 75 and len(button["value"]) <= 2000


def mrkdwn_texts(node: Any) -> list[str]:
    """Every mrkdwn text object's text in a block tree."""
    if isinstance(node, list):
        return [t for item in node for t in mrkdwn_texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "mrkdwn" else []
    return own + [t for value in node.values() for t in mrkdwn_texts(value)]


def answer_inputs(user: SlackUser, question: SlackCall) -> tuple[str, dict[str, Any]]:
    """The question id and how this teammate fills in the message's inputs."""
    save = question.buttons()[0]
    question_id = save["value"].split('"q": "')[1].split('"')[0]
    inputs = question.inputs()
    if "effect" in inputs:
        effect = EFFECTS[user.id].get(question_id, "neutral")
        return question_id, {
            "effect": effect,
            "certainty": "uncertain" if question_id == "nu.milieu" else "likely",
            "explanation": f"{user.name.split()[0]} over {question_id}",
        }
    if "choices" in inputs:
        element = inputs["choices"]["element"]
        if question_id == "verdeling.winnaars":
            return question_id, {"choices": ["kinderen", "jongeren"]}
        if question_id == "verdeling.verliezers":
            return question_id, {"choices": ["boeren"]}
        first = element["options"][1]["value"]
        many = element["type"] in ("checkboxes", "multi_static_select")
        return question_id, {"choices": [first] if many else first}
    texts_by_question = {
        "intake.streefbeeld": "In 2030 fietsen twee keer zo veel kinderen naar school.",
        "kennis.onbekend": "Hoeveel verkeer rijdt er straks door het dorp?",
    }
    return question_id, {"text": texts_by_question.get(question_id, f"Antwoord {user.name}")}


async def answer_everything(slack: SlackHarness, user: SlackUser) -> int:
    """Walk through all of this user's open questions with the Save button."""
    question = posted(await slack.mention(user, "volgende"))[-1]
    count = 0
    while question.inputs():
        assert_valid_block_kit(question)
        _, inputs = answer_inputs(user, question)
        calls = await slack.click(user, question, inputs=inputs)
        assert posted(calls) == [], texts(calls)  # nothing new in the thread
        question = replaced(calls, question)  # the question message moved on in place
        assert "Opgeslagen" in question.all_text()
        count += 1
    assert "Je hebt al je vragen beantwoord" in question.all_text()
    return count


async def test_two_teammates_run_a_whole_assessment(slack: SlackHarness) -> None:
    slack.add_users(ANNA, BRAM)
    started = await slack.mention(ANNA, "start Fietspad Assen-Zuid")
    card = posted(started)[-1]
    assert card.channel == CHANNEL
    assert card.blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Nieuw project: Fietspad Assen-Zuid", "emoji": True},
    }
    assert "35 vragen in 8 delen" in card.all_text()
    assert "Gestart door Anna de Vries" in card.all_text()  # the name comes from users.info
    assert_valid_block_kit(card)

    assert await answer_everything(slack, ANNA) == 35

    # Bram answers the first effect questions by typing in a thread (mentioning the bot).
    question = posted(await slack.mention(BRAM, "volgende"))[-1]
    thread = question.thread_ts
    assert "Fietspad Assen-Zuid · vraag 7 van 35" in question.all_text()
    saved = await slack.mention(BRAM, "2 zeker want meer mensen gaan fietsen", thread_ts=thread)
    assert posted(saved)[0].text == "Opgeslagen: Welzijn – Positief (zeker)."
    assert {c.thread_ts for c in posted(saved)} == {thread}
    refused = await slack.mention(BRAM, "misschien", thread_ts=thread)
    assert "Begin je antwoord met een nummer van 1 tot 6" in posted(refused)[0].text
    # The rest with the buttons.
    assert await answer_everything(slack, BRAM) == 35 - 9 - 1

    status = posted(await slack.mention(BRAM, "status"))[-1]
    assert_valid_block_kit(status)
    # Answers given out of answers asked: the 9 team questions once, 26 to each of them.
    assert "Het team gaf 61 van de 61 antwoorden." in status.all_text()
    assert "Anna de Vries: 26 van 26 vragen beantwoord" in status.all_text()
    assert "Bram Bakker: 26 van 26 vragen beantwoord" in status.all_text()

    finished = posted(await slack.mention(ANNA, "afronden"))
    assert finished[0].text == "Anna de Vries heeft *Fietspad Assen-Zuid* afgerond. " + (
        "Nieuwe antwoorden zijn niet meer mogelijk."
    )
    summary_messages = finished[1:]
    assert 1 <= len(summary_messages) <= 2  # two people's summary: one message of ~30 blocks
    for message in summary_messages:
        assert_valid_block_kit(message)
    summary = "\n".join(m.all_text() for m in summary_messages)
    assert "Samenvatting: Fietspad Assen-Zuid" in summary
    assert "In 2030 fietsen twee keer zo veel kinderen naar school. — Anna de Vries" in summary
    assert "Afgerond op 24 november 2026. 61 van de 61 antwoorden zijn gegeven." in summary
    assert "De meningen over bereikbaarheid en voorzieningen zijn verdeeld" in summary
    assert "Effect op wonen is onbekend" in summary
    assert "Nog uitzoeken: Hoeveel verkeer rijdt er straks door het dorp?" in summary
    assert "later slechter (natuurlijk kapitaal)" in summary
    assert "Winst voor Kinderen (tot 12 jaar), Jongeren (12 tot 27 jaar)" in summary
    assert "Meegedaan: Anna de Vries, Bram Bakker." in summary
    # Sterk positief and positief: the middle opinion nearer "geen effect".
    assert "• Gezondheid: ▲ Positief, waarschijnlijk · 2 met een oordeel" in summary
    # Positief against sterk negatief is split, never "negatief" (the old mean).
    assert (
        "• Bereikbaarheid en voorzieningen: ≠ Verdeeld: 1× positief, 1× sterk negatief"
        " · 2 met een oordeel"
    ) in summary
    assert "• Bereikbaarheid en voorzieningen: ▼" not in summary
    assert "*Hier en nu*: 1 beter, 2 verdeeld, 6 geen effect, 1 weet niet" in summary
    assert (
        "      ◦ Bram Bakker: negatief, waarschijnlijk – Bram over later.natuurlijk_kapitaal"
        in (summary)
    )
    # On a trade-off a split theme shows the other voice too.
    assert (
        "      ◦ Anders: Bram Bakker: sterk negatief, waarschijnlijk"
        " – Bram over nu.bereikbaarheid_voorzieningen"
    ) in summary

    # Closed: a late click on an old question gets a clear reply, nothing is stored.
    before = len(
        slack.components.service.find.answers(slack.components.service.find.latest(CHANNEL))
    )
    late = await slack.click(BRAM, question, inputs={"effect": "negative"})
    assert "is afgerond. Je antwoord is niet opgeslagen." in replaced(late, question).all_text()
    after = slack.components.service.find.answers(slack.components.service.find.latest(CHANNEL))
    assert len(after) == before


async def test_people_are_who_slack_says_they_are(slack: SlackHarness) -> None:
    """The clicker is the one who answers (not the bot); names come from users.info."""
    slack.add_users(ANNA, BRAM)
    started = posted(await slack.mention(ANNA, "start Fietspad"))[-1]
    question = posted(await slack.mention(BRAM, "volgende"))[-1]
    await slack.click(BRAM, question, inputs={"text": "Een fietspad langs het kanaal"})
    answers = slack.components.service.find.answers(slack.components.service.find.running(CHANNEL))
    assert [(a.author_id, a.author_name) for a in answers] == [(BRAM.id, "Bram Bakker")]
    running = slack.components.service.find.running(CHANNEL)
    people = slack.components.service.find.participants(running)
    assert [p.display_name for p in people] == ["Anna de Vries", "Bram Bakker"]
    # One assessment per channel; the thread it was started in is remembered.
    assert (running.channel, running.conversation_key) == ("slack", CHANNEL)
    assert running.thread_id == f"{CHANNEL};thread_ts={started.thread_ts}"
    # users.info is asked once per person, then remembered.
    await slack.mention(BRAM, "status")
    lookups = [c.args["user"] for c in slack.slack.calls if c.method == "users.info"]
    assert sorted(lookups) == sorted([ANNA.id, BRAM.id])


async def test_direct_messages_need_no_mention_and_no_thread(slack: SlackHarness) -> None:
    slack.add_users(EVE)
    started = await slack.direct(EVE, "start Cycle path")
    assert "New project: Cycle path" in posted(started)[-1].all_text()  # Slack locale en-US
    assert posted(started)[-1].channel == EVE.dm
    assert posted(started)[-1].thread_ts is None
    question = posted(await slack.direct(EVE, "next"))[-1]
    assert "Cycle path · question 1 of 35" in question.all_text()
    saved = await slack.click(EVE, question, inputs={"text": "A cycle path"})
    assert "Saved: " in replaced(saved, question).all_text()
    assert posted(saved) == []  # the question message moved on; no new message
    # The channel's assessment and the direct message's are separate.
    assert slack.components.service.find.running(CHANNEL) is None


async def test_effect_answer_with_every_input(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    await slack.mention(ANNA, "start Fietspad")
    assessment = slack.components.service.find.running(CHANNEL)
    # Skip the intake to reach an effect question quickly (the first shows question 1).
    for _ in range(7):
        await slack.mention(ANNA, "overslaan")
    question = posted(await slack.mention(ANNA, "volgende"))[-1]
    assert "Welzijn" in question.all_text()
    inputs = question.inputs()
    assert inputs["effect"]["element"]["type"] == "radio_buttons"
    assert [o["value"] for o in inputs["effect"]["element"]["options"]] == [
        "strongly_positive",
        "positive",
        "neutral",
        "negative",
        "strongly_negative",
        "unknown",
    ]
    assert inputs["effect"]["element"]["options"][0]["text"]["text"] == "1. Sterk positief"
    assert inputs["certainty"]["element"]["initial_option"]["value"] == "likely"
    # Save without choosing an effect: a clear reply, nothing stored.
    missing = await slack.click(ANNA, question)
    shown = replaced(missing, question).all_text()
    assert "⚠️ Kies eerst een effect, van sterk positief tot weet niet." in shown
    saved = await slack.click(
        ANNA,
        question,
        inputs={"effect": "negative", "certainty": "certain", "explanation": "te <b>druk</b>"},
    )
    following = replaced(saved, question)
    assert "✅ Opgeslagen: Welzijn – Negatief (zeker)." in following.all_text()
    stored = slack.components.service.find.answers(assessment)
    assert [(a.effect.value, a.certainty.value, a.explanation) for a in stored] == [
        ("negative", "certain", "te <b>druk</b>")
    ]
    # The Skip button of the next question.
    assert "Materiële welvaart" in following.all_text()
    skipped = replaced(await slack.click(ANNA, following, button="Overslaan"), following)
    assert "Overgeslagen. Die vraag komt later terug." in skipped.all_text()
    assert "Gezondheid" in skipped.all_text()


async def test_groups_question_reads_a_multi_select(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    await slack.mention(ANNA, "start Fietspad")
    for _ in range(4):  # the first shows question 1, then 1 to 3 are put aside
        await slack.mention(ANNA, "overslaan")
    question = posted(await slack.mention(ANNA, "volgende"))[-1]
    element = question.inputs()["choices"]["element"]
    assert element["type"] == "multi_static_select"  # 17 groups: more than 10 checkboxes
    saved = await slack.click(ANNA, question, inputs={"choices": ["ouderen", "huurders"]})
    assert "Opgeslagen: Voor welke groepen is het project vooral bedoeld? – Ouderen" in (
        replaced(saved, question).all_text()
    )
    stored = slack.components.service.find.answers(slack.components.service.find.running(CHANNEL))
    assert stored[0].choices == ("ouderen", "huurders")


async def test_user_text_never_pings_or_links(slack: SlackHarness) -> None:
    slack.add_users(ANNA, BRAM)
    # What Slack sends when someone types "<!channel> & <https://x.nl|klik>" (escaped).
    calls = await slack.mention(ANNA, "start Plan &lt;!channel&gt; &amp; co")
    for call in posted(calls):
        for text in [call.text, *mrkdwn_texts(call.blocks)]:
            assert "<" not in text and ">" not in text, text
    assert "Nieuw project: Plan &lt;!channel&gt; &amp; co" in posted(calls)[-1].text
    # plain_text (the header) shows what was typed; Slack never reads mentions there.
    assert posted(calls)[-1].blocks[0]["text"] == {
        "type": "plain_text",
        "text": "Nieuw project: Plan <!channel> & co",
        "emoji": True,
    }
    started = await slack.mention(ANNA, "start plan &lt;!channel&gt; &amp; CO")
    assert posted(started)[0].text.startswith(
        "Hier loopt al een project: *Plan &lt;!channel&gt; &amp; co*."
    )
    # A link or mention typed as an answer is stored as readable text.
    question = posted(await slack.mention(ANNA, "volgende"))[-1]
    await slack.mention(
        ANNA,
        "<https://x.nl|ons plan> met <@UOTHER|piet> in <#C1|dorp>",
        thread_ts=question.thread_ts,
    )
    stored = slack.components.service.find.answers(slack.components.service.find.running(CHANNEL))
    assert stored[0].text == "ons plan met @piet in #dorp"


async def test_own_messages_and_edits_are_not_turns(slack: SlackHarness) -> None:
    slack.add_users(ANNA)
    for extra in ({"bot_id": "B0BREEDBLD"}, {"subtype": "message_changed"}):
        event = {
            "type": "message",
            "channel_type": "im",
            "user": ANNA.id,
            "text": "start Echo",
            "ts": slack.next_ts(),
            "channel": ANNA.dm,
            **extra,
        }
        status, _, calls = await slack.send_event(slack.envelope(event))
        assert status == 200 and calls == []
    # A mention in a direct message also arrives as message.im: handled once, as that.
    mention_in_dm = slack.mention_event(ANNA, "start Echo", channel=ANNA.dm)
    assert (await slack.send_event(mention_in_dm))[2] == []
    # Channel messages without a mention (if the app were subscribed to them) are not read.
    channel_message = {
        "type": "message",
        "channel_type": "channel",
        "user": ANNA.id,
        "text": "start Echo",
        "ts": slack.next_ts(),
        "channel": CHANNEL,
    }
    assert (await slack.send_event(slack.envelope(channel_message)))[2] == []
    assert slack.components.service.find.running(ANNA.dm) is None
    assert slack.components.service.find.running(CHANNEL) is None


async def test_co_owner_by_mention_and_my_data_in_private(slack: SlackHarness) -> None:
    """Owner rights and `mijn gegevens` work as in Teams: mentions, and a direct message."""
    slack.add_users(ANNA, BRAM)
    await slack.mention(ANNA, "start Fietspad")
    question = posted(await slack.mention(BRAM, "volgende"))[-1]
    await slack.click(BRAM, question, inputs={"text": "Een fietspad"})
    refused = posted(await slack.mention(BRAM, "afronden ja"))
    assert refused[0].text.startswith("Dat kan alleen Anna de Vries")
    named = posted(await slack.mention(ANNA, f"mede-eigenaar <@{BRAM.id}>"))
    assert named[0].text.startswith("Bram Bakker is nu mede-eigenaar van *Fietspad*.")

    mine = await slack.mention(BRAM, "mijn gegevens")
    opened = [c for c in mine if c.method == "conversations.open"]
    assert [c.args["users"] for c in opened] == [BRAM.id]
    private, public = posted(mine)[:-1], posted(mine)[-1]
    assert {c.channel for c in private} == {BRAM.dm}
    assert all(c.thread_ts is None for c in private)
    assert "Een fietspad" in texts(private) and "Jouw gegevens: Fietspad" in texts(private)
    assert public.channel == CHANNEL
    assert public.text == "Ik heb je gegevens in een privéchat met jou gezet."

    # Without the right to open a direct message, the user hears what to do instead.
    slack.slack.fail["conversations.open"] = "missing_scope"
    failed = posted(await slack.mention(BRAM, "mijn gegevens"))
    assert [c.channel for c in failed] == [CHANNEL]
    assert failed[0].text.startswith("Ik kon geen privéchat met je openen.")

    finished = posted(await slack.mention(BRAM, "afronden ja"))
    assert "Bram Bakker heeft *Fietspad* afgerond" in finished[0].text
