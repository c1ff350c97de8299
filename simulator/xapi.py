"""Sessions as xAPI 1.0.3 statements, for a training department's LRS and LMS.

One transcript gives: "attempted" when the session started; "responded" for every standing turn
(the option taken and the trainee's own words); and, once it reached an ending, "completed" and
"passed" or "failed" with the grade as a scaled score, the duration and the per-principle scores.
Every statement id is a UUIDv5 of the session's identity (the hash of its transcript header),
the actor and the verb (and, for a turn, its index and what was said), so the same session
always gives the same statements: an LRS keeps one copy however often they are sent. The
statements of an unfinished session are a prefix of those it gives once finished.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from simulator.transcript import Transcript

XAPI_VERSION = "1.0.3"
#: The namespace of Parley's statement ids and registrations (a UUIDv5 of a fixed URL).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://parley.invalid/xapi/statement")
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS: Mapping[str, Mapping[str, str]] = {
    "attempted": {"en-US": "attempted", "zh-CN": "开始"},
    "responded": {"en-US": "responded", "zh-CN": "回答"},
    "completed": {"en-US": "completed", "zh-CN": "完成"},
    "passed": {"en-US": "passed", "zh-CN": "通过"},
    "failed": {"en-US": "failed", "zh-CN": "未通过"},
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
#: Default home page of trainee accounts and base of activity IRIs: `.invalid` on purpose, so
#: an LRS administrator sees at once that the department's own address was not configured.
DEFAULT_HOME_PAGE = "https://parley.invalid/trainees"
DEFAULT_ACTIVITY_BASE = "https://parley.invalid/xapi"
#: A session passes when it reached a success ending with at least this grade.
DEFAULT_PASSING_GRADE = 60
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_LOCAL_PART = re.compile(r"^[A-Za-z0-9._%+-]+$")


class XapiError(Exception):
    """A session that cannot be turned into statements as configured (say which and why)."""


@dataclass(frozen=True)
class XapiConfig:
    """How trainees and scenarios are named to the LRS."""

    home_page: str = DEFAULT_HOME_PAGE
    """Trainees are accounts {homePage, name} on this page, unless they have an email."""
    mbox_map: Mapping[str, str] = field(default_factory=dict)
    """Trainee name → email address: these trainees are identified by mbox."""
    mbox_domain: str | None = None
    """Every trainee not in `mbox_map` is NAME@domain (names must then be login names)."""
    activity_base: str = DEFAULT_ACTIVITY_BASE
    """Scenario IRIs are {base}/scenarios/{id}; extensions are {base}/extensions/{name}."""
    passing_grade: int = DEFAULT_PASSING_GRADE
    """The grade a success ending needs to count as passed."""


def actor(trainee: str, config: XapiConfig) -> dict[str, Any]:
    """The xAPI Agent of a trainee: mbox when an email is known, else an account."""
    email = config.mbox_map.get(trainee)
    if email is None and config.mbox_domain:
        if not _LOCAL_PART.match(trainee):
            raise XapiError(
                f"学员「{trainee}」没有邮箱 / trainee {trainee!r} is not a login name, so "
                f"{trainee}@{config.mbox_domain} is no email address; give their email in "
                "--mbox-map"
            )
        email = f"{trainee}@{config.mbox_domain}"
    if email is not None:
        if not _EMAIL.match(email):
            raise XapiError(f"学员「{trainee}」的邮箱无效 / not an email address: {email!r}")
        return {"objectType": "Agent", "name": trainee, "mbox": f"mailto:{email}"}
    return {
        "objectType": "Agent",
        "name": trainee,
        "account": {"homePage": config.home_page, "name": trainee},
    }


def scenario_iri(scenario_id: str, config: XapiConfig) -> str:
    """The scenario's activity IRI: stable across versions of its content."""
    return f"{config.activity_base.rstrip('/')}/scenarios/{quote(scenario_id, safe='')}"


def extension(name: str, config: XapiConfig) -> str:
    """The IRI of one of Parley's extensions."""
    return f"{config.activity_base.rstrip('/')}/extensions/{name}"


def _names(zh: str, en: str) -> dict[str, str]:
    names = {"zh-CN": zh or en, "en-US": en or zh}
    return {k: v for k, v in names.items() if v}


def _statement_id(transcript: Transcript, who: Mapping[str, Any], *parts: object) -> str:
    key = json.dumps(who, sort_keys=True, ensure_ascii=False)
    name = "/".join([transcript.identity, key, *map(str, parts)])
    return str(uuid.uuid5(NAMESPACE, name))


def duration(start: str, end: str) -> str | None:
    """The ISO 8601 duration between two ISO times, to the second (None if unreadable)."""
    try:
        seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    except ValueError:
        return None
    return f"PT{max(0, round(seconds))}S"


def statements(transcript: Transcript, config: XapiConfig | None = None) -> list[dict[str, Any]]:
    """The statements of one session, in the order they happened."""
    config = config or XapiConfig()
    head = transcript.header
    who = actor(head.trainee, config)
    iri = scenario_iri(head.scenario, config)
    scenario = {
        "objectType": "Activity",
        "id": iri,
        "definition": {
            "type": SIMULATION,
            "name": _names(head.title.zh, head.title.en),
            "description": _names(
                f"客户沟通演练：{head.title.zh}（客户：{head.persona_name.zh}）",
                f"Client conversation rehearsal: {head.title.en} (client: {head.persona_name.en})",
            ),
        },
    }
    registration = str(uuid.uuid5(NAMESPACE, transcript.identity))
    context = {
        "registration": registration,
        "platform": "Parley",
        "language": "zh-CN",
        "extensions": {
            extension("mode", config): head.mode,
            extension("persona", config): head.persona,
            extension("content-hash", config): head.content_hash,
            extension("rubric-version", config): head.rubric_version,
            extension("seed", config): head.seed,
        },
    }

    def statement(
        verb: str, obj: Mapping[str, Any], timestamp: str, *id_parts: object
    ) -> dict[str, Any]:
        made: dict[str, Any] = {
            "id": _statement_id(transcript, who, verb, *id_parts),
            "actor": who,
            "verb": {"id": ADL + verb, "display": dict(VERBS[verb])},
            "object": obj,
            "context": context,
        }
        if timestamp:
            made["timestamp"] = timestamp
        made["version"] = XAPI_VERSION
        return made

    out = [statement("attempted", scenario, head.started_at)]
    for recorded in transcript.turns:
        turn = recorded.turn
        said = hashlib.sha256(
            json.dumps([turn.node_id, turn.option_id, turn.typed], ensure_ascii=False).encode()
        ).hexdigest()[:16]
        node = {
            "objectType": "Activity",
            "id": f"{iri}/nodes/{quote(turn.node_id, safe='')}",
            "definition": {
                "type": INTERACTION,
                "name": _names(turn.client_line.zh, turn.client_line.en),
            },
        }
        result: dict[str, Any] = {
            "response": turn.option_id,
            "extensions": {
                extension("option", config): {
                    "id": turn.option_id,
                    **_names(turn.option_text.zh, turn.option_text.en),
                },
                extension("typed", config): turn.typed,
                extension("principles", config): {h.principle: h.weight for h in turn.hits},
            },
        }
        if turn.quality is not None:
            result["score"] = {"scaled": round(max(0.0, min(1.0, turn.quality)), 4)}
        made = statement("responded", node, recorded.time, turn.index, said)
        made["result"] = result
        made["context"] = {
            **context,
            "contextActivities": {"parent": [{"objectType": "Activity", "id": iri}]},
        }
        out.append(made)
    end = transcript.end
    if end is None:
        return out
    card = end.scorecard
    passed = end.outcome == "success" and end.grade >= config.passing_grade
    result = {
        "score": {"scaled": round(end.grade / 100, 4), "raw": end.grade, "min": 0, "max": 100},
        "success": passed,
        "completion": True,
        "extensions": {
            extension("outcome", config): end.outcome,
            extension("ending", config): end.ending,
            extension("principle-scores", config): {
                pid: p.get("score")
                for pid, p in (card.get("principles") or {}).items()
                if isinstance(p, Mapping)
            },
            extension("area-scores", config): {
                aid: a.get("score")
                for aid, a in (card.get("areas") or {}).items()
                if isinstance(a, Mapping)
            },
        },
    }
    spent = duration(head.started_at, end.time)
    if spent is not None:
        result["duration"] = spent
    for verb in ("completed", "passed" if passed else "failed"):
        made = statement(verb, scenario, end.time)
        made["result"] = result
        out.append(made)
    return out
