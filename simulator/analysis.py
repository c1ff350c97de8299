"""Static analyses of a scenario for coaches: where play can go and what grades it can end with.

The explorer plays every option at every state a trainee can reach — a state being the node and
the variables, exactly as the engine keeps them — with the engine's own rules: effects clamped to
bounds, `set` assignments, the persona's hot buttons, then the scenario's rules and the option's
branches in order. Turn quality and the grade come from simulator.scoring, so the ranges are the
grades a trainee picking options could finish with (typed answers can move a turn's quality
further through the detectors; that is not modelled).

The search is a depth-first walk over (node, variables, turns graded, quality sum, red line)
with a memo of states already seen, so paths that meet again are explored once. Loops are cut
at MAX_TURNS turns and the whole search at MAX_STATES states; when a cap is hit the result says
so and its ranges cover only what was explored.
"""

from __future__ import annotations

import math
import pathlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from simulator.diagnostics import Diagnostic, diagnostic
from simulator.engine import compiled
from simulator.expressions import exclusive
from simulator.model import Catalog, Location, Node, Option, Persona, Scenario
from simulator.scoring import ENDING_FACTOR, RED_LINE_CAP, TURN_SHARE, option_hits

#: A success ending a trainee can reach with a grade below this is flagged (PAR079).
SUCCESS_MIN_GRADE = 50
#: A fail ending a trainee can reach with a grade above this is flagged (PAR080). Not 80: a fail
#: ending adds nothing to the grade, so picking the best option every time there gives
#: 100 × TURN_SHARE = 75, and a threshold of 80 could never fire. 70 means the trainee's moves
#: averaged over 93 % of the best on offer and they still failed.
FAIL_MAX_GRADE = 70
#: The longest conversation explored; longer loops are cut (and the result marked capped).
MAX_TURNS = 60
#: The most distinct states explored per scenario before the search stops (marked capped).
MAX_STATES = 20_000
#: `parley check` runs these analyses by itself over at most this many scenarios (they take
#: one to two seconds each on a real-size scenario, once: the results are cached per file;
#: a first check of a thousand files must stay within seconds); `--analyse` forces.
ANALYSIS_LIMIT = 100

Values = tuple[tuple[str, int | bool], ...]


@dataclass(slots=True)
class EndingRange:
    """The lowest and highest grade a trainee can finish with at one ending, with a path to each."""

    ending_id: str
    kind: str
    low: int = 101
    high: int = -1
    low_path: tuple[str, ...] = ()
    high_path: tuple[str, ...] = ()

    @property
    def reached(self) -> bool:
        """True when some explored path ends here."""
        return self.high >= 0


@dataclass(slots=True)
class Analysis:
    """What the explorer found for one scenario."""

    scenario_id: str
    endings: dict[str, EndingRange] = field(default_factory=dict)
    states: int = 0  # distinct states explored
    capped: bool = False  # MAX_TURNS or MAX_STATES cut the search
    stuck: set[str] = field(default_factory=set)  # nodes where some move has no branch to take
    bare: set[str] = field(default_factory=set)  # nodes reached where no option's `if:` holds


def _initial_values(scenario: Scenario, persona: Persona | None) -> dict[str, int | bool]:
    values: dict[str, int | bool] = {}
    for name, var in scenario.variables.items():
        if var.from_persona and persona is not None and name in ("trust", "patience"):
            values[name] = persona.trust if name == "trust" else persona.patience
        else:
            values[name] = var.initial
    return values


def steering_variables(scenario: Scenario) -> frozenset[str]:
    """The variables that can change where the conversation goes.

    Those read by a rule, branch or option (`if:`) condition, and those `set` from them,
    transitively; the
    others (trust shown on a meter, say, when no condition reads it) never change a path, so
    the explorer can forget them and meet more paths in its memo.
    """
    wanted: set[str] = set()
    for rule in scenario.rules:
        wanted |= compiled(rule.condition).names()
    assigns: list[tuple[str, frozenset[str]]] = []
    for node in scenario.nodes.values():
        for option in node.options:
            if option.condition is not None:
                wanted |= compiled(option.condition).names()
            for branch in option.branches:
                if branch.condition is not None:
                    wanted |= compiled(branch.condition).names()
            assigns += [(name, compiled(src).names()) for name, src in option.assign.items()]
    grown = True
    while grown:
        grown = False
        for name, reads in assigns:
            if name in wanted and not reads <= wanted:
                wanted |= reads
                grown = True
    return frozenset(wanted & set(scenario.variables))


class _Stepper:
    """One move's consequences, computed the way engine.Session computes them."""

    def __init__(self, scenario: Scenario, persona: Persona | None, catalog: Catalog) -> None:
        self.scenario, self.persona, self.catalog = scenario, persona, catalog
        self.kept = steering_variables(scenario)
        self._buttons: dict[int, list[Mapping[str, int]]] = {}

    def _button_effects(self, option: Option) -> list[Mapping[str, int]]:
        """The effects of the hot buttons an option sets off (they depend on its tags only)."""
        if id(option) not in self._buttons:
            hits = option_hits(option, self.catalog)
            self._buttons[id(option)] = [
                button.effects
                for button in (self.persona.hot_buttons if self.persona else ())
                if any(
                    h.principle == button.principle and h.polarity == button.polarity for h in hits
                )
            ]
        return self._buttons[id(option)]

    def _set(self, values: dict[str, int | bool], name: str, value: int | bool) -> None:
        var = self.scenario.variables[name]
        if var.is_flag:
            values[name] = bool(value)
        else:
            values[name] = max(var.minimum, min(var.maximum, int(value)))

    def _apply(self, values: dict[str, int | bool], effects: Mapping[str, int]) -> None:
        for name, delta in effects.items():
            if name in values:
                self._set(values, name, int(values[name]) + delta)

    def offered(self, node: Node, values: Values) -> tuple[Option, ...]:
        """The options of `node` on offer with these variables (those whose `if:` holds)."""
        if all(o.condition is None for o in node.options):
            return node.options
        now = dict(values)
        return tuple(
            o for o in node.options if o.condition is None or compiled(o.condition).evaluate(now)
        )

    def step(self, values: Values, option: Option) -> tuple[str | None, Values]:
        """The state after `option` (target None when no branch holds) and the new variables."""
        target, frozen, _via = self.step_via(values, option)
        return target, frozen

    def step_via(self, values: Values, option: Option) -> tuple[str | None, Values, str | None]:
        """As `step`, and what sent the conversation on: "rule <id>", the index of the branch
        taken (as text), or None when nothing held."""
        now: dict[str, int | bool] = dict(values)
        self._apply(now, option.effects)
        for name, source in option.assign.items():
            # A variable no condition reads is forgotten (see steering_variables), and so may
            # be what its assignment reads: `set: {warm: trust >= 40}` with trust unread.
            if name in self.kept:
                self._set(now, name, compiled(source).evaluate(now))
        for effects in self._button_effects(option):
            self._apply(now, effects)
        frozen = tuple(sorted((k, v) for k, v in now.items() if k in self.kept))
        for rule in self.scenario.rules:
            if compiled(rule.condition).evaluate(now):
                return rule.target, frozen, f"rule {rule.id}"
        for index, branch in enumerate(option.branches):
            if branch.condition is None or compiled(branch.condition).evaluate(now):
                return branch.target, frozen, str(index)
        return None, frozen, None


def final_grade(quality_sum: Fraction, graded: int, kind: str, red_line: bool) -> int:
    """The grade scoring.grade gives for these turn qualities and ending kind."""
    factor = ENDING_FACTOR[kind]
    mean = quality_sum / graded if graded else Fraction(str(factor))
    value = round(100 * (TURN_SHARE * float(mean) + (1 - TURN_SHARE) * factor))
    return min(value, RED_LINE_CAP) if red_line else value


#: A path as nested pairs (move, rest-of-path), so extending one never copies it.
Path = tuple[str, "Path"] | tuple[()]
#: What can still happen from a state: (ending, graded turns, red line) -> the lowest and
#: highest quality sum (in units of 1/scale), each with the moves that give it. For a fixed
#: number of graded turns the mean quality is extreme where the sum is, so two sums suffice.
Summary = dict[tuple[str, int, bool], tuple[int, Path, int, Path]]


def _moves(path: Path) -> tuple[str, ...]:
    out = []
    while path:
        move, path = path  # type: ignore[misc]
        out.append(move)
    return tuple(out)


def analyse(
    scenario: Scenario,
    persona: Persona | None,
    catalog: Catalog,
    *,
    max_turns: int = MAX_TURNS,
    max_states: int = MAX_STATES,
) -> Analysis:
    """Explore every way through `scenario` and the grade range at each ending."""
    result = Analysis(
        scenario.id,
        {eid: EndingRange(eid, e.kind) for eid, e in scenario.endings.items()},
    )
    if scenario.start not in scenario.nodes:
        return result
    stepper = _Stepper(scenario, persona, catalog)
    # Qualities are fractions; counting in units of 1/scale keeps the sums exact and fast. A
    # quality's denominator divides the spread of its node's option values (best − worst), and
    # with conditional options (`if:`) the spread of the options on offer is at most that of
    # all of them, so the lcm of every spread up to each node's full one is a common scale.
    spreads: set[int] = {1}
    for node in scenario.nodes.values():
        values = [sum(o.principles.values()) for o in node.options] or [0]
        full = max(values) - min(values)
        conditional = any(o.condition is not None for o in node.options)
        spreads |= set(range(1, full + 1)) if conditional else {max(full, 1)}
    scale = math.lcm(*spreads)
    quality: dict[tuple[str, tuple[str, ...], str], int | None] = {}

    def quality_of(node: Node, shown: tuple[Option, ...], option: Option) -> int | None:
        key = (node.id, tuple(o.id for o in shown), option.id)
        if key not in quality:
            q = _exact(shown, option)
            quality[key] = None if q is None else int(q * scale)
        return quality[key]

    memo: dict[tuple[str, Values], Summary] = {}
    on_path: set[tuple[str, Values]] = set()
    nodes, endings = scenario.nodes, scenario.endings

    def summarize(node_id: str, values: Values, depth: int) -> Summary:
        key = (node_id, values)
        if key in memo:
            return memo[key]
        if depth >= max_turns or len(memo) >= max_states:
            result.capped = True
            return {}
        on_path.add(key)
        summary: Summary = {}
        node = nodes[node_id]
        shown = stepper.offered(node, values)
        if not shown:
            result.bare.add(node_id)  # every option's `if:` fails here: nothing to say
        for option in shown:
            target, after = stepper.step(values, option)
            if target is None:
                result.stuck.add(node_id)
                continue
            q = quality_of(node, shown, option)
            if target in endings:
                tails: Summary = {(target, 0, False): (0, (), 0, ())}
            elif (target, after) in on_path:
                continue  # going round in a circle back to the very same state adds nothing
            else:
                tails = summarize(target, after, depth + 1)
            step, counted, red_line, move = q or 0, q is not None, option.red_line, option.id
            for (ending, graded, red), (lo, lo_path, hi, hi_path) in tails.items():
                entry = (ending, graded + counted, red or red_line)
                lo, hi = lo + step, hi + step
                old = summary.get(entry)
                if old is None:
                    summary[entry] = (lo, (move, lo_path), hi, (move, hi_path))
                elif lo < old[0] or hi > old[2]:
                    summary[entry] = (
                        *((lo, (move, lo_path)) if lo < old[0] else (old[0], old[1])),
                        *((hi, (move, hi_path)) if hi > old[2] else (old[2], old[3])),
                    )
        on_path.discard(key)
        memo[key] = summary
        return summary

    start_values = tuple(
        sorted((k, v) for k, v in _initial_values(scenario, persona).items() if k in stepper.kept)
    )
    for (ending, graded, red), (lo, lo_path, hi, hi_path) in summarize(
        scenario.start, start_values, 0
    ).items():
        span = result.endings[ending]
        _record(span, final_grade(Fraction(lo, scale), graded, span.kind, red), _moves(lo_path))
        _record(span, final_grade(Fraction(hi, scale), graded, span.kind, red), _moves(hi_path))
    result.states = len(memo)
    return result


def _exact(shown: tuple[Option, ...], option: Option) -> Fraction | None:
    """scoring.turn_quality without detectors among the options on offer, as an exact fraction
    (None: no real choice)."""
    values = [sum(o.principles.values()) for o in shown]
    if max(values) == min(values):
        return None
    lo, hi = min(values), max(values)
    return Fraction(sum(option.principles.values()) - lo, hi - lo)


def _record(found: EndingRange, grade: int, path: tuple[str, ...]) -> None:
    if grade < found.low:
        found.low, found.low_path = grade, path
    if grade > found.high:
        found.high, found.high_path = grade, path


def diagnostics(analysis: Analysis, scenario: Scenario) -> list[Diagnostic]:
    """Warnings from an analysis: endings never reached, grade ranges that contradict a kind."""
    found: list[Diagnostic] = []
    branch_targets = {
        b.target for node in scenario.nodes.values() for o in node.options for b in o.branches
    }
    for eid, span in analysis.endings.items():
        ending = scenario.endings[eid]
        if not span.reached:
            if analysis.capped:
                continue  # the search stopped early: silence beats a false alarm
            if ending.kind != "success" and eid not in branch_targets:
                continue  # a rule's safety net (walkout at patience 0) may rightly never fire
            what = "success ending" if ending.kind == "success" else "ending"
            found.append(
                diagnostic(
                    "PAR078",
                    f"{what} '{eid}' is never reached in play: the conditions and rules on the "
                    f"way always lead elsewhere / 实际对话中到不了这个结局",
                    ending.location,
                    "check the `if:` conditions, rules and effects on the paths to it "
                    "(parley graph shows them)",
                )
            )
            continue
        route = " → ".join(span.low_path if ending.kind == "success" else span.high_path)
        if ending.kind == "success" and span.low < SUCCESS_MIN_GRADE:
            found.append(
                diagnostic(
                    "PAR079",
                    f"success ending '{eid}' can be reached with grade {span.low} "
                    f"(< {SUCCESS_MIN_GRADE}) via {route} / 成功结局的最低分过低",
                    ending.location,
                    "make the weak moves on that path lead to a partial or fail ending, "
                    "or give them conditions that stop them reaching success",
                )
            )
        if ending.kind == "fail" and span.high > FAIL_MAX_GRADE:
            found.append(
                diagnostic(
                    "PAR080",
                    f"fail ending '{eid}' can be reached with grade {span.high} "
                    f"(> {FAIL_MAX_GRADE}) via {route} / 失败结局的最高分过高",
                    ending.location,
                    "a trainee who answered well should not fail: check the rules and "
                    "branches on that path, or the principle weights of its options",
                )
            )
    for node_id in sorted(analysis.bare):
        found.append(
            diagnostic(
                "PAR084",
                f"node '{node_id}' can be reached with no option on offer: every option's "
                f"`if:` fails there and the trainee has nothing to say / "
                f"到达此节点时没有可选的选项",
                scenario.nodes[node_id].location,
                "give the node an option without `if:`, or loosen the conditions",
            )
        )
    if analysis.capped:
        found.append(
            diagnostic(
                "PAR082",
                f"score analysis stopped after {analysis.states} states / {MAX_TURNS} turns: "
                f"ranges are partial / 分析达到上限，分数区间不完整",
                scenario.location,
                "a loop that changes variables every turn makes paths endless; "
                "add a rule that ends it (e.g. patience <= 0)",
            )
        )
    return found


#: A rival reading at least this close to another option's example makes the two ambiguous.
AMBIGUOUS_SCORE = 0.25


def ambiguous_options(scenario: Scenario) -> list[Diagnostic]:
    """Options of one node whose example phrasings the project's matcher cannot tell apart.

    Each example phrasing of an option is read by simulator.understanding at its node as if a
    trainee had typed it. The option's own score is no evidence (the phrasing matches itself),
    but every other option's is: when another option alone scores at or above the matcher's
    `take` threshold, that wording — and a trainee's words close to it — reads as the other
    option too, so free text at that node is ambiguous. One warning per pair of options, on the
    first phrasing that shows it.
    """
    from simulator.understanding import matcher_for

    matcher = matcher_for(scenario, heard=False)  # the coach's phrasings alone
    # The take line decides with the lead over the runner-up too; alone, a rival this close to
    # an example of another option means the two cannot be told apart.
    take = max(matcher.thresholds["take"], AMBIGUOUS_SCORE)
    found: list[Diagnostic] = []
    for node in scenario.nodes.values():
        if len(node.options) < 2:
            continue
        reported: set[frozenset[str]] = set()
        for option in node.options:
            for phrasing in dict.fromkeys(p for p in option.all_examples() if p.strip()):
                rival = next(
                    (
                        c
                        for c in matcher.scores(node, phrasing)
                        if c.option_id != option.id and not _apart(node, option, c.option_id)
                    ),
                    None,
                )
                if rival is None or rival.score < take:
                    continue
                pair = frozenset((option.id, rival.option_id))
                if pair in reported:
                    continue
                reported.add(pair)
                found.append(
                    diagnostic(
                        "PAR081",
                        f"options '{option.id}' and '{rival.option_id}' of node '{node.id}' are "
                        f"too alike for free text: «{phrasing}», an example of '{option.id}', "
                        f"reads as '{rival.option_id}' with {rival.score:.2f} (≥ {take:.2f}, "
                        f"enough to take it; closest: «{rival.matched}») / "
                        f"两个选项的说法太像，自由输入会被误解",
                        option.location,
                        "give each option's examples the words only that option would use, "
                        "and drop phrasings the two share",
                    )
                )
    return found


def _apart(node: Node, option: Option, other: str) -> bool:
    """Are the two options of `node` never on offer together (`if: X` and `if: not X`)?"""
    found = node.option(other)
    mine, theirs = option.condition, found.condition if found is not None else None
    return mine is not None and theirs is not None and exclusive(mine, theirs)


def words_against_tags(scenario: Scenario, catalog: Catalog) -> list[Diagnostic]:
    """Options whose own words the detectors read against the option's principle tags.

    Every phrasing of an option (its text and examples) is run through the detectors as if a
    trainee had typed it. Where the detectors find the opposite of a tag (the option upholds
    谨慎承诺 but an example promises an outcome), a trainee typing that phrasing would lose the
    option's credit: the tag or the phrasing is wrong. One warning per option and principle.
    The fitted classifier is left out: the check is about what a coach wrote (patterns,
    examples, tags) and can fix; the classifier is refitted, not reworded.
    """
    from simulator.detectors import detect

    found: list[Diagnostic] = []
    for node in scenario.nodes.values():
        for option in node.options:
            reported: set[str] = set()
            phrasings = [option.text.zh, option.text.en, *option.all_examples()]
            for phrasing in dict.fromkeys(p for p in phrasings if p and p.strip()):
                hits = detect(phrasing, catalog, learned=False)
                # A tagged principle read both ways is mixed words; an untagged one read as
                # broken agrees with nothing (0 > 0 would call a violation "agreeing").
                agreeing = {
                    h.principle
                    for h in hits
                    if option.principles.get(h.principle, 0) != 0
                    and (option.principles[h.principle] > 0) == (h.weight > 0)
                }
                clean = all(w >= 0 for w in option.principles.values())
                for hit in hits:
                    tag = option.principles.get(hit.principle, 0)
                    if hit.principle in reported or hit.principle in agreeing:
                        continue  # mixed words ("卡我不要，茶叶就收下了"): the tag stands
                    if tag == 0 and not (clean and hit.weight < 0):
                        continue  # a good move's words must not break what it never mentions
                    if tag != 0 and (tag > 0) == (hit.weight > 0):
                        continue
                    reported.add(hit.principle)
                    name = catalog.principles[hit.principle].name
                    verb = "违反" if hit.weight < 0 else "符合"
                    claim = (
                        f"is tagged {hit.principle}: {tag:+d}"
                        if tag
                        else f"breaks no principle by its tags ({hit.principle} untagged)"
                    )
                    found.append(
                        diagnostic(
                            "PAR100",
                            f"option '{option.id}' of node '{node.id}' {claim}, but the "
                            f"detectors read «{phrasing}» as {hit.polarity} it "
                            f"(evidence «{hit.evidence}») / "
                            f"选项的说法被检测为{verb}「{name.zh}」,与标注不符",
                            _where_said(option.location, phrasing),
                            "reword the phrasing so it says what the tags claim, delete it if "
                            "the option never meant it, or fix the tag or the detector pattern; "
                            "a trainee who types these words is judged by them",
                        )
                    )
    return found


def _where_said(at: Location, phrasing: str) -> Location:
    """The line of the option at `at` that holds `phrasing` (an example's own line, as a coach
    goes to fix it), else the option's."""
    try:
        lines = pathlib.Path(at.path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return at
    for number in range(max(at.line, 1), len(lines) + 1):
        column = lines[number - 1].find(phrasing)
        if column >= 0:
            return Location(at.path, number, column + 1)
    return at


def counter_examples(scenario: Scenario) -> list[Diagnostic]:
    """`unlike:` phrasings that do not do their job.

    A counter-example says what the option is NOT. It must not also be one of the option's own
    examples, and the matcher must not still take it as that option.
    """
    from simulator.understanding import matcher_for
    from simulator.wording import normalise

    matcher = matcher_for(scenario, heard=False)  # the coach's phrasings alone
    found: list[Diagnostic] = []
    for node in scenario.nodes.values():
        for option in node.options:
            own = {"".join(normalise(p).split()) for p in option.all_examples()}
            own.add("".join(normalise(option.text.zh).split()))
            for phrasing in option.all_unlike():
                key = "".join(normalise(phrasing).split())
                if key in own:
                    found.append(
                        diagnostic(
                            "PAR101",
                            f"«{phrasing}» is both an example and a counter-example of option "
                            f"'{option.id}' of node '{node.id}' / 同一句话既是示例又是反例",
                            option.location,
                            "keep it in `examples:` or in `unlike:`, not both",
                        )
                    )
                    continue
                reading = matcher.understand(node, phrasing)
                if reading.decision == "take" and reading.best is not None:
                    if reading.best.option_id == option.id:
                        found.append(
                            diagnostic(
                                "PAR101",
                                f"counter-example «{phrasing}» of option '{option.id}' (node "
                                f"'{node.id}') is still read as that option / 反例仍被读成该选项",
                                option.location,
                                "make the counter-example say the opposite more plainly",
                            )
                        )
    return found


def check_scenarios(
    scenarios: Mapping[str, Scenario], personas: Mapping[str, Persona], catalog: Catalog
) -> list[Diagnostic]:
    """The analysis warnings of every scenario (score ranges, endings, ambiguous options)."""
    found: list[Diagnostic] = []
    for scenario in scenarios.values():
        result = analyse(scenario, personas.get(scenario.persona), catalog)
        found += diagnostics(result, scenario)
        found += ambiguous_options(scenario)
        found += never_offered(scenario, personas.get(scenario.persona), catalog)
        found += unmentioned_traps(scenario, personas.get(scenario.persona), catalog)
        found += words_against_tags(scenario, catalog)
        found += counter_examples(scenario)
    return found


def never_offered(
    scenario: Scenario, persona: Persona | None, catalog: Catalog
) -> list[Diagnostic]:
    """Options with an `if:` no reachable state offers (PAR086), from the start values on.

    Only scenarios with conditional options are explored (the search keeps every variable).
    """
    if not any(o.condition for n in scenario.nodes.values() for o in n.options):
        return []
    from simulator.coverage import never_possible

    impossible = never_possible(scenario, persona, catalog)
    found: list[Diagnostic] = []
    for node in scenario.nodes.values():
        for option in node.options:
            if option.condition and impossible and f"option {node.id}.{option.id}" in impossible:
                found.append(
                    diagnostic(
                        "PAR086",
                        f"option '{option.id}' of node '{node.id}' is never offered in play: "
                        f"whenever the conversation is there, `if: {option.condition}` is false "
                        f"/ 这个选项在实际对话中从不出现",
                        option.location,
                        "check the condition against the start values and the effects on the "
                        "way (parley test --coverage lists what can never fire)",
                    )
                )
    return found


def traps_before(
    scenario: Scenario,
    persona: Persona | None,
    catalog: Catalog,
    *,
    max_turns: int = MAX_TURNS,
    max_states: int = MAX_STATES,
) -> dict[str, frozenset[str]]:
    """For each ending, the trap options some way of playing takes before reaching it.

    The same exploration as `analyse` (moves applied as in play, states met twice explored
    once), carrying the set of traps on the way instead of the grades.
    """
    if scenario.start not in scenario.nodes:
        return {}
    stepper = _Stepper(scenario, persona, catalog)
    memo: dict[tuple[str, Values], dict[str, frozenset[str]]] = {}
    on_path: set[tuple[str, Values]] = set()
    nodes, endings = scenario.nodes, scenario.endings

    def explore(node_id: str, values: Values, depth: int) -> dict[str, frozenset[str]]:
        key = (node_id, values)
        if key in memo:
            return memo[key]
        if depth >= max_turns or len(memo) >= max_states:
            return {}
        on_path.add(key)
        out: dict[str, frozenset[str]] = {}
        for option in nodes[node_id].options:
            target, after = stepper.step(values, option)
            if target is None or (target, after) in on_path:
                continue
            tails = (
                {target: frozenset()} if target in endings else explore(target, after, depth + 1)
            )
            mine = frozenset((option.id,)) if option.trap else frozenset()
            for ending, traps in tails.items():
                out[ending] = out.get(ending, frozenset()) | traps | mine
        on_path.discard(key)
        memo[key] = out
        return out

    start = tuple(
        sorted((k, v) for k, v in _initial_values(scenario, persona).items() if k in stepper.kept)
    )
    return explore(scenario.start, start, 0)


def unmentioned_traps(
    scenario: Scenario, persona: Persona | None, catalog: Catalog
) -> list[Diagnostic]:
    """PAR063: a success ending a trainee can reach after a trap, whose debrief never says so.

    A debrief mentions a trap when one of its paragraphs is conditioned on it: `chose:` or
    `avoided:` naming the option, an `if:` reading a variable the option changes, or `kept:` or
    `broke:` naming a principle the option breaks. Praise in an unconditional paragraph would
    otherwise be read by a trainee who did the opposite.
    """
    writes: dict[str, set[str]] = {}
    breaks: dict[str, set[str]] = {}
    for node in scenario.nodes.values():
        for option in node.options:
            writes.setdefault(option.id, set()).update(option.effects, option.assign)
            breaks.setdefault(option.id, set()).update(
                pid for pid, weight in option.principles.items() if weight < 0
            )
    found: list[Diagnostic] = []
    for ending_id, traps in sorted(traps_before(scenario, persona, catalog).items()):
        ending = scenario.endings[ending_id]
        if ending.kind != "success" or not traps:
            continue
        silent = [
            trap
            for trap in sorted(traps)
            if not any(
                trap in p.chose
                or trap in p.avoided
                or (p.condition is not None and compiled(p.condition).names() & writes[trap])
                or not breaks[trap].isdisjoint(p.kept + p.broke)
                for p in ending.paragraphs
            )
        ]
        if silent:
            found.append(
                diagnostic(
                    "PAR063",
                    f"success ending '{ending_id}' can be reached after the trap option(s) "
                    f"{', '.join(silent)}, and its debrief has no paragraph about them: it may "
                    "praise what the trainee did not do / 成功结局的复盘没有提到学员踩过的陷阱",
                    ending.location,
                    "write the debrief as paragraphs and give the praise `avoided: [trap]` and "
                    "the lesson `chose: [trap]` (or send trap paths to a partial ending)",
                )
            )
    return found
