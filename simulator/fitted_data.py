"""The fitted models that ship as data (`simulator/fitted/`): what is wrong with them, if
anything.

A damaged or outdated file must not stop a rehearsal: the reader that finds one falls back to
what works without it (the matcher's lines alone, the detectors' patterns alone) and notes it
here, so that a face can tell the user what happened and how to fix it. Nothing here prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_damaged: dict[str, str] = {}


def note(path: Path, reason: str) -> None:
    """Record that the fitted file at `path` could not be read, and why."""
    _damaged[str(path)] = reason


def read(path: Path, parse: Callable[[str], T], fallback: T) -> T:
    """The fitted file at `path` parsed, or `fallback` when it is missing or cannot be read
    (then noted, with the reason)."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return fallback
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError) as exc:
        note(path, reason_of(exc))
        return fallback


def reason_of(exc: Exception) -> str:
    """A short reason for a fitted file that could not be read."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]!r}"
    return str(exc) or type(exc).__name__


def damaged() -> dict[str, str]:
    """Each fitted file that could not be read (its path) and why."""
    return dict(_damaged)


def advice(path: str, reason: str) -> str:
    """What to tell the user about a damaged fitted file: what, where, and how to fix it."""
    return (
        f"警告 / warning: {path}: 拟合数据无法读取 / fitted data could not be read ({reason}); "
        "answers are read without it, less accurately\n"
        "  提示 / hint: reinstall Parley (pip install --force-reinstall parley), or refit it "
        "from a checkout (parley eval --fit --fit-out … / --fit-detectors …)"
    )
