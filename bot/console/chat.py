"""`breedbeeld chat`: talk to the bot in a terminal, as one or more teammates.

A small BotAdapter feeds typed lines through the same bot, dialogs and database as the
HTTP server, and prints the replies as text. No Azure account is needed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    ResourceResponse,
)

from bot.rendering.paragraph_docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from bot.teams.edge import CONSOLE_CHANNEL, BreedbeeldBot
from dialogs.messages import LANGUAGES, text

PRIVATE_TO = " / ".join(text("console.private_to", lang) for lang in LANGUAGES)


def _user_id(name: str) -> str:
    return "console-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class ConsoleAdapter(BotAdapter):
    """Runs typed lines through the bot and prints what it sends back."""

    def __init__(
        self,
        bot: BreedbeeldBot,
        output: Callable[[str], None] = print,
        folder: Path = Path("."),
    ) -> None:
        """`folder`: where files the bot sends (the paragraph's Word file) are written."""
        super().__init__()
        self._bot = bot
        self._output = output
        self._folder = folder
        self.conversation = ConversationAccount(id="console-chat", name="Terminal")

    async def say(self, line: str, name: str, locale: str) -> None:
        """One line typed by `name`, as a message activity."""
        activity = Activity(
            type=ActivityTypes.message,
            id=str(uuid.uuid4()),
            channel_id=CONSOLE_CHANNEL,
            service_url="console://",
            conversation=self.conversation,
            from_property=ChannelAccount(id=_user_id(name), name=name),
            recipient=ChannelAccount(id="breedbeeld", name="Breedbeeld"),
            text=line,
            locale=locale,
        )
        await self.run_pipeline(TurnContext(self, activity), self._bot.on_turn)

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        """Print each reply, separated by a rule; write the files it carries."""
        for activity in activities:
            said = activity.text or ""
            for attachment in activity.attachments or []:
                if attachment.content_type == DOCX_CONTENT_TYPE:
                    said += "\n\n" + self._save(attachment.name, attachment.content)
            self._output("\n" + said + "\n" + "─" * 60)
        return [ResourceResponse(id=str(uuid.uuid4())) for _ in activities]

    def _save(self, name: str, content: dict[str, Any]) -> str:
        """Write one file into the chat's folder; the sentence that says where it is."""
        self._folder.mkdir(parents=True, exist_ok=True)
        path = (self._folder / Path(name).name).resolve()  # only a file name, no folders
        path.write_bytes(content["data"])
        return str(content["saved_as"]).format(path=path)

    async def update_activity(self, context: TurnContext, activity: Activity) -> Any:
        """A terminal cannot change what it printed; `status` shows the progress instead."""
        return ResourceResponse(id=activity.id or "")

    async def create_conversation(  # type: ignore[override]
        self,
        _app_id: str,
        logic: Callable[[TurnContext], Awaitable[None]],
        parameters: ConversationParameters,
        *_args: Any,
    ) -> None:
        """A 1:1 chat with a teammate: printed, marked as private to them."""
        member = parameters.members[0] if parameters.members else None
        name = member.id.removeprefix("console-") if member and member.id else "?"
        self._output(f"\n[{PRIVATE_TO} {name}]")
        activity = Activity(
            type=ActivityTypes.message,
            channel_id=CONSOLE_CHANNEL,
            service_url="console://",
            conversation=ConversationAccount(id=f"console-dm-{name}", conversation_type="personal"),
            recipient=member,
        )
        await logic(TurnContext(self, activity))

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        """Nothing to delete in a terminal."""


async def run_chat(
    bot: BreedbeeldBot,
    read_line: Callable[[str], str],
    output: Callable[[str], None],
    name: str,
    locale: str,
    folder: Path = Path("."),
) -> None:
    """The read-print loop; `/as <name>` switches teammate, `/stop` or end of input ends.

    Files the bot sends (the paragraph's Word file) are written into `folder`.
    """
    adapter = ConsoleAdapter(bot, output, folder)
    bot.messenger.register(CONSOLE_CHANNEL, adapter)
    lang = "en" if locale.startswith("en") else "nl"
    output(text("console.intro", lang))
    while True:
        try:
            line = read_line(f"{name}> ").strip()
        except (EOFError, KeyboardInterrupt):
            output("")
            return
        if not line:
            continue
        if line in ("/stop", "/quit", "/exit"):
            return
        if line.startswith("/as "):
            name = line[4:].strip() or name
            continue
        await adapter.say(line, name, locale)
