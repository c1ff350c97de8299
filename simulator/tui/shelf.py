"""What the library screen shows, gathered off the UI thread: the scenarios' listing, unfinished
sessions that can be resumed, and the trainee's best grade per scenario.

At start-up the listing is read first and drawn, and the history (unfinished sessions, best
grades) is looked up just after: `gather_listing`, then `with_history`. `gather` does both.
A scenario itself is loaded only when it is opened (`library_snapshot.open_scenario`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.cohort import Suggestion
    from simulator.listing import Listing
    from simulator.transcript import Transcript


@dataclass(frozen=True)
class Shelf:
    """Everything the library screen lists."""

    listing: Listing
    unfinished: tuple[Transcript, ...] = ()
    best: Mapping[str, int] = field(default_factory=dict)
    problems: int = 0  # content errors that kept some scenarios out
    suggestion: Suggestion | None = None
    """The scenario the trainee at the keyboard should play next, and why (from the history)."""
    history: bool = True
    """Whether `unfinished` and `best` were looked up (False: the listing alone, so far)."""
    trainee: str | None = None
    """Whose history was looked up: an unfinished session of someone else says whose it is."""


def gather(
    paths: Sequence[Path | str] = (),
    *,
    include_bundled: bool = True,
    transcripts: Path | None = None,
    trainee: str | None = None,
    own_only: bool = False,
) -> Shelf:
    """Read the listing, find unfinished transcripts and look up best grades."""
    shelf = gather_listing(paths, include_bundled=include_bundled)
    return with_history(shelf, transcripts=transcripts, trainee=trainee, own_only=own_only)


def gather_listing(paths: Sequence[Path | str] = (), *, include_bundled: bool = True) -> Shelf:
    """Read the listing alone; `with_history` adds the rest."""
    from simulator.library_snapshot import read_listing

    # Like `parley play`, a broken file keeps only itself out of the library; the rest plays.
    # An unchanged library's listing is one small file, else the library is loaded through the
    # cache `parley check` keeps.
    listing = read_listing([Path(p) for p in paths], include_bundled=include_bundled)
    return Shelf(listing=listing, problems=len(listing.errors), history=False)


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
    known = set(shelf.listing.scenarios)
    best, suggestion = from_history(shelf.listing, trainee)
    return replace(
        shelf,
        unfinished=tuple(unfinished_sessions(transcripts, known, trainee if own_only else None)),
        best=best,
        suggestion=suggestion,
        history=True,
        trainee=trainee,
    )


def unfinished_sessions(
    folder: Path | None, known: set[str], trainee: str | None = None
) -> list[Transcript]:
    """Unfinished transcripts of scenarios we have (`trainee`'s alone if given), newest first;
    a session left before any answer is not offered (there is nothing in it to resume)."""
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
        if not transcript.resumable or transcript.header.scenario not in known:
            continue  # ended, or opened and left before a word: nothing to resume
        found.append(transcript)
    return found


def from_history(listing: Listing, trainee: str | None) -> tuple[dict[str, int], Suggestion | None]:
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
                suggestion = next_for(store, listing, trainee) if trainee else None
                return best, suggestion
            except store.errors:
                return {}, None
    except (StoreError, OSError):
        return {}, None
