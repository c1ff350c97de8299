"""What the library screen shows, gathered off the UI thread: scenarios, unfinished sessions
that can be resumed, and the trainee's best grade per scenario."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.content import Content as LibraryContent
    from simulator.transcript import Transcript


@dataclass(frozen=True)
class Shelf:
    """Everything the library screen lists."""

    content: LibraryContent
    unfinished: tuple[Transcript, ...] = ()
    best: Mapping[str, int] = field(default_factory=dict)
    problems: int = 0  # content errors that kept some scenarios out


def gather(
    paths: Sequence[Path | str] = (),
    *,
    include_bundled: bool = True,
    transcripts: Path | None = None,
    trainee: str | None = None,
) -> Shelf:
    """Load the content, find unfinished transcripts and look up best grades."""
    from simulator.checkcache import CheckCache
    from simulator.content import load_content

    # Like `parley play`, a broken file keeps only itself out of the library; the rest plays.
    # The cache `parley check` keeps makes a start with an unchanged library much faster.
    content = load_content(
        [Path(p) for p in paths],
        include_bundled=include_bundled,
        raise_on_error=False,
        cache=CheckCache(),
    )
    problems = len(content.errors)
    return Shelf(
        content=content,
        unfinished=tuple(unfinished_sessions(transcripts, set(content.scenarios))),
        best=best_grades(trainee),
        problems=problems,
    )


def unfinished_sessions(folder: Path | None, known: set[str]) -> list[Transcript]:
    """Unfinished transcripts of scenarios we still have, newest first."""
    from simulator.library import transcripts_dir
    from simulator.transcript import TranscriptError, read_transcript

    folder = folder or transcripts_dir()
    if not folder.is_dir():
        return []
    found = []
    paths = sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in paths:
        try:
            transcript = read_transcript(path)
        except (TranscriptError, OSError):
            continue  # `parley import` reports unreadable files; the library just skips them
        if not transcript.finished and transcript.header.scenario in known:
            found.append(transcript)
    return found


def best_grades(trainee: str | None) -> dict[str, int]:
    """The best grade of each scenario in the history (finished sessions only)."""
    from simulator.store import HistoryStore, StoreError, default_db_path

    if not default_db_path().exists():
        return {}
    best: dict[str, int] = {}
    try:
        with HistoryStore() as store:
            records = store.sessions(trainee=trainee or None)
    except (StoreError, OSError):
        return {}
    for record in records:
        if record.outcome == "abandoned" or record.grade is None:
            continue
        best[record.scenario] = max(best.get(record.scenario, 0), record.grade)
    return best
