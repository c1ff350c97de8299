"""`parley play SCENARIO [--plain]`: rehearse one scenario (in the app when a terminal is
attached, which `tui_cmd` opens; in line mode otherwise)."""

from __future__ import annotations

import argparse
import random
import sys
from typing import TYPE_CHECKING

from simulator.cli.rehearsal import add_session_arguments, lang_of, record_history, trainee_of
from simulator.cli.scenario_arg import add_scenario_argument, chosen_scenario
from simulator.i18n import t

if TYPE_CHECKING:
    from simulator.content import Content
    from simulator.model import Scenario


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `play` subcommand."""
    parser = sub.add_parser(
        "play",
        help="演练一个场景 / rehearse a scenario",
        description="演练一个场景。--plain 用行模式(适合管道、脚本和读屏软件)。"
        " / Rehearse a scenario; --plain runs line mode for pipes, scripts and screen readers.",
    )
    add_scenario_argument(parser)
    parser.add_argument("--plain", action="store_true", help="行模式 / line mode, no TUI")
    add_session_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Play a scenario in line mode, or in the TUI when a terminal is attached."""
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from simulator.cli import tui_cmd

        return tui_cmd.run_play(args)

    chosen = chosen_scenario(args)
    if chosen is None:
        return 2
    content, scenario = chosen
    return play_plain(content, scenario, args)


def play_plain(content: Content, scenario: Scenario, args: argparse.Namespace) -> int:
    """Run one new session of `scenario` in line mode with a transcript."""
    from simulator.cli.plain import PlainPlayer
    from simulator.engine import Session
    from simulator.transcript import TranscriptWriter, default_transcript_path, now_iso

    lang = lang_of(args)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    started = now_iso()
    path = args.transcript or default_transcript_path(scenario.id, started)
    writer = TranscriptWriter(path)
    session = Session(
        scenario,
        content.personas[scenario.persona],
        content.catalog,
        seed=seed,
        mode=args.mode,
        trainee=trainee_of(args),
        recorder=writer,
        started_at=started,
    )
    player = PlainPlayer(session, lang, sys.stdout, sys.stdin)
    try:
        status = player.run()
    finally:
        writer.close()
        record_history(session, path)
    player.say(t("plain.transcript", lang, path=str(path)))
    return status
