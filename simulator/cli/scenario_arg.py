"""The scenario a command acts on: the `SCENARIO` and `--content` arguments and how they resolve.

`play`, `graph`, `export`, `resume` and the app all name a scenario by id or by the path of its
YAML file, and all accept extra content folders; this module is the one place that reads them.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.i18n import both, t

if TYPE_CHECKING:
    from simulator.content import Content
    from simulator.model import Scenario

YAML_SUFFIXES = (".yaml", ".yml")


def add_content_argument(parser: argparse.ArgumentParser) -> None:
    """`--content PATH` (repeatable): scenario, persona or catalog files and folders to add."""
    parser.add_argument(
        "--content",
        type=Path,
        action="append",
        default=[],
        help="额外的场景/角色文件或目录 / extra scenario or persona files/folders",
    )


def add_scenario_argument(parser: argparse.ArgumentParser) -> None:
    """The positional SCENARIO (an id or a YAML file) and `--content`."""
    parser.add_argument("scenario", help="场景 id 或 YAML 文件 / scenario id or YAML file")
    add_content_argument(parser)


def load_library(paths: list[Path]) -> Content:
    """The bundled and local content plus `paths`, with errors kept as diagnostics."""
    from simulator.checkcache import CheckCache
    from simulator.content import load_content

    return load_content(paths, raise_on_error=False, cache=CheckCache())


def report_errors(content: Content, scenario: Scenario | None) -> None:
    """Print the errors that matter: all of them when the scenario is unusable, else a count."""
    errors = content.errors
    if not errors:
        return
    if scenario is None:
        print(both("plain.content_errors"), file=sys.stderr)
        for problem in errors:
            print(str(problem), file=sys.stderr)
    else:
        paths = sorted({d.location.path for d in errors})
        names = ", ".join(paths[:5]) + (" …" if len(paths) > 5 else "")
        print(both("plain.other_errors", files=len(paths), names=names), file=sys.stderr)


def find_scenario(content: Content, name: str) -> Scenario | None:
    """The scenario named by id or by the path of its file; prints a hint when not found."""
    if name in content.scenarios:
        return content.scenarios[name]
    path = Path(name)
    if path.suffix in YAML_SUFFIXES:
        resolved = str(path.resolve())
        for scenario in content.scenarios.values():
            if scenario.path and str(Path(scenario.path).resolve()) == resolved:
                return scenario
    known = sorted(content.scenarios)
    print(both("plain.unknown_scenario", name=name, known=", ".join(known)), file=sys.stderr)
    # Compared folded ("CREDIT_GIFT_DINNER", "credit-gift-dinner"): the case and the dash
    # are typing slips, not another name (round twenty-eight's cold tryout got no hint).
    folded = {k.casefold().replace("-", "_"): k for k in known}
    close = [
        folded[c]
        for c in difflib.get_close_matches(name.casefold().replace("-", "_"), list(folded), n=1)
    ]
    if close:
        print(t("plain.did_you_mean", "zh", name=close[0]), file=sys.stderr)
    return None


def _same_file(a: str | Path, b: str | Path) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def _loaded_from(content: Content, file: str) -> bool:
    """Whether a usable scenario was loaded from `file`."""
    return any(s.path and _same_file(s.path, file) for s in content.scenarios.values())


def _explain_unusable(content: Content, file: Path) -> None:
    """Why the scenario file named on the command line cannot be used: its own errors (not
    those of the files beside it), or that it is not a scenario at all."""
    own = [d for d in content.errors if _same_file(d.location.path, file)]
    if own:
        print(f"{file}: 文件有错误,无法使用 / has errors and cannot be used:", file=sys.stderr)
        for problem in own:
            print(str(problem), file=sys.stderr)
        print(f"    next: parley check {file}", file=sys.stderr)
        return
    from simulator.yamlsource import read_document

    top = read_document(file).data
    broken = content.errors
    if top is not None and "nodes" in top and broken:
        # The file is fine, but something it needs is not (a persona beside it, a dialogue).
        print(f"{file}: 用到的文件有错误 / a file it needs has errors:", file=sys.stderr)
        for problem in broken[:10]:
            print(str(problem), file=sys.stderr)
        return
    print(
        f"{file}: 不是场景文件 / is not a scenario file (no `nodes:`; a persona or catalog?)",
        file=sys.stderr,
    )


def chosen_scenario(args: argparse.Namespace) -> tuple[Content, Scenario] | None:
    """The library and the scenario `args.scenario` names, or None after saying why."""
    from simulator.content import context_paths

    paths = list(args.content)
    if Path(args.scenario).suffix in YAML_SUFFIXES:
        if not Path(args.scenario).is_file():
            print(f"找不到文件 / no such file: {args.scenario}", file=sys.stderr)
            return None
        paths.append(Path(args.scenario))
    # The coach's folder is the unit: a persona or dialogue beside the file comes along.
    content = load_library([*paths, *context_paths(paths)])
    if Path(args.scenario).suffix in YAML_SUFFIXES and not _loaded_from(content, args.scenario):
        _explain_unusable(content, Path(args.scenario))
        return None
    scenario = find_scenario(content, args.scenario)
    report_errors(content, scenario)
    if scenario is not None:
        for note in content.warnings:
            if note.code == "PAR085" and note.location.path == scenario.path:
                print(str(note), file=sys.stderr)  # which file wins over the bundled one
    return None if scenario is None else (content, scenario)
