"""Two reference cycles that botbuilder 4.17.1 and msrest make on every turn, broken.

Why: an object in a reference cycle is not freed when its turn ends but waits for Python's
cycle collector, and so does everything it holds. On every send, `TurnContext._emit` makes
a closure that refers to itself (`emit_next` calls itself through `next_handler`), and that
closure holds the turn context: the incoming activity, the replies, the Adaptive Cards and
the turn state all wait for the collector. Every msrest `Deserializer` holds bound methods
of itself in its `deserialize_type` table; the SDK builds one for every incoming activity
(`Model.deserialize`) and one for every outgoing one (`Serializer.body`).

Measured under load (docs/PERFORMANCE.md, fifth round): 77 container objects per turn left
to the collector, all hanging off these two cycles. With both broken a turn's objects are
freed by reference counting when it ends; together with a larger young generation
(bot/runtime/heap.py) the collector's CPU fell from 0.13–0.18 ms per turn to 0.002 ms.

`break_sdk_cycles()` is idempotent and changes behaviour nowhere else. Remove this module
when the SDK fixes `_emit` and msrest its `Deserializer`.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from botbuilder.core import TurnContext
from msrest.serialization import Deserializer

Handler = Callable[[TurnContext, Any, Callable[[], Awaitable[None]]], Awaitable[None]]

_applied = False


class _HandlerChain:
    """The send/update/delete handlers of a turn, each called with the next one.

    The original's recursive closure refers to itself; here `next_handler` is a new lambda
    per step that refers to the chain, and the chain refers to no lambda: no cycle.
    """

    __slots__ = ("arg", "context", "handlers")

    def __init__(self, context: TurnContext, handlers: Sequence[Handler], arg: Any) -> None:
        self.context = context
        self.handlers = handlers
        self.arg = arg

    async def run(self, index: int) -> None:
        if index < len(self.handlers):
            await self.handlers[index](self.context, self.arg, lambda: self.run(index + 1))


async def _emit(
    self: TurnContext, plugins: Sequence[Handler], arg: Any, logic: Awaitable[Any]
) -> Any:
    """`TurnContext._emit` as shipped, without its self-referencing closure."""
    await _HandlerChain(self, list(plugins), arg).run(0)
    return await logic  # as the SDK does: the logic runs after the handlers, whatever they did


_deserializer_init = Deserializer.__init__


def _deserializer_init_without_cycle(self: Deserializer, classes: Any = None) -> None:
    """msrest's `Deserializer.__init__`, with its three bound methods bound weakly."""
    _deserializer_init(self, classes)
    itself: Any = weakref.proxy(self)  # calls through it reach self, but do not keep it alive
    cls = type(self)
    table: dict[str, Any] = self.deserialize_type
    for key, method in (
        ("object", cls.deserialize_object),
        ("[]", cls.deserialize_iter),
        ("{}", cls.deserialize_dict),
    ):
        table[key] = functools.partial(method, itself)


def break_sdk_cycles() -> None:
    """Install both fixes (once per process)."""
    global _applied
    if _applied:
        return
    TurnContext._emit = _emit  # type: ignore[method-assign]
    Deserializer.__init__ = _deserializer_init_without_cycle  # type: ignore[method-assign]
    _applied = True
