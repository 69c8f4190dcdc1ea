"""The folders' import rules, read from the source: the layout says what a change may touch.

Data flows one way (edge -> dialogs -> domain -> questions), so an import against that flow
at module level is a circle between folders, and channel SDKs stay in bot/. An import
inside a function (such as `breedbeeld bench` loading bench/ when asked) is not an edge of
the layout: it runs only on that path.
"""

from __future__ import annotations

import ast
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
