"""What every command that runs a rehearsal shares: its options, the trainee's language and
name, and keeping the session in the history.

`parley play` (line mode), `parley tui` / `parley` (the app) and `parley resume` import these
from here, so no command module imports another.
"""

from __future__ import annotations

import argparse
import getpass
import os
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
    """The trainee's name: --trainee, else $PARLEY_TRAINEE, else the name the app asked and
    saved, else the login name."""
    return saved_trainee(args) or login_name()


def login_name() -> str:
    """The account's login name ("trainee" where a container has none)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "trainee"


def saved_trainee(args: argparse.Namespace) -> str:
    """--trainee, $PARLEY_TRAINEE or the saved name, whichever comes first; "" when none."""
    if getattr(args, "trainee", None):
        return str(args.trainee)
    from_env = os.environ.get("PARLEY_TRAINEE", "").strip()
    if from_env:
        return from_env
    from simulator.settings import load_settings

    return load_settings().trainee


#: How many times a name with a problem is asked again before the login name is used.
NAME_TRIES = 3


def ask_name_once(offered: str, lang: Lang) -> str:
    """Ask the trainee's name at a terminal, the first time on this account (line mode; the app
    asks in a dialog), and keep it; Enter takes `offered` (the login name)."""
    from dataclasses import replace

    from simulator.i18n import t
    from simulator.settings import load_settings, save_settings
    from simulator.trainee import check_name

    print(t("name.title", lang) + " — " + t("name.body_once_plain", lang, offered=offered))
    name = offered
    for _ in range(NAME_TRIES):
        try:
            typed = input("> ")
        except EOFError:
            return offered  # input closed: play under the login name, ask next time
        if not typed.strip():
            break
        name, problem = check_name(typed)
        if problem is None:
            break
        print(t(problem, lang))
        name = offered
    try:
        save_settings(replace(load_settings(), trainee=name))
    except OSError as error:
        print(f"{error}", file=sys.stderr)  # not kept: asked again next time, nothing lost
    return name


def record_history(session: Session, path: Path) -> None:
    """Keep the session in the history database, finished or abandoned.

    History is a convenience: a database that cannot be written must not cost the trainee the
    session, whose transcript is already safe on disk, so the failure is reported, not raised.
    """
    from simulator import store

    if not session.turns and not session.scorecard().principles:
        return  # nothing said that counted: no attempt to keep (words that broke a principle
        # with no move taken count: a round thirty-five tryout's -3 never reached the history)
    try:
        store.record_session(session, path)
    except (store.StoreError, OSError) as error:
        print(f"历史记录未保存 / history not saved: {error}", file=sys.stderr)
