"""Black-box: teamwork in Slack, the same bot and dialogs as in Teams.

Teammates named at the start get their questions in a direct message
(`conversations.open`), the start message in the thread is the progress card that
`chat.update` keeps current, and the bot says hello when it is added to a channel.
"""

from __future__ import annotations

from tests.slack_harness import BOT_USER, CHANNEL, SlackHarness, SlackUser, posted, replaced

ANNA, BRAM, CHRIS = SlackUser("Anna de Vries"), SlackUser("Bram Bakker"), SlackUser("Chris Jansen")
GAST = SlackUser("Gast Buiten")


async def test_teammates_named_in_slack_answer_in_a_dm_and_the_card_updates(
    slack: SlackHarness,
) -> None:
    slack.add_users(ANNA, BRAM, CHRIS, GAST)
    slack.slack.members[CHANNEL] = [ANNA.id, BRAM.id, CHRIS.id, BOT_USER]
    calls = await slack.mention(ANNA, f"start Fietspad <@{BRAM.id}> <@{CHRIS.id}> <@{GAST.id}>")
    card = next(c for c in posted(calls) if "Nieuw project: Fietspad" in c.all_text())
    assert card.thread_ts is not None
    opened = [c.args["users"] for c in calls if c.method == "conversations.open"]
    assert opened == [BRAM.id, CHRIS.id]  # Gast is not in the channel
    dms = [c for c in posted(calls) if c.channel.startswith("D")]
    assert [c.channel for c in dms] == [BRAM.dm, CHRIS.dm]
    assert "Je vragen voor Fietspad" in dms[0].all_text()
    said = "\n".join(c.all_text() for c in posted(calls))
    assert "Gast Buiten zit niet in dit kanaal of deze chat." in said
    assert slack.components.service.find.running(CHANNEL).project_name == "Fietspad"

    # Bram presses "Eerste vraag" in his DM and answers there.
    question = posted(await slack.click(BRAM, dms[0], button="Eerste vraag"))[-1]
    assert question.channel == BRAM.dm
    answered = await slack.click(BRAM, question, inputs={"text": "Een fietspad"})
    assert posted(answered) == []  # the question in the DM moved on in place
    assert "Opgeslagen" in replaced(answered, question).all_text()
    # The card in the channel thread was updated in place.
    updates = [c for c in answered if c.method == "chat.update" and c.channel == CHANNEL]
    assert len(updates) == 1
    assert updates[0].args["ts"] == card.ts and updates[0].channel == CHANNEL
    # It counts Bram's answer (a question for the whole team) at once: 9 team questions
    # and 26 for each of the three.
    assert "Het team gaf 1 van de 87 antwoorden." in updates[0].all_text()


async def test_the_bot_says_hello_when_added_to_a_channel(slack: SlackHarness) -> None:
    joined = slack.envelope(
        {"type": "member_joined_channel", "user": BOT_USER, "channel": CHANNEL, "team": "T0"}
    )
    status, _, calls = await slack.send_event(joined)
    assert status == 200
    hello = posted(calls)
    assert len(hello) == 1 and hello[0].thread_ts is None
    assert "Hallo, ik ben Breedbeeld" in hello[0].all_text()
    assert "project" in hello[0].inputs()
    # Delivered again (Slack retries): said once.
    _, _, again = await slack.send_event(joined)
    assert posted(again) == []
    # Someone else joining the channel: nothing.
    other = slack.envelope(
        {"type": "member_joined_channel", "user": ANNA.id, "channel": CHANNEL, "team": "T0"}
    )
    assert posted((await slack.send_event(other))[2]) == []
    # Typing a name and pressing Start starts the project, in the welcome's thread.
    slack.add_users(ANNA)
    started = await slack.click(ANNA, hello[0], button="Start", inputs={"project": "Dorpshuis"})
    assert "Nieuw project: Dorpshuis" in posted(started)[0].all_text()
    assert posted(started)[0].thread_ts == hello[0].ts
