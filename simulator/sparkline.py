"""Small text plots for terminals: a sparkline of scores and a horizontal bar (0…100)."""

from __future__ import annotations

from collections.abc import Sequence

_TICKS = "▁▂▃▄▅▆▇█"
_EIGHTHS = " ▏▎▍▌▋▊▉"


def sparkline(scores: Sequence[int | float], low: float = 0, high: float = 100) -> str:
    """One block character per score, its height the score between `low` and `high`."""
    span = high - low or 1
    out = []
    for score in scores:
        level = (min(max(score, low), high) - low) / span
        out.append(_TICKS[min(len(_TICKS) - 1, int(level * len(_TICKS)))])
    return "".join(out)


def bar(value: float, cells: int = 10, high: float = 100) -> str:
    """A bar `cells` wide filled to value/high, in eighths of a cell, padded with spaces."""
    value = min(max(value, 0.0), high)
    eighths = round(value / high * cells * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text + " " * (cells - len(text))
