"""The `parley` command line: one module per subcommand, registered here.

Each module in COMMANDS exposes `register(subparsers)`, which adds its parser and sets
`func(args) -> int` as the handler. Modules are imported only when `parley` starts, and each
imports its heavy dependencies (Textual, the engine) inside its handler, so `parley check`
does not pay for the TUI.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from simulator import __version__
from simulator.safetext import SafeStream

#: Subcommand modules under simulator.cli, in the order `parley --help` lists them, with the
#: command each one adds.
COMMAND_MODULES: dict[str, str] = {
    "list_cmd": "list",
    "play": "play",
    "tui_cmd": "tui",
    "check": "check",
    "playtest": "test",
    "resume": "resume",
    "history": "history",
    "import_cmd": "import",
    "replay": "replay",
    "report": "report",
    "score_text": "score-text",
    "eval_cmd": "eval",
    "bench": "bench",
    "graph": "graph",
    "schema": "schema",
    "new": "new",
    "export": "export",
    "import_twee": "import-twee",
    "stats": "stats",
    "cohort": "cohort",
    "serve": "serve",
    "xapi_cmd": "xapi",
}
COMMANDS: tuple[str, ...] = tuple(COMMAND_MODULES)
_MODULE_OF = {command: module for module, command in COMMAND_MODULES.items()}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The top-level parser: with `argv` naming a command, only that command's module is
    imported (a coach's `parley history` does not pay for the twenty others); otherwise, for
    `parley --help` or a mistyped command, every one."""
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Parley — 客户沟通演练 / rehearse client conversations in a terminal.",
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="UI language (default zh)"
    )
    # The README's `parley --trainee NAME` (a cold tryout got "invalid choice: NAME"); the
    # commands that play take their own --trainee after their name.
    parser.add_argument("--trainee", default=None, help="学员姓名 / trainee name (the app)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _command_module(argv)
    for name in [chosen] if chosen else COMMANDS:
        module = importlib.import_module(f"simulator.cli.{name}")
        module.register(sub)
    return parser


def _command_module(argv: Sequence[str] | None) -> str | None:
    """The module of the command `argv` names, if it names one before any help option."""
    args = list(argv or ())
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--lang", "--trainee"):
            i += 2
            continue
        if arg.startswith("-"):
            if arg in ("-h", "--help", "--version"):
                return None
            i += 1
            continue
        return _MODULE_OF.get(arg)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run `parley` with `argv` and return the exit status."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        from simulator.cli import tui_cmd

        status = tui_cmd.run_default(args)
        _warn_damaged_fitted_data()
        return status
    # Everything the commands print passes through safe_text: trainee, persona and scenario
    # text is data and must never reach the terminal as control codes (the TUI draws through
    # Textual's own channel, sys.__stderr__, which this leaves alone).
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)  # type: ignore[assignment]
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("\n已中断 / interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        _warn_damaged_fitted_data()
        sys.stdout, sys.stderr = out, err


def _warn_damaged_fitted_data() -> None:
    """Tell the user about a fitted data file that could not be read (the command ran without
    it), once, on stderr."""
    from simulator import fitted_data

    for path, reason in fitted_data.damaged().items():
        print(fitted_data.advice(path, reason), file=sys.stderr)
