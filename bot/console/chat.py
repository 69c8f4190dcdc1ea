"""`breedbeeld chat`: talk to the bot in a terminal, as one or more teammates.

Typed lines become channel-neutral turns (bot/turns/turn.py) for the same bot, dialogs
and database as the HTTP server, and the replies are printed as text. No Azure account
is needed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.delivery.channel import Membership
from bot.delivery.outbox import classify_common
from bot.rendering.plain_text import render_text
from bot.storage.outbox import Failure
from bot.turns.runner import Breedbeeld
from bot.turns.turn import Turn
from dialogs.messages import LANGUAGES, text
from dialogs.views import Address, ParagraphView, View
from domain.assessment import ConversationRef
from domain.records import Person

CONSOLE_CHANNEL = "console"
CONVERSATION = "console-chat"
PRIVATE_TO = " / ".join(text("console.private_to", lang) for lang in LANGUAGES)


def _user_id(name: str) -> str:
    return "console-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass(frozen=True)
class SavedFile:
    """A file the bot sends (the paragraph's Word file), for the terminal to write."""

    name: str
    data: bytes
    saved_as: str  # the sentence that says where it went ({path})


@dataclass(frozen=True)
class TextMessage:
    """One reply as the terminal shows it, with the file it carries."""

    text: str
    file: SavedFile | None = None


def to_text(view: View) -> TextMessage:
    """A view as terminal text: Markdown as typed would read "**volgende**", so without."""
    said = render_text(view).replace("**", "")
    if isinstance(view, ParagraphView):
        # The terminal has no links to click: it writes the Word file instead.
        saved_as = view.labels.get("saved_as", "{path}")
        # python-docx is loaded only when a paragraph is asked for: a quicker start.
        from bot.rendering.paragraph_docx import render_docx

        return TextMessage(said, SavedFile(view.file_name, render_docx(view), saved_as))
    return TextMessage(said)


class ConsoleSender:
    """The terminal's `ChannelSender`: every message is shown as it comes."""

    def __init__(
        self,
        show: Callable[[str], None],
        folder: Path = Path("."),
        note: Callable[[str], None] | None = None,
    ) -> None:
        """`show` gets each reply's text, `note` the lines around them (who a private
        message is for); `folder` is where files the bot sends go."""
        self._show = show
        self._note = note or (lambda _line: None)
        self._folder = folder

    def render(self, views: Sequence[View], *, together: bool = False) -> list[TextMessage]:
        """Text per view (a terminal has no card for a text to ride along with)."""
        return [to_text(v) for v in views]

    def encode(self, message: TextMessage) -> dict[str, Any]:
        """The text (a terminal never fails for now, so the outbox never keeps one)."""
        return {"text": message.text}

    def decode(self, data: dict[str, Any]) -> TextMessage:
        """See `encode`."""
        return TextMessage(str(data.get("text") or ""))

    def classify(self, error: BaseException) -> Failure:
        """Nothing terminal-specific can fail."""
        return classify_common(error)

    async def post(self, address: Address, messages: Sequence[TextMessage]) -> str | None:
        """Print the messages; a made-up id for the last."""
        said = None
        for message in messages:
            said = self.print(message)
        return said

    async def update(self, address: Address, message_id: str, message: TextMessage) -> None:
        """A terminal cannot change what it printed; `status` shows the progress instead."""

    async def direct(
        self, address: Address, account_id: str, messages: Sequence[TextMessage]
    ) -> None:
        """A 1:1 chat with a teammate: printed, marked as private to them."""
        name = account_id.removeprefix("console-") if account_id else "?"
        self._note(f"\n[{PRIVATE_TO} {name}]")
        for message in messages:
            self.print(message)

    async def membership(self, address: Address, account_id: str) -> Membership:
        """A terminal has no member list."""
        return Membership.UNKNOWN

    def print(self, message: TextMessage) -> str:
        """Show one reply; write the file it carries. A made-up id."""
        said = message.text
        if message.file is not None:
            said += "\n\n" + self._save(message.file)
        self._show(said)
        return str(uuid.uuid4())

    def _save(self, file: SavedFile) -> str:
        """Write one file into the chat's folder; the sentence that says where it is."""
        self._folder.mkdir(parents=True, exist_ok=True)
        path = (self._folder / Path(file.name).name).resolve()  # only a file name, no folders
        path.write_bytes(file.data)
        return file.saved_as.format(path=path)


class ConsoleAnswer:
    """How a terminal turn answers: printed; everything private is shown here too."""

    private_here = True

    def __init__(self, sender: ConsoleSender) -> None:
        self.sender = sender

    async def say(self, message: TextMessage) -> str | None:
        """Print one reply."""
        return self.sender.print(message)

    async def resolve(
        self, mentions: tuple[Person, ...]
    ) -> tuple[tuple[Person, ...], frozenset[str]]:
        """A terminal knows no members: everyone mentioned is taken as one."""
        return mentions, frozenset()

    async def roster(self) -> tuple[Person, ...]:
        """A terminal knows no members."""
        return ()


class ConsoleChat:
    """Runs typed lines through the bot and shows what it sends back."""

    def __init__(
        self,
        bot: Breedbeeld,
        show: Callable[[str], None],
        folder: Path = Path("."),
        conversation: str = CONVERSATION,
        note: Callable[[str], None] | None = None,
    ) -> None:
        """`show` gets each reply's text, `note` other lines; `folder`: where files the
        bot sends are written; `conversation`: the chat's conversation id."""
        self._bot = bot
        self.sender = ConsoleSender(show, folder, note)
        bot.messenger.register(CONSOLE_CHANNEL, self.sender)
        self._conversation = conversation

    async def say(self, line: str, name: str, locale: str) -> None:
        """One line typed by `name`."""
        user = _user_id(name)
        await self.say_as(Person(user_id=user, name=name, account_id=user), line, locale)

    async def say_as(self, person: Person, line: str, locale: str) -> None:
        """One line typed by `person`, as a turn of the bot."""
        turn = Turn(
            person=person,
            where=ConversationRef(
                channel=CONSOLE_CHANNEL,
                conversation_key=self._conversation,
                thread_id=self._conversation,
                service_url="console://",
            ),
            text=" ".join(line.split()),  # a terminal has no markup, only what was typed
            locale=locale,
        )
        await self._bot.message(turn, ConsoleAnswer(self.sender))


async def run_chat(
    bot: Breedbeeld,
    read_line: Callable[[str], str],
    output: Callable[[str], None],
    name: str,
    locale: str,
    folder: Path = Path("."),
) -> None:
    """The read-print loop; `/as <name>` switches teammate, `/stop` or end of input ends.

    Files the bot sends (the paragraph's Word file) are written into `folder`.
    """
    chat = ConsoleChat(bot, lambda said: output("\n" + said + "\n" + "─" * 60), folder, note=output)
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
        await chat.say(line, name, locale)
