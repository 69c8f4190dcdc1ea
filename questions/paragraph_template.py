"""The paragraph template: a municipality's own headings and fixed sentences, checked early.

The "paragraaf brede welvaart" for a council proposal is written from a Jinja2 template
per language that lives beside the question bank (`questions/paragraph/`), so a
municipality can use its own wording without touching code. Like the bank, the templates
are checked when the bot starts: a syntax error, an unknown filter or a placeholder the
bot does not fill is refused with the file and line named, so a mistake never first
shows up in front of a policy officer.

A template writes a small line format, so one text becomes both a Word document and
plain text:

    # Title            the document's title
    ## Heading         a heading
    ### Subheading     a smaller heading
    - item             a bullet
    other lines        a paragraph; lines that follow each other are one paragraph

Everything the team typed comes in through `{{ ... }}` and is marked as data, so an
answer that starts with "#" or "-" or holds line breaks never becomes a heading or a list.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from jinja2 import Environment, StrictUndefined, Template, TemplateError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

PACKAGED_TEMPLATES: Path = Path(__file__).parent / "paragraph"
"""The templates shipped with the bot, a folder beside the packaged question bank."""

_PACKAGED_DISPLAY = "questions/paragraph"
TEMPLATE_FILES: dict[str, str] = {"nl": "paragraaf.nl.j2", "en": "paragraph.en.j2"}
"""The template file per language, inside the templates folder."""

# Values from `{{ ... }}` are wrapped in these two characters while the lines are read,
# so their text can never be taken for a line marker. They are removed afterwards.
_OPEN, _CLOSE = "\x02", "\x03"
_MARKERS = (("### ", "subheading"), ("## ", "heading"), ("# ", "title"), ("- ", "bullet"))


class BlockKind(StrEnum):
    """What one block of the paragraph is; renderers pick a Word style or plain layout."""

    TITLE = "title"
    HEADING = "heading"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"


@dataclass(frozen=True)
class Block:
    """One title, heading, paragraph or bullet of the written paragraph."""

    kind: BlockKind
    text: str


class ParagraphTemplateError(Exception):
    """The templates cannot be used. The message lists every problem, one per line."""

    def __init__(self, errors: str | Iterable[str]) -> None:
        self.errors: tuple[str, ...] = (errors,) if isinstance(errors, str) else tuple(errors)
        super().__init__("\n".join(self.errors))


def _as_data(value: object) -> str:
    """Jinja's `finalize`: every inserted value becomes one marked line of plain text."""
    if value is None:
        return ""
    text = " ".join(str(value).replace(_OPEN, "").replace(_CLOSE, "").split())
    return f"{_OPEN}{text}{_CLOSE}" if text else ""


def _environment() -> Environment:
    """Sandboxed: a template edited outside the code base can read the values it is given,
    and nothing else of the bot (no attributes starting with _, no changing a list)."""
    return ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # plain text and Word, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_as_data,
        auto_reload=False,
    )


def read_blocks(rendered: str) -> tuple[Block, ...]:
    """The blocks of a rendered template (see the line format in the module docstring)."""
    blocks: list[Block] = []
    lines: list[str] = []  # the paragraph being collected

    def flush() -> None:
        if lines:
            _add(blocks, BlockKind.PARAGRAPH, " ".join(lines))
            lines.clear()

    for raw in rendered.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        kind = next((BlockKind(k) for marker, k in _MARKERS if line.startswith(marker)), None)
        if kind is None:
            lines.append(line)
            continue
        flush()
        _add(blocks, kind, line.split(" ", 1)[1])
    flush()
    return _without_empty_headings(blocks)


_RANK = {BlockKind.TITLE: 0, BlockKind.HEADING: 1, BlockKind.SUBHEADING: 2}


def _without_empty_headings(blocks: list[Block]) -> tuple[Block, ...]:
    """Leave out a heading with nothing under it (a part the bank does not have)."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        rank = _RANK.get(block.kind)
        if rank is not None and rank > 0:
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            next_rank = _RANK.get(following.kind) if following else 0
            if following is None or (next_rank is not None and next_rank <= rank):
                continue
        kept.append(block)
    return tuple(kept)


def _add(blocks: list[Block], kind: BlockKind, text: str) -> None:
    clean = " ".join(text.replace(_OPEN, "").replace(_CLOSE, "").split())
    if clean:  # a bullet or paragraph whose values were all empty is left out
        blocks.append(Block(kind, clean))


def plain_text(blocks: Sequence[Block]) -> str:
    """The paragraph as plain text ready to paste: one line per paragraph, a blank line
    between blocks (not between bullets), headings without markers."""
    out: list[str] = []
    previous: BlockKind | None = None
    for block in blocks:
        if out and not (block.kind is BlockKind.BULLET and previous is BlockKind.BULLET):
            out.append("")
        out.append(f"- {block.text}" if block.kind is BlockKind.BULLET else block.text)
        previous = block.kind
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class ParagraphTemplates:
    """The checked templates, one per language, compiled once."""

    source: str  # the folder, as named in messages
    templates: Mapping[str, Template]

    def render(self, language: str, context: Mapping[str, object]) -> tuple[Block, ...]:
        """The paragraph's blocks in `language` (Dutch for anything but English)."""
        template = self.templates["en" if language == "en" else "nl"]
        return read_blocks(template.render(**context))


def load_paragraph_templates(
    path: Path | str | None, samples: Sequence[Mapping[str, object]]
) -> ParagraphTemplates:
    """Read and check the templates in `path` (None: the packaged ones).

    `samples` are contexts as the bot fills them (with every list filled, and with every
    list empty); their keys are the placeholders a template may use, and each template is
    tried with each, so a mistake that only shows when rendering is found now as well.
    Raises ParagraphTemplateError naming every problem with its file and line.
    """
    folder = PACKAGED_TEMPLATES if path is None else Path(path)
    display = _PACKAGED_DISPLAY if path is None else str(path)
    allowed = frozenset(k for sample in samples for k in sample)
    env = _environment()
    errors: list[str] = []
    templates: dict[str, Template] = {}
    if not folder.is_dir():
        raise ParagraphTemplateError(f"{display}: no such folder")
    for language, file_name in TEMPLATE_FILES.items():
        name = f"{display.rstrip('/')}/{file_name}"
        template = _check(env, folder / file_name, name, allowed, samples, errors)
        if template is not None:
            templates[language] = template
    if errors:
        raise ParagraphTemplateError(errors)
    return ParagraphTemplates(display, templates)


def _check(
    env: Environment,
    file: Path,
    name: str,
    allowed: frozenset[str],
    samples: Sequence[Mapping[str, object]],
    errors: list[str],
) -> Template | None:
    """One template file: read, parse, placeholders, compile, trial renders."""
    try:
        source = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        errors.append(f"{name}: missing (the paragraph template for this language)")
        return None
    except (OSError, UnicodeDecodeError) as problem:
        errors.append(f"{name}: cannot be read ({problem})")
        return None
    try:
        tree = env.parse(source, file.name, str(file))
    except TemplateError as problem:
        errors.append(_located(name, problem, str(file)))
        return None
    unknown = sorted(meta.find_undeclared_variables(tree) - allowed)
    if unknown:
        for placeholder in unknown:
            errors.append(
                f"{name}, line {_first_use(tree, placeholder)}: unknown placeholder "
                f"`{placeholder}`; the paragraph fills only: {', '.join(sorted(allowed))}"
            )
        return None
    try:
        code = env.compile(source, file.name, str(file))  # the file named in tracebacks
        template = env.template_class.from_code(env, code, env.globals, None)
        written = [read_blocks(template.render(**sample)) for sample in samples]
    except Exception as problem:  # TemplateError, or a filter used on the wrong value
        errors.append(_located(name, problem, str(file)))
        return None
    if written and not written[0]:
        errors.append(f"{name}: the template writes nothing")
        return None
    return template


def _first_use(tree: nodes.Template, placeholder: str) -> int:
    """The line where an unknown placeholder is first used."""
    lines = [n.lineno for n in tree.find_all(nodes.Name) if n.name == placeholder]
    return min(lines) if lines else 1


_SPACES = re.compile(r"\s+")


def _located(name: str, problem: Exception, filename: str) -> str:
    """'<file>, line 12: <what is wrong>', the line from Jinja or from the traceback."""
    line = getattr(problem, "lineno", None)
    if line is None:
        frames = [f for f in traceback.extract_tb(problem.__traceback__) if f.filename == filename]
        line = frames[-1].lineno if frames else None
    message = getattr(problem, "message", None) or str(problem) or type(problem).__name__
    where = f"{name}, line {line}" if line else name
    return f"{where}: {_SPACES.sub(' ', message).strip()}"
