"""Coach notes on transcript turns, kept in a file beside the transcript and never inside it.

A transcript is the trainee's record and stays as it was written; what a coach thinks of it
lives in `<transcript>.notes.json`, tied to the transcript by its identity so a note never
lands on the wrong session. Each save replaces the file atomically.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from simulator.files import WriteFailed, write_atomic
from simulator.library import data_dir
from simulator.model import Text
from simulator.transcript import now_iso

FORMAT = "parley-notes"
VERSION = 1

#: The labels a coach can put on a turn, in the order the replay offers them.
LABELS: dict[str, Text] = {
    "missed": Text("遗漏", "missed"),
    "better": Text("可改进", "could be better"),
    "avoid": Text("避免", "avoid"),
    "try": Text("尝试", "try"),
}


class NotesError(Exception):
    """A notes file that cannot be read or written."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
        """Why, in a few words (disk full, read-only folder…)."""


@dataclass(frozen=True, slots=True)
class Kept:
    """Where notes were saved, and why not beside the transcript if they went elsewhere."""

    path: Path
    elsewhere: bool = False
    why: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """One coach note on one turn of one transcript."""

    turn: int
    node: str
    label: str  # a key of LABELS
    text: str
    time: str = ""
    author: str = ""


def notes_path(transcript_path: Path, part: int = 0) -> Path:
    """Where the notes of a transcript live: beside it, `<name>.notes.json`.

    The second and later sessions of a file holding several (see transcript.read_sessions)
    keep theirs in `<name>.<part>.notes.json`.
    """
    suffix = ".notes.json" if part <= 1 else f".{part}.notes.json"
    return transcript_path.with_name(transcript_path.name + suffix)


def load_notes(transcript_path: Path, identity: str = "", part: int = 0) -> list[Note]:
    """The notes kept beside a transcript ([] when there are none).

    With `identity`, notes written for a different session (a transcript replaced under the
    same name) are refused rather than shown against the wrong turns.
    """
    path = notes_path(Path(transcript_path), part)
    kept = kept_notes_path(Path(transcript_path), identity, part)
    if kept.exists() and (not path.exists() or kept.stat().st_mtime >= path.stat().st_mtime):
        path = kept  # the transcript's folder could not be written when the last note came
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotesError(f"{path}: 无法读取教练批注 / cannot read the coach notes: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NotesError(f"{path}: 不是批注文件 / not a Parley notes file")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise NotesError(
            f"{path}: 批注文件版本 {version} 过新 / notes format version {version} is newer than "
            f"this Parley reads ({VERSION}); upgrade Parley"
        )
    if identity and data.get("transcript") not in ("", identity):
        raise NotesError(
            f"{path}: 批注属于另一次会话 / these notes belong to a different session than "
            f"{transcript_path.name}"
        )
    notes = []
    for i, item in enumerate(data.get("notes") or []):
        try:
            note = Note(
                turn=int(item["turn"]),
                node=str(item.get("node", "")),
                label=str(item["label"]),
                text=str(item.get("text", "")),
                time=str(item.get("time", "")),
                author=str(item.get("author", "")),
            )
        except (KeyError, TypeError, ValueError):
            raise NotesError(f"{path}: 第 {i + 1} 条批注有误 / note {i + 1} is malformed") from None
        if note.label not in LABELS:
            raise NotesError(
                f"{path}: 未知标签 / unknown label '{note.label}' in note {i + 1}"
                f" (one of: {', '.join(LABELS)})"
            )
        notes.append(note)
    return notes


def save_notes(
    transcript_path: Path, notes: Sequence[Note], identity: str = "", part: int = 0
) -> Path:
    """Write the notes beside the transcript, replacing the file atomically (0600, no *.tmp left).

    Raises NotesError when the folder cannot be written (read-only, disk full); the notes file
    as it was stays untouched, and the caller still holds the notes to keep elsewhere.
    """
    return write_notes(notes_path(Path(transcript_path), part), notes, identity)


def write_notes(path: Path, notes: Sequence[Note], identity: str = "") -> Path:
    """Write notes to `path` atomically (for keeping them somewhere other than beside)."""
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "transcript": identity,
        "notes": [asdict(n) for n in notes],
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomic(path, text.encode("utf-8", "backslashreplace"))  # see transcript._dumps
    except WriteFailed as failure:
        raise NotesError(
            f"{path}: 无法保存批注 / cannot save the notes: {failure.reason}", failure.reason
        ) from None
    return path


def kept_notes_path(transcript_path: Path, identity: str = "", part: int = 0) -> Path:
    """Where notes go when the transcript's own folder cannot be written (read-only, full).

    Under the data folder, named by the transcript's identity so they find their session
    wherever the transcript is copied; `load_notes` looks there too.
    """
    key = identity or f"{transcript_path.name}.{part}"
    return data_dir() / "notes" / f"{key}.notes.json"


def keep_notes(
    transcript_path: Path, notes: Sequence[Note], identity: str = "", part: int = 0
) -> Kept:
    """Save notes beside the transcript, or in the data folder when that cannot be written.

    A note the coach typed is never thrown away because the transcripts sit on a read-only
    share or a full disk. NotesError only when neither place can be written.
    """
    try:
        return Kept(save_notes(transcript_path, notes, identity, part))
    except NotesError as beside:
        elsewhere = kept_notes_path(Path(transcript_path), identity, part)
        write_notes(elsewhere, notes, identity)
        return Kept(elsewhere, elsewhere=True, why=beside.reason)


def new_note(turn: int, node: str, label: str, text: str, author: str = "") -> Note:
    """A note stamped with the time now; ValueError for an unknown label."""
    if label not in LABELS:
        raise ValueError(f"unknown label '{label}' (one of: {', '.join(LABELS)})")
    return Note(turn=turn, node=node, label=label, text=text, time=now_iso(), author=author)
