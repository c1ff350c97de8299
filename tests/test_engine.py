"""The engine through the Session API, on tests/data/engine/engine_demo.yaml."""

from __future__ import annotations

import pytest

from simulator.content import Content, load_content
from simulator.engine import Session, SessionError
from tests.conftest import DATA


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(
        [DATA / "engine", DATA / "valid" / "principles.yaml"],
        include_bundled=False,
        include_local=False,
    )


def new_session(content: Content, seed: int = 0, **kwargs: object) -> Session:
    scenario = content.scenarios["engine_demo"]
    return Session(
        scenario, content.personas[scenario.persona], content.catalog, seed=seed, **kwargs
    )


def test_starts_at_start_node_with_persona_traits(content: Content) -> None:
    session = new_session(content)
    assert session.state == "open"
    assert session.variables == {"trust": 28, "patience": 50, "asked_repay": False, "pushes": 0}
    assert not session.finished and session.ending is None
    assert [o.id for o in session.options] == ["ask_repay", "talk_amount", "insult"]


def test_mood_variant_replaces_the_line(content: Content) -> None:
    # trust 28 <= 30 makes the client annoyed under the default moods
    session = new_session(content)
    assert session.mood.id == "annoyed"
    assert session.client_line("zh") == "快点,我要贷款。"
    assert session.client_line("en") == "Hurry up, I want the loan."


def test_effects_set_and_condition_variant(content: Content) -> None:
    session = new_session(content)
    turn = session.respond("ask_repay")
    assert session.variables["trust"] == 33
    assert session.variables["asked_repay"] is True
    assert turn.next_id == "amount" and turn.quality == 1.0
    assert session.client_line("zh") == "还款来源我都说了,额度能给多少?"


def test_conditional_branches_are_ordered(content: Content) -> None:
    good = new_session(content)
    good.respond("ask_repay")
    good.respond("explain")
    assert good.ending is not None and good.ending.id == "end_good"

    # without asking about repayment the first arm fails and the else arm is taken
    other = new_session(content)
    other.respond("talk_amount")
    other.respond("explain")
    assert other.ending is not None and other.ending.id == "end_partial"


def test_effects_stay_within_bounds(content: Content) -> None:
    session = new_session(content)
    session.respond("talk_amount")
    assert session.variables["pushes"] == 1
    session2 = new_session(content)
    session2.respond("ask_repay")
    session2.respond("stall")  # patience -100 is clamped at 0
    assert session2.variables["patience"] == 0


def test_rule_preempts_the_options_next(content: Content) -> None:
    session = new_session(content)
    session.respond("ask_repay")
    turn = session.respond("stall")
    assert turn.rule == "walkout"
    assert session.ending is not None and session.ending.id == "end_walkout"


def test_hot_button_fires_and_reacts(content: Content) -> None:
    session = new_session(content)
    turn = session.respond("insult")
    assert session.variables["trust"] == 8 and session.variables["patience"] == 40
    assert [r.zh for r in turn.reactions] == ["你说什么?"]
    assert session.client_line("zh").startswith("你说什么?\n")


def test_words_said_to_someone_else_move_the_persona_but_she_does_not_answer() -> None:
    # pitch_wealth_retiree: her son asks on a video call; talked down to, he is the one
    # addressed. Her hot button still costs trust and patience (she hears it), but no line of
    # hers is voiced as if the trainee had spoken to her (a cold tryout saw "我是老了，可我不
    # 糊涂" under her name).
    bundled = load_content(include_local=False, raise_on_error=False)
    scenario = bundled.scenarios["pitch_wealth_retiree"]
    session = Session(scenario, bundled.personas[scenario.persona], bundled.catalog, seed=1)
    for option in ("ask_needs", "plan_liquidity", "tell_truth", "compare_fairly", "read_aloud"):
        session.respond(option)
    session.respond("fit_plan")
    assert session.state == "son_call" and session.speaker() is not None
    before = dict(session.variables)
    turn = session.respond("defend_sharply")
    assert ("respect_client", "violates") in {(h.principle, h.polarity) for h in turn.hits}
    assert turn.reactions == ()
    # The option's own -10 and the hot button's -10 (talked_down) both count.
    assert session.variables["trust"] == before["trust"] - 20
    assert session.variables["patience"] == before["patience"] - 20


def test_red_line_ends_in_fail_and_caps_grade(content: Content) -> None:
    session = new_session(content)
    session.respond("ask_repay")
    turn = session.respond("take_gift")
    assert turn.red_line
    card = session.scorecard()
    assert card.outcome == "fail" and card.red_line
    assert card.grade <= 20


def test_unknown_option_and_finished_session_are_refused(content: Content) -> None:
    session = new_session(content)
    with pytest.raises(SessionError, match="no such option"):
        session.respond("nonsense")
    session.respond("ask_repay")
    session.respond("explain")
    with pytest.raises(SessionError, match="over"):
        session.respond("explain")


def test_same_seed_and_responses_give_the_same_turns(content: Content) -> None:
    scenario = content.scenarios["engine_demo"]
    persona = content.personas[scenario.persona]
    runs = []
    for _ in range(2):
        session = Session(scenario, persona, content.catalog, seed=42, started_at="x")
        session.respond("talk_amount")
        session.respond("explain")
        runs.append((session.turns, session.scorecard()))
    assert runs[0] == runs[1]


def test_undo_replays_to_the_previous_state(content: Content) -> None:
    session = new_session(content)
    session.respond("insult")
    before_second = session.variables
    session.respond("explain")
    undone = session.undo()
    assert undone.option_id == "explain"
    assert session.state == "amount" and session.variables == before_second
    assert len(session.turns) == 1


def test_undo_is_refused_in_assessment(content: Content) -> None:
    session = new_session(content, mode="assessment")
    session.respond("ask_repay")
    with pytest.raises(SessionError, match="practice"):
        session.undo()


def test_rebuild_reaches_the_same_state(content: Content) -> None:
    session = new_session(content, seed=5)
    session.respond("ask_repay")
    scenario = content.scenarios["engine_demo"]
    rebuilt = Session.rebuild(
        scenario, content.personas[scenario.persona], content.catalog, 5, session.responses
    )
    assert rebuilt.state == session.state and rebuilt.variables == session.variables
    assert rebuilt.turns == session.turns


def test_shuffle_is_seeded_and_stable() -> None:
    content = load_content([DATA / "valid"], include_bundled=False, include_local=False)
    scenario = content.scenarios["test_supply"]
    persona = content.personas[scenario.persona]
    orders = {
        seed: [o.id for o in Session(scenario, persona, content.catalog, seed=seed).options]
        for seed in range(12)
    }
    again = {
        seed: [o.id for o in Session(scenario, persona, content.catalog, seed=seed).options]
        for seed in range(12)
    }
    assert orders == again
    assert len({tuple(v) for v in orders.values()}) == 2  # both orders occur over 12 seeds


def test_understanding_thresholds_are_checked(tmp_path) -> None:
    source = (DATA / "engine" / "engine_demo.yaml").read_text(encoding="utf-8")
    bad = source.replace(
        "shuffle_options: false\n",
        "shuffle_options: false\nunderstanding: {take: 0.2, confirm: 0.5, margni: 1}\n",
    )
    (tmp_path / "engine_demo.yaml").write_text(bad, encoding="utf-8")
    (tmp_path / "engine_client.yaml").write_text(
        (DATA / "engine" / "engine_client.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    content = load_content(
        [tmp_path, DATA / "valid" / "principles.yaml"],
        include_bundled=False,
        include_local=False,
        raise_on_error=False,
    )
    messages = [f"{d.location.line}:{d.code}:{d.message}" for d in content.diagnostics]
    assert any("confirm is above" in m and m.startswith("11:PAR025") for m in messages)
    assert any("unknown key 'margni'" in m for m in messages)

    good = source.replace(
        "shuffle_options: false\n",
        "shuffle_options: false\nunderstanding: {take: 0.7, confirm: 0.4}\n",
    )
    (tmp_path / "engine_demo.yaml").write_text(good, encoding="utf-8")
    content = load_content(
        [tmp_path, DATA / "valid" / "principles.yaml"], include_bundled=False, include_local=False
    )
    assert content.scenarios["engine_demo"].understanding == {"take": 0.7, "confirm": 0.4}


class _Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def session_started(self, session: Session) -> None:
        self.events.append(("start", None))

    def turn_recorded(self, session: Session, turn: object) -> None:
        self.events.append(("turn", None))

    def turn_undone(self, session: Session, turn: object) -> None:
        self.events.append(("undo", None))

    def clarify_recorded(self, session: Session, typed: str, cost: int) -> None:
        self.events.append(("clarify", (typed, cost)))

    def reading_offered(self, session: Session, typed: str, options: object) -> None:
        self.events.append(("offered", typed))

    def session_ended(self, session: Session, scorecard: object) -> None:
        self.events.append(("end", session.state))


def test_misunderstandings_cost_patience_and_are_replayed(content: Content) -> None:
    recorder = _Recorder()
    session = new_session(content, recorder=recorder)
    assert session.misunderstood("嗯?") == 0  # the first one is free
    assert session.misunderstood("啊") == 5
    assert session.variables["patience"] == 45
    assert ("clarify", ("啊", 5)) in recorder.events
    scenario = content.scenarios["engine_demo"]
    rebuilt = Session.rebuild(
        scenario, content.personas[scenario.persona], content.catalog, 0, session.responses
    )
    assert rebuilt.variables == session.variables and rebuilt.state == session.state


def test_running_out_of_patience_by_misunderstandings_triggers_the_walkout(
    content: Content,
) -> None:
    recorder = _Recorder()
    session = new_session(content, recorder=recorder)
    costs = [session.misunderstood("???") for _ in range(11)]  # 0 + 10 × 5 = the whole 50
    assert sum(costs) == 50
    assert session.ending is not None and session.ending.id == "end_walkout"
    assert recorder.events[-1] == ("end", "end_walkout")
    with pytest.raises(SessionError, match="over"):
        session.misunderstood("还有人吗")


def test_undo_takes_back_the_turn_and_what_followed_it(content: Content) -> None:
    session = new_session(content)
    session.misunderstood("x")
    session.misunderstood("y")  # costs 5 before the turn: stays
    session.respond("ask_repay")
    session.misunderstood("z")
    session.misunderstood("w")  # costs 5 after the turn: goes with it
    session.undo()
    assert session.state == "open" and session.variables["patience"] == 45
    assert [r[0] for r in session.responses] == ["?", "?"]


def test_undo_takes_back_what_was_heard_broken_after_the_turn(content: Content) -> None:
    session = new_session(content, mode="practice")
    session.misunderstood("包在我身上，下周肯定给您批下来")  # before the turn: stays
    kept = session.last_unheard
    session.respond("ask_repay")
    session.misunderstood("放心，这笔钱一分都亏不了，我拍胸脯保证")
    late = session.last_unheard
    assert kept and late, "the detectors should hear both overpromises"
    assert all(hit in session.scorecard().session_hits for hit in late)
    session.undo()
    after = session.scorecard().session_hits
    assert all(hit in after for hit in kept)
    assert not any(hit in after for hit in late)
