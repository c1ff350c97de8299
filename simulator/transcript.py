"""JSONL transcripts: one session per file, appended and fsync'd a whole line at a time.

A transcript is the durable record of a session: a header line (format, version, scenario id,
content hash, rubric version, persona, seed, mode, trainee, start time), one line per turn, an
"undo" line whenever a practice turn is taken back, and an "end" line with the ending and the
scorecard. Every line is written whole with one `write` and then fsync'd, so a process killed
mid-session leaves every finished turn on disk; the reader skips a torn last line with a
warning and refuses anything else it cannot read, naming file:line. The format is documented
field by field in docs/transcripts.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from simulator import __version__
from simulator.files import WriteFailed, create_new, write_all
from simulator.i18n import t
from simulator.library import transcripts_dir
from simulator.model import CLARIFY, Ending, Lang, Text
from simulator.scoring import PrincipleHit, Scorecard, TurnResult, hit_json

if TYPE_CHECKING:  # the engine imports nothing from here; the writer only duck-types a Session
    from simulator.engine import Session

FORMAT = "parley-transcript"
#: The version this Parley writes. Readers accept every version in READABLE_VERSIONS.
VERSION = 1
READABLE_VERSIONS: frozenset[int] = frozenset({1})
LINE_TYPES = ("header", "turn", "clarify", "offered", "undo", "abandon", "end")


class TranscriptError(Exception):
    """A transcript that cannot be read, with the file and line at fault."""

    def __init__(self, path: Path | str, line: int, message: str, hint: str = "") -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        self.hint = hint
        where = f"{self.path}:{line}" if line else self.path
        text = f"{where}: {message}"
        if hint:
            text += f"\n    hint: {hint}"
        super().__init__(text)


def now_iso() -> str:
    """The local time now, ISO 8601 with offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def default_transcript_path(
    scenario_id: str, started_at: str, trainee: str = "", *, preview: bool = False
) -> Path:
    """The first-choice file name under the per-user transcripts folder for a session then.

    The name sorts by time and says who played what
    (`20250103-142501-retail_supply_cold-小李.jsonl`): a coach gathering a room's files from
    twelve laptops into one folder gets twelve names, though the sessions started in the same
    second. It is only a first choice: the writer creates the file with O_EXCL and, when
    another session took the name, moves on to `…-2.jsonl`, `…-3.jsonl`.
    """
    stamp = re.sub(r"[^0-9T]", "", started_at.split("+")[0])[:15].replace("T", "-")
    safe_id = re.sub(r"[^A-Za-z0-9_.-]", "_", scenario_id) or "session"
    # Letters and digits of any script (a Chinese name stays readable); nothing a shell or a
    # file system would read as syntax.
    who = re.sub(r"[^\w-]+", "_", trainee, flags=re.UNICODE).strip("_.")[:40]
    # A coach's preview goes in a folder of its own, away from trainees' sessions.
    folder = transcripts_dir() / "previews" if preview else transcripts_dir()
    base = f"{stamp}-{safe_id}" + (f"-{who}" if who else "")
    candidate = folder / f"{base}.jsonl"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}.jsonl"
        n += 1
    return candidate


def _numbered(path: Path, n: int) -> Path:
    return path.with_name(f"{path.stem}-{n}{path.suffix}")


class TranscriptExists(TranscriptError):
    """A transcript was to be written to a file that already exists (never appended to)."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            0,
            "这个记录文件已经存在,Parley 不会写进已有的记录 / this transcript file already "
            "exists, and Parley never writes a new session into an existing transcript",
            f"继续那次会话用 parley resume {path};开始新会话请换一个文件名或不加 --transcript / "
            f"to continue that session run parley resume {path}; for a new session give "
            "another name, or leave out --transcript",
        )


class TranscriptWriteFailed(Exception):
    """The transcript could not be written. Every line before the failing one is on disk."""

    def __init__(self, failure: WriteFailed, path: Path, saved_turns: int, started: bool) -> None:
        self.failure = failure
        """What went wrong (disk full, read-only folder…), in both languages."""
        self.path = path
        """The transcript (it does not exist when `started` is False)."""
        self.saved_turns = saved_turns
        """How many finished turns are safe in the transcript."""
        self.started = started
        """Whether the transcript exists (its header was written), so `parley resume` works."""
        super().__init__(self.message("zh") + "\n" + self.message("en"))

    def message(self, lang: Lang) -> str:
        """What happened, whether anything is safe, and how to go on, in `lang`."""
        reason = self.failure.reason_en if lang == "en" else self.failure.reason_zh
        if not self.started:
            return t("record.failed_start", lang, reason=reason, path=self.path)
        return t("record.failed_mid", lang, reason=reason, path=self.path, turns=self.saved_turns)


# ---------------------------------------------------------------------------------------------
# JSON shapes


def text_json(text: Text | None) -> dict[str, str] | None:
    """A Text as {"zh": …, "en": …} (None stays None)."""
    return None if text is None else {"zh": text.zh, "en": text.en}


def _text(value: Any) -> Text:
    if isinstance(value, dict):
        return Text(str(value.get("zh", "")), str(value.get("en", "")))
    if isinstance(value, str):
        return Text(value, value)
    return Text("", "")


def turn_json(turn: TurnResult, time: str) -> dict[str, object]:
    """The transcript line of one turn."""
    hits = []
    for hit in turn.hits:
        item = hit_json(hit)
        item["explanation"] = text_json(hit.explanation)
        hits.append(item)
    record: dict[str, object] = {
        "type": "turn",
        "index": turn.index,
        "node": turn.node_id,
        "client": text_json(turn.client_line),
        "mood": turn.mood,
        "option": turn.option_id,
        "option_text": text_json(turn.option_text),
        "typed": turn.typed,
        "hits": hits,
        "feedback": text_json(turn.feedback),
        "quality": None if turn.quality is None else round(turn.quality, 4),
        "variables": dict(turn.variables),
        "next": turn.next_id,
        "reactions": [text_json(r) for r in turn.reactions],
        "rule": turn.rule,
        "red_line": turn.red_line,
        "trap": turn.trap,
        **({"typed_length": turn.typed_length} if turn.typed_length else {}),
        "time": time,
    }
    # Written only when present, so transcripts of scenarios without them stay as they were.
    if turn.narration is not None:
        record["narration"] = text_json(turn.narration)
    if turn.speaker is not None:
        record["speaker"] = text_json(turn.speaker)
    if turn.offered:
        record["offered"] = list(turn.offered)
    return record


def _hit(value: dict[str, Any]) -> PrincipleHit:
    return PrincipleHit(
        principle=str(value["principle"]),
        weight=int(value["weight"]),
        evidence=str(value.get("evidence", "")),
        source=str(value.get("source", "")),
        explanation=_text(value.get("explanation")),
        detector=str(value.get("detector") or ""),
    )


def _turn(value: dict[str, Any]) -> TurnResult:
    quality = value.get("quality")
    return TurnResult(
        index=value["index"],
        node_id=value["node"],
        client_line=_text(value.get("client")),
        mood=str(value.get("mood") or ""),
        option_id=value["option"],
        option_text=_text(value.get("option_text")),
        typed=value.get("typed"),
        hits=tuple(_hit(h) for h in value.get("hits") or ()),
        feedback=_text(value.get("feedback")),
        quality=None if quality is None else float(quality),
        variables=dict(value.get("variables") or {}),
        next_id=str(value.get("next") or ""),
        reactions=tuple(_text(r) for r in value.get("reactions") or ()),
        rule=value.get("rule"),
        red_line=bool(value.get("red_line", False)),
        typed_length=value["typed_length"] if isinstance(value.get("typed_length"), int) else None,
        narration=_text(value["narration"]) if value.get("narration") else None,
        speaker=_text(value["speaker"]) if value.get("speaker") else None,
        trap=bool(value.get("trap", False)),
        offered=tuple(str(o) for o in value.get("offered") or () if isinstance(o, str)),
    )


_NO_TEXT = Text("", "")
_NO_VARIABLES: Mapping[str, int | bool] = MappingProxyType({})


#: Outline hits carry a principle and a weight only, so a turn's hits are one shared tuple of
#: shared (frozen) hits for each list of (principle, weight) pairs met.
_OUTLINE_HITS: dict[tuple[tuple[object, object], ...], tuple[PrincipleHit, ...]] = {}
_PRINCIPLE_AND_WEIGHT = itemgetter("principle", "weight")


def _outline_hits(values: list[Any]) -> tuple[PrincipleHit, ...]:
    key = tuple(map(_PRINCIPLE_AND_WEIGHT, values))
    hits = _OUTLINE_HITS.get(key)
    if hits is None:
        if len(_OUTLINE_HITS) > 4096:  # a file with endless made-up principles
            _OUTLINE_HITS.clear()
        hits = tuple(PrincipleHit(str(p), int(w), "", "") for p, w in key)
        _OUTLINE_HITS[key] = hits
    return hits


def _turn_outline(value: dict[str, Any]) -> TurnResult:
    """A turn with what the history tallies (ids, typed or not, quality, hits' principles and
    weights, flags) and its texts left empty: `read_transcript(..., outline=True)`."""
    quality = value.get("quality")
    typed = value.get("typed")
    # Positional, in TurnResult's field order: keywords cost more than the rest of this
    # function, 12 times a transcript (test_transcript checks the fields land where they belong).
    return TurnResult(
        value["index"],
        value["node"],
        _NO_TEXT,  # client_line
        "",  # mood
        value["option"],
        _NO_TEXT,  # option_text
        None if typed is None else "",
        _outline_hits(value.get("hits") or ()),
        _NO_TEXT,  # feedback
        None if quality is None else float(quality),
        _NO_VARIABLES,
        str(value.get("next") or ""),
        (),  # reactions
        value.get("rule"),
        bool(value.get("red_line", False)),
        bool(value.get("trap", False)),
    )


def _dumps(obj: Mapping[str, object]) -> bytes:
    # ensure_ascii=False keeps Chinese readable in the file; one line per object by construction.
    # A lone surrogate (undecodable input) cannot be UTF-8; backslashreplace spells it \udXXX,
    # which inside a JSON string is the escape that reads back as the same character.
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"
    return text.encode("utf-8", "backslashreplace")


# ---------------------------------------------------------------------------------------------
# Writing


class TranscriptWriter:
    """A session recorder that appends one whole, fsync'd JSONL line per event.

    Pass it as `Session(..., recorder=writer)`. The file is created new (O_EXCL) when the
    header is written: an existing file is never appended to. With `unique=True` (default
    names) a taken name moves on to `name-2.jsonl`, `name-3.jsonl`…; otherwise it raises
    TranscriptExists. For a resumed session use `TranscriptWriter.resume(path)`: it keeps the
    existing lines, drops a torn last line, and ignores the header and the turns the engine
    replays while rebuilding.

    A write that fails (disk full, read-only folder) raises TranscriptWriteFailed once, after
    cutting the file back to its last whole line; a header that could not be written leaves
    no file at all. Later events are then not written (the face has been told).
    """

    def __init__(self, path: Path, *, unique: bool = False) -> None:
        self.path = Path(path)
        self.unique = unique
        self._fd: int | None = None
        self._skip_header = False
        self._skip_below = 0  # turn indexes below this are already on disk (resume)
        self.saved_turns = 0
        """How many standing turns are on disk."""
        self.started = False
        """Whether the file holds this session's header (so `parley resume` can continue it)."""
        self.failure: TranscriptWriteFailed | None = None
        """The write that failed, if one did; nothing is written after it."""
        self.closed = False

    @classmethod
    def resume(cls, path: Path, transcript: Transcript | None = None) -> TranscriptWriter:
        """A writer that continues an unfinished transcript where it stopped.

        The session must be the file's last one (a file may hold several, see read_sessions).
        """
        transcript = transcript or read_sessions(path)[-1]
        if transcript.end is not None:
            raise TranscriptError(
                path, 0, "会话已结束，无法继续 / the session has already ended; nothing to resume"
            )
        writer = cls(path)
        writer._skip_header = True
        writer.started = True
        writer._skip_below = len(transcript.turns)
        writer.saved_turns = len(transcript.turns)
        try:
            with open(path, "r+b") as f:
                # A torn last line would glue itself to the next turn: cut the file back to
                # the last whole line before appending.
                f.truncate(transcript.clean_size)
                if transcript.clean_size:
                    f.seek(transcript.clean_size - 1)
                    if f.read(1) != b"\n":
                        f.write(b"\n")
                f.flush()
                os.fsync(f.fileno())
        except OSError as error:
            raise TranscriptWriteFailed(
                WriteFailed(path, error), Path(path), len(transcript.turns), True
            ) from None
        return writer

    def _open(self) -> int:
        if not self._skip_header:
            n = 2
            first = self.path
            while True:
                try:
                    return create_new(self.path)
                except FileExistsError:
                    if not self.unique:
                        raise TranscriptExists(self.path) from None
                    self.path = _numbered(first, n)
                    n += 1
        try:
            return os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except OSError as error:
            raise WriteFailed(self.path, error) from None

    def _write(self, obj: Mapping[str, object]) -> None:
        if self.failure is not None or self.closed:
            return
        data = _dumps(obj)
        created = False
        try:
            if self._fd is None:
                self._fd = self._open()
                created = not self._skip_header
            size = os.fstat(self._fd).st_size
            try:
                write_all(self._fd, data)
            except OSError as error:
                self._cut_back(size, remove=created)
                raise WriteFailed(self.path, error) from None
            self.started = True
        except WriteFailed as failure:
            self.failure = TranscriptWriteFailed(failure, self.path, self.saved_turns, self.started)
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            raise self.failure from None

    def _cut_back(self, size: int, *, remove: bool) -> None:
        # A half-written line would be read as a torn line; a header that never made it leaves
        # an empty file that looks like a session. Neither is left behind when it can be helped.
        assert self._fd is not None
        try:
            if remove:
                os.close(self._fd)
                self._fd = None
                self.path.unlink()
            else:
                os.ftruncate(self._fd, size)
        except OSError:
            pass  # a read-only file system: the reader skips a torn last line anyway

    def close(self) -> None:
        """Close the file (the recorder does this itself at the session's end)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.closed = True

    def __enter__(self) -> TranscriptWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the recorder protocol -----------------------------------------------------------------

    def session_started(self, session: Session) -> None:
        """Write the header line (not when resuming: the file has one)."""
        if self._skip_header:
            return
        self._write(header_json(session))

    def turn_recorded(self, session: Session, turn: TurnResult) -> None:
        """Append the turn's line (skipping turns a resumed session replays)."""
        if turn.index < self._skip_below:
            return
        self._skip_below = 0
        self._write(turn_json(turn, now_iso()))
        self.saved_turns = turn.index + 1

    def turn_undone(self, session: Session, turn: TurnResult) -> None:
        """Append an undo line: the turn with this index is taken back."""
        self._skip_below = 0
        self._write({"type": "undo", "index": turn.index, "node": turn.node_id, "time": now_iso()})
        self.saved_turns = turn.index

    def clarify_recorded(self, session: Session, typed: str, cost: int) -> None:
        """Append a clarify line: the client did not understand `typed` (it cost `cost`)."""
        self._write(
            {
                "type": "clarify",
                "node": session.state,
                "typed": typed,
                "cost": cost,
                "variables": dict(session.variables),
                "time": now_iso(),
            }
        )

    def reading_offered(self, session: Session, typed: str, options: Sequence[str]) -> None:
        """Append an offered line: `typed` was asked back as one of `options`, not yet a turn
        (read back as `Transcript.pending` when nothing came after it)."""
        self._write(
            {
                "type": "offered",
                "node": session.state,
                "typed": typed,
                "options": list(options),
                "time": now_iso(),
            }
        )

    def session_ended(self, session: Session, scorecard: Scorecard) -> None:
        """Append the end line (or, for a session the trainee quit, an abandon line) and close."""
        if scorecard.outcome == "abandoned":
            # Quitting is a pause, not an ending: the session stays resumable, so the line that
            # records its scorecard so far must not close the transcript.
            self._write(
                {
                    "type": "abandon",
                    "turns": scorecard.turns,
                    "grade": scorecard.grade,
                    "scorecard": scorecard.to_json(),
                    "time": now_iso(),
                }
            )
        else:
            self._write(end_json(session, scorecard))
        self.close()


def header_json(session: Session) -> dict[str, object]:
    """The header line of a session's transcript."""
    scenario = session.scenario
    persona = session.persona
    return {
        "type": "header",
        "format": FORMAT,
        "version": VERSION,
        "scenario": scenario.id,
        "title": text_json(scenario.title),
        "family": scenario.family,
        "content_hash": scenario.content_hash,
        "rubric_version": scenario.rubric_version,
        "persona": persona.id,
        "persona_name": text_json(persona.name),
        "seed": session.seed,
        "mode": session.mode,
        "trainee": session.trainee,
        "started_at": session.started_at,
        # The store keys a session on its header: two sessions of one trainee, scenario and
        # seed started in the same second must not read as one.
        "session": secrets.token_hex(8),
        "variables": dict(session.variables),
        "parley": __version__,
        # A coach's preview (`parley play --at/--set`): not a trainee's session.
        **({"preview": dict(preview)} if (preview := getattr(session, "preview", None)) else {}),
    }


def _debrief(session: Session, ending: Ending) -> Text:
    """The debrief this session reads (its paragraphs follow the path taken)."""
    debrief = getattr(session, "debrief", None)
    return debrief() if callable(debrief) else ending.debrief


def end_json(session: Session, scorecard: Scorecard) -> dict[str, object]:
    """The end line: the ending reached and the whole scorecard."""
    ending = getattr(session, "ending", None)
    return {
        "type": "end",
        "ending": scorecard.ending_id,
        "outcome": scorecard.outcome,
        "grade": scorecard.grade,
        "ending_title": text_json(ending.title) if ending is not None else None,
        "debrief": text_json(_debrief(session, ending)) if ending is not None else None,
        "scorecard": scorecard.to_json(),
        "time": now_iso(),
    }


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class Header:
    """Who played what, when, and against which version of the scenario and rubric."""

    version: int
    scenario: str
    title: Text
    family: str
    content_hash: str
    rubric_version: int
    persona: str
    persona_name: Text
    seed: int
    mode: str
    trainee: str
    started_at: str
    parley: str
    variables: Mapping[str, Any] = field(default_factory=dict)  # at the start of the session
    preview: Mapping[str, Any] | None = None  # {"at", "set"} of a coach's preview, else None


@dataclass(frozen=True, slots=True)
class RecordedTurn:
    """A turn as read back: the TurnResult plus when it was said and where it is in the file."""

    turn: TurnResult
    time: str
    line: int


@dataclass(frozen=True, slots=True)
class End:
    """The end line: ending, outcome, grade and the scorecard as recorded."""

    ending: str | None
    outcome: str
    grade: int
    ending_title: Text | None
    debrief: Text | None
    scorecard: Mapping[str, Any]
    time: str


@dataclass(frozen=True, slots=True)
class Transcript:
    """A transcript read back: the header, the turns that stand after undos, the end if any."""

    path: Path
    header: Header
    turns: tuple[RecordedTurn, ...]
    end: End | None
    warnings: tuple[str, ...] = ()
    undone: tuple[RecordedTurn, ...] = ()
    identity: str = ""  # sha256 of the header line: the same session wherever the file travels
    clean_size: int = 0  # bytes up to the end of the last readable line
    last_time: str = ""  # time of the last event, for "ended at" of unfinished sessions
    abandoned: Mapping[str, Any] | None = None  # the scorecard of a quit session, if quit last
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: Answers the client did not understand: (standing turns before it, the trainee's words).
    clarified: tuple[tuple[int, str], ...] = ()
    #: Words asked back ("您是想表达……吗？") and not yet answered when the session stopped:
    #: a resumed session puts them back rather than lose them.
    pending: str = ""
    #: Which session of a file holding several this is (1, 2, …); 0 when it holds one.
    part: int = 0
    #: Byte offset of the session's header line in the file (0 unless it holds several).
    start: int = 0

    @property
    def finished(self) -> bool:
        """True when the session reached an ending."""
        return self.end is not None

    @property
    def resumable(self) -> bool:
        """Is there something to continue: unfinished, with an answer or words asked back? A
        session left before any answer is started afresh, not resumed."""
        return not self.finished and bool(self.responses or self.pending)

    @property
    def responses(self) -> list[tuple[str, str | None]]:
        """The (option id, typed words) pairs that rebuild the session."""
        responses: list[tuple[str, str | None]] = []
        pending = list(self.clarified)
        for position, recorded in enumerate([*self.turns, None]):
            while pending and pending[0][0] == position:
                responses.append((CLARIFY, pending.pop(0)[1]))
            if recorded is not None:
                responses.append((recorded.turn.option_id, recorded.turn.typed))
        return responses

    @property
    def turn_results(self) -> tuple[TurnResult, ...]:
        """The standing turns as TurnResult objects."""
        return tuple(r.turn for r in self.turns)


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "text": (dict,),
    "str?": (str, type(None)),
    "num?": (int, float, type(None)),
    "list": (list,),
    "dict": (dict,),
    "bool": (bool,),
}

_HEADER_FIELDS: dict[str, str] = {
    "scenario": "str",
    "content_hash": "str",
    "rubric_version": "int",
    "persona": "str",
    "seed": "int",
    "mode": "str",
    "trainee": "str",
    "started_at": "str",
}
_TURN_FIELDS: dict[str, str] = {
    "index": "int",
    "node": "str",
    "option": "str",
    "typed": "str?",
    "hits": "list",
    "quality": "num?",
    "variables": "dict",
    "next": "str",
}
_UNDO_FIELDS: dict[str, str] = {"index": "int"}
_END_FIELDS: dict[str, str] = {"outcome": "str", "grade": "int", "scorecard": "dict"}
_ABANDON_FIELDS: dict[str, str] = {"grade": "int", "scorecard": "dict"}


#: Per field kind, the exact types json.loads makes that the kind accepts: `type(v) in` one of
#: these is the check below for every value JSON can hold (json.loads makes no subclasses, and
#: bool is left out where a number belongs), at a fraction of the cost per line.
_EXACT_TYPES: dict[str, frozenset[type]] = {
    name: frozenset(types) for name, types in _TYPES.items()
}
_MISSING = object()


def _check_fields(path: Path, lineno: int, obj: dict[str, Any], spec: Mapping[str, str]) -> None:
    get = obj.get
    exact = _EXACT_TYPES
    for key, type_name in spec.items():
        if type(get(key, _MISSING)) not in exact[type_name]:
            break
    else:
        return
    _check_fields_slowly(path, lineno, obj, spec)


def _check_fields_slowly(
    path: Path, lineno: int, obj: dict[str, Any], spec: Mapping[str, str]
) -> None:
    """The field check that names what is wrong (the fast one above found something)."""
    kind = obj.get("type")
    for key, type_name in spec.items():
        if key not in obj:
            raise TranscriptError(
                path, lineno, f"{kind} 行缺少字段 / {kind} line lacks the field '{key}'"
            )
        value = obj[key]
        allowed = _TYPES[type_name]
        # bool is an int in Python; a JSON true where a number belongs is still wrong.
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            raise TranscriptError(
                path,
                lineno,
                f"字段 '{key}' 类型错误 / field '{key}' should be {type_name.rstrip('?')}"
                f", got {type(value).__name__}",
            )


def _header(path: Path, obj: dict[str, Any], lineno: int = 1) -> Header:
    if obj.get("format") != FORMAT:
        raise TranscriptError(
            path,
            lineno,
            "不是 Parley 记录文件 / not a Parley transcript (the first line has no "
            f'"format": "{FORMAT}")',
        )
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise TranscriptError(
            path, lineno, "记录文件缺少版本号 / transcript header has no version number"
        )
    if version > VERSION:
        raise TranscriptError(
            path,
            lineno,
            f"记录文件格式版本 {version} 比本程序新 / transcript format version {version} is newer "
            f"than this Parley reads (up to {VERSION})",
            "升级 Parley 后再打开 / upgrade Parley to open it",
        )
    if version not in READABLE_VERSIONS:
        raise TranscriptError(
            path,
            lineno,
            f"记录文件格式版本 {version} 已不再支持 / transcript format version {version} is no "
            f"longer supported (this Parley reads {sorted(READABLE_VERSIONS)})",
            "用写出它的旧版 Parley 导出报告 / export a report with the Parley that wrote it",
        )
    if obj.get("type") != "header":
        raise TranscriptError(path, lineno, "第一行应为 header / the first line must be the header")
    _check_fields(path, lineno, obj, _HEADER_FIELDS)
    return Header(
        version=version,
        scenario=obj["scenario"],
        title=_text(obj.get("title") or obj["scenario"]),
        family=str(obj.get("family") or ""),
        content_hash=obj["content_hash"],
        rubric_version=obj["rubric_version"],
        persona=obj["persona"],
        persona_name=_text(obj.get("persona_name") or obj["persona"]),
        seed=obj["seed"],
        mode=obj["mode"],
        trainee=obj["trainee"],
        started_at=obj["started_at"],
        parley=str(obj.get("parley") or ""),
        variables=obj["variables"] if isinstance(obj.get("variables"), dict) else {},
        preview=obj["preview"] if isinstance(obj.get("preview"), dict) else None,
    )


def preview_arguments(header: Header) -> dict[str, Any]:
    """The Session arguments that put a resumed preview back where it started (`at`, `preset`);
    empty for a trainee's session."""
    preview = header.preview
    if not isinstance(preview, Mapping):
        return {}
    at, preset = preview.get("at"), preview.get("set")
    return {
        "at": at if isinstance(at, str) else None,
        "preset": dict(preset) if isinstance(preset, Mapping) else None,
    }


def read_transcript(path: Path | str, *, outline: bool = False) -> Transcript:
    """Read a one-session transcript, applying undos; TranscriptError naming file:line if bad.

    `outline` reads every line as strictly but keeps only what the history store tallies of
    each turn (texts empty, typed words as ""), which is much faster for `parley import`.

    A torn last line (a write cut short by a crash) is skipped with a warning and blank lines
    are ignored; a malformed line anywhere else is an error, since skipping it would silently
    misread the session. A file holding several sessions (written by an older Parley that
    appended to an existing file) is refused here with a hint: `read_sessions` reads each.
    """
    sessions = read_sessions(path, outline=outline)
    if len(sessions) > 1:
        raise TranscriptError(
            path,
            0,
            f"这个文件里有 {len(sessions)} 次会话 / this file holds {len(sessions)} sessions",
            "parley report、replay、import 会把它们分开读取,parley resume 继续最后一次 / "
            "parley report, replay and import read them as separate sessions; parley resume "
            "continues the last one",
        )
    return sessions[0]


def read_session(path: Path | str, identity: str) -> Transcript:
    """The session with `identity` in a transcript file (a file may hold several)."""
    sessions = read_sessions(path)
    for session in sessions:
        if session.identity == identity:
            return session
    if len(sessions) == 1 and not identity:
        return sessions[0]
    raise TranscriptError(
        path, 0, "文件里没有这次会话 / this file no longer holds that session (it was replaced)"
    )


_Entry = tuple[int, bytes, Any, int]  # line number, raw bytes, parsed JSON (or the error), end


_SCAN = json.JSONDecoder().scan_once
_JSON_SPACE = " \t\n\r"


def _parse_line(raw: bytes) -> Any:
    """One line's JSON value, as `json.loads` reads it (and raising what it raises).

    A line that is one object, as Parley writes them, is scanned directly: `json.loads` does
    the same scan behind two whitespace matches and two calls, which at 14 lines a transcript
    and 100,000 transcripts an import is time a coach waits for. Anything else (or anything
    the scan refuses) goes through `json.loads`, so its errors are the ones it names."""
    text = raw.decode("utf-8")
    if text[:1] == "{":
        try:
            obj, end = _SCAN(text, 0)
        except (StopIteration, json.JSONDecodeError):
            pass
        else:
            if end == len(text) or not text[end:].strip(_JSON_SPACE):
                return obj
    return json.loads(text)


def read_sessions(path: Path | str, *, outline: bool = False) -> tuple[Transcript, ...]:
    """Every session in a transcript file, in the order written (almost always just one).

    Parley creates each transcript new, but an older Parley appended a second session to an
    existing file; each `header` line starts a session of its own, so none is lost. The
    sessions are numbered by `Transcript.part` (1, 2, …; 0 when the file holds one).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TranscriptError(path, 0, "找不到记录文件 / transcript not found") from None
    except IsADirectoryError:
        raise TranscriptError(
            path, 0, "这是文件夹，不是记录文件 / a folder, not a transcript"
        ) from None
    except OSError as exc:
        raise TranscriptError(path, 0, f"无法读取 / cannot read: {exc.strerror}") from None
    if not data.strip():
        raise TranscriptError(path, 1, "记录文件是空的 / the transcript is empty")

    torn_tail = not data.endswith(b"\n")
    entries: list[_Entry] = []
    offset = 0
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        end = offset + len(raw) + 1
        if raw.strip():  # blank lines (an editor's trailing newline) carry nothing
            try:
                obj: Any = _parse_line(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                obj = exc
            entries.append((lineno, raw, obj, min(end, len(data))))
        offset = end
    if torn_tail:
        last_line = entries[-1][0]
    else:
        last_line = -1
    starts = [0] + [
        i
        for i, (_, _, obj, _) in enumerate(entries)
        if i and isinstance(obj, dict) and obj.get("type") == "header"
    ]
    bounds = list(zip(starts, [*starts[1:], len(entries)], strict=True))
    return tuple(
        _read_session(
            path,
            entries[a:b],
            part=0 if len(bounds) == 1 else n,
            torn_line=last_line,
            outline=outline,
        )
        for n, (a, b) in enumerate(bounds, start=1)
    )


def _read_session(
    path: Path, entries: Sequence[_Entry], *, part: int, torn_line: int, outline: bool = False
) -> Transcript:
    warnings: list[str] = []
    header: Header | None = None
    identity = ""
    turns: list[RecordedTurn] = []
    undone: list[RecordedTurn] = []
    clarified: list[tuple[int, str]] = []
    pending = ""
    end: End | None = None
    abandoned: Mapping[str, Any] | None = None
    clean_size = 0
    last_time = ""
    first_line = entries[0][0]
    start = entries[0][3] - len(entries[0][1]) - 1 if entries else 0
    for lineno, raw, obj, line_end in entries:
        if isinstance(obj, Exception):
            if lineno == torn_line and header is not None:
                warnings.append(
                    f"{path}:{lineno}: 最后一行不完整，已跳过 / the last line is torn "
                    "(the session was cut off mid-write); skipped"
                )
                break
            if lineno == first_line:
                if lineno == torn_line:
                    raise TranscriptError(
                        path, lineno, "记录文件头不完整 / the transcript header is torn"
                    )
                raise TranscriptError(
                    path, lineno, "不是 Parley 记录文件 / not a Parley transcript (not JSON lines)"
                ) from None
            raise TranscriptError(
                path, lineno, f"这一行不是有效的 JSON / this line is not valid JSON: {obj}"
            ) from None
        if not isinstance(obj, dict):
            if lineno == first_line:
                raise TranscriptError(
                    path, lineno, "不是 Parley 记录文件 / not a Parley transcript"
                )
            raise TranscriptError(
                path, lineno, "每一行应为 JSON 对象 / each line must be a JSON object"
            )
        if lineno == first_line:
            header = _header(path, obj, lineno)
            identity = hashlib.sha256(raw.rstrip(b"\r")).hexdigest()
            last_time = header.started_at
        else:
            kind = obj.get("type")
            if kind not in LINE_TYPES or kind == "header":
                raise TranscriptError(
                    path,
                    lineno,
                    f"未知的行类型 / unknown line type {kind!r}",
                    f"expected one of: {', '.join(LINE_TYPES[1:])}",
                )
            if end is not None:
                raise TranscriptError(
                    path, lineno, "结束行之后还有内容 / a line after the session's end line"
                )
            time = str(obj.get("time") or "")
            if kind != "abandon":
                abandoned = None  # resumed after quitting: the old partial scorecard is stale
                pending = ""  # whatever comes next answers (or replaces) the words asked back
            if kind == "abandon":
                _check_fields(path, lineno, obj, _ABANDON_FIELDS)
                abandoned = obj["scorecard"]
            elif kind == "turn":
                _check_fields(path, lineno, obj, _TURN_FIELDS)
                if obj["index"] != len(turns):
                    raise TranscriptError(
                        path,
                        lineno,
                        f"回合序号不连续 / turn index {obj['index']}, expected {len(turns)}",
                    )
                try:
                    turn = _turn_outline(obj) if outline else _turn(obj)
                except (KeyError, TypeError, ValueError) as exc:
                    raise TranscriptError(
                        path, lineno, f"回合内容有误 / malformed turn: {exc!r}"
                    ) from None
                turns.append(RecordedTurn(turn, time, lineno))
            elif kind == "undo":
                _check_fields(path, lineno, obj, _UNDO_FIELDS)
                if not turns or turns[-1].turn.index != obj["index"]:
                    raise TranscriptError(
                        path,
                        lineno,
                        f"撤销的回合不存在 / undo of turn {obj['index']}: not the last turn",
                    )
                undone.append(turns.pop())
                # What the client failed to understand after the taken-back turn goes with it.
                clarified = [c for c in clarified if c[0] < len(turns) + 1]
            elif kind == "clarify":
                typed = obj.get("typed")
                if not isinstance(typed, str):
                    raise TranscriptError(
                        path, lineno, "clarify 行缺少 typed / a clarify line needs `typed` text"
                    )
                clarified.append((len(turns), typed))
            elif kind == "offered":
                typed = obj.get("typed")
                if not isinstance(typed, str):
                    raise TranscriptError(
                        path, lineno, "offered 行缺少 typed / an offered line needs `typed` text"
                    )
                pending = typed
            else:
                _check_fields(path, lineno, obj, _END_FIELDS)
                end = End(
                    ending=obj.get("ending"),
                    outcome=obj["outcome"],
                    grade=obj["grade"],
                    ending_title=_text(obj["ending_title"]) if obj.get("ending_title") else None,
                    debrief=_text(obj["debrief"]) if obj.get("debrief") else None,
                    scorecard=obj["scorecard"],
                    time=time,
                )
            last_time = time or last_time
        clean_size = line_end
    if header is None:  # only a torn first line: nothing to read
        raise TranscriptError(path, first_line, "记录文件头不完整 / the transcript header is torn")
    return Transcript(
        path=path,
        header=header,
        turns=tuple(turns),
        end=end,
        warnings=tuple(warnings),
        undone=tuple(undone),
        identity=identity,
        clean_size=clean_size,
        last_time=last_time,
        abandoned=abandoned,
        clarified=tuple(clarified),
        pending=pending,
        part=part,
        start=max(0, start),
    )


def split_off(transcript: Transcript) -> Path:
    """Copy one session of a file holding several into a new file of its own; its path.

    The new file sits beside the old one (`<name>-session<part>.jsonl`, created new), which
    stays as it was: an older Parley's doubled file is never rewritten.
    """
    data = transcript.path.read_bytes()[transcript.start : transcript.clean_size]
    if not data.endswith(b"\n"):
        data += b"\n"
    base = transcript.path.with_name(f"{transcript.path.stem}-session{transcript.part}.jsonl")
    target, n = base, 2
    while True:
        try:
            fd = create_new(target)
        except FileExistsError:
            target, n = _numbered(base, n), n + 1
            continue
        try:
            write_all(fd, data)
        except OSError as error:
            os.close(fd)
            target.unlink(missing_ok=True)
            raise WriteFailed(target, error) from None
        os.close(fd)
        return target


def find_transcripts(paths: Sequence[Path | str]) -> list[Path]:
    """Transcript files named by `paths`: files as given, folders searched for *.jsonl."""
    found: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*.jsonl") if q.is_file()))
        else:
            found.append(p)
    return found


def latest_unfinished(folder: Path | None = None) -> Transcript | None:
    """The most recently started unfinished transcript in `folder` (default: the data folder)
    that has something to continue (`Transcript.resumable`): a session quit before its first
    answer is not offered, and does not hide an older one that has answers (round
    thirty-six's cold tryout).

    Of a file holding several sessions only the last can be continued (appending goes there).
    """
    folder = folder or transcripts_dir()
    if not folder.is_dir():
        return None
    candidates = sorted(folder.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        try:
            transcript = read_sessions(path)[-1]
        except TranscriptError:
            continue
        if transcript.resumable:
            return transcript
    return None
