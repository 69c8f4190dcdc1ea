"""Crash safety check: kill -9 the bot mid-traffic, restart, and count what survived.

    python -m tests.kill9 [--users 30] [--questions 10] [--seed 7] [--database-url URL]

Starts `breedbeeld serve` as a subprocess with a recording fake Bot Connector, lets many
users submit answers at once, kills the server with SIGKILL after a random number of
confirmations (seeded), restarts it on the same database and checks that every answer
whose confirmation reached the connector is stored, and that the assessment continues.
Prints the numbers; exits 1 if a confirmed answer is missing. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import sqlalchemy as sa

from bot.storage.engine import create_db_engine
from questions.loader import load_bank
from tests.fake_connector import FakeConnector

CHANNEL = "19:kill9@thread.tacv2"


@dataclass
class Run:
    """What was sent and what the connector saw confirmed."""

    sent: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # activity id -> answer
    confirmed: set[str] = field(default_factory=set)  # activity ids with a saved-reply


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def start_server(database_url: str, port: int) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env.update({"DATABASE_URL": database_url, "LOG_LEVEL": "INFO"})
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    while True:  # wait for the "serving" log line: the port accepts requests from then on
        line = await process.stderr.readline()
        if not line:
            raise RuntimeError("server ended before it was serving")
        if json.loads(line).get("event") == "serving":
            break
    asyncio.get_running_loop().create_task(_drain(process.stderr))
    return process


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass


def activity(service_url: str, number: str, user: int, **content: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "id": number,
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": f"29:user{user}", "name": f"Collega {user}", "aadObjectId": f"aad-{user}"},
        "conversation": {"id": f"{CHANNEL};messageid={number}", "conversationType": "channel"},
        "recipient": {"id": "28:bot", "name": "Breedbeeld"},
        "locale": "nl-NL",
        **content,
    }


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        database_url = args.database_url or f"sqlite:///{tmp}/kill9.db"
        return await run(database_url, args.users, args.questions, rng)


async def run(database_url: str, users: int, questions: int, rng: random.Random) -> int:
    connector = FakeConnector()
    service_url = await connector.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/messages"
    bank = load_bank()
    effect_questions = [q.id for q in bank.questions if q.type.value == "effect"][:questions]
    total = users * len(effect_questions)
    kill_after = rng.randint(total // 5, total * 4 // 5)
    state = Run()
    server = await start_server(database_url, port)
    killed = asyncio.Event()

    async with aiohttp.ClientSession() as http:
        async with http.post(
            url, json=activity(service_url, "start", 0, text="start Kill negen")
        ) as response:
            assert response.status < 300, response.status
        public_id = _public_id(database_url)

        def count_confirmations() -> None:
            for call in connector.calls:
                reply_to = call.body.get("replyToId")
                if reply_to in state.sent and call.text.startswith(("Opgeslagen", "Bijgewerkt")):
                    state.confirmed.add(reply_to)
            if len(state.confirmed) >= kill_after and not killed.is_set():
                server.send_signal(signal.SIGKILL)  # no clean-up, no flush: a real crash
                killed.set()

        async def user_turns(user: int) -> None:
            for question in effect_questions:
                if killed.is_set():
                    return
                number = f"u{user}-{question}"
                effect = rng.choice(["positive", "negative", "neutral", "unknown"])
                state.sent[number] = (f"aad-{user}", question, effect)
                body = activity(
                    service_url,
                    number,
                    user,
                    value={"bb": "answer", "a": public_id, "q": question, "effect": effect},
                )
                try:
                    async with http.post(url, json=body) as response:
                        await response.read()
                except aiohttp.ClientError:
                    return  # the server is gone
                count_confirmations()

        await asyncio.gather(*(user_turns(u) for u in range(1, users + 1)))
        count_confirmations()
        if not killed.is_set():  # every answer went through before the chosen moment
            server.send_signal(signal.SIGKILL)
        await server.wait()

        server = await start_server(database_url, port)
        try:
            stored = _stored_answers(database_url)
            missing = [n for n in state.confirmed if state.sent[n] not in stored]
            async with http.post(
                url, json=activity(service_url, "after", 1, text="volgende")
            ) as response:
                continued = response.status < 300 and any(
                    c.body.get("replyToId") == "after" and c.card for c in connector.calls
                )
        finally:
            server.terminate()
            await server.wait()
    await connector.close()
    print(
        json.dumps(
            {
                "answers_sent": len(state.sent),
                "confirmed": len(state.confirmed),
                "stored": len(stored),
                "confirmed_but_missing": len(missing),
                "killed_after_confirmations": kill_after,
                "continued_after_restart": continued,
            }
        )
    )
    return 0 if not missing and continued else 1


def _public_id(database_url: str) -> str:
    engine = create_db_engine(database_url)
    with engine.connect() as connection:
        value = connection.execute(sa.text("SELECT public_id FROM assessment")).scalar_one()
    engine.dispose()
    return str(value)


def _stored_answers(database_url: str) -> set[tuple[str, str, str]]:
    engine = create_db_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT author_id, question_id, effect FROM answer WHERE current")
        ).all()
    engine.dispose()
    return {(r[0], r[1], r[2]) for r in rows}


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
