"""`parley resume [TRANSCRIPT]`: continue an unfinished session exactly where it stopped."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.cli.scenario_arg import add_content_argument
from simulator.i18n import t
from simulator.transcript import preview_arguments

if TYPE_CHECKING:
    from simulator.transcript import Transcript


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `resume` subcommand."""
    parser = sub.add_parser(
        "resume",
        help="继续未完成的会话 / continue an unfinished session",
        description="从记录文件继续一次未完成的会话（行模式）；不给路径时继续最近一次未完成的会话。"
        " / Continue an unfinished session from its transcript in line mode; without a path,"
        " the most recent unfinished one.",
    )
    parser.add_argument(
        "transcript", nargs="?", type=Path, default=None, help="记录文件 / transcript (.jsonl)"
    )
    parser.add_argument(
        "--allow-changed",
        action="store_true",
        help="场景已修改时也尝试继续 / try even if the scenario changed since the session began",
    )
    add_content_argument(parser)
    parser.add_argument("--lang", dest="lang_sub", choices=("zh", "en"), default=None)
    # `parley play ID --plain` is how line mode is asked for; resume is always line mode (the
    # app resumes from its library), so the same flag is taken and changes nothing.
    parser.add_argument(
        "--plain",
        action="store_true",
        help="行模式（继续总是用行模式；在应用里从场景库继续）/ line mode (resume always is;"
        " the app resumes from its library)",
    )
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _one_of(sessions: Sequence[Transcript]) -> Transcript:
    """The session to continue in a file an older Parley appended sessions to.

    The last one if it is unfinished (appending continues it); otherwise the last unfinished
    one, copied into a file of its own first, since its turns cannot be appended after a
    later session's.
    """
    from simulator.transcript import read_sessions, split_off

    path = sessions[-1].path
    unfinished = [s for s in sessions if not s.finished]
    if not unfinished or unfinished[-1] is sessions[-1]:
        print(
            f"{path}: 文件里有 {len(sessions)} 次会话,继续最后一次 / the file holds "
            f"{len(sessions)} sessions; continuing the last one",
            file=sys.stderr,
        )
        return sessions[-1]
    chosen = unfinished[-1]
    own = split_off(chosen)
    print(
        f"{path}: 文件里有 {len(sessions)} 次会话,第 {chosen.part} 次未完成,已复制到 {own} 并在那里"
        f"继续 / the file holds {len(sessions)} sessions; session {chosen.part} is unfinished, "
        f"so it was copied to {own} to continue there (the old file is left as it was)",
        file=sys.stderr,
    )
    return read_sessions(own)[0]


def run(args: argparse.Namespace) -> int:
    """Rebuild the session from its responses, then play on in line mode."""
    from simulator.cli.plain import PlainPlayer
    from simulator.cli.rehearsal import lang_of, record_history
    from simulator.cli.scenario_arg import load_library, report_errors
    from simulator.engine import Session
    from simulator.files import WriteFailed
    from simulator.transcript import (
        TranscriptError,
        TranscriptWriteFailed,
        TranscriptWriter,
        latest_unfinished,
        read_sessions,
    )

    lang = lang_of(args)
    try:
        if args.transcript is not None:
            sessions = read_sessions(args.transcript)
            transcript = sessions[-1]
            if len(sessions) > 1:
                transcript = _one_of(sessions)
        else:
            found = latest_unfinished()
            if found is None:
                return _fail(
                    "没有未完成的会话可继续 / no unfinished session to resume "
                    "(name a transcript: parley resume PATH)"
                )
            transcript = found
    except TranscriptError as exc:
        return _fail(str(exc))
    except WriteFailed as failure:  # the unfinished session could not be copied out
        return _fail(str(failure))
    for warning in transcript.warnings:
        print(warning, file=sys.stderr)
    if transcript.finished:
        return _fail(
            f"{transcript.path}: 这次会话已经结束，无需继续 / this session has already ended "
            "(see it with parley replay)"
        )
    head = transcript.header
    content = load_library(list(args.content))
    scenario = content.scenarios.get(head.scenario)
    report_errors(content, scenario)
    if scenario is None:
        return _fail(
            f"{transcript.path}: 找不到场景 / scenario not found: {head.scenario} "
            "(add its folder with --content)"
        )
    if scenario.content_hash != head.content_hash and not args.allow_changed:
        return _fail(
            f"{transcript.path}: 场景「{head.scenario}」在这次会话开始后被修改过 / the scenario "
            "changed since this session began, so its answers may not lead where they did. "
            "Use --allow-changed to try anyway."
        )
    persona = content.personas.get(scenario.persona)
    if persona is None:
        return _fail(f"找不到角色 / persona not found: {scenario.persona}")
    try:
        session = Session.rebuild(
            scenario,
            persona,
            content.catalog,
            head.seed,
            transcript.responses,
            mode=head.mode,
            trainee=head.trainee,
            started_at=head.started_at,
            **preview_arguments(head),
        )
    except (ValueError, KeyError) as exc:
        return _fail(f"{transcript.path}: 无法重建会话 / cannot rebuild the session: {exc}")
    replayed = [turn.node_id for turn in session.turns]
    recorded = [r.turn.node_id for r in transcript.turns]
    if replayed != recorded:
        return _fail(
            f"{transcript.path}: 重放结果与记录不一致 / replaying the answers did not retrace the "
            "recorded path (the scenario or the engine changed); the transcript is left as it was"
        )
    try:
        writer = TranscriptWriter.resume(transcript.path, transcript)
    except TranscriptWriteFailed as failure:
        return _fail(failure.message(lang))
    session.recorder = writer
    print(
        f"继续会话 / resuming: {head.scenario} · {head.trainee} · "
        f"第 {len(transcript.turns) + 1} 轮 / turn {len(transcript.turns) + 1}"
    )
    if session.turns:
        last = session.turns[-1]
        print(f"  上一轮你说 / last time you said: 「{last.said}」")
    player = PlainPlayer(session, lang, sys.stdout, sys.stdin, pending=transcript.pending)
    try:
        status = player.run()
    finally:
        writer.close()
        if writer.failure is None and head.preview is None:  # a preview stays out of history
            record_history(session, transcript.path)
    if writer.failure is None:
        player.say(t("plain.transcript", lang, path=str(transcript.path)))
    return status
