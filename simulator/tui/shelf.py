"""What the library screen shows, gathered off the UI thread: scenarios, unfinished sessions
that can be resumed, and the trainee's best grade per scenario.

At start-up the content is read first and drawn, and the history (unfinished sessions, best
grades) is looked up just after: `gather_content`, then `with_history`. `gather` does both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.cohort import Suggestion
    from simulator.content import Content as LibraryContent
    from simulator.transcript import Transcript


@dataclass(frozen=True)
class Shelf:
    """Everything the library screen lists."""

    content: LibraryContent
    unfinished: tuple[Transcript, ...] = ()
    best: Mapping[str, int] = field(default_factory=dict)
    problems: int = 0  # content errors that kept some scenarios out
    suggestion: Suggestion | None = None
    """The scenario the trainee at the keyboard should play next, and why (from the history)."""
    history: bool = True
    """Whether `unfinished` and `best` were looked up (False: the content alone, so far)."""


def gather(
    paths: Sequence[Path | str] = (),
    *,
    include_bundled: bool = True,
    transcripts: Path | None = None,
    trainee: str | None = None,
    own_only: bool = False,
) -> Shelf:
    """Load the content, find unfinished transcripts and look up best grades."""
    shelf = gather_content(paths, include_bundled=include_bundled)
    return with_history(shelf, transcripts=transcripts, trainee=trainee, own_only=own_only)


def gather_content(paths: Sequence[Path | str] = (), *, include_bundled: bool = True) -> Shelf:
    """Load the content alone; `with_history` adds the rest."""
    from simulator.library_snapshot import load_library

    # Like `parley play`, a broken file keeps only itself out of the library; the rest plays.
    # An unchanged library comes whole from its snapshot (one file), else through the cache
    # `parley check` keeps.
    content = load_library([Path(p) for p in paths], include_bundled=include_bundled)
    return Shelf(content=content, problems=len(content.errors), history=False)


def with_history(
    shelf: Shelf,
    *,
    transcripts: Path | None = None,
    trainee: str | None = None,
    own_only: bool = False,
) -> Shelf:
    """`shelf` with the unfinished sessions of its scenarios, the best grades and a suggestion.

    `own_only` keeps only `trainee`'s unfinished sessions: on a shared server (`parley serve`)
    one visitor must not see, or resume as their own, another trainee's session.
    """
    known = set(shelf.content.scenarios)
    best, suggestion = from_history(shelf.content, trainee)
    return replace(
        shelf,
        unfinished=tuple(unfinished_sessions(transcripts, known, trainee if own_only else None)),
        best=best,
        suggestion=suggestion,
        history=True,
    )


def unfinished_sessions(
    folder: Path | None, known: set[str], trainee: str | None = None
) -> list[Transcript]:
    """Unfinished transcripts of scenarios we have (`trainee`'s alone if given), newest first."""
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
        if trainee is not None and transcript.header.trainee != trainee:
            continue
        if not transcript.finished and transcript.header.scenario in known:
            found.append(transcript)
    return found


def from_history(
    content: LibraryContent, trainee: str | None
) -> tuple[dict[str, int], Suggestion | None]:
    """Best grades, and the suggested next scenario for `trainee` (None without a name or
    history). A history that cannot be read costs the library these marks, nothing more."""
    from simulator.cohort import next_for
    from simulator.store import StoreError, open_store, store_exists

    if not store_exists():
        return {}, None
    try:
        with open_store() as store:
            try:
                best = store.best_grades(trainee or None)
                suggestion = next_for(store, content, trainee) if trainee else None
                return best, suggestion
            except store.errors:
                return {}, None
    except (StoreError, OSError):
        return {}, None
