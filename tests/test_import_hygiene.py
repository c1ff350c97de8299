"""The core never imports Textual and never prints: faces are the only ones that do."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import simulator

PACKAGE = Path(simulator.__file__).parent
FACES = ("cli", "tui", "web")
CORE = sorted(
    p
    for p in PACKAGE.rglob("*.py")
    if p.relative_to(PACKAGE).parts[0] not in FACES and "_bundled" not in p.parts
)


def test_core_modules_exist() -> None:
    # A concept may be a module (engine.py) or a subpackage (loader/__init__.py).
    names = {p.parent.name if p.name == "__init__.py" else p.stem for p in CORE}
    assert {"engine", "loader", "scoring", "transcript", "model"} <= names


def test_importing_the_core_does_not_load_textual() -> None:
    modules = [
        "simulator." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in CORE
        if p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_core_never_prints() -> None:
    offenders = []
    for path in CORE:
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("print", "eval", "exec", "input")
            ):
                offenders.append(f"{path.name}:{node.lineno} {node.func.id}")
    assert offenders == []


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top, in functions or under TYPE_CHECKING."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_screen_imports_the_app() -> None:
    """Data down, messages up: screens and the command palette post messages to the app."""
    tui = PACKAGE / "tui"
    # coldstart.py is the benchmark's launcher: it builds the app, it is not part of it.
    modules = [p for p in tui.rglob("*.py") if p.name not in ("app.py", "coldstart.py")]
    assert {"library.py", "briefing.py", "play.py", "scorecard.py", "commands.py"} <= {
        p.name for p in modules
    }
    offenders = [p.name for p in modules if "simulator.tui.app" in _imports(p)]
    assert offenders == []
    assert "Screen" not in (tui / "coldstart.py").read_text(encoding="utf-8")


def test_no_two_commands_import_each_other() -> None:
    """Pieces two commands share live in a module of their own (cli/rehearsal.py)."""
    from simulator.cli import COMMANDS

    cli = PACKAGE / "cli"
    edges = set()
    for name in COMMANDS:
        for imported in _imports(cli / f"{name}.py"):
            parts = imported.split(".")
            if parts[:2] == ["simulator", "cli"] and len(parts) > 2 and parts[2] in COMMANDS:
                if parts[2] != name:
                    edges.add((name, parts[2]))
    assert ("play", "tui_cmd") in edges  # play opens the app in a terminal: one way
    assert [(a, b) for a, b in edges if (b, a) in edges] == []
    for name in ("play", "tui_cmd", "resume"):
        assert "simulator.cli.rehearsal" in _imports(cli / f"{name}.py")


def test_a_command_imports_only_its_own_module() -> None:
    """`parley history` builds its own parser alone: the other commands' imports (the TUI's,
    the library's) are start-up time a coach pays on every call at 100,000 sessions."""
    from simulator.cli import COMMAND_MODULES, build_parser

    def commands(argv: list[str]) -> set[str]:
        parser = build_parser(argv)
        [sub] = [a for a in parser._actions if a.dest == "command"]
        return set(sub.choices)  # type: ignore[arg-type]

    assert commands([]) == set(COMMAND_MODULES.values())  # --help lists them all
    assert commands(["--help"]) == commands(["nosuch"]) == commands([])
    for command in COMMAND_MODULES.values():
        # each module adds exactly the command the table says (a drift would lose it)
        assert commands(["--lang", "en", command, "--help"]) == {command}
    code = (
        "import sys\n"
        "from simulator.cli import build_parser\n"
        "build_parser(['history', '--trainee', 'x'])\n"
        "heavy = ('simulator.cli.', 'textual', 'yaml')\n"
        "print(sorted(k for k in sys.modules if k.startswith(heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['simulator.cli.history']"
