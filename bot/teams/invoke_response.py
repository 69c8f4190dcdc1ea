"""The one workaround for botbuilder 4.17.1's invoke responses with a body.

Why: `CloudAdapter.process` (botbuilder-integration-aiohttp) writes an invoke response by
passing its body through `serializer_helper`, which only takes msrest models. A plain JSON
body (an Adaptive Card for `adaptiveCard/action`, a dialog for `task/fetch`) fails with
`AttributeError: 'dict' object has no attribute 'is_xml_model'` after the turn ran: Teams
gets HTTP 500 and shows the click as failed although the answer was stored. The SDK's own
`ActivityHandler` hits it too: `_create_invoke_response` already serializes the body to a
dict, and `process` then serializes that dict again. tests/test_invoke_response.py shows
the failure on the adapter as shipped.

This adapter does what the SDK's `process` does for a POST, but writes a body that is
already plain JSON as it is (an msrest model still goes through `serializer_helper`). It
also skips msrest's walk over a 5 KB card (see bot/teams/connector.py for that cost).

The body is written with orjson, which takes a fraction of `json.dumps`'s time for a card
(`invoke_json`). `respond` hands the SDK an invoke response the way its send pipeline
would, without the pipeline (docs/PERFORMANCE.md, issue 14 round).
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from aiohttp import web
from botbuilder.core import Bot, InvokeResponse, TurnContext
from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes
from msrest.serialization import Model

# Where the web handler leaves the request's JSON it has parsed and checked, so the
# adapter does not parse the same text again (bot/app.py `messages`).
ACTIVITY_JSON = web.RequestKey("breedbeeld.activity_json", dict[str, Any])


class InvokeBodyAdapter(CloudAdapter):
    """The SDK's CloudAdapter, with invoke response bodies written as plain JSON."""

    async def process(
        self, request: web.Request, bot: Bot, ws_response: web.WebSocketResponse | None = None
    ) -> web.StreamResponse | None:
        """A POSTed activity as the SDK handles it; anything else goes to the SDK."""
        if request.method != "POST":
            return await super().process(request, bot, ws_response)  # type: ignore[no-any-return]
        if "application/json" not in request.headers.get("Content-Type", ""):
            raise web.HTTPUnsupportedMediaType()
        parsed = request.get(ACTIVITY_JSON)  # read and checked by the app already
        activity = Activity().deserialize(parsed if parsed is not None else await request.json())
        if not activity.type:
            raise web.HTTPBadRequest()
        auth_header = request.headers.get("Authorization", "")
        try:
            invoke_response = await self.process_activity(auth_header, activity, bot.on_turn)
        except PermissionError as refused:
            raise web.HTTPUnauthorized() from refused
        if invoke_response is None:
            return web.Response(status=201)
        body = invoke_body(invoke_response.body)
        if body is None:  # e.g. task/submit without a body: Teams closes the dialog
            return web.Response(status=invoke_response.status)
        return web.Response(
            body=invoke_json(body),
            status=invoke_response.status,
            content_type="application/json",
            charset="utf-8",
        )


def invoke_body(body: Any) -> Any:
    """The JSON of an invoke response body: plain JSON as it is, a model serialized."""
    if body is None or not isinstance(body, Model):
        return body
    return serializer_helper(body)


def invoke_json(body: Any) -> bytes:
    """The body as UTF-8 JSON text, as `web.json_response` would send it, only faster.

    orjson writes it compactly and leaves non-ASCII letters as they are (both are JSON all
    the same). What orjson cannot write (a lone surrogate, an integer over 64 bits, a key
    that is not a string) is written by `json.dumps`, as before; so is a body with a null in
    it, which a card never has: orjson writes NaN and infinity as null, `json.dumps` not.
    """
    try:
        written = orjson.dumps(body)
    except (orjson.JSONEncodeError, TypeError):
        written = b"null"
    return json.dumps(body).encode() if b"null" in written else written


def respond(turn_context: TurnContext, response: InvokeResponse) -> InvokeResponse:
    """Leave an invoke's response where this adapter reads it; returns the response.

    Why: `ActivityHandler` sends the response of `on_invoke_activity` through the turn's
    send pipeline, which deep-copies the activity, applies the conversation reference to
    it, runs the send handlers, and then only puts it in the turn state (about 0.1 ms of
    CPU on every answer turn). With this adapter, no send handler and no buffered replies
    (`expectReplies`), that is all the pipeline does with it; the SDK then finds the
    response in the turn state and sends nothing. Any other case (another adapter, such as
    the demo's recording one, a send handler, `expectReplies`) goes the SDK's way.
    """
    if (
        isinstance(turn_context.adapter, InvokeBodyAdapter)
        and not turn_context._on_send_activities
        and turn_context.activity.delivery_mode != DeliveryModes.expect_replies
    ):
        turn_context.turn_state[TurnContext._INVOKE_RESPONSE_KEY] = Activity(
            type=ActivityTypes.invoke_response, value=response
        )
        turn_context.responded = True
    return response
