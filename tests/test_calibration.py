"""The matcher's calibration: the fit, the shipped models' effect, and `parley eval --fit`."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from simulator import calibration, fit_inputs, phrasings
from simulator.calibration import FEATURES, PAIR_FEATURES, Model, Models, fit, fit_words
from simulator.content import Content, load_content
from simulator.understanding import matcher_for
from tests.conftest import parley_at_root

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(include_local=False, raise_on_error=False)


def _noisy_rows(scale: float, seed: int = 7) -> tuple[list[list[float]], list[bool]]:
    """Rows whose label follows the first feature (with noise); the second is noise only."""
    rng = random.Random(seed)
    rows, labels = [], []
    for _ in range(400):
        a, b = rng.random(), rng.random()
        rows.append([a * scale, b * scale])
        labels.append(a + rng.gauss(0, 0.15) > 0.5)
    return rows, labels


def test_the_fit_weighs_the_feature_the_labels_follow() -> None:
    rows, labels = _noisy_rows(1.0)
    model = fit(("a", "b"), rows, labels)
    assert model.weights[0] > 5 * abs(model.weights[1])
    z = [model.bias + sum(w * x for w, x in zip(model.weights, r, strict=True)) for r in rows]
    right = sum((v > 0) == y for v, y in zip(z, labels, strict=True))
    assert right / len(rows) > 0.85


def test_the_fit_does_not_depend_on_the_features_units() -> None:
    # The fit standardises and folds the scaling back: features ten times larger get weights
    # ten times smaller and the same likelihoods.
    rows, labels = _noisy_rows(1.0)
    big_rows, _ = _noisy_rows(10.0)
    small, big = fit(("a", "b"), rows, labels), fit(("a", "b"), big_rows, labels)
    assert big.weights[0] == pytest.approx(small.weights[0] / 10, rel=1e-6)
    assert big.bias == pytest.approx(small.bias, rel=1e-6)


def test_the_fit_refuses_rows_it_cannot_fit() -> None:
    with pytest.raises(ValueError, match="label per row"):
        fit(("a",), [[1.0]], [])
    with pytest.raises(ValueError, match="value per name"):
        fit(("a", "b"), [[1.0]], [True])
    with pytest.raises(ValueError, match="both outcomes"):
        fit(("a",), [[1.0], [2.0]], [True, True])


def test_the_words_fit_weighs_the_n_gram_the_labels_follow() -> None:
    # Every row alike but for one word: the label follows "免了" (a refusal), not "好的".
    rng = random.Random(3)
    rows, words, labels = [], [], []
    for _ in range(300):
        refuses = rng.random() < 0.3
        rows.append([rng.random()])
        words.append(("免了", "申请表") if refuses else ("好的", "申请表"))
        labels.append(not refuses)
    model = fit_words(("a",), rows, words, labels)
    assert model.words["免了"] < -1.0 < 0.0 < model.words["好的"]
    assert model.likelihood([0.5], ("申请表", "免了")) < 0.3
    assert model.likelihood([0.5], ("申请表", "好的")) > 0.7
    assert model.likelihood([0.5], ("申请表", "从没见过")) == pytest.approx(
        model.likelihood([0.5], ("申请表",))
    )


def test_a_model_needs_every_feature_by_name_and_its_data_reads_back() -> None:
    weights = {name: i / 10 for i, name in enumerate(FEATURES)}
    model = Model.of(FEATURES, -0.5, **weights)
    assert model.named() == weights
    worded = Model(FEATURES, -0.5, model.weights, {"免了": -1.25})
    pair = Model.of(PAIR_FEATURES, 0.25, **{name: 1.0 for name in PAIR_FEATURES})
    models = Models(worded, model, pair, worded)
    assert Models.from_json(models.to_json()) == models  # what `parley eval --fit-out` writes
    with pytest.raises(ValueError, match="top"):
        Model.of(FEATURES, 0.0, **{k: v for k, v in weights.items() if k != "top"})
    with pytest.raises(ValueError, match="tone"):
        Model.of(FEATURES, 0.0, tone=1.0, **weights)


def test_a_refusal_the_lines_would_take_as_the_move_it_refuses_is_asked_about(
    content: Content,
) -> None:
    # "How big a discount the port got: I can't tell you a single figure" refuses the trap that
    # leaks it. The lines alone take it as that trap; the calibration asks.
    scenario = content.scenarios["pitch_discount_pressure"]
    matcher = matcher_for(scenario, heard=False)
    text = "港务拿多少折，我一个数字都不能透露给您"
    lines = matcher.understand("other_client", text, calibrated=False)
    assert lines.decision == "take" and lines.best is not None
    assert lines.best.option_id == "leak_price"
    reading = matcher.understand("other_client", text)
    assert reading.decision == "confirm"
    assert reading.evidence is not None
    doubt = calibration.shipped().doubt
    assert doubt.likelihood(reading.evidence.vector(), reading.evidence.words) < (
        calibration.DOUBT_BELOW
    )


@pytest.mark.parametrize(
    ("scenario", "node", "text", "refused"),
    [
        # An echo of the move as a question, then a verdict against it.
        (
            "pitch_wealth_retiree",
            "product_fit",
            "四十万一口气全投一个产品？那可使不得",
            "all_product",
        ),
        # The move named, then dismissed.
        ("credit_first_visit", "time_up", "申请表今天就免了，您又不打算借", "application_form"),
    ],
)
def test_words_that_refuse_the_move_they_name_are_not_taken_as_it(
    content: Content, scenario: str, node: str, text: str, refused: str
) -> None:
    reading = matcher_for(content.scenarios[scenario]).understand(node, text)
    assert not (
        reading.decision == "take"
        and reading.best is not None
        and reading.best.option_id == refused
    )


def test_a_reading_just_under_the_confirm_line_is_offered_when_it_looks_right(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Don't fret; let's do the two that matter most first" shares few words with the coach's
    # phrasings of the option that trims the list to what matters, and scores under the
    # confirm line. Whatever OFFER is fitted to, what it does when sure: the reading is offered.
    from simulator import understanding

    scenario = content.scenarios["credit_promise_approval"]
    matcher = matcher_for(scenario, heard=False)
    text = "您先别烦，咱们挑最要紧的两样先弄"
    lines = matcher.understand("docs", text, calibrated=False)
    assert lines.decision == "clarify"
    sure = calibration.shipped()
    sure = sure._replace(offer=Model(sure.offer.names, 10.0, (0.0,) * len(sure.offer.names)))
    monkeypatch.setattr(understanding.calibration, "shipped", lambda: sure)
    reading = matcher.understand("docs", text)
    assert reading.decision == "confirm"
    assert reading.best is not None and reading.best.option_id == "simplify_list"


@pytest.mark.xfail(
    strict=True,
    reason="moved by round forty-two's refit (v42's dev halves heard): the shipped OFFER model"
    " no longer offers it; a known regression",
)
def test_the_shipped_models_offer_a_reading_just_under_the_line(content: Content) -> None:
    # Read with the phrasings trainees were heard to use, the shipped models offer it.
    scenario = content.scenarios["credit_promise_approval"]
    heard = matcher_for(scenario).understand("docs", "您先别烦，咱们挑最要紧的两样先弄")
    assert heard.decision != "clarify" and heard.candidates[0].option_id == "simplify_list"


def test_a_pair_swap_offers_the_runner_up_first_and_takes_nothing(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever SWAP is fitted to, what it does: when it gives the runner-up the move, the
    # reading is asked about with the runner-up first. A model sure of that shows it.
    from simulator import understanding

    scenario = content.scenarios["credit_promise_approval"]
    # Two readings: trimming the list to what matters, and explaining why each paper is needed.
    text = "材料多是多了点，我跟您一份份说为什么要"
    matcher = matcher_for(scenario, heard=False)
    plain = matcher.understand("docs", text)
    assert plain.evidence is not None and plain.evidence.runner is not None
    # The scores rank trimming first; whether the shipped SWAP already offers the runner-up
    # first is the fit's to say (the refit of round nineteen does).
    first, second = plain.evidence.option_id, plain.evidence.runner.option_id
    assert [first, second] == ["simplify_list", "explain_increase"]
    sure = Model(PAIR_FEATURES, 10.0, (0.0,) * len(PAIR_FEATURES))
    models = calibration.shipped()._replace(swap=sure)
    monkeypatch.setattr(understanding.calibration, "shipped", lambda: models)
    swapped = matcher.understand("docs", text)
    assert swapped.decision == "confirm"
    assert [c.option_id for c in swapped.candidates][:2] == [second, first]


def test_a_take_doubt_is_sure_of_is_not_offered_as_the_only_reading(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever DOUBT is fitted to, what it does when it is sure a take is wrong: the move is not
    # offered ("您是想表达：<the move just refused>吗？"); with a runner-up, that is offered first.
    from simulator import understanding

    matcher = matcher_for(content.scenarios["credit_promise_approval"], heard=False)
    alone, paired = "那结算单不用给了", "少要材料这事办不到，结算单缺了过不了会"
    lines = [matcher.understand("docs", t, calibrated=False) for t in (alone, paired)]
    assert [r.decision for r in lines] == ["take", "take"]
    assert [[c.option_id for c in r.candidates] for r in lines] == [
        ["reduce_docs"],
        ["reduce_docs", "simplify_list"],
    ]

    def doubting(bias: float) -> None:
        models = calibration.shipped()._replace(doubt=Model(FEATURES, bias, (0.0,) * len(FEATURES)))
        monkeypatch.setattr(understanding.calibration, "shipped", lambda: models)

    doubting(-10.0)  # sure it is wrong
    reading = matcher.understand("docs", alone)
    assert reading.decision == "clarify" and not reading.candidates
    assert reading.clarify_line is not None
    reading = matcher.understand("docs", paired)
    assert reading.decision == "confirm"
    assert [c.option_id for c in reading.candidates] == ["simplify_list", "reduce_docs"]
    doubting(0.0)  # a likelihood of 0.5: doubtful, not sure
    agreeing = "那就少要点，流水给我就行"  # words that negate nothing
    assert [c.option_id for c in matcher.understand("docs", agreeing).candidates] == ["reduce_docs"]
    reading = matcher.understand("docs", agreeing)
    assert reading.decision == "confirm"


def test_a_doubted_move_is_not_offered_alone_to_words_that_refuse_it(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "找科长给您插队？那可使不得" was asked "did you mean: 我回去找科长给您插个队？" (round
    # twelve's new-user pass; the stance now denies that one itself). Doubted, a move that
    # refuses nothing itself is not offered alone to words that negate: they are asked to say
    # it again.
    from simulator import understanding

    matcher = matcher_for(content.scenarios["credit_first_visit"], heard=False)
    text = "申请表就免了，今天不是来让您填表的。"
    lines = matcher.understand("time_up", text, calibrated=False)
    assert lines.decision == "take" and lines.best is not None
    assert lines.best.option_id == "application_form" and len(lines.candidates) == 1
    models = calibration.shipped()._replace(doubt=Model(FEATURES, 0.0, (0.0,) * len(FEATURES)))
    monkeypatch.setattr(understanding.calibration, "shipped", lambda: models)
    reading = matcher.understand("time_up", text)
    assert reading.decision == "clarify" and not reading.candidates


def test_an_offered_reading_trust_is_sure_of_is_taken_but_never_a_trap(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever TRUST is fitted to, what it does when it is sure: a reading the lines offer
    # (two readings too close for the margin) is taken, unless it is a trap or a red line, or
    # the words negate what it does not, or the scenario moved the take line.
    from simulator import understanding

    matcher = matcher_for(content.scenarios["pitch_discount_pressure"], heard=False)
    plain = "这个折扣超出我能拍板的范围了，我把我们经理请过来跟您当面谈。"
    # Reworded so that the honest reading comes first (invented, round fourteen).
    honest = "这个数超出我能签的了，我请我们经理来跟您当面聊"
    lines = [matcher.understand("authority", t, calibrated=False) for t in (plain, honest)]
    assert [r.decision for r in lines] == ["confirm", "confirm"]
    assert [r.candidates[0].option_id for r in lines] == ["bluff_authority", "boss_will_come"]

    def trusting(bias: float) -> None:
        models = calibration.shipped()._replace(
            trust=Model(FEATURES, bias, (0.0,) * len(FEATURES)),
            swap=calibration.NEUTRAL.swap,
        )
        monkeypatch.setattr(understanding.calibration, "shipped", lambda: models)

    trusting(10.0)  # sure it is right
    assert matcher.understand("authority", plain).decision == "confirm"  # a trap: asked
    taken = matcher.understand("authority", honest)
    assert taken.decision == "take" and taken.candidates[0].option_id == "boss_will_come"
    trusting(-10.0)  # sure it is wrong: offered, as the lines would
    assert matcher.understand("authority", honest).decision == "confirm"


def test_trust_never_takes_words_that_negate_a_move_that_does_not() -> None:
    from simulator.calibration import Evidence, Reading

    def evidence(negated: float, option_negates: float, refused: float = 0.0) -> Evidence:
        best = Reading("move", 0.2, 0.3, 0.2, 0.0, option_negates, 0.0)
        return Evidence(best, None, refused, negated, 12, 0.0, 0.0, 0.0)

    assert calibration.trustable(evidence(0.0, 0.0))
    assert not calibration.trustable(evidence(0.3, 0.0))  # "…我可不陪" against a plain move
    assert calibration.trustable(evidence(0.3, 0.6))  # a move itself phrased as a refusal
    assert not calibration.trustable(evidence(0.0, 0.0, refused=0.2))  # a refusal shadows it


def test_small_talk_is_never_offered_by_the_calibration(content: Content) -> None:
    scenario = content.scenarios["credit_promise_approval"]
    reading = matcher_for(scenario).understand("docs", "今天天气真不错，您吃了吗")
    assert reading.decision == "clarify" and reading.evidence is None


@pytest.mark.parametrize(
    ("node", "text"),
    [
        ("grievance", "隔壁超市老板是哪里人啊？"),
        ("grievance", "华润万家的会员卡好办吗？"),
    ],
)
def test_words_that_only_ask_are_not_read_as_a_move_never_asked(
    content: Content, node: str, text: str
) -> None:
    # The option that quotes the supermarket's orders names it too, and never asks.
    reading = matcher_for(content.scenarios["retail_supply_cold"]).understand(node, text)
    assert reading.decision == "clarify"


def test_a_question_is_still_read_as_a_move_that_asks(content: Content) -> None:
    reading = matcher_for(content.scenarios["retail_supply_cold"]).understand(
        "grievance", "咱们一起翻翻您这几个月的数据，看看到底卡在哪儿好吗？"
    )
    assert reading.decision == "take"
    assert reading.best is not None and reading.best.option_id == "show_data"


def test_eval_fit_cross_checks_and_writes_the_models_where_told(tmp_path: Path) -> None:
    files = [str(EVAL / "match_v9_dev.yaml"), str(EVAL / "match_v10_dev.yaml")]
    out = tmp_path / "calibration.json"
    done = parley_at_root("eval", "--fit", *files, "--fit-out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "each of 2 sets left out in turn" in done.stdout
    assert "match_v9, match_v10" in done.stdout or "match_v10, match_v9" in done.stdout
    assert "not the shipped models" in done.stdout  # fitted on two sets, not the ten
    assert "negated" in done.stdout and "reworded" in done.stdout
    models = calibration.shipped(out)
    assert models != calibration.shipped() and models.doubt.words
    assert (models.doubt.names, models.swap.names) == (FEATURES, PAIR_FEATURES)
    # The phrasings the sets taught are written beside the models, and the run says where.
    written = phrasings.load(tmp_path / "phrasings.json")
    assert written.sets == {"match_v9", "match_v10"}
    assert str(tmp_path / "phrasings.json") in done.stdout
    # So is the record of what the fit read: the two sets, the library, the judging code.
    recorded = fit_inputs.load(tmp_path / "fit_inputs.json")
    assert recorded is not None
    assert {"tests/data/eval/match_v9_dev.yaml", "tests/data/eval/match_v10_dev.yaml"} == {
        name for name in recorded if name.startswith("tests/")
    }
    assert {"scenarios/principles.yaml", "simulator/understanding.py"} <= recorded.keys()
    assert not [name for name in recorded if name.startswith("simulator/cli/")]
    assert fit_inputs.changed(recorded, []) == []


def test_a_set_edited_while_the_fit_runs_is_not_recorded_as_fitted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator.cli import main

    labelled = tmp_path / "match_mine_dev.yaml"
    labelled.write_bytes((EVAL / "match_v9_dev.yaml").read_bytes())
    fit_models = calibration.fit_models

    def edited_meanwhile(*args: object, **kwargs: object) -> calibration.Models:
        with labelled.open("a", encoding="utf-8") as handle:
            handle.write("# a coach saved the file while the fit ran\n")
        return fit_models(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(calibration, "fit_models", edited_meanwhile)
    out = tmp_path / "calibration.json"
    status = main(["eval", "--fit", str(labelled), "--no-cross-check", "--fit-out", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and "changed while the fit ran" in err and labelled.name in err
    assert not out.exists() and not (tmp_path / "fit_inputs.json").exists()


def test_eval_fit_writes_nothing_unless_told(tmp_path: Path) -> None:
    files = [str(EVAL / "match_v9_dev.yaml")]
    done = parley_at_root("eval", "--fit", *files)
    assert done.returncode == 0, done.stderr
    assert "--fit-out" in done.stdout
    unwritable = tmp_path / "no" / "such" / "calibration.json"
    done = parley_at_root("eval", "--fit", *files, "--fit-out", str(unwritable))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(unwritable) in done.stderr and not unwritable.exists()


def test_the_shipped_models_were_fitted_on_the_files_as_they_are_now() -> None:
    # Whoever changes the matcher, the scenarios or the sets refits (`parley eval --fit
    # --fit-out simulator/fitted/calibration.json`): a stale fit weighs evidence the matcher no
    # longer measures that way. The record of what the fit read tells, in milliseconds.
    recorded = fit_inputs.load()
    assert recorded is not None, f"{fit_inputs.FITTED} is missing: refit"
    assert {"simulator/understanding.py", "scenarios/principles.yaml"} <= recorded.keys()
    assert any(name.startswith("tests/data/eval/match_") for name in recorded)
    changed = fit_inputs.changed(recorded, fit_inputs.bundled_data())
    assert not changed, (
        "changed since the shipped fit: " + ", ".join(changed) + "\n  refit: parley eval "
        "--fit --fit-out simulator/fitted/calibration.json (it says whether the models changed)"
    )


@pytest.mark.skipif(
    not os.environ.get("PARLEY_REFIT_CHECK"),
    reason="a quarter of an hour of one core: set PARLEY_REFIT_CHECK=1 to refit and compare",
)
def test_a_refit_on_the_bundled_sets_is_the_shipped_fit() -> None:
    # What the record stands for, checked in full: the fit is deterministic, and the files it
    # names are the ones that decide it.
    done = parley_at_root("eval", "--fit", "--no-cross-check", timeout=3600)
    assert done.returncode == 0, done.stderr
    assert "the same as the shipped models" in done.stdout
    assert "left out in turn" not in done.stdout  # --no-cross-check: the fit alone


def test_the_fit_record_names_what_changed_since(tmp_path: Path) -> None:
    kept, edited, dropped = (tmp_path / f"{n}.yaml" for n in ("kept", "edited", "dropped"))
    for path in (kept, edited, dropped):
        path.write_text(f"- {path.stem}\n", encoding="utf-8")
    recorded = fit_inputs.record([kept, edited, dropped])
    assert fit_inputs.changed(recorded, [kept]) == []
    edited.write_text("- edited again\n", encoding="utf-8")
    dropped.unlink()
    added = tmp_path / "added.yaml"
    added.write_text("- a new set\n", encoding="utf-8")
    assert fit_inputs.changed(recorded, [kept, added]) == sorted(
        [edited.as_posix(), f"{dropped.as_posix()} (gone)", f"{added.as_posix()} (new)"]
    )
    # A damaged record is no record: the test above then says to refit.
    bad = tmp_path / "fit_inputs.json"
    bad.write_text('{"files": [1', encoding="utf-8")
    assert fit_inputs.load(bad) is None


def test_eval_fit_names_a_file_it_cannot_read(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    done = parley_at_root("eval", "--fit", str(missing))
    assert done.returncode == 2
    assert str(missing) in done.stderr and "Traceback" not in done.stderr


def test_eval_fit_says_when_the_set_is_too_small_to_fit(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.yaml"
    tiny.write_text(
        "- {scenario: credit_promise_approval, node: docs, text: 您嫌麻烦我理解，我陪您把东西凑齐,"
        " expect: simplify_list}\n",
        encoding="utf-8",
    )
    done = parley_at_root("eval", "--fit", str(tiny))
    assert done.returncode == 2
    assert "cannot fit" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ('{"features": ["top"', "not JSON"),  # cut short: a full disk, a killed copy
        ("{}", "other features"),  # another version's file
        (b"\xff\xfe\x00garbage", "codec"),  # not text at all
    ],
)
def test_a_damaged_models_file_reads_answers_by_the_lines_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str | bytes, reason: str
) -> None:
    from simulator import fitted_data

    monkeypatch.setattr(fitted_data, "_damaged", {})
    bad = tmp_path / "calibration.json"
    if isinstance(damage, bytes):
        bad.write_bytes(damage)
    else:
        bad.write_text(damage, encoding="utf-8")
    assert calibration.shipped(bad) == calibration.NEUTRAL
    assert reason in fitted_data.damaged()[str(bad)]


def test_the_cli_names_a_damaged_fitted_file_and_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator import classifier, fitted_data
    from simulator.cli import main

    monkeypatch.setattr(fitted_data, "_damaged", {})
    bad = tmp_path / "classifier.json"
    bad.write_text('{"ngrams": [1, 2', encoding="utf-8")
    monkeypatch.setattr(classifier, "FITTED", bad)
    status = main(["score-text", "我保证两周内批下来"])
    out, err = capsys.readouterr()
    assert status == 0 and "谨慎承诺" in out  # the patterns still judge
    assert str(bad) in err and "reinstall" in err and "Traceback" not in err
