"""Phrasings heard in the labelled sets: read as their option's, dropped when the option is
rewritten, left out for the set they came from, and shipped as the fit on the bundled sets."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from simulator import fitted_data, phrasings
from simulator.content import Content, load_content
from simulator.evaluation import SetItem, judge_items, read_labelled_set
from simulator.model import Text
from simulator.understanding import Matcher
from tests.conftest import parley_at_root

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval"

# A coach's labelled set in one trainee's slang: "the ledger has the answer".
LEDGER = (
    "走，上账本里找答案去",
    "账本不会骗人，咱翻开瞅瞅",
    "答案都在账本里，一起翻",
    "翻翻账本就知道了",
)
# Refusals of skipping the workshop visit, said back as "how could that do".
NOT_SKIPPING = ("车间不看哪行", "不去车间看看哪成", "车间不看可不成，我得去", "不看车间？那哪行")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(include_local=False, raise_on_error=False)


def _heard(
    content: Content, scenario: str, node: str, texts: tuple[str, ...], **label: str
) -> phrasings.Phrasings:
    expect = label.get("expect")
    kind = "negated" if "negates" in label else "reworded"
    items = [SetItem(scenario, node, t, expect, kind, label.get("negates")) for t in texts]
    return phrasings.learn([("mine", items)], content.scenarios)


def _reading(matcher: Matcher, node: str, text: str) -> tuple[str, list[str]]:
    reading = matcher.understand(node, text)
    return reading.decision, [r.option_id for r in reading.candidates]


def test_an_answer_said_the_way_a_labelled_set_heard_it_is_taken(content: Content) -> None:
    scenario = content.scenarios["retail_supply_cold"]
    heard = _heard(content, scenario.id, "grievance", LEDGER, expect="show_data")
    for typed in ("咱翻账本找答案去", "账本里有答案，翻开看看"):
        assert _reading(Matcher(scenario), "grievance", typed) == ("clarify", [])
        assert _reading(Matcher(scenario, heard), "grievance", typed) == ("take", ["show_data"])
        # Judged by what the other sets taught, the set's own phrasings are not there.
        left_out = Matcher(scenario, heard, leave_out="mine")
        assert _reading(left_out, "grievance", typed) == ("clarify", [])


def test_a_refusal_heard_in_a_labelled_set_is_never_read_as_what_it_refuses(
    content: Content,
) -> None:
    scenario = content.scenarios["credit_statements_mismatch"]
    heard = _heard(content, scenario.id, "office_chat", NOT_SKIPPING, negates="skip_visit")
    typed = "车间不看哪能行"
    assert _reading(Matcher(scenario), "office_chat", typed) == ("take", ["skip_visit"])
    decision, offered = _reading(Matcher(scenario, heard), "office_chat", typed)
    assert decision != "take" and "skip_visit" not in offered


def test_what_was_heard_for_an_option_no_longer_counts_once_it_is_rewritten(
    content: Content,
) -> None:
    scenario = content.scenarios["retail_supply_cold"]
    heard = _heard(content, scenario.id, "grievance", LEDGER, expect="show_data")
    node = scenario.nodes["grievance"]
    option = node.option("show_data")
    assert option is not None
    assert heard.of(scenario.id, "grievance", option)[0] == LEDGER
    rewritten = dataclasses.replace(
        option, text=Text("档位的事我回去帮您问问。", "I'll ask about it.")
    )
    options = tuple(rewritten if o.id == option.id else o for o in node.options)
    edited = dataclasses.replace(
        scenario, nodes={**scenario.nodes, node.id: dataclasses.replace(node, options=options)}
    )
    assert heard.of(scenario.id, "grievance", rewritten) == ((), ())
    assert _reading(Matcher(edited, heard), "grievance", "咱翻账本找答案去")[1] != ["show_data"]


def test_the_phrasings_survive_the_file_they_ship_as(content: Content) -> None:
    heard = _heard(content, "retail_supply_cold", "grievance", LEDGER, expect="show_data")
    again = phrasings.Phrasings.from_json(heard.to_json())
    assert again == heard and again.sets == {"mine"} and len(again) == len(LEDGER)


def test_the_shipped_phrasings_were_heard_in_every_bundled_set(content: Content) -> None:
    shipped = phrasings.load()
    groups = {p.stem.rsplit("_", 1)[0] for p in EVAL.glob("match*.yaml")}
    assert shipped.sets == groups
    assert {key[0] for key in shipped.options} >= set(content.scenarios)


def test_a_bundled_set_is_judged_by_what_the_other_sets_taught(content: Content) -> None:
    path = EVAL / "match_v17_dev.yaml"
    items = [i for i in read_labelled_set(path) if i.kind == "reworded"][:60]
    own = judge_items(items, content.scenarios)  # its own phrasings read it: all taken right
    honest = judge_items(items, content.scenarios, "match_v17")
    right = [r.decision == "take" and r.option == r.item.expect for r in own]
    assert all(right)
    assert sum(r.decision == "take" and r.option == r.item.expect for r in honest) < len(items)


def test_parley_eval_leaves_a_bundled_sets_own_phrasings_out_wherever_it_is_kept(
    tmp_path: Path,
) -> None:
    # The bundled set is judged without the phrasings heard in it, and so is a copy of the
    # same bytes under another name and folder (judged by everything heard, the copy scored
    # itself: all taken right, round thirty-one's note). A coach's file holding some of its
    # items is another set: it is read with the phrasings heard in them, and takes more.
    # (One run of the bundled set serves all three: each run indexes its scenarios afresh.)
    bundled = EVAL / "match_v33_heldout.yaml"
    items = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    copy = tmp_path / "elsewhere.yaml"
    copy.write_bytes(bundled.read_bytes())
    three = {"pitch_proposal_overhaul", "retail_grey_cigarettes", "pitch_internal_politics"}
    mine = [item for item in items if item["scenario"] in three]
    subset = tmp_path / "mine.yaml"
    subset.write_text(yaml.safe_dump(mine, allow_unicode=True), encoding="utf-8")
    runs = []
    for path in (bundled, copy, subset):
        done = parley_at_root("eval", "--set", str(path), "--json")
        assert done.returncode == 0, done.stderr
        runs.append([line for line in done.stdout.splitlines() if line.startswith("{")])
    assert len(runs[0]) == len(items) == 72
    assert runs[0] == runs[1]
    rows = [yaml.safe_load(line) for line in runs[0]]
    theirs = [r for r, item in zip(rows, items, strict=True) if item in mine]
    ours = [yaml.safe_load(line) for line in runs[2]]
    assert len(theirs) == len(ours) == len(mine)
    taken = [sum(r["decision"] == "take" for r in found) for found in (theirs, ours)]
    assert taken[0] < taken[1], taken


@pytest.mark.parametrize(
    ("damage", "reason"),
    [('{"sets": ["match"', "not JSON"), ('{"sets": []}', "missing 'options'")],
)
def test_a_damaged_phrasings_file_leaves_the_coachs_phrasings_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str, reason: str
) -> None:
    monkeypatch.setattr(fitted_data, "_damaged", {})
    bad = tmp_path / "phrasings.json"
    bad.write_text(damage, encoding="utf-8")
    assert phrasings.load(bad) == phrasings.NOTHING
    assert reason in fitted_data.damaged()[str(bad)]
