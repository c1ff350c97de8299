"""Sending statements to a Learning Record Store, and remembering what it accepted.

The statements of one session go in one POST to the LRS's statements resource, so whatever the
LRS refuses is named by session; a session is written to the ledger (`xapi-sent.jsonl` in the
data folder, one whole fsync'd line per session) only after the LRS answered that it stored
them, so nothing is marked as sent that was not. Statement ids are deterministic (see xapi.py),
and an LRS keeps one copy of a statement sent twice; the ledger only spares sending again.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.library import data_dir
from simulator.transcript import now_iso
from simulator.xapi import XAPI_VERSION

TIMEOUT = 30.0


class LrsError(Exception):
    """The LRS could not be reached, refused the credentials, or rejected statements."""

    def __init__(
        self, message: str, status: int | None = None, statement_index: int | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.statement_index = statement_index
        """Which statement of the POST the LRS faulted, when it said so."""


def statements_url(endpoint: str) -> str:
    """The statements resource of an LRS endpoint (…/xAPI/ or …/xAPI/statements)."""
    url = endpoint.rstrip("/")
    return url if url.endswith("/statements") else f"{url}/statements"


@dataclass(frozen=True)
class Lrs:
    """An LRS endpoint and the Basic credentials to use it."""

    endpoint: str
    user: str | None = None
    password: str | None = None
    timeout: float = TIMEOUT

    @property
    def url(self) -> str:
        """The statements resource."""
        return statements_url(self.endpoint)

    def _request(self, method: str, url: str, body: bytes | None = None) -> Any:
        headers = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.user is not None:
            token = f"{self.user}:{self.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                data = answer.read()
        except urllib.error.HTTPError as exc:
            message, index = self._refusal(exc)
            raise LrsError(message, exc.code, index) from None
        except urllib.error.URLError as exc:
            raise LrsError(
                f"无法连接 LRS / cannot reach the LRS at {self.url}: {exc.reason}; check the "
                "address (--lrs) and that the LRS is running"
            ) from None
        except (TimeoutError, OSError) as exc:
            raise LrsError(
                f"LRS 无响应 / the LRS at {self.url} did not answer: {exc}; try again later"
            ) from None
        return json.loads(data) if data.strip() else None

    def _refusal(self, exc: urllib.error.HTTPError) -> tuple[str, int | None]:
        detail, index = "", None
        try:
            detail = exc.read().decode("utf-8", "replace").strip()
            parsed = json.loads(detail)
            if isinstance(parsed, dict) and "detail" in parsed:
                detail = json.dumps(parsed["detail"], ensure_ascii=False)
                index = _faulted_index(parsed["detail"])
        except (OSError, ValueError):
            pass
        return self._explain(exc, detail[:500] if detail else str(exc.reason)), index

    def _explain(self, exc: urllib.error.HTTPError, detail: str) -> str:
        if exc.code in (401, 403):
            who = f"user {self.user!r}" if self.user else "no credentials"
            return (
                f"LRS 拒绝了登录 / the LRS at {self.url} refused the credentials (HTTP "
                f"{exc.code}, {who}); check --user/--password or PARLEY_LRS_USER/"
                "PARLEY_LRS_PASSWORD, and that the account may write statements"
            )
        if exc.code == 409:
            return (
                f"LRS 中已有同 id 的不同语句 / the LRS already holds different statements with "
                f"these ids (HTTP 409): {detail}. The actor or activity settings changed since "
                "they were sent; send with the settings used then"
            )
        if 400 <= exc.code < 500:
            return f"LRS 拒收了语句 / the LRS rejected the statements (HTTP {exc.code}): {detail}"
        return f"LRS 出错 / the LRS failed (HTTP {exc.code}): {detail}; try again later"

    def send(self, statements: Sequence[Mapping[str, Any]]) -> list[str]:
        """POST statements in one request; raise LrsError unless the LRS stored them all.

        Returns the ids the LRS says it stored now: those it held already are not among them.
        """
        body = json.dumps(list(statements), ensure_ascii=False).encode("utf-8")
        answer = self._request("POST", self.url, body)
        return [str(i) for i in answer] if isinstance(answer, list) else []

    def get(self, statement_id: str) -> Any:
        """One statement by id, or None if the LRS has no such statement."""
        answer = self._request("GET", f"{self.url}?statementId={statement_id}")
        # Some LRSs (ralph) answer with a statement result holding it rather than the statement.
        if isinstance(answer, dict) and isinstance(answer.get("statements"), list):
            found = [s for s in answer["statements"] if s.get("id") == statement_id]
            return found[0] if found else None
        return answer


def _faulted_index(detail: object) -> int | None:
    """The statement a validation error points at (FastAPI-style `loc: ["body", i, …]`)."""
    if isinstance(detail, list):
        for error in detail:
            loc = error.get("loc") if isinstance(error, dict) else None
            if isinstance(loc, list) and len(loc) > 1 and loc[0] == "body":
                if isinstance(loc[1], int) and not isinstance(loc[1], bool):
                    return loc[1]
    return None


def ledger_path() -> Path:
    """Where the statements an LRS accepted are remembered."""
    return data_dir() / "xapi-sent.jsonl"


class Ledger:
    """The statement ids each LRS has stored, read from and appended to `xapi-sent.jsonl`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or ledger_path()
        self._sent: dict[str, set[str]] = {}
        if self.path.exists():
            for line in self.path.read_text("utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self._sent.setdefault(str(entry["lrs"]), set()).update(entry["ids"])
                except (ValueError, KeyError, TypeError):
                    continue  # a torn last line: those statements count as not sent

    def sent(self, lrs: str) -> set[str]:
        """Statement ids `lrs` has stored."""
        return self._sent.get(statements_url(lrs), set())

    def record(self, lrs: str, session: str, transcript: str, ids: Iterable[str]) -> None:
        """Remember that `lrs` stored these statements of one session (one whole line)."""
        url = statements_url(lrs)
        ids = list(ids)
        line = {"lrs": url, "session": session, "transcript": transcript, "ids": ids}
        line["sent_at"] = now_iso()
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        self._sent.setdefault(url, set()).update(ids)
