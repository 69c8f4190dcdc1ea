"""The folders' import rules, read from the source: the layout says what a change may touch.

Data flows one way (edge -> dialogs -> domain -> questions), so an import against that flow
at module level is a circle between folders, and channel SDKs stay in bot/. An import
inside a function (such as `breedbeeld bench` loading bench/ when asked) is not an edge of
the layout: it runs only on that path.

Inside bot/, each channel's SDK belongs to its room, wherever the import is (a function
too): only bot/teams/ imports botbuilder, botframework, msrest and azure (the Bot
Framework SDK and what it raises), only bot/slack/ imports slack_sdk; bench/'s echo bot
is the yardstick on botbuilder and may use it. The rooms of bot/ (and its entry modules
app, cli, config) import each other without circles at module level.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# folder -> top-level names it must not import at module level
FORBIDDEN: dict[str, set[str]] = {
    "questions": {"bot", "dialogs", "domain", "bench", "botbuilder", "slack_sdk"},
    "domain": {"bot", "dialogs", "bench", "botbuilder", "slack_sdk"},
    "dialogs": {"bot", "bench", "botbuilder", "slack_sdk"},
    "bot": {"bench"},
}


def module_level_imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package) of every import outside functions and classes' methods."""
    found: list[tuple[int, str]] = []

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.extend((node.lineno, alias.name.split(".")[0]) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((node.lineno, node.module.split(".")[0]))
            elif isinstance(node, ast.If | ast.Try | ast.With | ast.ClassDef):
                for field in ("body", "orelse", "finalbody"):
                    visit(getattr(node, field, []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def violations(folder: str) -> list[str]:
    """Every forbidden module-level import in the folder, as path:line: name."""
    return [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line, name in module_level_imports(path)
        if name in FORBIDDEN[folder]
    ]


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_folder_imports_only_downstream(folder: str) -> None:
    assert violations(folder) == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The reader finds imports in the places a circle hides (if blocks), not in functions."""
    source = tmp_path / "example.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from domain.scale import Effect\n"
        "import bot.app\n"
        "def later():\n"
        "    import bench.cli\n",
        encoding="utf-8",
    )
    assert module_level_imports(source) == [(1, "typing"), (3, "domain"), (4, "bot")]


# -- channel SDKs: each in its own room -----------------------------------------------

# SDK -> the one folder that may import it (anywhere in a file, functions included)
SDK_ROOMS: dict[str, tuple[str, ...]] = {
    "botbuilder": ("bot/teams", "bench"),
    "botframework": ("bot/teams", "bench"),
    "msrest": ("bot/teams", "bench"),
    "azure": ("bot/teams", "bench"),
    "slack_sdk": ("bot/slack",),
}
PRODUCT = ("bot", "dialogs", "domain", "questions", "bench")


def every_import(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in a file, inside functions too."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def sdk_violations(root: Path) -> list[str]:
    """Every import of a channel SDK outside the room it belongs to, as path:line: name."""
    found = []
    for folder in PRODUCT:
        for path in sorted((root / folder).rglob("*.py")):
            where = path.relative_to(root).as_posix()
            for line, module in every_import(path):
                rooms = SDK_ROOMS.get(module.split(".")[0])
                if rooms is not None and not where.startswith(tuple(f"{r}/" for r in rooms)):
                    found.append(f"{where}:{line}: {module}")
    return found


def test_only_the_channel_rooms_import_their_sdks() -> None:
    assert sdk_violations(ROOT) == []


def test_the_check_sees_an_sdk_outside_its_room(tmp_path: Path) -> None:
    """An SDK imported in a function of another room is found; in its own room it is not."""
    for folder in PRODUCT:
        (tmp_path / folder).mkdir()
    (tmp_path / "bot" / "slack").mkdir()
    (tmp_path / "bot" / "teams").mkdir()
    (tmp_path / "bot" / "slack" / "edge.py").write_text(
        "import slack_sdk\ndef later():\n    from botbuilder.core import TurnContext\n",
        encoding="utf-8",
    )
    (tmp_path / "bot" / "teams" / "edge.py").write_text(
        "from botbuilder.core import TurnContext\n", encoding="utf-8"
    )
    (tmp_path / "bot" / "app.py").write_text("import msrest.exceptions\n", encoding="utf-8")
    assert sdk_violations(tmp_path) == [
        "bot/app.py:1: msrest.exceptions",
        "bot/slack/edge.py:3: botbuilder.core",
    ]


# -- no circles between the rooms of bot/ ---------------------------------------------


def room_of(path: Path, bot: Path) -> str:
    """A file's room: its folder under bot/, or the entry module's name (app, cli, config)."""
    parts = path.relative_to(bot).parts
    return parts[0] if len(parts) > 1 else path.stem


def room_imports(bot: Path) -> dict[str, set[str]]:
    """Room -> the other rooms its files import at module level."""
    graph: dict[str, set[str]] = {}
    for path in sorted(bot.rglob("*.py")):
        room = room_of(path, bot)
        if room == "__init__":
            continue
        for module in module_level_modules(path):
            parts = module.split(".")
            if parts[0] == "bot" and len(parts) > 1 and parts[1] != room:
                graph.setdefault(room, set()).add(parts[1])
    return graph


def module_level_modules(path: Path) -> list[str]:
    """The full module names `module_level_imports` sees (`from bot import x` names x)."""
    found: list[str] = []

    def visit(statements: Iterable[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names]
                found.extend(names if node.module == "bot" else [node.module])
            elif isinstance(node, ast.If | ast.Try | ast.With | ast.ClassDef):
                for field in ("body", "orelse", "finalbody"):
                    visit(getattr(node, field, []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle in the graph, each once, starting at its smallest room."""
    found: list[list[str]] = []

    def walk(start: str, node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                found.append([*path, start])
            elif nxt > start and nxt not in path:
                walk(start, nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, start, [start])
    return found


def test_the_rooms_of_bot_import_without_circles() -> None:
    assert circles(room_imports(ROOT / "bot")) == []


def test_the_check_sees_a_circle_between_rooms(tmp_path: Path) -> None:
    """A circle through three rooms and an entry module, hidden in an if block, is found."""
    bot = tmp_path / "bot"
    for room in ("jobs", "storage", "turns"):
        (bot / room).mkdir(parents=True)
        (bot / room / "__init__.py").write_text('"""A room."""\n', encoding="utf-8")
    (bot / "turns" / "runner.py").write_text("import bot.jobs.loop\n", encoding="utf-8")
    (bot / "jobs" / "loop.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot import app\n",
        encoding="utf-8",
    )
    (bot / "app.py").write_text("from bot.turns.runner import x\n", encoding="utf-8")
    (bot / "storage" / "engine.py").write_text(
        "def later():\n    import bot.turns\n", encoding="utf-8"
    )
    graph = room_imports(bot)
    assert graph == {"turns": {"jobs"}, "jobs": {"app"}, "app": {"turns"}}
    assert circles(graph) == [["app", "turns", "jobs", "app"]]
