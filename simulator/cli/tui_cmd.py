"""`parley` with no subcommand (or `parley tui`): open the Textual app."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.scenario_arg import add_content_argument


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `tui` subcommand."""
    parser = sub.add_parser(
        "tui",
        help="打开演练界面（默认）/ open the rehearsal app (the default)",
        description="打开演练界面。不带子命令运行 parley 也会打开它。"
        " / Open the rehearsal app; `parley` with no subcommand does the same.",
    )
    parser.add_argument("--lang", dest="lang_sub", choices=("zh", "en"), default=None)
    parser.add_argument("--seed", type=int, default=None, help="随机种子 / seed (default random)")
    parser.add_argument("--trainee", default=None, help="学员姓名 / trainee name")
    # How `parley serve` starts the app for each browser visitor (not for people to type).
    parser.add_argument("--visitor", action="store_true", help=argparse.SUPPRESS)
    add_content_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, open_scenario: str | None = None) -> int:
    """Run the app until the trainee quits."""
    from simulator.cli.rehearsal import lang_of
    from simulator.tui.app import make_app

    app = make_app(
        lang=lang_of(args),
        paths=tuple(getattr(args, "content", ()) or ()),
        seed=getattr(args, "seed", None),
        trainee=_trainee(args),
        ask_trainee=_ask_trainee(args),
        open_scenario=open_scenario,
        visitor=bool(getattr(args, "visitor", False)),
        mode="assessment" if getattr(args, "mode", None) == "assessment" else "practice",
    )
    app.run()
    return int(app.return_code or 0)


def run_play(args: argparse.Namespace) -> int:
    """`parley play ID` in a terminal: the app, opened at that scenario's briefing."""
    if str(args.scenario).endswith((".yaml", ".yml")):
        from simulator.content import context_paths, load_content

        here = [Path(args.scenario)]
        args.content = [*getattr(args, "content", []), *here, *context_paths(here)]

        content = load_content([Path(args.scenario)], raise_on_error=False)
        match = [s.id for s in content.scenarios.values() if s.path == str(args.scenario)]
        return run(args, open_scenario=match[0] if match else Path(args.scenario).stem)
    return run(args, open_scenario=str(args.scenario))


def run_default(args: argparse.Namespace) -> int:
    """What `parley` does with no subcommand: the app, with only the global options."""
    return run(args)


def _trainee(args: argparse.Namespace) -> str:
    """--trainee, else the login name; a browser visitor (no --trainee) is asked instead."""
    from simulator.cli.rehearsal import trainee_of

    if getattr(args, "visitor", False):
        return str(getattr(args, "trainee", None) or "")
    return trainee_of(args) if hasattr(args, "trainee") else trainee_of(_NoTrainee())


def _ask_trainee(args: argparse.Namespace) -> bool:
    """Ask the name once, at the first start on this account: no --trainee, no $PARLEY_TRAINEE,
    none saved (the login name is only the answer offered)."""
    from simulator.cli.rehearsal import saved_trainee

    if getattr(args, "visitor", False):
        return False  # a browser visitor is always asked, by the visitor's own dialog
    return not saved_trainee(args if hasattr(args, "trainee") else _NoTrainee())


class _NoTrainee(argparse.Namespace):
    trainee = None
