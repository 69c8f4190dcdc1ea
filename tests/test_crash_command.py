"""Issue 17, item 3: kill -9 while a command waits on a lock loses no command.

A real `breedbeeld serve` on PostgreSQL: the test holds a lock on the `assessment` table,
sends `start`, kills the server with SIGKILL while the start waits for that lock, lets
the lock go, restarts the server and delivers the same activity again (as Teams does when
it saw no answer). The project must be started, once. Before issue 17 the claim committed
before the work, so the redelivery was dropped as a duplicate: no project, no reply.
"""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from collections.abc import Iterator

import aiohttp
import pytest
import sqlalchemy as sa

from tests.conftest import POSTGRES_URL
from tests.fake_connector import FakeConnector
from tests.kill9 import CHANNEL, activity, free_port, start_server


@pytest.fixture
def schema() -> Iterator[str]:
    name = f"bbcrash_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    try:
        yield name
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def waiting_for_lock(engine: sa.Engine, table: str) -> bool:
    with engine.connect() as connection:
        return bool(
            connection.execute(
                sa.text(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted "
                    "AND relation = CAST(:table AS regclass)"
                ),
                {"table": table},
            ).scalar_one()
        )


async def test_kill9_while_start_waits_on_a_lock_loses_no_command(schema: str) -> None:
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    connector = FakeConnector()
    service_url = await connector.start()
    engine = sa.create_engine(url)
    start = activity(service_url, "1700000001", 1, text="<at>Breedbeeld</at> start Kruispunt")
    try:
        port = free_port()
        server = await start_server(url, port)  # migrates the schema
        holder = engine.connect()
        holder.execute(sa.text("LOCK TABLE assessment IN ACCESS EXCLUSIVE MODE"))
        async with aiohttp.ClientSession() as http:
            posting = asyncio.create_task(
                http.post(f"http://127.0.0.1:{port}/api/messages", json=start)
            )
            deadline = time.monotonic() + 30
            while not waiting_for_lock(engine, f'"{schema}".assessment'):
                assert time.monotonic() < deadline, "the start never reached the lock"
                await asyncio.sleep(0)
            server.send_signal(signal.SIGKILL)  # a real crash: no clean-up, no release
            await server.wait()
            with pytest.raises(aiohttp.ClientError):
                await posting
            holder.rollback()
            holder.close()
            port = free_port()
            server = await start_server(url, port)
            async with http.post(f"http://127.0.0.1:{port}/api/messages", json=start) as again:
                assert again.status == 201
        server.send_signal(signal.SIGKILL)
        await server.wait()
        with engine.connect() as connection:
            started = connection.execute(
                sa.text("SELECT count(*) FROM assessment WHERE project_name = 'Kruispunt'")
            ).scalar_one()
        assert started == 1
        cards = [
            c
            for c in connector.calls
            if c.conversation_id.startswith(CHANNEL) and "Kruispunt" in c.card_text()
        ]
        assert cards, [c.text for c in connector.calls]
    finally:
        engine.dispose()
        await connector.close()
