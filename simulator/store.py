"""The history store: every finished or abandoned session, in SQLite or PostgreSQL.

One row per session, keyed on the transcript's identity (the hash of its header line), so
recording or importing the same transcript again changes nothing, and a resumed session that
later finishes replaces its "abandoned" row. The schema carries its version (SQLite's
`PRAGMA user_version`, a `parley_schema` table on PostgreSQL) and is brought up to date by the
ordered MIGRATIONS below; which database is used is decided in `simulator.database.resolve`.

What `parley stats` needs is tallied when a session is recorded: per session, what was chosen
at each node (`node_choices`) and how often each principle was broken (`principle_scores`), and
per scenario running totals of both (`node_totals`, `break_totals`) kept in the same
transaction, so stats never reads a transcript. An abandoned session has no grade: its
principle subtotals are kept, but trends and means count finished sessions only.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, groupby, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from simulator.database import (
    Database,
    DatabaseError,
    SqliteDatabase,
    Target,
    connect,
    default_sqlite_path,
    resolve,
)
from simulator.files import WriteFailed, create_private

if TYPE_CHECKING:
    from simulator.engine import Session
    from simulator.transcript import Transcript

# Reading transcripts (simulator.transcript, simulator.notes and the model under them) is
# imported where a transcript is read or recorded, not here: `parley history` and `parley
# stats` only query, and those imports were a third of their start-up.

#: Schema migrations in order: MIGRATIONS[n] takes a database from version n to n + 1.
#: `{pk}` and `{real}` are the two words of DDL that differ between SQLite and PostgreSQL.
MIGRATIONS: tuple[str, ...] = (
    # 1: sessions and their per-principle and per-area subtotals.
    """
    CREATE TABLE sessions (
        id {pk},
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
    # 3: tallies for `parley stats` kept at record time, cohorts, and no grade when abandoned.
    """
    ALTER TABLE sessions ADD COLUMN quit_at TEXT;
    ALTER TABLE sessions ADD COLUMN tallied INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE principle_scores ADD COLUMN broken_turns INTEGER NOT NULL DEFAULT 0;
    UPDATE sessions SET grade = NULL WHERE outcome = 'abandoned';
    CREATE TABLE node_choices (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        node TEXT NOT NULL,
        choice TEXT NOT NULL,
        reached INTEGER NOT NULL,
        turns INTEGER NOT NULL,
        typed INTEGER NOT NULL,
        graded INTEGER NOT NULL,
        quality_sum {real} NOT NULL,
        best INTEGER NOT NULL,
        PRIMARY KEY (session_id, node, choice)
    );
    CREATE TABLE node_totals (
        scenario TEXT NOT NULL,
        node TEXT NOT NULL,
        choice TEXT NOT NULL,
        reached INTEGER NOT NULL,
        turns INTEGER NOT NULL,
        typed INTEGER NOT NULL,
        graded INTEGER NOT NULL,
        quality_sum {real} NOT NULL,
        best INTEGER NOT NULL,
        PRIMARY KEY (scenario, node, choice)
    );
    CREATE TABLE break_totals (
        scenario TEXT NOT NULL,
        principle TEXT NOT NULL,
        sessions INTEGER NOT NULL,
        turns INTEGER NOT NULL,
        PRIMARY KEY (scenario, principle)
    );
    CREATE TABLE cohort_members (
        cohort TEXT NOT NULL,
        trainee TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (cohort, trainee)
    );
    CREATE INDEX cohort_members_trainee ON cohort_members(trainee);
    CREATE INDEX sessions_started ON sessions(started_at);
    """,
    # 4: each trainee's per-principle trend kept up to date as sessions are recorded, so
    # `history` and `cohort` read a row per trainee and principle instead of every score.
    # A trainee in trend_dirty has sessions the trend does not count yet (an import cut short).
    """
    CREATE TABLE trend_state (
        trainee TEXT NOT NULL,
        principle TEXT NOT NULL,
        sessions INTEGER NOT NULL,
        mean {real} NOT NULL,
        weighted {real} NOT NULL,
        previous {real},
        last INTEGER NOT NULL,
        recent TEXT NOT NULL,
        PRIMARY KEY (trainee, principle)
    );
    CREATE TABLE trend_dirty (trainee TEXT PRIMARY KEY);
    INSERT INTO trend_dirty (trainee) SELECT DISTINCT trainee FROM sessions;
    CREATE TABLE session_notes (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn INTEGER NOT NULL,
        node TEXT NOT NULL,
        label TEXT NOT NULL,
        author TEXT NOT NULL,
        noted_at TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX session_notes_session ON session_notes(session_id);
    CREATE INDEX session_notes_label ON session_notes(label);
    """,
    # 5: what `history` and `stats` group, read from an index alone (no table row is visited):
    # per trainee (history's summary, 100,000 sessions: 80 → 30 ms on SQLite) and per scenario,
    # outcome, ending, version and quitting point (stats: 240 → 28 ms). The trainee index
    # keeps its leading columns, so it still serves --trainee in start order.
    """
    DROP INDEX sessions_trainee;
    CREATE INDEX sessions_trainee ON sessions(trainee, started_at, outcome, grade);
    CREATE INDEX sessions_outcomes
        ON sessions(scenario, outcome, ending, content_hash, quit_at, grade, tallied);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
#: Recency weighting of trends: a session this many sessions older counts half as much.
HALF_LIFE = 3.0
#: A trend moves (↑/↓) when the weighted mean differs from the plain mean by at least this.
TREND_STEP = 5
#: Transcripts read and written per transaction by `import_paths`: memory stays bounded by it
#: (about 8 MB of tallies). Larger batches rewrite fewer index pages per transcript: SQLite's
#: random-keyed indexes (identity, trainee) touch a page per session either way, and each
#: commit writes every touched page again (500 → 2000: 10–15 % less CPU in the writer).
IMPORT_BATCH = 2000
#: An import of at least this many files reads them in several processes.
PARALLEL_FROM = 2000
#: Files each reader process takes at a time, and the most reader processes an import starts.
READ_CHUNK = 250
READERS = 2
#: Ids per `IN (…)` list (SQLite's limit on bound parameters is far above it).
_CHUNK = 500

Status = Literal["added", "updated", "unchanged"]
PRINCIPLE_COLUMNS = (
    "session_id", "principle", "area", "points_for", "points_against", "score", "broken_turns"
)  # fmt: skip
AREA_COLUMNS = ("session_id", "area", "points_for", "points_against", "score")
CHOICE_COLUMNS = (
    "session_id", "node", "choice", "reached", "turns", "typed", "graded", "quality_sum", "best"
)  # fmt: skip
NOTE_COLUMNS = ("session_id", "turn", "node", "label", "author", "noted_at", "text")
TREND_COLUMNS = (
    "trainee", "principle", "sessions", "mean", "weighted", "previous", "last", "recent"
)  # fmt: skip
#: An import that adds at least this many sessions refreshes the planner's statistics.
ANALYZE_AFTER = 2000


class StoreError(Exception):
    """The history database cannot be used (newer schema, not a database, server down …)."""


def default_db_path() -> Path:
    """The SQLite history database in the per-user data folder ($PARLEY_HOME)."""
    return default_sqlite_path()


def open_store(db: Path | str | None = None) -> HistoryStore:
    """The history every face uses: `db` if given, else $PARLEY_DATABASE_URL, else the file."""
    return HistoryStore(db)


def store_exists(db: Path | str | None = None) -> bool:
    """False only for an SQLite history not created yet (a server is assumed to exist)."""
    try:
        target = resolve(db)
    except DatabaseError:
        return True  # let opening it say what is wrong
    return target.kind != "sqlite" or (target.path is not None and target.path.exists())


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

    @property
    def finished(self) -> bool:
        """True when the session reached an ending (only finished sessions have a grade)."""
        return self.outcome != "abandoned"


@dataclass(frozen=True, slots=True)
class Trend:
    """A principle over a trainee's sessions: where it stands now, recent sessions weighted more."""

    principle: str
    sessions: int
    mean: float  # plain mean over every session
    weighted: float  # recency-weighted mean, latest session included
    previous: float | None  # the same weighted mean before the latest session
    last: int
    recent: tuple[int, ...] = ()  # the last few scores, oldest first

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


@dataclass(frozen=True, slots=True)
class TraineeSummary:
    """One trainee's sessions summed up by the database."""

    trainee: str
    sessions: int
    finished: int
    abandoned: int
    mean_grade: float | None
    first: str
    last: str


@dataclass(frozen=True, slots=True)
class NodeTally:
    """What was chosen at one node of one scenario: counts summed over sessions."""

    scenario: str
    node: str
    choice: str
    reached: int
    turns: int
    typed: int
    graded: int
    quality_sum: float
    best: int


@dataclass(frozen=True, slots=True)
class OutcomeTally:
    """Sessions of one scenario with one outcome, ending, version and quitting point."""

    scenario: str
    outcome: str
    ending: str | None
    content_hash: str
    quit_at: str | None
    sessions: int
    grade_sum: int
    graded: int
    untallied: int  # sessions recorded before tallies were kept whose transcript was gone


@dataclass
class ImportReport:
    """What `import_paths` did, file by file (paths as strings: 100,000 Path objects would
    cost more memory than the import itself)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Tallies:
    """Everything recorded about one session, ready to insert."""

    row: dict[str, object]
    principles: list[tuple[object, ...]]
    areas: list[tuple[object, ...]]
    choices: list[tuple[object, ...]]
    #: The coach's notes kept beside the transcript, when there is a notes file (None: none).
    notes: list[tuple[object, ...]] | None = None


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A coach's note on a turn of a recorded session, as the note index keeps it."""

    trainee: str
    scenario: str
    started_at: str
    transcript: str
    turn: int
    node: str
    label: str
    author: str
    time: str
    text: str


class HistoryStore:
    """The history of sessions; open it with `HistoryStore(path_or_url)` and close it after."""

    def __init__(self, db: Path | str | None = None) -> None:
        try:
            self.target: Target = resolve(db)
            if self.target.path is not None:
                # Created private (0600) before SQLite opens it: the history records people,
                # and SQLite gives its -wal and -shm files the database file's mode.
                create_private(self.target.path)
            self._db: Database = connect(self.target)
        except DatabaseError as exc:
            raise StoreError(str(exc)) from None
        except WriteFailed as failure:
            raise StoreError(
                f"{self.target.where}: 无法创建历史数据库 / cannot create the history database: "
                f"{failure.reason}"
            ) from None
        try:
            self._migrate()
        except StoreError:
            self._db.close()
            raise
        except self._db.errors as exc:
            self._db.close()
            raise StoreError(
                f"{self.where}: 无法打开历史数据库 / cannot open the history database: {exc}"
            ) from None

    @property
    def where(self) -> str:
        """The database's printable name (a file, or a URL without its password)."""
        return self.target.where

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None on a server."""
        return self.target.path

    @property
    def kind(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._db.kind

    @property
    def errors(self) -> tuple[type[BaseException], ...]:
        """The driver's exception classes."""
        return self._db.errors

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._db.get_version()

    def _migrate(self) -> None:
        if self._db.get_version() == SCHEMA_VERSION:
            return

        def migrate() -> None:
            with self._db.schema_change():
                # Read again under the write lock: another process may have migrated meanwhile.
                version = self._db.get_version()
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.where}: 历史数据库版本 {version} 比本程序新 / the history database"
                        f" has schema version {version}, newer than this Parley knows"
                        f" ({SCHEMA_VERSION}); upgrade Parley (pip install -U parley) to use it"
                    )
                for step in range(version, SCHEMA_VERSION):
                    for statement in self._db.ddl(MIGRATIONS[step]).split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                self._db.set_version(SCHEMA_VERSION)
                if version < 3:
                    self._backfill_tallies()
                if version < 4:
                    self._refresh_trends()

        if isinstance(self._db, SqliteDatabase):
            self._db.retry_locked(migrate)
        else:
            migrate()

    def _backfill_tallies(self) -> None:
        """Tally the sessions recorded before tallies were kept, from their transcripts."""
        from simulator.transcript import TranscriptError, read_transcript

        rows = self._db.execute(
            "SELECT id, transcript, outcome, ending FROM sessions WHERE tallied = 0"
        ).fetchall()
        for sid, path, outcome, ending in rows:
            try:
                transcript = read_transcript(Path(path))
            except (TranscriptError, OSError):
                continue  # stats counts it by outcome and says its turns are unknown
            choices, breaks, quit_at = _turn_tallies(transcript, outcome, ending)
            self._db.executemany(
                "INSERT INTO node_choices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(sid, *c) for c in choices],
            )
            for pid, turns in breaks.items():
                updated = self._db.execute(
                    "UPDATE principle_scores SET broken_turns = ?"
                    " WHERE session_id = ? AND principle = ?",
                    (turns, sid, pid),
                )
                if not updated.rowcount:
                    self._db.execute(
                        "INSERT INTO principle_scores VALUES (?, ?, '', 0, 0, NULL, ?)",
                        (sid, pid, turns),
                    )
            self._db.execute(
                "UPDATE sessions SET tallied = 1, quit_at = ? WHERE id = ?", (quit_at, sid)
            )
            self._add_totals([sid], 1)

    # -- writing --------------------------------------------------------------------------------

    def record(self, transcript: Transcript, scorecard: Mapping[str, Any] | None = None) -> Status:
        """Record (or bring up to date) the session a transcript holds.

        `scorecard` (a `Scorecard.to_json()` dict) gives the subtotals of an unfinished session,
        whose transcript has no end line; a finished transcript carries its own.
        """
        return self.record_many([(transcript, scorecard)])[0]

    def record_many(
        self, items: Iterable[Transcript | tuple[Transcript, Mapping[str, Any] | None]]
    ) -> list[Status]:
        """Record several transcripts in one transaction (what `parley import` does per batch)."""
        pairs = [item if isinstance(item, tuple) else (item, None) for item in items]
        prepared = [_prepare(t, card) for t, card in pairs]
        with self._db.write():
            statuses = self._record_batch(prepared)
            self._refresh_trends()
        return statuses

    def _record_batch(self, batch: list[_Tallies]) -> list[Status]:
        identities = list({str(t.row["identity"]) for t in batch})
        current: dict[str, tuple[int | None, tuple[object, ...]]] = {}
        for chunk in _chunks(identities, _CHUNK):
            marks = ", ".join("?" for _ in chunk)
            for sid, identity, *state in self._db.execute(
                "SELECT id, identity, outcome, turns, grade, ending FROM sessions"
                f" WHERE identity IN ({marks})",
                chunk,
            ):
                current[identity] = (sid, tuple(state))
        statuses: list[Status] = []
        replaced: list[int] = []
        pending: dict[str, int] = {}  # identity -> index in `inserts`
        inserts: list[_Tallies] = []
        for tallies in batch:
            row = tallies.row
            identity = str(row["identity"])
            state = (row["outcome"], row["turns"], row["grade"], row["ending"])
            known = current.get(identity)
            if known is None:
                statuses.append("added")
            else:
                old_id, old_state = known
                if old_state[0] != "abandoned" and row["outcome"] == "abandoned":
                    # never let a stale partial copy undo a finished session
                    statuses.append("unchanged")
                    continue
                if old_state == state:
                    statuses.append("unchanged")
                    continue
                statuses.append("updated")
                if old_id is not None:
                    replaced.append(old_id)
            current[identity] = (None, state)
            if identity in pending:
                inserts[pending[identity]] = tallies
            else:
                pending[identity] = len(inserts)
                inserts.append(tallies)
        touched = sorted({str(t.row["trainee"]) for t in inserts})
        for chunk in _chunks(touched, _CHUNK):
            # One statement, not one per trainee: on a server each is a round trip.
            values = ", ".join("(?)" for _ in chunk)
            self._db.execute(
                f"INSERT INTO trend_dirty (trainee) VALUES {values}"
                " ON CONFLICT (trainee) DO NOTHING",
                chunk,
            )
        if replaced:
            self._add_totals(replaced, -1)
            for chunk in _chunks(replaced, _CHUNK):
                marks = ", ".join("?" for _ in chunk)
                self._db.execute(f"DELETE FROM sessions WHERE id IN ({marks})", chunk)
        if not inserts:
            self._index_notes(batch, {i: sid for i, (sid, _) in current.items() if sid})
            return statuses
        columns = list(inserts[0].row)
        self._db.bulk_insert("sessions", columns, [tuple(t.row.values()) for t in inserts])
        ids_of: dict[str, int] = {}
        wanted = [str(t.row["identity"]) for t in inserts]
        for chunk in _chunks(wanted, _CHUNK):
            marks = ", ".join("?" for _ in chunk)
            for sid, identity in self._db.execute(
                f"SELECT id, identity FROM sessions WHERE identity IN ({marks})", chunk
            ):
                ids_of[identity] = int(sid)
        ids = [ids_of[identity] for identity in wanted]
        self._db.bulk_insert(
            "principle_scores",
            PRINCIPLE_COLUMNS,
            [(sid, *p) for sid, t in zip(ids, inserts, strict=True) for p in t.principles],
        )
        self._db.bulk_insert(
            "area_scores",
            AREA_COLUMNS,
            [(sid, *a) for sid, t in zip(ids, inserts, strict=True) for a in t.areas],
        )
        self._db.bulk_insert(
            "node_choices",
            CHOICE_COLUMNS,
            [(sid, *c) for sid, t in zip(ids, inserts, strict=True) for c in t.choices],
        )
        self._add_new_totals(inserts)
        known = {i: sid for i, (sid, _) in current.items() if sid}
        self._index_notes(batch, {**known, **ids_of})
        return statuses

    def _index_notes(self, batch: list[_Tallies], ids: Mapping[str, int]) -> None:
        """Replace the indexed notes of the sessions in `batch` that have a notes file."""
        with_notes = [
            (ids[str(t.row["identity"])], t.notes)
            for t in batch
            if t.notes is not None and str(t.row["identity"]) in ids
        ]
        if not with_notes:
            return
        sids = sorted({sid for sid, _ in with_notes})
        for chunk in _chunks(sids, _CHUNK):
            marks = ", ".join("?" for _ in chunk)
            self._db.execute(f"DELETE FROM session_notes WHERE session_id IN ({marks})", chunk)
        latest = dict(with_notes)  # the last copy of a session in the batch wins
        self._db.bulk_insert(
            "session_notes",
            NOTE_COLUMNS,
            [
                (sid, *(_storable(v) for v in note))
                for sid, notes in latest.items()
                for note in notes or ()
            ],
        )

    def notes(self, **filters: Any) -> list[NoteRecord]:
        """Coach notes of the sessions (with `sessions()`'s filters and `label=`), oldest first."""
        label = filters.pop("label", None)
        clause, params = _where(**filters, alias="s")
        if label:
            clause += (" AND" if clause else "WHERE") + " n.label = ?"
            params.append(label)
        rows = self._db.execute(
            "SELECT s.trainee, s.scenario, s.started_at, s.transcript, n.turn, n.node, n.label,"
            " n.author, n.noted_at, n.text FROM session_notes n"
            f" JOIN sessions s ON s.id = n.session_id {clause}"
            " ORDER BY s.started_at, s.id, n.turn, n.noted_at",
            params,
        )
        return [NoteRecord(*r) for r in rows]

    def _add_new_totals(self, inserts: Sequence[_Tallies]) -> None:
        """Add sessions just inserted to the running totals, summed here from their tallies:
        the same sums `_add_totals` asks the database for, without joining back the rows just
        written (on PostgreSQL that join cost about as much as writing the sessions did)."""
        nodes: dict[tuple[str, str, str], list[float]] = {}
        breaks: dict[tuple[str, str], list[int]] = {}
        for tallies in inserts:
            scenario = str(tallies.row["scenario"])
            for node, choice, *counts in tallies.choices:
                total = nodes.setdefault((scenario, str(node), str(choice)), [0.0] * 6)
                for i, count in enumerate(counts):
                    total[i] += float(count)  # type: ignore[arg-type]
            for principle in tallies.principles:
                broken = int(principle[-1])  # type: ignore[call-overload]
                if broken > 0:
                    pair = breaks.setdefault((scenario, str(principle[0])), [0, 0])
                    pair[0] += 1
                    pair[1] += broken
        self._upsert_totals(
            [(*key, *(int(c) for c in t[:4]), t[4], int(t[5])) for key, t in nodes.items()],
            [(*key, n, turns) for key, (n, turns) in breaks.items()],
        )

    def _upsert_totals(
        self, nodes: Sequence[tuple[object, ...]], breaks: Sequence[tuple[object, ...]]
    ) -> None:
        """Add rows of (scenario, node, choice, six counts) and (scenario, principle, sessions,
        turns) to the running totals, a few hundred rows a statement."""
        for chunk in _chunks(nodes, 100):
            values = ", ".join("(?, ?, ?, ?, ?, ?, ?, ?, ?)" for _ in chunk)
            self._db.execute(
                "INSERT INTO node_totals"
                " (scenario, node, choice, reached, turns, typed, graded, quality_sum, best)"
                f" VALUES {values}" + _NODE_TOTALS_ADD,
                [v for row in chunk for v in row],
            )
        for chunk in _chunks(breaks, 200):
            values = ", ".join("(?, ?, ?, ?)" for _ in chunk)
            self._db.execute(
                "INSERT INTO break_totals (scenario, principle, sessions, turns)"
                f" VALUES {values}" + _BREAK_TOTALS_ADD,
                [v for row in chunk for v in row],
            )

    def _add_totals(self, session_ids: Sequence[int], sign: int) -> None:
        """Add (sign 1) or take away (sign -1) these sessions' tallies from the running totals."""
        sign = 1 if sign > 0 else -1
        for chunk in _chunks(session_ids, _CHUNK):
            marks = ", ".join("?" for _ in chunk)
            self._db.execute(
                "INSERT INTO node_totals"
                " (scenario, node, choice, reached, turns, typed, graded, quality_sum, best)"
                f" SELECT s.scenario, c.node, c.choice, {sign} * SUM(c.reached),"
                f" {sign} * SUM(c.turns), {sign} * SUM(c.typed), {sign} * SUM(c.graded),"
                f" {sign} * SUM(c.quality_sum), {sign} * SUM(c.best)"
                " FROM node_choices c JOIN sessions s ON s.id = c.session_id"
                f" WHERE c.session_id IN ({marks}) GROUP BY s.scenario, c.node, c.choice"
                + _NODE_TOTALS_ADD,
                chunk,
            )
            self._db.execute(
                "INSERT INTO break_totals (scenario, principle, sessions, turns)"
                f" SELECT s.scenario, p.principle, {sign} * COUNT(*), {sign} * SUM(p.broken_turns)"
                " FROM principle_scores p JOIN sessions s ON s.id = p.session_id"
                f" WHERE p.session_id IN ({marks}) AND p.broken_turns > 0"
                " GROUP BY s.scenario, p.principle" + _BREAK_TOTALS_ADD,
                chunk,
            )

    # -- reading --------------------------------------------------------------------------------

    def sessions(
        self,
        trainee: str | None = None,
        scenario: str | None = None,
        *,
        since: str | None = None,
        limit: int | None = None,
        trainees: Sequence[str] | None = None,
        finished: bool | None = None,
    ) -> list[SessionRecord]:
        """Sessions, oldest first, optionally only one trainee's and/or one scenario's.

        `limit` keeps the newest `limit` sessions (still oldest first); `since` (an ISO date)
        keeps those started on or after it; `trainees` keeps those of a group; `finished` keeps
        the finished (True) or the abandoned (False) ones.
        """
        clause, params = _where(
            trainee=trainee, scenario=scenario, since=since, trainees=trainees, finished=finished
        )
        order = "ORDER BY started_at, id"
        if limit is not None:
            order = f"ORDER BY started_at DESC, id DESC LIMIT {int(limit)}"
        rows = self._db.execute(
            "SELECT id, identity, trainee, scenario, scenario_title, content_hash, rubric_version,"
            " mode, outcome, ending, grade, turns, started_at, ended_at, transcript"
            f" FROM sessions {clause} {order}",
            params,
        ).fetchall()
        if limit is not None:
            rows.reverse()
        principles: dict[int, dict[str, int | None]] = {}
        areas: dict[int, dict[str, int | None]] = {}
        ids = [r[0] for r in rows]
        for chunk in _chunks(ids, _CHUNK):
            marks = ", ".join("?" for _ in chunk)
            for sid, pid, score in self._db.execute(
                "SELECT session_id, principle, score FROM principle_scores"
                f" WHERE session_id IN ({marks}) AND (points_for + points_against) > 0"
                " ORDER BY session_id, principle",
                chunk,
            ):
                principles.setdefault(sid, {})[pid] = score
            for sid, aid, score in self._db.execute(
                f"SELECT session_id, area, score FROM area_scores WHERE session_id IN ({marks})"
                " ORDER BY session_id, area",
                chunk,
            ):
                areas.setdefault(sid, {})[aid] = score
        return [
            SessionRecord(*r, principles=principles.get(r[0], {}), areas=areas.get(r[0], {}))
            for r in rows
        ]

    def count(self, **filters: Any) -> int:
        """How many sessions the history holds (with `sessions()`'s filters)."""
        clause, params = _where(**filters)
        return int(
            self._db.execute(f"SELECT COUNT(*) FROM sessions {clause}", params).fetchone()[0]
        )

    def best_grades(self, trainee: str | None = None) -> dict[str, int]:
        """The best grade of each scenario (finished sessions only), for one trainee or all."""
        clause, params = _where(trainee=trainee, finished=True)
        rows = self._db.execute(
            f"SELECT scenario, MAX(grade) FROM sessions {clause} GROUP BY scenario", params
        )
        return {r[0]: int(r[1]) for r in rows if r[1] is not None}

    def trainee_summaries(self, **filters: Any) -> list[TraineeSummary]:
        """Per trainee: sessions, finished and abandoned, mean grade, first and last start."""
        clause, params = _where(**filters)
        rows = self._db.execute(
            "SELECT trainee, COUNT(*),"
            " SUM(CASE WHEN outcome <> 'abandoned' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN outcome = 'abandoned' THEN 1 ELSE 0 END),"
            " AVG(CASE WHEN outcome <> 'abandoned' THEN grade END),"
            " MIN(started_at), MAX(started_at)"
            f" FROM sessions {clause} GROUP BY trainee ORDER BY trainee",
            params,
        ).fetchall()
        return [
            TraineeSummary(
                r[0],
                int(r[1]),
                int(r[2]),
                int(r[3]),
                None if r[4] is None else float(r[4]),
                r[5],
                r[6],
            )
            for r in rows
        ]

    def trends_by_trainee(self, **filters: Any) -> dict[str, dict[str, Trend]]:
        """Per trainee and principle, the trend over finished sessions.

        Filtered by trainee or group only, it is read from the trends kept at record time;
        with `since` or `scenario` it is computed from the scores, grouped by the database.
        """
        if filters.get("since") or filters.get("scenario"):
            return self._compute_trends(**filters)
        who = {"trainee": filters.get("trainee"), "trainees": filters.get("trainees")}
        clause, params = _where(**who)
        result: dict[str, dict[str, Trend]] = {}
        for trainee, pid, n, mean, weighted, previous, last, recent in self._db.execute(
            "SELECT trainee, principle, sessions, mean, weighted, previous, last, recent"
            f" FROM trend_state {clause} ORDER BY trainee, principle",
            params,
        ):
            result.setdefault(trainee, {})[pid] = Trend(
                principle=pid,
                sessions=int(n),
                mean=float(mean),
                weighted=float(weighted),
                previous=None if previous is None else float(previous),
                last=int(last),
                recent=tuple(int(x) for x in recent.split(",") if x),
            )
        dirty = [
            r[0] for r in self._db.execute(f"SELECT trainee FROM trend_dirty {clause}", params)
        ]
        for chunk in _chunks(dirty, _CHUNK):
            live = self._compute_trends(trainees=list(chunk))
            for name in chunk:
                result.pop(name, None)
                if name in live:
                    result[name] = live[name]
        return dict(sorted(result.items()))

    def _compute_trends(self, **filters: Any) -> dict[str, dict[str, Trend]]:
        """Trends from the scores themselves (ordered and grouped by the database)."""
        clause, params = _where(**{**filters, "finished": True}, alias="s")
        cursor = self._db.execute(
            "SELECT s.trainee, p.principle, p.score FROM principle_scores p"
            f" JOIN sessions s ON s.id = p.session_id {clause}"
            " AND p.score IS NOT NULL"
            " ORDER BY s.trainee, p.principle, s.started_at, s.id",
            params,
        )
        result: dict[str, dict[str, Trend]] = {}
        for (trainee, pid), rows in groupby(cursor, key=lambda r: (r[0], r[1])):
            result.setdefault(trainee, {})[pid] = trend_of(pid, [int(r[2]) for r in rows])
        return result

    def _refresh_trends(self) -> None:
        """Bring the kept trends of every trainee marked dirty up to date (inside a write)."""
        dirty = [r[0] for r in self._db.execute("SELECT trainee FROM trend_dirty")]
        for chunk in _chunks(sorted(dirty), 100):
            marks = ", ".join("?" for _ in chunk)
            live = self._compute_trends(trainees=list(chunk))
            self._db.execute(f"DELETE FROM trend_state WHERE trainee IN ({marks})", chunk)
            self._db.bulk_insert(
                "trend_state",
                TREND_COLUMNS,
                [
                    (
                        name,
                        pid,
                        tr.sessions,
                        tr.mean,
                        tr.weighted,
                        tr.previous,
                        tr.last,
                        ",".join(str(x) for x in tr.recent),
                    )
                    for name, trends in live.items()
                    for pid, tr in trends.items()
                ],
            )
            self._db.execute(f"DELETE FROM trend_dirty WHERE trainee IN ({marks})", chunk)

    def tried(self, **filters: Any) -> dict[str, dict[str, int]]:
        """Per trainee, the scenarios they played and how many times."""
        clause, params = _where(**filters)
        result: dict[str, dict[str, int]] = {}
        for trainee, scenario, n in self._db.execute(
            f"SELECT trainee, scenario, COUNT(*) FROM sessions {clause} GROUP BY trainee, scenario",
            params,
        ):
            result.setdefault(trainee, {})[scenario] = int(n)
        return result

    def outcome_tallies(
        self, scenario: str | None = None, trainee: str | None = None
    ) -> list[OutcomeTally]:
        """Sessions grouped by scenario, outcome, ending, version and quitting point."""
        clause, params = _where(trainee=trainee, scenario=scenario)
        rows = self._db.execute(
            "SELECT scenario, outcome, ending, content_hash, quit_at, COUNT(*),"
            " SUM(CASE WHEN outcome <> 'abandoned' AND grade IS NOT NULL THEN grade ELSE 0 END),"
            " SUM(CASE WHEN outcome <> 'abandoned' AND grade IS NOT NULL THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN tallied = 0 THEN 1 ELSE 0 END)"
            f" FROM sessions {clause} GROUP BY scenario, outcome, ending, content_hash, quit_at",
            params,
        ).fetchall()
        return [
            OutcomeTally(r[0], r[1], r[2], r[3], r[4], int(r[5]), int(r[6]), int(r[7]), int(r[8]))
            for r in rows
        ]

    def node_tallies(
        self, scenario: str | None = None, trainee: str | None = None
    ) -> list[NodeTally]:
        """Choices per scenario, node and option: running totals, or summed for one trainee."""
        cols = "reached, turns, typed, graded, quality_sum, best"
        if trainee is None:
            clause, params = ("WHERE scenario = ?", [scenario]) if scenario else ("", [])
            sql = (
                f"SELECT scenario, node, choice, {cols} FROM node_totals {clause}"
                f"{' AND' if clause else ' WHERE'} turns > 0"
            )
        else:
            clause, params = _where(trainee=trainee, scenario=scenario, alias="s")
            sums = ", ".join(f"SUM(c.{c})" for c in cols.split(", "))
            sql = (
                f"SELECT s.scenario, c.node, c.choice, {sums} FROM node_choices c"
                f" JOIN sessions s ON s.id = c.session_id {clause}"
                " GROUP BY s.scenario, c.node, c.choice"
            )
        # Sorted here, not by the database: the order a server groups in (and its collation)
        # is its own, and stats lists nodes no longer in a scenario in this order.
        return sorted(
            (
                NodeTally(r[0], r[1], r[2], *(int(x) for x in r[3:7]), float(r[7]), int(r[8]))
                for r in self._db.execute(sql, params)
            ),
            key=lambda t: (t.scenario, t.node, t.choice),
        )

    def break_tallies(
        self, scenario: str | None = None, trainee: str | None = None
    ) -> list[tuple[str, str, int, int]]:
        """(scenario, principle, sessions breaking it, turns breaking it)."""
        if trainee is None:
            clause, params = ("WHERE scenario = ?", [scenario]) if scenario else ("", [])
            sql = (
                f"SELECT scenario, principle, sessions, turns FROM break_totals {clause}"
                f"{' AND' if clause else ' WHERE'} sessions > 0"
            )
        else:
            clause, params = _where(trainee=trainee, scenario=scenario, alias="s")
            sql = (
                "SELECT s.scenario, p.principle, COUNT(*), SUM(p.broken_turns)"
                f" FROM principle_scores p JOIN sessions s ON s.id = p.session_id {clause}"
                " AND p.broken_turns > 0 GROUP BY s.scenario, p.principle"
            )
        return [(r[0], r[1], int(r[2]), int(r[3])) for r in self._db.execute(sql, params)]

    # -- cohorts --------------------------------------------------------------------------------

    def add_to_cohort(self, cohort: str, trainees: Sequence[str]) -> list[str]:
        """Put trainees in a cohort; returns those that were not in it yet."""
        from simulator.transcript import now_iso

        added = []
        with self._db.write():
            for trainee in trainees:
                there = self._db.execute(
                    "SELECT 1 FROM cohort_members WHERE cohort = ? AND trainee = ?",
                    (cohort, trainee),
                ).fetchone()
                if there is None:
                    self._db.execute(
                        "INSERT INTO cohort_members VALUES (?, ?, ?)", (cohort, trainee, now_iso())
                    )
                    added.append(trainee)
        return added

    def remove_from_cohort(self, cohort: str, trainees: Sequence[str]) -> list[str]:
        """Take trainees out of a cohort; returns those that were in it."""
        removed = []
        with self._db.write():
            for trainee in trainees:
                cursor = self._db.execute(
                    "DELETE FROM cohort_members WHERE cohort = ? AND trainee = ?",
                    (cohort, trainee),
                )
                if cursor.rowcount:
                    removed.append(trainee)
        return removed

    def cohorts(self) -> dict[str, list[str]]:
        """Every cohort and its members, by name."""
        result: dict[str, list[str]] = {}
        for cohort, trainee in self._db.execute(
            "SELECT cohort, trainee FROM cohort_members ORDER BY cohort, trainee"
        ):
            result.setdefault(cohort, []).append(trainee)
        return result

    def cohort_members(self, cohort: str) -> list[str]:
        """The trainees of one cohort ([] when there is no such cohort)."""
        return [
            r[0]
            for r in self._db.execute(
                "SELECT trainee FROM cohort_members WHERE cohort = ? ORDER BY trainee", (cohort,)
            )
        ]

    # -- import ---------------------------------------------------------------------------------

    def import_paths(
        self, paths: Sequence[Path | str], *, workers: int | None = None
    ) -> ImportReport:
        """Import transcripts (files, or folders of *.jsonl); importing twice changes nothing.

        Files are written IMPORT_BATCH at a time, one transaction per batch, so memory does not
        grow with the number of files and a failure keeps the batches already done. Reading and
        checking the files is what costs: with many files it is shared among `workers`
        processes (default: one per core, at most READERS), a bounded number of chunks ahead.
        """
        report = ImportReport()
        files = _walk(paths)
        head = list(islice(files, PARALLEL_FROM))
        if workers is None:
            many = len(head) == PARALLEL_FROM
            workers = min(READERS, os.cpu_count() or 1) if many else 1
        files = chain(head, files)
        batch: list[tuple[str, _Tallies]] = []
        for path, tallies, error, warnings in _read_files(files, workers):
            report.warnings.extend(warnings)
            if tallies is None:
                if error:  # no error: a file left out on purpose (a coach's preview)
                    report.errors.append((path, error))
                continue
            batch.append((path, tallies))
            if len(batch) >= IMPORT_BATCH:
                self._import_batch(batch, report)
                batch = []
        if batch:
            self._import_batch(batch, report)
        with self._db.write():
            self._refresh_trends()
        if len(report.added) + len(report.updated) >= ANALYZE_AFTER:
            self._db.analyze(["sessions", "principle_scores", "node_choices", "node_totals"])
        return report

    def _import_batch(self, batch: list[tuple[str, _Tallies]], report: ImportReport) -> None:
        with self._db.write():
            statuses = self._record_batch([t for _, t in batch])
        for (path, _), status in zip(batch, statuses, strict=True):
            getattr(report, status).append(path)


_Read = tuple[str, "_Tallies | None", str, tuple[str, ...]]


def _walk(paths: Sequence[Path | str]) -> Iterator[str]:
    """Transcript files named by `paths`, lazily: files as given, folders searched for *.jsonl
    (sorted, one folder at a time, so memory does not grow with the number of files)."""
    for item in paths:
        top = str(item)
        if not os.path.isdir(top):
            yield top
            continue
        for folder, dirs, names in os.walk(top):
            dirs.sort()
            for name in sorted(names):
                if name.endswith(".jsonl"):
                    yield os.path.join(folder, name)


def _read_chunk(paths: Sequence[str]) -> list[_Read]:
    """Read and tally transcripts (in a reader process, or in this one)."""
    from simulator.transcript import TranscriptError, read_sessions

    result: list[_Read] = []
    for path in paths:
        try:
            # A file an older Parley appended a second session to holds both.
            sessions = read_sessions(path, outline=True)
        except TranscriptError as exc:
            result.append((path, None, str(exc), ()))
            continue
        for transcript in sessions:
            result.append(_tally(path, transcript))
    return result


def _storable(value: object) -> object:
    """Text a database can store: a lone surrogate (a broken paste) becomes U+FFFD."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _tally(path: str, transcript: Transcript) -> _Read:
    """One session of a file, tallied for the store (a preview is refused with a warning)."""
    if transcript.header.preview is not None:
        return (
            path,
            None,
            "",
            (
                *transcript.warnings,
                f"{path}: 教练预览，不计入历史 / a coach's preview (parley play"
                " --at/--set), not a trainee's session: not imported",
            ),
        )
    tallies = _prepare(transcript, None)
    warnings = transcript.warnings
    if os.path.exists(path + ".notes.json"):
        from simulator.notes import NotesError, load_notes

        try:
            notes = load_notes(Path(path), transcript.identity)
        except NotesError as exc:
            warnings = (*warnings, str(exc))
        else:
            tallies.notes = [(n.turn, n.node, n.label, n.author, n.time, n.text) for n in notes]
    return (path, tallies, "", warnings)


def _read_files(files: Iterator[str], workers: int) -> Iterator[_Read]:
    """Every file read and tallied, in order; with workers > 1, in that many processes."""
    if workers <= 1:
        for chunk in _batched(files, READ_CHUNK):
            yield from _read_chunk(chunk)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    chunks = _batched(files, READ_CHUNK)
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        window: list[Future[list[_Read]]] = []
        for chunk in chunks:
            window.append(pool.submit(_read_chunk, chunk))
            if len(window) >= 2 * workers:  # bounded: memory does not grow with the files
                yield from window.pop(0).result()
        for future in window:
            yield from future.result()


def record_session(session: Session, transcript_path: Path, db: Path | str | None = None) -> Status:
    """Record a session that just ended or was abandoned: the one call a face makes at the end.

    Raises StoreError (never a bare driver or transcript error) when it cannot. A coach's
    preview (`parley play --at/--set`) is not a trainee's session and is never recorded.
    """
    from simulator.transcript import TranscriptError, read_transcript

    if getattr(session, "preview", None):
        return "unchanged"
    try:
        transcript = read_transcript(transcript_path)
    except TranscriptError as exc:
        raise StoreError(str(exc)) from None
    with HistoryStore(db) as store:
        try:
            return store.record(transcript, session.scorecard().to_json())
        except store.errors as exc:
            raise StoreError(f"{store.where}: {exc}") from None


def trends(records: Sequence[SessionRecord]) -> dict[str, Trend]:
    """Per principle, its recency-weighted trend over the finished `records` (oldest first)."""
    series: dict[str, list[int]] = {}
    for record in records:
        if not record.finished:
            continue
        for pid, score in record.principles.items():
            if score is not None:
                series.setdefault(pid, []).append(score)
    return {pid: trend_of(pid, scores) for pid, scores in series.items()}


def trend_of(principle: str, scores: Sequence[int]) -> Trend:
    """The trend of one principle's scores, oldest first (at least one)."""
    return Trend(
        principle=principle,
        sessions=len(scores),
        mean=sum(scores) / len(scores),
        weighted=weighted_mean(scores),
        previous=weighted_mean(scores[:-1]) if len(scores) > 1 else None,
        last=scores[-1],
        recent=tuple(scores[-8:]),
    )


def weighted_mean(scores: Sequence[int]) -> float:
    """The mean of `scores` (oldest first), each session older halving its weight per HALF_LIFE."""
    n = len(scores)
    # Weights below 2**-12 change nothing a person reads: long series are cut there.
    start = max(0, n - int(12 * HALF_LIFE))
    weights = [math.pow(0.5, (n - 1 - i) / HALF_LIFE) for i in range(start, n)]
    return sum(w * s for w, s in zip(weights, scores[start:], strict=True)) / sum(weights)


# ---------------------------------------------------------------------------------------------


def _batched(items: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(islice(items, size)):
        yield chunk


#: How a row of a node's or a principle's tallies is added to the running totals it meets.
_NODE_TOTALS_ADD = (
    " ON CONFLICT (scenario, node, choice) DO UPDATE SET"
    " reached = node_totals.reached + excluded.reached,"
    " turns = node_totals.turns + excluded.turns,"
    " typed = node_totals.typed + excluded.typed,"
    " graded = node_totals.graded + excluded.graded,"
    " quality_sum = node_totals.quality_sum + excluded.quality_sum,"
    " best = node_totals.best + excluded.best"
)
_BREAK_TOTALS_ADD = (
    " ON CONFLICT (scenario, principle) DO UPDATE SET"
    " sessions = break_totals.sessions + excluded.sessions,"
    " turns = break_totals.turns + excluded.turns"
)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _where(
    *,
    trainee: str | None = None,
    scenario: str | None = None,
    since: str | None = None,
    trainees: Sequence[str] | None = None,
    finished: bool | None = None,
    alias: str = "",
) -> tuple[str, list[object]]:
    """A WHERE clause over sessions and its parameters."""
    col = f"{alias}." if alias else ""
    where: list[str] = []
    params: list[object] = []
    if trainee is not None:
        where.append(f"{col}trainee = ?")
        params.append(trainee)
    if scenario is not None:
        where.append(f"{col}scenario = ?")
        params.append(scenario)
    if since:
        where.append(f"{col}started_at >= ?")
        params.append(since)
    if trainees is not None:
        if not trainees:
            where.append("1 = 0")
        else:
            where.append(f"{col}trainee IN ({', '.join('?' for _ in trainees)})")
            params.extend(trainees)
    if finished is not None:
        where.append(f"{col}outcome {'<>' if finished else '='} 'abandoned'")
    return (f"WHERE {' AND '.join(where)}" if where else ""), params


def _prepare(transcript: Transcript, scorecard: Mapping[str, Any] | None) -> _Tallies:
    """The rows one session adds to the history."""
    card = transcript.end.scorecard if transcript.end is not None else scorecard
    card = card or transcript.abandoned
    row = _row(transcript)
    principles, areas = _subtotals(transcript, card)
    choices, breaks, quit_at = _turn_tallies(transcript, str(row["outcome"]), row["ending"])
    row["quit_at"] = quit_at
    row["tallied"] = 1
    merged: list[tuple[object, ...]] = []
    for pid, area, points_for, against, score in principles:
        merged.append((pid, area, points_for, against, score, breaks.pop(str(pid), 0)))
    merged += [(pid, "", 0, 0, None, turns) for pid, turns in breaks.items()]
    return _Tallies(row, merged, areas, choices)


def _row(transcript: Transcript) -> dict[str, object]:
    from simulator.transcript import now_iso

    head = transcript.header
    end = transcript.end
    if end is not None:
        outcome, ending, grade = end.outcome, end.ending, end.grade
        ended_at = end.time or transcript.last_time
    else:
        # An abandoned session has no grade: it did not reach the end that a grade judges.
        outcome, ending, grade = "abandoned", None, None
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
        "transcript": str(transcript.path.absolute()),
        "recorded_at": now_iso(),
    }


def _turn_tallies(
    transcript: Transcript, outcome: str, ending: object
) -> tuple[list[tuple[object, ...]], dict[str, int], str | None]:
    """Per (node, option): reached, turns, typed, graded, quality sum, best; broken principles
    with the turns that broke them; and the node a session without an ending stopped at."""
    tally: dict[tuple[str, str], list[float]] = {}
    reached: set[str] = set()
    breaks: dict[str, int] = {}
    for recorded in transcript.turns:
        turn = recorded.turn
        counts = tally.setdefault((turn.node_id, turn.option_id), [0, 0, 0, 0, 0.0, 0])
        if turn.node_id not in reached:
            reached.add(turn.node_id)
            counts[0] += 1
        counts[1] += 1
        counts[2] += turn.typed is not None
        if turn.quality is not None:
            counts[3] += 1
            counts[4] += turn.quality
            counts[5] += turn.quality >= 1.0
        broken = {hit.principle for hit in turn.hits if hit.weight < 0}
        for pid in broken:
            breaks[pid] = breaks.get(pid, 0) + 1
    choices = [
        (node, option, int(c[0]), int(c[1]), int(c[2]), int(c[3]), float(c[4]), int(c[5]))
        for (node, option), c in tally.items()
    ]
    quit_at: str | None = None
    if outcome == "abandoned" or not ending:
        quit_at = transcript.turns[-1].turn.next_id if transcript.turns else ""
    return choices, breaks, quit_at


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
