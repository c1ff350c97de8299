"""The principle classifier: its data file, its use in `detect`, `parley eval --fit-detectors`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator import classifier
from simulator.classifier import Classifier
from simulator.content import load_content
from simulator.detectors import detect
from simulator.model import Catalog
from tests.conftest import parley_at_root

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_content(include_local=False, raise_on_error=False).catalog


def _tiny() -> Classifier:
    return Classifier(
        idf={"别": 1.0, "急": 1.5, "别急": 2.0, "保证": 2.0},
        models={
            ("empathy", "upholds"): (-1.0, {"别急": 6.0, "急": 1.0}),
            ("careful_promise", "violates"): (-2.0, {"保证": 5.0}),
        },
    )


def test_the_data_file_reads_back_what_was_written() -> None:
    tiny = _tiny()
    again = Classifier.from_json(tiny.to_json())
    assert again.probabilities("您别急") == pytest.approx(tiny.probabilities("您别急"))
    assert again.models.keys() == tiny.models.keys()


def test_a_lowered_line_is_kept_in_the_data_file_and_adds_a_principle_there(
    catalog: Catalog,
) -> None:
    # "有点急" reads as empathy at 0.5 to the tiny model: under the usual line, so not added;
    # with its line lowered to 0.45 (as a fit lowers one, written to the file), it is.
    tiny = _tiny()
    key = ("empathy", "upholds")
    assert tiny.probabilities("有点急")[key] == pytest.approx(0.5)
    assert tiny.line(key) == classifier.ADD_UPHOLDS
    assert "empathy" not in {h.principle for h in detect("有点急", catalog, reader=tiny)}
    lowered = Classifier.from_json(tiny.with_lines({key: 0.45}).to_json())
    broken = lowered.line(("careful_promise", "violates"))
    assert lowered.line(key) == 0.45 and broken == classifier.ADD_VIOLATES
    hits = detect("有点急", catalog, reader=lowered)
    assert [(h.principle, h.polarity, h.detector) for h in hits] == [
        ("empathy", "upholds", "learned")
    ]


def test_a_line_is_lowered_only_on_many_additions_right_nine_times_in_ten() -> None:
    key, other, few = ("integrity", "violates"), ("honesty", "violates"), ("composure", "violates")
    kept, kept_high = ("empathy", "upholds"), ("honesty", "upholds")
    additions = (
        [(key, 0.67, True)] * 40  # right every time from 0.65: lowered there...
        + [(key, 0.62, True)] * 6
        + [(key, 0.62, False)] * 6  # ...not to 0.6, half wrong
        + [(other, 0.72, True)] * 34
        + [(other, 0.72, False)] * 6  # 85 % right: not lowered
        + [(few, 0.7, True)] * 19  # too few to go on
        + [(few, 0.95, False)] * 10  # at or over the usual line: not in the question
        # a principle kept: its own line (0.6, round thirty-nine) is already the lowest of
        # LINES, so additions over it are not in the question...
        + [(kept, 0.62, True)] * 30
        + [(kept_high, 0.8, True)] * 30  # ...and a line is never raised
    )
    assert classifier.ADD_UPHOLDS == min(classifier.LINES)
    assert classifier.choose_lines(additions) == {key: 0.65}


def test_between_its_lines_and_add_the_classifier_adds_only_its_strongest_reading(
    catalog: Catalog,
) -> None:
    # Round twenty-six: a principle broken, like one kept, is added from 0.75; under 0.9
    # (`ADD`) only the classifier's strongest reading of the sentence is.
    even = Classifier(
        idf={"急": 1.0, "蓝莓": 1.0},
        models={
            ("empathy", "upholds"): (-1.0, {"急": 4.0}),
            ("careful_promise", "violates"): (-1.0, {"蓝莓": 3.6}),
        },
    )
    both = even.probabilities("有点急蓝莓")
    assert classifier.ADD_VIOLATES < both[("careful_promise", "violates")] < classifier.ADD
    assert both[("careful_promise", "violates")] < both[("empathy", "upholds")] < classifier.ADD
    found = detect("有点急蓝莓", catalog, reader=even)
    assert [(h.principle, h.polarity, h.detector) for h in found] == [
        ("empathy", "upholds", "learned")
    ]
    alone = detect("蓝莓", catalog, reader=even)
    assert [(h.principle, h.polarity) for h in alone] == [("careful_promise", "violates")]


def test_a_file_fitted_on_other_ngrams_is_refused() -> None:
    raw = json.loads(_tiny().to_json())
    raw["ngrams"] = [1, 2, 3]
    with pytest.raises(ValueError, match="n-grams"):
        Classifier.from_json(json.dumps(raw))


def test_probabilities_follow_the_weights_and_the_words() -> None:
    tiny = _tiny()
    calm = tiny.probabilities("您别急，慢慢说")
    other = tiny.probabilities("今天下雨")
    assert calm["empathy", "upholds"] > 0.9 > 0.5 > other["empathy", "upholds"]
    assert other["careful_promise", "violates"] == pytest.approx(1 / (1 + 2.718281828**2))


def test_the_shipped_classifier_is_there_and_reads_chinese() -> None:
    fitted = classifier.load()
    assert fitted is not None and len(fitted.models) >= 30
    assert fitted.probabilities("别着急，您慢慢说，我听着呢")["empathy", "upholds"] > 0.9
    assert classifier.reads("别急") and not classifier.reads("Don't worry, take your time.")


def test_without_its_file_the_patterns_decide_alone(tmp_path: Path) -> None:
    assert classifier.load(tmp_path / "missing.json") is None


def test_a_kept_principle_said_in_words_no_pattern_names_is_found(catalog: Catalog) -> None:
    # A hardship noticed, in words no empathy pattern lists: the classifier alone finds it,
    # quotes the words, and names the principle. (A fitted model. Until round twenty this was
    # "这笔钱打算怎么用？大概用多久？" for information gathering; refitted with v21 it gave 0.845,
    # under the line at which it adds a principle on its own, 0.9, as refits with v16 and v19
    # had before: it sits between asking and listening. This one reads 0.948.)
    text = "孩子住院这几天你一直守着吧"
    assert "empathy" not in {h.principle for h in detect(text, catalog, learned=False)}
    hits = [h for h in detect(text, catalog) if h.principle == "empathy"]
    assert [(h.polarity, h.detector) for h in hits] == [("upholds", "learned")]
    assert hits[0].evidence and hits[0].evidence in text
    assert catalog.principles["empathy"].name.zh in hits[0].explanation.zh
    # It says what keeping the principle is, in the catalog's words, not how it was fitted.
    gist = "站在客户的角度看问题"
    assert gist in catalog.principles["empathy"].description.zh
    assert f"守住了这一条：{gist}" in hits[0].explanation.zh
    assert "标注" not in hits[0].explanation.zh and "judged so" not in hits[0].explanation.en


def test_a_broken_principle_a_pattern_names_always_stands(catalog: Catalog) -> None:
    # The classifier gives this overpromise little weight; a violation a pattern names is
    # never overruled.
    text = "三十万一分都不会少"
    fitted = classifier.load()
    assert fitted is not None
    assert fitted.probabilities(text)["careful_promise", "violates"] < classifier.KEEP_PATTERN * 2
    assert ("careful_promise", "violates") in {
        (h.principle, h.polarity) for h in detect(text, catalog)
    }


def test_words_with_no_chinese_are_left_to_the_patterns(catalog: Catalog) -> None:
    text = "I guarantee the loan will be approved next week."
    assert detect(text, catalog) == detect(text, catalog, learned=False)


def test_eval_fit_detectors_writes_a_classifier_and_cross_checks_it(tmp_path: Path) -> None:
    out = tmp_path / "classifier.json"
    files = [str(EVAL / "detect_v9_dev.yaml"), str(EVAL / "detect_v10_dev.yaml")]
    done = parley_at_root("eval", "--fit-detectors", str(out), "--fit", *files)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "each of 2 sets left out in turn" in done.stdout
    assert "upholds precision" in done.stdout and "violates recall" in done.stdout
    assert "the classifier's own additions, right / wrong" in done.stdout
    fitted = classifier.load(out)
    assert fitted is not None and ("empathy", "upholds") in fitted.models


def test_eval_fit_detectors_names_a_file_it_cannot_read(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    done = parley_at_root(
        "eval", "--fit-detectors", str(tmp_path / "c.json"), "--fit", str(missing)
    )
    assert done.returncode == 2
    assert str(missing) in done.stderr and "Traceback" not in done.stderr


def test_eval_fit_detectors_says_where_a_set_is_broken_and_when_it_cannot_fit(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- {text: 别急, upholds: [empathy]\n", encoding="utf-8")
    done = parley_at_root("eval", "--fit-detectors", str(tmp_path / "c.json"), "--fit", str(broken))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{broken}:2:1" in done.stderr
    tiny = tmp_path / "tiny.yaml"
    tiny.write_text("- {text: 别急，慢慢说, upholds: [empathy]}\n", encoding="utf-8")
    done = parley_at_root("eval", "--fit-detectors", str(tmp_path / "c.json"), "--fit", str(tiny))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot fit" in done.stderr and not (tmp_path / "c.json").exists()


def test_eval_fit_detectors_refuses_a_folder_it_cannot_write_before_fitting(
    tmp_path: Path,
) -> None:
    out = tmp_path / "no-such-folder" / "c.json"
    done = parley_at_root(
        "eval", "--fit-detectors", str(out), "--fit", str(EVAL / "detect_v9_dev.yaml")
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(out) in done.stderr and "folder" in done.stderr
    assert "principle classifier" not in done.stdout  # refused before any fitting


def test_under_the_sure_line_only_the_classifiers_strongest_reading_is_added(
    catalog: Catalog,
) -> None:
    # A cold tryout's bare refusal of a gift ("我唔收得") was credited integrity kept and, under
    # the line of 0.9, a careful promise the classifier half read there too. Here one reads 0.99
    # and the other 0.82: only the stronger is added; alone, the weaker would be.
    both = Classifier(
        idf={"蓝莓": 1.0},
        models={
            ("integrity", "upholds"): (-1.0, {"蓝莓": 6.0}),
            ("careful_promise", "upholds"): (-1.0, {"蓝莓": 2.5}),
        },
    )
    probability = both.probabilities("蓝莓")
    assert probability[("integrity", "upholds")] > 0.99
    assert classifier.ADD_UPHOLDS < probability[("careful_promise", "upholds")] < classifier.ADD
    hits = detect("蓝莓", catalog, reader=both)
    assert [(h.principle, h.polarity, h.detector) for h in hits] == [
        ("integrity", "upholds", "learned")
    ]
    alone = Classifier(
        idf=both.idf,
        models={("careful_promise", "upholds"): both.models[("careful_promise", "upholds")]},
    )
    assert [(h.principle, h.detector) for h in detect("蓝莓", catalog, reader=alone)] == [
        ("careful_promise", "learned")
    ]
