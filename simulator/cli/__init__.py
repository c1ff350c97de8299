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

#: Subcommand modules under simulator.cli, in the order `parley --help` lists them.
COMMANDS: tuple[str, ...] = (
    "list_cmd",
    "play",
    "tui_cmd",
    "check",
    "playtest",
    "resume",
    "history",
    "import_cmd",
    "replay",
    "report",
    "score_text",
    "eval_cmd",
    "bench",
    "graph",
    "schema",
    "new",
    "export",
    "import_twee",
    "stats",
)


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Parley — 客户沟通演练 / rehearse client conversations in a terminal.",
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="UI language (default zh)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"simulator.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `parley` with `argv` and return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from simulator.cli import tui_cmd

        return tui_cmd.run_default(args)
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
        sys.stdout, sys.stderr = out, err
