"""The yardstick: a bare botbuilder echo bot on the same stack as Breedbeeld.

Same aiohttp server, same CloudAdapter and SDK configuration (local mode), and by default
the same SDK fix (`bot.teams.connector.create_adapter`), so the benchmark's ratio ours/echo
measures what Breedbeeld itself adds. `--stock` runs the SDK exactly as shipped.
"""

from __future__ import annotations

import argparse
import json

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext

from bot.config import Settings
from bot.runtime.heap import freeze_startup_heap
from bot.teams.connector import create_adapter


class EchoBot(ActivityHandler):
    """Replies once to every message with its text (or the card data it carried)."""

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """Echo the text, or the submitted card data for a card submit."""
        activity = turn_context.activity
        said = activity.text or json.dumps(activity.value, ensure_ascii=False)
        await turn_context.send_activity(MessageFactory.text(f"Echo: {said}"))


def create_echo_app(*, stock: bool = False) -> web.Application:
    """The echo bot behind /api/messages, with /healthz like the real bot."""
    adapter = create_adapter(Settings(), reuse_clients=not stock)
    bot = EchoBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await adapter.process(request, bot)
        return response or web.Response(status=201)

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    return app


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.echo_bot --port N [--stock]`: serve the echo bot on 127.0.0.1."""
    parser = argparse.ArgumentParser(prog="bench.echo_bot")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--stock", action="store_true", help="the SDK without our fix")
    args = parser.parse_args(argv)
    app = create_echo_app(stock=args.stock)
    freeze_startup_heap()  # the same process set-up as `breedbeeld serve`
    web.run_app(app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
