"""`parley resume [TRANSCRIPT]`: continue an unfinished session exactly where it stopped."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.scenario_arg import add_content_argument
from simulator.i18n import t
from simulator.transcript import preview_arguments


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
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """Rebuild the session from its responses, then play on in line mode."""
    from simulator.cli.plain import PlainPlayer
    from simulator.cli.play import lang_of, record_history
    from simulator.cli.scenario_arg import load_library, report_errors
    from simulator.engine import Session
    from simulator.transcript import (
        TranscriptError,
        TranscriptWriter,
        latest_unfinished,
        read_transcript,
    )

    lang = lang_of(args)
    try:
        if args.transcript is not None:
            transcript = read_transcript(args.transcript)
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
    writer = TranscriptWriter.resume(transcript.path, transcript)
    session.recorder = writer
    print(
        f"继续会话 / resuming: {head.scenario} · {head.trainee} · "
        f"第 {len(transcript.turns) + 1} 回合 / turn {len(transcript.turns) + 1}"
    )
    if session.turns:
        last = session.turns[-1]
        print(f"  上一轮你说 / last time you said: 「{last.said}」")
    player = PlainPlayer(session, lang, sys.stdout, sys.stdin)
    try:
        status = player.run()
    finally:
        writer.close()
        if head.preview is None:  # a coach's preview stays out of history
            record_history(session, transcript.path)
    player.say(t("plain.transcript", lang, path=str(transcript.path)))
    return status
