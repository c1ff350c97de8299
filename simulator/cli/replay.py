"""`parley replay PATHS…`: replay transcripts of one scenario to a room, node by node."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `replay` subcommand."""
    parser = sub.add_parser(
        "replay",
        help="小组回放 / replay transcripts for a group session",
        description="逐个节点回放一份或多份同一场景的记录；答案先隐藏，按空格揭晓；可加批注。"
        " / Replay transcripts of one scenario node by node; answers stay hidden until space"
        " reveals them; add coach notes.",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="记录文件或文件夹 / files or folders")
    parser.add_argument("--lang", dest="lang_sub", choices=("zh", "en"), default=None)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Open the replay screen."""
    from simulator.group import GroupError, load_group
    from simulator.transcript import TranscriptError

    try:
        group = load_group(args.paths)
    except (TranscriptError, GroupError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for path, why in group.skipped:  # shown again in the replay; here it outlives the screen
        print(f"{path}: 未纳入回放 / left out of the replay: {why}", file=sys.stderr)
    from simulator.tui.replay import ReplayApp

    lang = getattr(args, "lang_sub", None) or getattr(args, "lang", None) or "zh"
    ReplayApp(group, lang="en" if lang == "en" else "zh").run()
    return 0
