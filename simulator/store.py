"""The history store: every finished or abandoned session in one SQLite database.

One row per session, keyed on the transcript's identity (the hash of its header line), so
recording or importing the same transcript again changes nothing, and a resumed session that
later finishes replaces its "abandoned" row. The schema carries its version in
`PRAGMA user_version` and is brought up to date by the ordered MIGRATIONS below. WAL and a busy
timeout let several `parley` processes write at once; every write takes the write lock up front
(`BEGIN IMMEDIATE`) so two writers queue instead of failing mid-transaction.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from simulator.files import WriteFailed, create_private
from simulator.library import data_dir
from simulator.transcript import (
    Transcript,
    TranscriptError,
    find_transcripts,
    now_iso,
    read_sessions,
    read_transcript,
)

if TYPE_CHECKING:
    from simulator.engine import Session

#: Schema migrations in order: MIGRATIONS[n] takes a database from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    # 1: sessions and their per-principle and per-area subtotals.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        identity TEXT NOT NULL UNIQUE,
        trainee TEXT NOT NULL,
        scenario TEXT NOT NULL,
        scenario_title TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL,
        rubric_version INTEGER NOT NULL,
        persona TEXT NOT NULL,
        seed INTEGER NOT NULL,
        mode TEXT NOT NULL,
        outcome TEXT NOT NULL,
        ending TEXT,
        grade INTEGER,
        turns INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        transcript TEXT NOT NULL
    );
    CREATE TABLE principle_scores (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        principle TEXT NOT NULL,
        area TEXT NOT NULL,
        points_for INTEGER NOT NULL,
        points_against INTEGER NOT NULL,
        score INTEGER,
        PRIMARY KEY (session_id, principle)
    );
    CREATE TABLE area_scores (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        area TEXT NOT NULL,
        points_for INTEGER NOT NULL,
        points_against INTEGER NOT NULL,
        score INTEGER,
        PRIMARY KEY (session_id, area)
    );
    """,
    # 2: `parley history --trainee/--scenario` filters and sorts on these.
    """
    CREATE INDEX sessions_trainee ON sessions(trainee, started_at);
    CREATE INDEX sessions_scenario ON sessions(scenario, started_at);
    ALTER TABLE sessions ADD COLUMN recorded_at TEXT NOT NULL DEFAULT '';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
#: How long a writer waits for another process's lock before giving up, in milliseconds.
BUSY_TIMEOUT_MS = 30_000
#: Recency weighting of trends: a session this many sessions older counts half as much.
HALF_LIFE = 3.0
#: A trend moves (↑/↓) when the weighted mean differs from the plain mean by at least this.
TREND_STEP = 5

Status = Literal["added", "updated", "unchanged"]


class StoreError(Exception):
    """The history database cannot be used (newer schema, not a database, locked too long)."""


def default_db_path() -> Path:
    """The history database in the per-user data folder ($PARLEY_HOME)."""
    return data_dir() / "history.sqlite3"


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as the history knows it."""

    id: int
    identity: str
    trainee: str
    scenario: str
    scenario_title: str
    content_hash: str
    rubric_version: int
    mode: str
    outcome: str
    ending: str | None
    grade: int | None
    turns: int
    started_at: str
    ended_at: str
    transcript: str
    principles: Mapping[str, int | None] = field(default_factory=dict)
    areas: Mapping[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Trend:
    """A principle over a trainee's sessions: where it stands now, recent sessions weighted more."""

    principle: str
    sessions: int
    mean: float  # plain mean over every session
    weighted: float  # recency-weighted mean, latest session included
    previous: float | None  # the same weighted mean before the latest session
    last: int

    @property
    def change(self) -> float:
        """How far the latest session moved the weighted mean (0 with a single session)."""
        return 0.0 if self.previous is None else self.weighted - self.previous

    @property
    def direction(self) -> Literal["up", "down", "flat"]:
        """'up' or 'down' when the latest session moved the weighted mean by TREND_STEP or more."""
        if self.change >= TREND_STEP:
            return "up"
        if self.change <= -TREND_STEP:
            return "down"
        return "flat"


@dataclass
class ImportReport:
    """What `import_paths` did, file by file."""

    added: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    errors: list[tuple[Path, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class HistoryStore:
    """The SQLite history of sessions; open it with `HistoryStore(path)` and close it after."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        try:
            # Created private (0600) before SQLite opens it: the history records people, and
            # SQLite gives its -wal and -shm files the database file's mode (simulator/files.py).
            create_private(self.path)
        except WriteFailed as failure:
            raise StoreError(
                f"{self.path}: 无法创建历史数据库 / cannot create the history database: "
                f"{failure.reason}"
            ) from None
        try:
            # isolation_level=None: transactions are explicit, so BEGIN IMMEDIATE is ours to say.
            self._db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._retry_locked(lambda: self._db.execute("PRAGMA journal_mode = WAL"))
            self._retry_locked(self._migrate)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: 无法打开历史数据库 / cannot open the history database: {exc}"
            ) from None

    def _retry_locked(self, step: Callable[[], object]) -> None:
        """Run a set-up step, retrying while another process holds the database.

        Switching a new file to WAL and the first migration need the lock while this
        connection may already hold a read lock; SQLite then answers "locked" at once instead
        of waiting (it would deadlock otherwise), so the busy timeout does not help here.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        delay = 0.005
        while True:
            try:
                step()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.schema_version == SCHEMA_VERSION:
            return
        with self._write() as db:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = self.schema_version
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: 历史数据库版本 {version} 比本程序新 / the history database has "
                    f"schema version {version}, newer than this Parley knows ({SCHEMA_VERSION}); "
                    "upgrade Parley"
                )
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- writing --------------------------------------------------------------------------------

    def record(self, transcript: Transcript, scorecard: Mapping[str, Any] | None = None) -> Status:
        """Record (or bring up to date) the session a transcript holds.

        `scorecard` (a `Scorecard.to_json()` dict) gives the subtotals of an unfinished session,
        whose transcript has no end line; a finished transcript carries its own.
        """
        with self._write():
            return self._record(transcript, scorecard)

    def record_many(self, transcripts: Iterable[Transcript]) -> list[Status]:
        """Record several transcripts in one transaction (what `parley import` does)."""
        with self._write():
            return [self._record(t, None) for t in transcripts]

    def _record(self, transcript: Transcript, scorecard: Mapping[str, Any] | None) -> Status:
        card = transcript.end.scorecard if transcript.end is not None else scorecard
        card = card or transcript.abandoned
        row = _row(transcript, card)
        old = self._db.execute(
            "SELECT id, outcome, turns, grade, ending FROM sessions WHERE identity = ?",
            (row["identity"],),
        ).fetchone()
        if old is not None:
            old_id, old_outcome, old_turns, old_grade, old_ending = old
            if old_outcome != "abandoned" and row["outcome"] == "abandoned":
                return "unchanged"  # never let a stale partial copy undo a finished session
            same = (old_outcome, old_turns, old_grade, old_ending) == (
                row["outcome"],
                row["turns"],
                row["grade"],
                row["ending"],
            )
            if same:
                return "unchanged"
            self._db.execute("DELETE FROM sessions WHERE id = ?", (old_id,))
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self._db.execute(
            f"INSERT INTO sessions ({columns}) VALUES ({marks})", tuple(row.values())
        )
        session_id = cursor.lastrowid
        principles, areas = _subtotals(transcript, card)
        self._db.executemany(
            "INSERT INTO principle_scores VALUES (?, ?, ?, ?, ?, ?)",
            [(session_id, *p) for p in principles],
        )
        self._db.executemany(
            "INSERT INTO area_scores VALUES (?, ?, ?, ?, ?)", [(session_id, *a) for a in areas]
        )
        return "added" if old is None else "updated"

    # -- reading --------------------------------------------------------------------------------

    def sessions(
        self, trainee: str | None = None, scenario: str | None = None
    ) -> list[SessionRecord]:
        """Sessions, oldest first, optionally only one trainee's and/or one scenario's."""
        where, params = [], []
        if trainee is not None:
            where.append("trainee = ?")
            params.append(trainee)
        if scenario is not None:
            where.append("scenario = ?")
            params.append(scenario)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._db.execute(
            "SELECT id, identity, trainee, scenario, scenario_title, content_hash, rubric_version,"
            " mode, outcome, ending, grade, turns, started_at, ended_at, transcript"
            f" FROM sessions {clause} ORDER BY started_at, id",
            params,
        ).fetchall()
        principles: dict[int, dict[str, int | None]] = {}
        areas: dict[int, dict[str, int | None]] = {}
        ids = [r[0] for r in rows]
        for chunk in _chunks(ids, 500):
            marks = ", ".join("?" for _ in chunk)
            for sid, pid, score in self._db.execute(
                "SELECT session_id, principle, score FROM principle_scores"
                f" WHERE session_id IN ({marks}) ORDER BY rowid",
                chunk,
            ):
                principles.setdefault(sid, {})[pid] = score
            for sid, aid, score in self._db.execute(
                f"SELECT session_id, area, score FROM area_scores WHERE session_id IN ({marks})"
                " ORDER BY rowid",
                chunk,
            ):
                areas.setdefault(sid, {})[aid] = score
        return [
            SessionRecord(*r, principles=principles.get(r[0], {}), areas=areas.get(r[0], {}))
            for r in rows
        ]

    def count(self) -> int:
        """How many sessions the history holds."""
        return int(self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])

    def import_paths(self, paths: Sequence[Path | str]) -> ImportReport:
        """Import transcripts (files, or folders of *.jsonl); importing twice changes nothing."""
        report = ImportReport()
        readable: list[Transcript] = []
        for path in find_transcripts(paths):
            try:
                # A file an older Parley appended a second session to holds both.
                sessions = read_sessions(path)
            except TranscriptError as exc:
                report.errors.append((path, str(exc)))
                continue
            for transcript in sessions:
                report.warnings.extend(transcript.warnings)
                if transcript.header.preview is not None:
                    report.warnings.append(
                        f"{path}: 教练预览，不计入历史 / a coach's preview "
                        "(parley play --at/--set), not a trainee's session: not imported"
                    )
                    continue
                readable.append(transcript)
        statuses = self.record_many(readable) if readable else []
        for transcript, status in zip(readable, statuses, strict=True):
            getattr(report, status).append(transcript.path)
        return report


def record_session(session: Session, transcript_path: Path, db: Path | None = None) -> Status:
    """Record a session that just ended or was abandoned: the one call a face makes at the end.

    Raises StoreError (never a bare sqlite3 or transcript error) when it cannot. A coach's
    preview (`parley play --at/--set`) is not a trainee's session and is never recorded.
    """
    if getattr(session, "preview", None):
        return "unchanged"
    try:
        transcript = read_transcript(transcript_path)
        with HistoryStore(db) as store:
            return store.record(transcript, session.scorecard().to_json())
    except TranscriptError as exc:
        raise StoreError(str(exc)) from None
    except sqlite3.Error as exc:
        raise StoreError(f"{db or default_db_path()}: {exc}") from None


def trends(records: Sequence[SessionRecord]) -> dict[str, Trend]:
    """Per principle, its recency-weighted mean over `records` (oldest first) and its change."""
    series: dict[str, list[int]] = {}
    for record in records:
        for pid, score in record.principles.items():
            if score is not None:
                series.setdefault(pid, []).append(score)
    return {
        pid: Trend(
            principle=pid,
            sessions=len(scores),
            mean=sum(scores) / len(scores),
            weighted=weighted_mean(scores),
            previous=weighted_mean(scores[:-1]) if len(scores) > 1 else None,
            last=scores[-1],
        )
        for pid, scores in series.items()
    }


def weighted_mean(scores: Sequence[int]) -> float:
    """The mean of `scores` (oldest first), each session older halving its weight per HALF_LIFE."""
    n = len(scores)
    weights = [math.pow(0.5, (n - 1 - i) / HALF_LIFE) for i in range(n)]
    return sum(w * s for w, s in zip(weights, scores, strict=True)) / sum(weights)


# ---------------------------------------------------------------------------------------------


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _row(transcript: Transcript, scorecard: Mapping[str, Any] | None) -> dict[str, object]:
    head = transcript.header
    end = transcript.end
    if end is not None:
        outcome, ending, grade = end.outcome, end.ending, end.grade
        ended_at = end.time or transcript.last_time
    else:
        outcome, ending = "abandoned", None
        grade = scorecard.get("grade") if scorecard else None
        ended_at = transcript.last_time
    return {
        "identity": transcript.identity,
        "trainee": head.trainee,
        "scenario": head.scenario,
        "scenario_title": head.title.zh,
        "content_hash": head.content_hash,
        "rubric_version": head.rubric_version,
        "persona": head.persona,
        "seed": head.seed,
        "mode": head.mode,
        "outcome": outcome,
        "ending": ending,
        "grade": grade,
        "turns": len(transcript.turns),
        "started_at": head.started_at,
        "ended_at": ended_at,
        "transcript": str(transcript.path.resolve()),
        "recorded_at": now_iso(),
    }


def _score(points_for: int, points_against: int) -> int | None:
    total = points_for + points_against
    return None if total == 0 else round(100 * points_for / total)


def _subtotals(
    transcript: Transcript, card: Mapping[str, Any] | None
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Per-principle and per-area rows, from the scorecard when there is one, else from hits."""
    if card and isinstance(card.get("principles"), dict):
        principles = [
            (pid, str(p.get("area") or ""), int(p["for"]), int(p["against"]), p.get("score"))
            for pid, p in card["principles"].items()
        ]
        areas = [
            (aid, int(a["for"]), int(a["against"]), a.get("score"))
            for aid, a in (card.get("areas") or {}).items()
        ]
        return principles, areas
    # An unfinished transcript read without its session: tally the hits (areas unknown here).
    tally: dict[str, list[int]] = {}
    for recorded in transcript.turns:
        for hit in recorded.turn.hits:
            pair = tally.setdefault(hit.principle, [0, 0])
            pair[0 if hit.weight > 0 else 1] += abs(hit.weight)
    return [(pid, "", f, a, _score(f, a)) for pid, (f, a) in tally.items()], []
