"""The load generator: conversations driven over HTTP the way Teams drives a bot.

Every turn is an activity POSTed to a bot's /api/messages; the bot's replies arrive at
the recording fake connector (the activity's serviceUrl), which is served from this same
process on 127.0.0.1. Each turn is posted in a thread of its own, so its replies are found
by conversation id even with many conversations at once. Breedbeeld is driven by its
own cards: an answer is a click on Save of the question card, sent as Teams sends an
Action.Execute (an `adaptiveCard/action` invoke, answered with the next question's card
in the HTTP response). The echo bot gets activities of the same kinds and shapes, built
from the question bank, as messages (its answer is one message through the connector).

Per answer turn the generator counts the connector calls it caused: messages posted in
the thread the answer came from, and the updates of the project's progress card (in the
start message's thread, taken per assessment when it is finished).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.fake_connector import FakeConnector, Recorded
from questions.model import AnswerType, Question, QuestionBank, Scope

KINDS = ("start", "next", "answer", "status", "summary", "finish")
TENANT = "72f988bf-0000-0000-0000-000000000001"
ECHO_PUBLIC_ID = "0" * 32  # the echo bot has no assessments: same payload shape, fixed id
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


@dataclass
class Tally:
    """What one phase measured: latencies per turn kind, errors, confirmed answers."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: list[str] = field(default_factory=list)
    confirmed_answers: int = 0
    completed_assessments: int = 0
    answer_posts: int = 0  # messages posted in the conversation an answer came from
    answer_card_updates: int = 0  # progress card updates (PUT) caused by answers
    # Bot CPU seconds per turn kind, summed; only measured one conversation at a time
    # (with a `cpu_clock`), where each turn's CPU is the bot's only work.
    cpu: dict[str, float] = field(default_factory=dict)

    def cpu_ms(self, kind: str) -> float:
        """Bot CPU per turn of one kind in ms (NaN when not measured or no such turn)."""
        turns = len(self.latencies[kind])
        return self.cpu[kind] / turns * 1000 if kind in self.cpu and turns else float("nan")

    def per_answer(self, count: int) -> float:
        """`count` divided by the answer turns (NaN without answers)."""
        answers = len(self.latencies["answer"])
        return count / answers if answers else float("nan")

    @property
    def connector_calls_per_answer(self) -> float:
        """Every connector call an answer caused, averaged over the answer turns."""
        return self.per_answer(self.answer_posts + self.answer_card_updates)

    @property
    def turns(self) -> int:
        """Turns answered, of every kind."""
        return sum(len(v) for v in self.latencies.values())


@dataclass(frozen=True)
class BenchUser:
    """A Teams user of the benchmark."""

    number: str

    def account(self) -> dict[str, str]:
        """The `from` of an activity, with an AAD object id as Teams sends it."""
        return {
            "id": f"29:1bench{self.number}",
            "name": f"Lid {self.number}",
            "aadObjectId": f"aad-bench-{self.number}",
        }


class LoadGenerator:
    """Posts turns to one or more bot processes (round-robin) and times them."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        connector: FakeConnector,
        service_url: str,
        urls: list[str],
        bank: QuestionBank,
        *,
        ours: bool,
        cpu_clock: Callable[[], float] | None = None,
    ) -> None:
        """`cpu_clock`: the bot's CPU seconds so far, read around each turn (one
        conversation at a time only: with several, turns overlap)."""
        self._session = session
        self._cpu_clock = cpu_clock
        self._connector = connector
        self._service_url = service_url
        self._urls = itertools.cycle([f"{u}/api/messages" for u in urls])
        self._ids = itertools.count(1)
        self.bank = bank
        self.ours = ours
        self.tally = Tally()
        self._card_threads: dict[str, bool] = {}  # progress card thread -> round finished

    async def turn(
        self,
        kind: str,
        channel: str,
        user: BenchUser,
        *,
        text: str | None = None,
        value: dict[str, Any] | None = None,
    ) -> list[Recorded]:
        """One activity in, its replies out; the latency is kept under `kind`.

        Our answer is the Action.Execute invoke: the card that comes back in the HTTP
        response is returned as the first reply (method "INVOKE").
        """
        number = next(self._ids)
        conversation_id = f"{channel};messageid=17{number:010d}"
        activity = self._activity(number, conversation_id, user, text, value)
        execute = self.ours and kind == "answer" and value is not None
        if execute:
            assert value is not None
            activity.update(
                {
                    "type": "invoke",
                    "name": "adaptiveCard/action",
                    "value": {
                        "action": {"type": "Action.Execute", "verb": value["bb"], "data": value},
                        "trigger": "manual",
                    },
                }
            )
        url = next(self._urls)
        cpu_before = self._cpu_clock() if self._cpu_clock else 0.0
        started = time.perf_counter()
        async with self._session.post(url, json=activity) as response:
            raw = await response.read()
            status = response.status
        self.tally.latencies[kind].append(time.perf_counter() - started)
        if self._cpu_clock:
            used = self._cpu_clock() - cpu_before
            self.tally.cpu[kind] = self.tally.cpu.get(kind, 0.0) + used
        replies = self._connector.take(conversation_id)
        if kind == "answer":
            self.tally.answer_posts += sum(1 for r in replies if r.method == "POST")
        if execute:
            replies = [_invoke_reply(conversation_id, raw), *replies]
        problem = _problem(kind, status, replies, ours=self.ours)
        if problem:
            self.tally.errors.append(problem)
        elif kind == "answer" and self.ours:
            self.tally.confirmed_answers += 1
        return replies

    def _activity(
        self,
        number: int,
        conversation_id: str,
        user: BenchUser,
        text: str | None,
        value: dict[str, Any] | None,
    ) -> dict[str, Any]:
        activity: dict[str, Any] = {
            "type": "message",
            "id": f"17{number:010d}",
            "timestamp": "2026-11-24T09:00:00.000Z",
            "serviceUrl": self._service_url,
            "channelId": "msteams",
            "from": user.account(),
            "conversation": {
                "id": conversation_id,
                "conversationType": "channel",
                "tenantId": TENANT,
                "isGroup": True,
            },
            "recipient": {"id": "28:breedbeeld-bot", "name": "Breedbeeld"},
            "locale": "nl-NL",
            "channelData": {
                "tenant": {"id": TENANT},
                "teamsChannelId": conversation_id.split(";", 1)[0],
                "teamsTeamId": "19:team@thread.tacv2",
            },
        }
        if text is not None:
            activity["text"] = f"<at>Breedbeeld</at> {text}"
            activity["entities"] = [
                {
                    "type": "mention",
                    "text": "<at>Breedbeeld</at>",
                    "mentioned": {"id": "28:breedbeeld-bot", "name": "Breedbeeld"},
                }
            ]
        if value is not None:
            activity["value"] = value
        return activity

    # -- the script of one assessment ---------------------------------------------------

    async def assessment(
        self, channel: str, project: str, team: list[BenchUser], stop: Callable[[], bool]
    ) -> None:
        """start; per teammate: next, every open question, status; summary; finish."""
        started = await self.turn("start", channel, team[0], text=f"start {project}")
        card_thread = started[-1].conversation_id if started else ""
        self._card_threads[card_thread] = False
        for position, user in enumerate(team):
            if stop():
                return
            replies = await self.turn("next", channel, user, text="volgende")
            script = [q for q in self.bank.questions if position == 0 or q.scope is Scope.EACH]
            while not stop():
                data = self._next_answer(replies, script)
                if data is None:
                    break
                replies = await self.turn("answer", channel, user, value=data)
            await self.turn("status", channel, user, text="status")
        if stop():
            return
        await self.turn("summary", channel, team[-1], text="samenvatting")
        await self.turn("finish", channel, team[0], text="afronden")
        self.tally.completed_assessments += 1
        self._card_threads[card_thread] = True

    def count_card_updates(self) -> None:
        """The progress cards' updates so far: every one but a finish's (the card shows
        "closed") came from an answer. Counted at the end of a phase; a refresh still
        waiting then (at most one per card, PROGRESS_CARD_SECONDS) is not counted."""
        for thread, finished in self._card_threads.items():
            updates = [c for c in self._connector.take(thread) if c.method == "PUT"]
            self.tally.answer_card_updates += max(0, len(updates) - int(finished))
        self._card_threads.clear()

    def _next_answer(
        self, replies: list[Recorded], script: list[Question]
    ) -> dict[str, Any] | None:
        """The submit for the question on the card just shown (ours) or next in line (echo)."""
        if self.ours:
            data = _question_submit(replies)
            if data is None:
                return None
            question = self.bank.question(data["q"])
            assert question is not None, data
        else:
            if not script:
                return None
            question = script.pop(0)
            data = {"bb": "answer", "a": ECHO_PUBLIC_ID, "q": question.id, "lang": "nl"}
        return data | _inputs(question)


def _invoke_reply(conversation_id: str, raw: bytes) -> Recorded:
    """The card an adaptiveCard/action invoke was answered with, as a reply."""
    try:
        body = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        body = {}
    card = body.get("value") if isinstance(body, dict) else None
    attachments = (
        [{"contentType": CARD_CONTENT_TYPE, "content": card}] if isinstance(card, dict) else []
    )
    return Recorded("INVOKE", conversation_id, None, {"attachments": attachments})


def _question_submit(replies: list[Recorded]) -> dict[str, Any] | None:
    """The data of the save button of a question card among the replies, if any."""
    for reply in reversed(replies):
        card = reply.card
        if card:
            for action in card.get("actions", []):
                data = action.get("data")
                if isinstance(data, dict) and data.get("bb") == "answer":
                    return dict(data)
    return None


def _inputs(question: Question) -> dict[str, str]:
    """What a teammate fills in on the card, per answer type."""
    if question.type is AnswerType.EFFECT:
        return {
            "effect": "positive",
            "certainty": "likely",
            "explanation": "Meer mensen fietsen naar school en naar het werk.",
        }
    if question.type is AnswerType.TEXT:
        return {"text": "Een fietspad langs het kanaal, van de wijk naar het centrum."}
    ids = [c.id for c in question.choices]
    chosen = ids[:2] if question.type is AnswerType.GROUPS else ids[:1]
    return {"choices": ",".join(chosen), "explanation": "Zo zien wij het."}


def _problem(kind: str, status: int, replies: list[Recorded], *, ours: bool) -> str | None:
    """Why a turn did not go as it should, or None."""
    if status >= 300:
        return f"{kind}: HTTP {status}"
    if not replies:
        return f"{kind}: no reply"
    if not ours:
        return None if replies[0].text.startswith("Echo:") else f"{kind}: {replies[0].text!r}"
    if kind == "answer":
        shown = replies[0].card_text() if replies[0].method == "INVOKE" else replies[0].text
        if not shown.startswith("Opgeslagen"):
            return f"answer: {shown[:80]!r}"
        if len(replies) > 1:
            return f"answer: {len(replies) - 1} messages posted"
    if kind in ("start", "status", "summary") and replies[-1].card is None:
        return f"{kind}: {replies[-1].text[:80]!r}"
    return None


async def run_conversations(
    generator: LoadGenerator,
    conversations: int,
    *,
    team_size: int,
    duration: float | None = None,
    assessments: int | None = None,
    channel_prefix: str = "bench",
) -> float:
    """Run `conversations` channels at once until `duration` passed or `assessments` are done.

    Returns the elapsed wall time. Each channel runs assessment after assessment, like a
    team working through the framework; the turns of one channel are sequential.
    """
    started = time.perf_counter()
    budget = itertools.count()

    def out_of_time() -> bool:
        return duration is not None and time.perf_counter() - started >= duration

    async def channel_loop(number: int) -> None:
        channel = f"19:{channel_prefix}{number:04d}@thread.tacv2"
        for round_no in itertools.count(1):
            if out_of_time() or (assessments is not None and next(budget) >= assessments):
                return
            tag = f"{channel_prefix}{number}-{round_no}"
            team = [BenchUser(f"{tag}-{k}") for k in range(team_size)]
            await generator.assessment(channel, f"Project {tag}", team, out_of_time)

    await asyncio.gather(*(channel_loop(n) for n in range(conversations)))
    elapsed = time.perf_counter() - started
    generator.count_card_updates()
    return elapsed
