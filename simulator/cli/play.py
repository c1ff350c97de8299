"""`parley play SCENARIO [--plain]`: rehearse one scenario (in the app when a terminal is
attached, which `tui_cmd` opens; in line mode otherwise)."""

from __future__ import annotations

import argparse
import random
import re
import sys
import threading
from typing import TYPE_CHECKING

from simulator.cli.rehearsal import (
    add_session_arguments,
    ask_name_once,
    lang_of,
    login_name,
    record_history,
    saved_trainee,
)
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
        description="演练一个场景。--plain 用行模式（适合管道、脚本和读屏软件）。"
        " / Rehearse a scenario; --plain runs line mode for pipes, scripts and screen readers.",
    )
    add_scenario_argument(parser)
    parser.add_argument("--plain", action="store_true", help="行模式 / line mode, no TUI")
    parser.add_argument(
        "--at",
        metavar="NODE",
        default=None,
        help="预览:从这个节点开始 / preview: start at NODE (line mode; not kept in history)",
    )
    parser.add_argument(
        "--set",
        dest="preset",
        metavar="VAR=VALUE,…",
        default=None,
        help="预览:设定变量,如 trust=80,patience=40 / preview: start with these variables, "
        "e.g. trust=80,patience=40,asked_why=true",
    )
    add_session_arguments(parser)
    parser.set_defaults(func=run)


def parse_preset(text: str | None) -> dict[str, int | bool]:
    """`trust=80,patience=40,asked=true` as values; ValueError names the part it cannot read."""
    values: dict[str, int | bool] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, eq, raw = part.partition("=")
        name, raw = name.strip(), raw.strip()
        if not eq or not name:
            raise ValueError(f"'{part.strip()}': 写成 变量=值 / write NAME=VALUE, e.g. trust=80")
        if raw in ("true", "false"):
            values[name] = raw == "true"
        elif re.fullmatch(r"-?\d+", raw):
            values[name] = int(raw)
        else:
            raise ValueError(
                f"'{part.strip()}': 值应为整数或 true/false / the value must be a whole number "
                "or true/false"
            )
    return values


def run(args: argparse.Namespace) -> int:
    """Play a scenario in line mode, or in the TUI when a terminal is attached.

    A preview (`--at`, `--set`) always runs in line mode: it is a coach trying a node out.
    """
    previewing = getattr(args, "at", None) is not None or getattr(args, "preset", None)
    if not previewing and not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
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
    from simulator.engine import Session, SessionError
    from simulator.transcript import (
        TranscriptError,
        TranscriptWriteFailed,
        TranscriptWriter,
        default_transcript_path,
        now_iso,
    )

    lang = lang_of(args)
    at = getattr(args, "at", None)
    try:
        preset = parse_preset(getattr(args, "preset", None))
        # Checked before any file is written: a typo in --at or --set costs nothing.
        Session(scenario, content.personas[scenario.persona], content.catalog, at=at, preset=preset)
    except (ValueError, SessionError) as error:
        print(f"无法预览 / cannot preview: {error}", file=sys.stderr)
        return 2
    previewing = at is not None or bool(preset)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    started = now_iso()
    # The settings are read once: a name given or kept, else the login name, asked about first
    # at a terminal (a coach's preview is kept out of the history and names nobody).
    trainee = saved_trainee(args)
    if not trainee:
        trainee = login_name()
        if not previewing and sys.stdin.isatty() and sys.stdout.isatty():
            trainee = ask_name_once(trainee, lang)
        elif not previewing:  # piped: nobody to ask, so say whose name the session is kept under
            print(t("plain.login_name", lang, name=trainee), file=sys.stderr)
    # A path the coach named is theirs: an existing file there is refused, never appended to.
    # A default name is ours: if another session took it this very second, the next is used.
    path = args.transcript or default_transcript_path(
        scenario.id, started, trainee, preview=previewing
    )
    writer = TranscriptWriter(path, unique=args.transcript is None)
    try:
        session = Session(
            scenario,
            content.personas[scenario.persona],
            content.catalog,
            seed=seed,
            mode=args.mode,
            trainee=trainee,
            recorder=writer,
            started_at=started,
            at=at,
            preset=preset,
        )
    except TranscriptError as error:
        print(error, file=sys.stderr)
        return 1
    except TranscriptWriteFailed as error:
        print(error.message(lang), file=sys.stderr)
        return 1
    if previewing:
        shown = ", ".join(f"{k}={v}" for k, v in session.variables.items())
        print(
            f"预览 / preview: {session.state} · {shown} — 不计入历史 / not kept in history",
            file=sys.stderr,
        )
    # While the trainee reads the briefing and the first line, build what judging a typed
    # answer needs (the detectors' example bank): the first answer then does not wait for it.
    threading.Thread(target=session.warm, name="parley-warm", daemon=True).start()
    player = PlainPlayer(session, lang, sys.stdout, sys.stdin)
    try:
        status = player.run()
    finally:
        writer.close()
        if writer.failure is None and not previewing:
            record_history(session, writer.path)
    if writer.failure is None:
        player.say(t("plain.transcript", lang, path=str(writer.path)))
    return status
