"""The conversation engine: one scenario driven by a `transitions` state machine.

Nodes and endings are the machine's states (endings are final). Every option of every node is a
trigger named `<node>.<option>`; its transitions are, in order, the scenario's rules and then the
option's own branches, each guarded by a compiled condition, so the first that holds is taken.
The Session applies the option's effects before firing the trigger, so branches and rules see
the variables as the move left them.

The Session is the only thing faces (CLI, TUI) talk to. It is deterministic: the same scenario,
seed and responses give the same turns.
"""

from __future__ import annotations

import dataclasses
import functools
import random
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from transitions import Machine

from simulator import calibration, detectors, expressions, sequence, understanding
from simulator.model import (
    CLARIFY,
    Catalog,
    Ending,
    HotButton,
    LineVariant,
    Mood,
    Node,
    Option,
    Paragraph,
    Persona,
    Scenario,
    Text,
)
from simulator.punctuation import clip_said
from simulator.quoting import in_own_words
from simulator.scoring import (
    PrincipleHit,
    Scorecard,
    TurnResult,
    build_scorecard,
)
from simulator.verdict import in_context, judge

Mode = Literal["practice", "assessment"]
Value = int | bool

#: The variables that say how the client feels (an option's warming effects on them need the
#: trainee's words to keep the option's stance).
_MOOD_VARS = frozenset({"trust", "patience"})
#: The longest typed answer kept: a longer paste is cut here, and the turn says how long it was.
MAX_ANSWER = 2000
#: How much of a typed answer a debrief paragraph quotes.
DEBRIEF_QUOTE_CHARS = 60
#: How much patience each misunderstanding after the first costs (the client has to ask again).
MISUNDERSTANDING_PATIENCE = 5


class Recorder(Protocol):
    """Something that keeps a session as it happens (the transcript writer is one)."""

    def session_started(self, session: Session) -> None:
        """The session has begun; nothing has been said yet."""

    def turn_recorded(self, session: Session, turn: TurnResult) -> None:
        """A turn has finished."""

    def turn_undone(self, session: Session, turn: TurnResult) -> None:
        """The last turn was taken back (practice mode)."""

    def clarify_recorded(self, session: Session, typed: str, cost: int) -> None:
        """The client did not understand `typed`; it cost `cost` patience."""

    def reading_offered(self, session: Session, typed: str, options: Sequence[str]) -> None:
        """`typed` was read as one of `options` and asked back; no turn yet."""

    def session_ended(self, session: Session, scorecard: Scorecard) -> None:
        """An ending was reached."""


class SessionError(ValueError):
    """A response the session cannot take (unknown option, session already over, …)."""


@functools.lru_cache(maxsize=8192)
def compiled(source: str) -> expressions.Expression:
    """A parsed expression, parsed once per text for the whole process."""
    return expressions.parse(source)


class _Conversation:
    """The model object the state machine moves: the current state and the rule last taken."""

    state: str
    rule: str | None = None


class Session:
    """One trainee playing one scenario."""

    def __init__(
        self,
        scenario: Scenario,
        persona: Persona,
        catalog: Catalog,
        *,
        seed: int = 0,
        mode: Mode = "practice",
        trainee: str = "",
        recorder: Recorder | None = None,
        started_at: str | None = None,
        at: str | None = None,
        preset: Mapping[str, Value] | None = None,
    ) -> None:
        """A session from the scenario's start, or — a coach's preview — from node `at` with
        the variables in `preset` (checked: SessionError names an unknown node or variable or
        a value of the wrong kind or out of bounds)."""
        self.scenario = scenario
        self.persona = persona
        self.catalog = catalog
        self.seed = seed
        self.mode: Mode = mode
        self.trainee = trainee
        self.started_at = started_at or datetime.now(UTC).isoformat(timespec="seconds")
        self.recorder = recorder
        self._values: dict[str, Value] = {}
        for name, var in scenario.variables.items():
            if var.from_persona and name in ("trust", "patience"):
                self._values[name] = persona.trust if name == "trust" else persona.patience
            else:
                self._values[name] = var.initial
        #: {"at": node, "set": {…}} for a coach's preview, else None (kept out of history).
        self.preview: dict[str, Any] | None = None
        if at is not None or preset:
            self._start_preview(at, dict(preset or {}))
        self._initial = (int(self._values.get("trust", 0)), int(self._values.get("patience", 0)))
        self._turns: list[TurnResult] = []
        self._responses: list[tuple[str, str | None]] = []
        self._reactions: tuple[Text, ...] = ()
        self._misunderstandings = 0
        #: Principles the trainee's words broke in answers the client did not understand: the
        #: turn is not scored, but an overpromise or a bribe taken is no less said for it.
        self._unheard: list[PrincipleHit] = []
        #: Those of the last misunderstood answer (what a face shows with the clarify line).
        self.last_unheard: tuple[PrincipleHit, ...] = ()
        # The words a face asked `clarify_line` about, and what they break: `misunderstood`
        # reads the same words next, and detects nothing twice.
        self._broken: tuple[tuple[str, str], tuple[PrincipleHit, ...]] = (("", ""), ())
        self._ended_reported = False
        self._conversation = _Conversation()
        self._machine = _build_machine(scenario, self._conversation, self._holds)
        if at is not None:
            self._machine.set_state(at, self._conversation)
        if recorder is not None:
            recorder.session_started(self)

    # -- reading the state ------------------------------------------------------------------

    @property
    def state(self) -> str:
        """The id of the current node or ending."""
        return self._conversation.state

    @property
    def node(self) -> Node | None:
        """The current node, or None once an ending is reached."""
        return self.scenario.nodes.get(self.state)

    @property
    def finished(self) -> bool:
        """True once an ending is reached."""
        return self.state in self.scenario.endings

    @property
    def ending(self) -> Ending | None:
        """The ending reached, or None."""
        return self.scenario.endings.get(self.state)

    @property
    def variables(self) -> Mapping[str, Value]:
        """The scenario variables now (a copy)."""
        return dict(self._values)

    @property
    def turns(self) -> tuple[TurnResult, ...]:
        """Every finished turn, in order."""
        return tuple(self._turns)

    @property
    def responses(self) -> list[tuple[str, str | None]]:
        """The (option id, typed words) of every turn: enough to rebuild the session."""
        return list(self._responses)

    @property
    def reactions(self) -> tuple[Text, ...]:
        """Hot-button reactions the client voices before the current line."""
        return self._reactions

    @property
    def mood(self) -> Mood:
        """The client's mood: the first of the scenario's moods whose condition holds."""
        for mood in self.scenario.moods:
            if self._holds(mood.condition):
                return mood
        return self.scenario.moods[-1]

    def variant(self) -> LineVariant | None:
        """The first of the current node's variants whose conditions all hold, or None."""
        node = self.node
        if node is None:
            return None
        mood = self.mood.id
        for variant in node.variants:
            if variant.mood is not None and variant.mood != mood:
                continue
            if variant.condition is not None and not self._holds(variant.condition):
                continue
            if not self._said_matches(variant.after, variant.chose, variant.avoided):
                continue
            return variant
        return None

    def line(self, lang: str = "zh") -> str:
        """What is said at the current node or ending (variants applied); may be empty when
        only narration happens there."""
        node = self.node
        if node is None:
            ending = self.ending
            return ending.client.get(lang) if ending and ending.client else ""  # type: ignore[arg-type]
        variant = self.variant()
        return (variant.text if variant else node.client).get(lang)  # type: ignore[arg-type]

    def narration(self, lang: str = "zh") -> str:
        """What happens at the current node or ending before anyone speaks, told by no one."""
        text = self._narration_text()
        return text.get(lang) if text else ""  # type: ignore[arg-type]

    def speaker(self) -> Text | None:
        """Who says the current line when it is not the persona (None: the persona)."""
        variant = self.variant()
        if variant is not None and variant.speaker is not None:
            return variant.speaker
        node = self.node
        if node is None:
            ending = self.ending
            return ending.speaker if ending is not None else None
        return node.speaker

    def debrief(self) -> Text:
        """The ending's debrief for this session: the paragraphs whose conditions hold."""
        ending = self.ending
        if ending is None:
            return Text("", "")
        held = [p for p in ending.paragraphs if self._paragraph_holds(p)]
        shown = [self._in_own_words(p.text, p.chose) for p in held]
        if not ending.paragraphs:
            shown = [ending.debrief]
        words = self._words_broke({pid for p in held for pid in p.broke})
        if words is not None:
            shown.append(words)
        return Text("\n".join(t.zh for t in shown), "\n".join(t.en or t.zh for t in shown))

    def _words_broke(self, named: set[str]) -> Text | None:
        """What the trainee's own words broke that the move they were read as did not (and no
        paragraph shown names in `broke:`): the ending follows the moves, so without this a
        date promised in words read as the careful answer went unsaid in the debrief."""
        said: dict[str, str] = {}
        for turn in self._turns:
            if turn.typed is None:
                continue
            node = self.scenario.nodes.get(turn.node_id)
            option = node.option(turn.option_id) if node is not None else None
            moved = {p for p, w in option.principles.items() if w < 0} if option else set()
            for hit in turn.hits:
                if hit.source == "detector" and hit.weight < 0 and hit.principle not in moved:
                    said.setdefault(hit.principle, hit.evidence)
        for hit in self._unheard:
            if hit.weight < 0:
                said.setdefault(hit.principle, hit.evidence)
        parts: list[tuple[str, str]] = []
        for pid, words in said.items():
            principle = self.catalog.principles.get(pid)
            if pid in named or principle is None:
                continue
            quote = clip_said(words.strip(), DEBRIEF_QUOTE_CHARS)
            parts.append(
                (f"「{quote}」（{principle.name.zh}）", f"“{quote}” ({principle.name.get('en')})")
            )
        if not parts:
            return None
        return Text(
            "你自己的话里还有要改的：" + "；".join(zh for zh, _ in parts[:3]) + "。",
            "Your own words still need mending: " + "; ".join(en for _, en in parts[:3]) + ".",
        )

    def _in_own_words(self, text: Text, chose: Sequence[str]) -> Text:
        """A paragraph that quotes an option the trainee took in their own words quotes their
        words instead ("你说过「…」"): a debrief never puts the menu's words in their mouth.

        A quotation of a part of the option (一开场那句"行长打招呼没用"…, when the trainee said
        it politely in other words) is theirs as well: what is quoted is what they said. A
        paragraph that tells what the move did without quoting them ends with their words
        ("双录时你把风险揭示一条条念清楚（你说的是：「…」）"; `simulator.quoting`)."""
        seen: set[str] = set()
        for turn in reversed(self._turns):
            if turn.option_id not in chose or turn.option_id in seen:
                continue
            seen.add(turn.option_id)
            if turn.typed is None:
                continue  # picked: the option's words are what was said
            words = clip_said(turn.typed.strip(), DEBRIEF_QUOTE_CHARS)
            text = in_own_words(text, turn.option_text, words, turn.typed)
        return text

    def client_line(self, lang: str = "zh") -> str:
        """The client's reactions to the last turn, if any, then their line."""
        parts = [r.get(lang) for r in self._reactions]  # type: ignore[arg-type]
        parts.append(self.line(lang))
        return "\n".join(p for p in parts if p)

    @property
    def options(self) -> tuple[Option, ...]:
        """The options on offer now, in display order (a seeded shuffle unless turned off).

        An option with an `if:` that does not hold is not on offer: it is not shown, cannot be
        chosen and typed words are never read as it.
        """
        node = self.node
        if node is None:
            return ()
        return tuple(o for o in _display_order(self.scenario, node, self.seed) if self.offers(o))

    def offers(self, option: Option) -> bool:
        """Whether `option` is on offer with the variables as they are now."""
        return option.condition is None or self._holds(option.condition)

    def _visible_node(self, node: Node) -> Node:
        """`node` with only the options on offer (what scoring and understanding compare)."""
        if all(o.condition is None for o in node.options):
            return node
        return dataclasses.replace(node, options=tuple(o for o in node.options if self.offers(o)))

    # -- acting -------------------------------------------------------------------------------

    def respond(
        self, option_id: str, typed: str | None = None, *, typed_length: int | None = None
    ) -> TurnResult:
        """Take the move `option_id` (with the trainee's own words, if they typed them).

        Words longer than MAX_ANSWER are cut; `typed_length` is how long they were before a
        face cut them itself. Either way the turn records the length (`TurnResult.typed_length`)
        so the trainee and the transcript know the answer was cut.
        """
        if typed is not None and len(typed) > MAX_ANSWER:
            typed_length = max(typed_length or 0, len(typed))
            typed = typed[:MAX_ANSWER]
        if typed is None or typed_length is None or typed_length <= len(typed):
            typed_length = None
        node = self.node
        if node is None:
            raise SessionError("会话已结束 / the session is over")
        option = node.option(option_id)
        if option is None:
            known = ", ".join(o.id for o in node.options)
            raise SessionError(
                f"节点 {node.id} 没有选项 {option_id!r} / no such option; known: {known}"
            )
        if not self.offers(option):
            raise SessionError(
                f"选项 {option_id!r} 现在不可选（条件 {option.condition} 不成立）/ "
                f"option not on offer now: its `if: {option.condition}` does not hold"
            )
        shown = self._visible_node(node)
        line = Text(self.line("zh"), self.line("en"))
        narration = self._narration_text()
        speaker = self.speaker()
        mood = self.mood.id

        # Judged among the options on offer: a hidden option is neither best nor worst.
        verdict = judge(shown, option, typed, self.catalog, close=self._close(shown, option, typed))
        hits = list(verdict.hits)
        effects = option.effects
        if not verdict.kept_stance or verdict.broke:
            # The client heard the words, not the option they were read as: no warmth for a
            # careful answer the trainee did not give, nor for a warm move said with an
            # overpromise ("生意包在我身上" read as the move that laughs the test off).
            effects = {k: v for k, v in effects.items() if not (k in _MOOD_VARS and v > 0)}
        self._apply(effects)
        for name, source in option.assign.items():
            self._set(name, compiled(source).evaluate(self._values))
        # Said to someone else (a node with a `speaker`, such as her son on a video call), the
        # words still move the persona, who hears them, but she does not answer for them.
        reactions = self._hot_buttons(hits, voiced=speaker is None)
        if option.reply is not None:
            reactions = (option.reply, *reactions)

        trigger = f"{node.id}.{option.id}"
        self._conversation.rule = None
        if not self._conversation.trigger(trigger):  # type: ignore[attr-defined]
            # The checker refuses a `next` list without an unconditional last arm, so this
            # only happens with unchecked content; staying put would hide the bug.
            raise SessionError(
                f"{option.location}: 选项 {option.id} 没有可走的分支 / no branch holds"
            )

        result = TurnResult(
            index=len(self._turns),
            node_id=node.id,
            client_line=line,
            mood=mood,
            option_id=option.id,
            option_text=option.text,
            typed=typed,
            hits=tuple(hits),
            feedback=verdict.feedback,
            quality=verdict.quality,
            variables=dict(self._values),
            next_id=self.state,
            reactions=reactions,
            rule=self._conversation.rule,
            red_line=option.red_line,
            trap=option.trap,
            typed_length=typed_length,
            narration=narration,
            speaker=speaker,
            offered=tuple(o.id for o in shown.options) if shown is not node else (),
        )
        self._turns.append(result)
        self._responses.append((option.id, typed))
        self._reactions = reactions
        self._misunderstandings = 0
        if self.recorder is not None:
            self.recorder.turn_recorded(self, result)
            if self.finished and not self._ended_reported:
                self._ended_reported = True
                self.recorder.session_ended(self, self.scorecard())
        return result

    def warm(self) -> None:
        """Build now what the first typed answer would wait for: the detectors' example bank
        (a few thousand phrasings), the matcher's calibration (about 40 ms to read) and index
        of the current node. A face calls this in a background thread while the trainee reads;
        calling it is never required."""
        detectors.prepare(self.catalog)
        calibration.shipped()
        node = self.node
        if node is not None:
            understanding.matcher_for(self.scenario).scored(node, "")

    def _close(self, node: Node, option: Option, typed: str | None) -> bool:
        """Are the typed words near one of the option's own phrasings (or not typed at all)?"""
        if typed is None or not typed.strip():
            return True
        for scored in understanding.matcher_for(self.scenario).scored(node, typed):
            if scored.option_id == option.id:
                return scored.closest >= understanding.CREDIT_CLOSEST
        return False

    def understand(self, text: str) -> understanding.Understanding:
        """What the trainee's own words most likely mean at the current node."""
        node = self.node
        if node is None:
            raise SessionError("会话已结束 / the session is over")
        offered = None
        if any(o.condition is not None for o in node.options):
            offered = frozenset(o.id for o in node.options if self.offers(o))
        return understanding.understand(self.scenario, node, text, offered)

    def clarify_line(self, reading: understanding.Understanding) -> Text:
        """What the client says to words they did not understand. When the words break a
        principle (an overpromise no move says), the client heard that much and says so,
        instead of "what do you mean?"."""
        broken = sorted(self._breaks(reading.text), key=lambda h: h.weight)
        if broken:
            return understanding.HEARD_LINES.get(broken[0].principle, understanding.HEARD_LINE)
        if reading.steered:
            # Small talk: the client gets back to business in their own words (someone else
            # speaking here, such as her son, in the library's).
            own = self.persona.back_to_business if self.speaker() is None else ()
            return understanding.steer_line(reading.text, own)
        if reading.clarify_line is not None:
            return reading.clarify_line
        return understanding.CLARIFY_LINES[0]

    def _breaks(self, text: str) -> tuple[PrincipleHit, ...]:
        """The principles `text` breaks said here, by the detectors (the last words' kept)."""
        node = self.node
        key = (node.id if node is not None else "", text)
        if self._broken[0] != key:  # "" breaks nothing: the memo starts with it
            found = detectors.detect(text, self.catalog)
            if node is not None:
                found = in_context(self._visible_node(node), found)
            self._broken = (key, tuple(h for h in found if h.weight < 0))
        return self._broken[1]

    def offered(self, typed: str, options: Sequence[str]) -> None:
        """The faces asked back what `typed` meant ("您是想表达……吗？", one of `options`).
        Nothing moves, but the words are recorded: a session cut off at that question puts
        them back when it resumes, instead of losing them."""
        if self.recorder is not None:
            self.recorder.reading_offered(self, typed, tuple(options))

    def misunderstood(self, typed: str = "") -> int:
        """Note that the client did not understand `typed`; returns the patience it cost.

        The first misunderstanding in a row is free; each further one costs patience, since a
        real client tires of asking "what do you mean?". It is part of the session like a
        turn: recorded, replayed on resume, and the scenario's rules are checked after it, so a
        client whose patience runs out this way walks out.
        """
        node = self.node
        if node is None:
            raise SessionError("会话已结束 / the session is over")
        self._misunderstandings += 1
        said = {(h.principle, h.weight, h.evidence) for h in self._unheard}
        self.last_unheard = tuple(
            hit
            for hit in self._breaks(typed)
            if (hit.principle, hit.weight, hit.evidence) not in said
        )
        self._unheard.extend(self.last_unheard)
        cost = 0
        if self._misunderstandings >= 2 and "patience" in self._values:
            before = int(self._values["patience"])
            self._apply({"patience": -MISUNDERSTANDING_PATIENCE})
            cost = before - int(self._values["patience"])
        self._responses.append((CLARIFY, typed))
        self._conversation.rule = None
        if self.scenario.rules:
            # Only the scenario's rules hang on this trigger; when none holds, nothing moves.
            self._conversation.trigger(f"{node.id}.{CLARIFY}")  # type: ignore[attr-defined]
        if self.recorder is not None:
            self.recorder.clarify_recorded(self, typed, cost)
            if self.finished and not self._ended_reported:
                self._ended_reported = True
                self.recorder.session_ended(self, self.scorecard())
        return cost

    def undo(self) -> TurnResult:
        """Take back the last turn (practice mode only) by replaying the others."""
        if self.mode != "practice":
            raise SessionError("只有练习模式可以撤销 / undo is for practice mode only")
        if not self._turns:
            raise SessionError("还没有可撤销的一轮 / nothing to undo")
        last = self._turns[-1]
        rebuilt = Session.rebuild(
            self.scenario,
            self.persona,
            self.catalog,
            self.seed,
            self._responses[: _last_turn(self._responses)],
            mode=self.mode,
            trainee=self.trainee,
            started_at=self.started_at,
            **({"at": self.preview["at"], "preset": self.preview["set"]} if self.preview else {}),
        )
        self._values = rebuilt._values
        self._turns = rebuilt._turns
        self._responses = rebuilt._responses
        self._reactions = rebuilt._reactions
        # What the client heard broken in words they did not understand after the turn goes
        # with it, as the transcript drops those words (round forty-two's cold tryout: the
        # scorecard kept charging "阿姨这钱一分都亏不了" after the turn before it was undone).
        self._unheard = rebuilt._unheard
        self.last_unheard = ()
        self._misunderstandings = 0
        self._ended_reported = False
        self._machine.set_state(rebuilt.state, self._conversation)
        if self.recorder is not None:
            self.recorder.turn_undone(self, last)
        return last

    def scorecard(self) -> Scorecard:
        """The scorecard so far (outcome "abandoned" while no ending is reached)."""
        session_hits = sequence.session_hits(self.scenario, self._turns) + self._unheard
        return build_scorecard(
            self.scenario, self.catalog, self._turns, self.ending, self._initial, session_hits
        )

    def abandon(self) -> Scorecard:
        """End an unfinished session (the trainee quit); tells the recorder."""
        card = self.scorecard()
        if self.recorder is not None and not self._ended_reported:
            self._ended_reported = True
            self.recorder.session_ended(self, card)
        return card

    @classmethod
    def rebuild(
        cls,
        scenario: Scenario,
        persona: Persona,
        catalog: Catalog,
        seed: int,
        responses: Sequence[tuple[str, str | None]],
        **kwargs: Any,
    ) -> Session:
        """A session replayed from its responses (resume, undo); the recorder hears only what
        happens after the replay."""
        recorder = kwargs.pop("recorder", None)
        session = cls(scenario, persona, catalog, seed=seed, **kwargs)
        for option_id, typed in responses:
            if option_id == CLARIFY:
                session.misunderstood(typed or "")
            else:
                session.respond(option_id, typed)
        if recorder is not None:
            session.recorder = recorder
        return session

    # -- internals ----------------------------------------------------------------------------

    def _start_preview(self, at: str | None, preset: dict[str, Value]) -> None:
        from simulator.loader import did_you_mean

        scenario = self.scenario
        if at is not None and at not in scenario.nodes:
            hint = did_you_mean(at, scenario.nodes) or f"nodes: {', '.join(scenario.nodes)}"
            where = (
                "是结局,不是节点 / is an ending, not a node"
                if at in scenario.endings
                else ("不是这个场景的节点 / is not a node of this scenario")
            )
            raise SessionError(f"--at {at}: {where}; {hint}")
        for name, value in preset.items():
            var = scenario.variables.get(name)
            if var is None:
                hint = did_you_mean(name, scenario.variables) or (
                    f"variables: {', '.join(scenario.variables)}"
                )
                raise SessionError(f"--set {name}: 没有这个变量 / no such variable; {hint}")
            if var.is_flag != isinstance(value, bool):
                want = "true 或 false / true or false" if var.is_flag else "整数 / a whole number"
                raise SessionError(f"--set {name}={value}: 应为 {want}")
            if not var.is_flag and not var.minimum <= int(value) <= var.maximum:
                raise SessionError(
                    f"--set {name}={value}: 超出范围 / outside {var.minimum}–{var.maximum}"
                )
            self._values[name] = value
        self.preview = {"at": at or scenario.start, "set": dict(preset)}

    def _holds(self, condition: str) -> bool:
        return bool(compiled(condition).evaluate(self._values))

    def _set(self, name: str, value: Value) -> None:
        var = self.scenario.variables[name]
        if var.is_flag:
            self._values[name] = bool(value)
        else:
            self._values[name] = max(var.minimum, min(var.maximum, int(value)))

    def _apply(self, effects: Mapping[str, int]) -> None:
        for name, delta in effects.items():
            if name in self._values:
                self._set(name, int(self._values[name]) + delta)

    def _hot_buttons(self, hits: Sequence[PrincipleHit], voiced: bool = True) -> tuple[Text, ...]:
        """Apply the effects of the persona's hot buttons `hits` press, and return the lines
        she voices for them (none unless `voiced`)."""
        reactions = []
        for button in self.persona.hot_buttons:
            if any(h.principle == button.principle and h.polarity == button.polarity for h in hits):
                self._apply(button.effects)
                line = self._fresh_reaction(button) if voiced else None
                if line is not None:
                    reactions.append(line)
        return tuple(reactions)

    def _fresh_reaction(self, button: HotButton) -> Text | None:
        """A reaction of `button` not yet voiced this session (None once all have been).

        A client who says the same sentence every time a button is pressed sounds like a
        machine; a real one says it once, then differently, then lets their face speak. The
        order is drawn from the seed, so a replay voices the same lines.
        """
        lines = [line for line in button.lines() if line.zh or line.en]
        order = list(range(len(lines)))
        random.Random(f"{self.seed}/{self.persona.id}/{button.id}").shuffle(order)
        voiced = {r for turn in self._turns for r in turn.reactions}
        for index in order:
            if lines[index] not in voiced:
                return lines[index]
        return None

    def _narration_text(self) -> Text | None:
        node = self.node
        if node is None:
            ending = self.ending
            return ending.narration if ending is not None else None
        variant = self.variant()
        if variant is not None and variant.narration is not None:
            return variant.narration
        return node.narration

    def _said_matches(
        self, after: Sequence[str], chose: Sequence[str], avoided: Sequence[str]
    ) -> bool:
        """Whether the answers given so far fit `after` (the last one is among these),
        `chose` (one of these was given) and `avoided` (none of these was)."""
        if after and (not self._turns or self._turns[-1].option_id not in after):
            return False
        if not chose and not avoided:
            return True  # the usual variant: no need to look back over the whole session
        taken = {turn.option_id for turn in self._turns}
        if chose and taken.isdisjoint(chose):
            return False
        return not (avoided and not taken.isdisjoint(avoided))

    def _paragraph_holds(self, paragraph: Paragraph) -> bool:
        if paragraph.condition is not None and not self._holds(paragraph.condition):
            return False
        if paragraph.kept or paragraph.broke:
            broken = self._principles_broken()
            if not broken.isdisjoint(paragraph.kept):
                return False
            if paragraph.broke and broken.isdisjoint(paragraph.broke):
                return False
        return self._said_matches((), paragraph.chose, paragraph.avoided)

    def _principles_broken(self) -> set[str]:
        """The principles broken so far: by a move, by the trainee's own words (taken or not
        understood) or by a sequence of moves. A debrief that praises a principle kept asks
        this, not which options were avoided: words read as a good move can still promise."""
        hits = [h for turn in self._turns for h in turn.hits]
        hits += sequence.session_hits(self.scenario, self._turns) + self._unheard
        return {hit.principle for hit in hits if hit.weight < 0}


def _last_turn(responses: Sequence[tuple[str, str | None]]) -> int:
    """The position of the last real turn among `responses` (not a misunderstanding)."""
    for position in range(len(responses) - 1, -1, -1):
        if responses[position][0] != CLARIFY:
            return position
    return 0


def _display_order(scenario: Scenario, node: Node, seed: int) -> tuple[Option, ...]:
    options = list(node.options)
    if scenario.shuffle_options:
        # A string seed is hashed with SHA-512 by `random`, so the order is stable across runs.
        random.Random(f"{seed}/{scenario.id}/{node.id}").shuffle(options)
    return tuple(options)


def _build_machine(
    scenario: Scenario, model: _Conversation, holds: Callable[[str], bool]
) -> Machine:
    states: list[dict[str, Any]] = [{"name": nid} for nid in scenario.nodes]
    states += [{"name": eid, "final": True} for eid in scenario.endings]
    machine = Machine(
        model=model,
        states=states,
        initial=scenario.start,
        auto_transitions=False,
        ignore_invalid_triggers=False,
        model_attribute="state",
    )

    def guard(condition: str) -> Callable[[], bool]:
        return lambda: holds(condition)

    for node in scenario.nodes.values():
        for rule in scenario.rules:
            machine.add_transition(
                f"{node.id}.{CLARIFY}",
                node.id,
                rule.target,
                conditions=[guard(rule.condition), _RuleMark(model, rule.id)],
            )
        for option in node.options:
            trigger = f"{node.id}.{option.id}"
            for rule in scenario.rules:
                machine.add_transition(
                    trigger,
                    node.id,
                    rule.target,
                    conditions=[guard(rule.condition), _RuleMark(model, rule.id)],
                )
            for branch in option.branches:
                conditions = [guard(branch.condition)] if branch.condition else []
                machine.add_transition(trigger, node.id, branch.target, conditions=conditions)
    return machine


class _RuleMark:
    """A condition that always holds and remembers that a rule redirected the turn."""

    def __init__(self, model: _Conversation, rule_id: str) -> None:
        self.model = model
        self.rule_id = rule_id

    def __call__(self) -> bool:
        self.model.rule = self.rule_id
        return True
