"""What every command that runs a rehearsal shares: its options, the trainee's language and
name, and keeping the session in the history.

`parley play` (line mode), `parley tui` / `parley` (the app) and `parley resume` import these
from here, so no command module imports another.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.model import Lang

if TYPE_CHECKING:
    from simulator.engine import Session


def add_session_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that starts a session."""
    parser.add_argument("--seed", type=int, default=None, help="随机种子 / seed (default random)")
    parser.add_argument(
        "--mode",
        choices=("practice", "assessment"),
        default="practice",
        help="练习（每轮点评）或考核（最后点评）/ practice or assessment",
    )
    parser.add_argument("--trainee", default=None, help="学员姓名 / trainee name")
    parser.add_argument("--transcript", type=Path, default=None, help="记录文件 / transcript path")
    parser.add_argument("--lang", dest="lang_sub", choices=("zh", "en"), default=None)


def lang_of(args: argparse.Namespace) -> Lang:
    """The UI language: --lang (before or after the subcommand), else the saved setting."""
    value = getattr(args, "lang_sub", None) or getattr(args, "lang", None)
    if value is None:
        from simulator.settings import load_settings

        return load_settings().lang
    return "en" if value == "en" else "zh"


def trainee_of(args: argparse.Namespace) -> str:
    """The trainee's name: --trainee, else the login name."""
    if getattr(args, "trainee", None):
        return str(args.trainee)
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "trainee"


def record_history(session: Session, path: Path) -> None:
    """Keep the session in the history database, finished or abandoned.

    History is a convenience: a database that cannot be written must not cost the trainee the
    session, whose transcript is already safe on disk, so the failure is reported, not raised.
    """
    from simulator import store

    if not session.turns:
        return
    try:
        store.record_session(session, path)
    except (store.StoreError, OSError) as error:
        print(f"历史记录未保存 / history not saved: {error}", file=sys.stderr)
