"""Twine round trip: `parley export --twee` then `parley import-twee` gives the same scenario."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator import twee
from simulator.content import load_content
from simulator.loader import load_scenario
from simulator.model import NOWHERE, Location, Scenario

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"


def _strip(obj: Any) -> Any:
    """The model without what may differ between two files of one scenario (places, hash)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, Location):
                changes[f.name] = NOWHERE
            elif f.name in ("path", "content_hash"):
                changes[f.name] = ""
            else:
                changes[f.name] = _strip(value)
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, tuple):
        return tuple(_strip(x) for x in obj)
    if hasattr(obj, "items"):
        return {k: _strip(v) for k, v in obj.items()}
    return obj


def _round_trip(scenario: Scenario, tmp_path: Path) -> Scenario:
    data = twee.import_twee(twee.export_twee(scenario), "story.twee")
    out = tmp_path / f"{scenario.id}.yaml"
    out.write_text(twee.scenario_yaml(data), encoding="utf-8")
    back, problems = load_scenario(out)
    assert back is not None, [str(p) for p in problems]
    return back


def _scenarios() -> list[Scenario]:
    bundled = load_content(raise_on_error=False).scenarios
    valid = load_content(
        [VALID, DATA / "listening"], include_bundled=False, include_local=False
    ).scenarios
    return [*bundled.values(), *valid.values()]


@pytest.mark.parametrize("scenario", _scenarios(), ids=lambda s: s.id)
def test_export_then_import_gives_the_same_scenario(scenario: Scenario, tmp_path: Path):
    assert _strip(_round_trip(scenario, tmp_path)) == _strip(scenario)


def test_the_comparison_sees_a_changed_scenario(tmp_path: Path):
    scenario = load_content([VALID], include_bundled=False, include_local=False).scenarios[
        "test_supply"
    ]
    story = twee.export_twee(scenario)
    # The block holds the scenario file's own text (flow style here)
    text = story.replace("principles: {active_listening: 2}", "principles: {active_listening: 1}")
    assert text != story
    data = twee.import_twee(text, "story.twee")
    out = tmp_path / "x.yaml"
    out.write_text(twee.scenario_yaml(data), encoding="utf-8")
    back, _ = load_scenario(out)
    assert back is not None
    assert back.nodes["opening"].options[0].principles == {"active_listening": 1}
    assert _strip(back) != _strip(scenario)


def test_the_story_follows_twee_3(tmp_path: Path):
    scenario = load_content([VALID], include_bundled=False, include_local=False).scenarios[
        "test_supply"
    ]
    text = twee.export_twee(scenario)
    headers = [line for line in text.splitlines() if line.startswith("::")]
    names = []
    for header in headers:
        match = re.fullmatch(r":: (\S+)(?: \[([^\]]*)\])?(?: (\{.*\}))?", header)
        assert match, header
        names.append(match.group(1))
        if match.group(3):
            meta = json.loads(match.group(3))
            assert set(meta) == {"position", "size"}  # all Twine keeps
            assert re.fullmatch(r"\d+,\d+", meta["position"])
    assert names[:3] == ["StoryTitle", "StoryData", twee.META_PASSAGE]
    assert set(names[3:]) == {*scenario.nodes, *scenario.endings}
    story_data = json.loads(text.split(":: StoryData\n", 1)[1].split("\n\n::", 1)[0])
    assert re.fullmatch(r"[0-9A-F-]{36}", story_data["ifid"])
    assert story_data["start"] == "opening"
    assert "[[listen->explain]]" in text and "[[⚠ promise_more ?->explain]]" in text
    assert re.search(r":: end_visit \[parley-ending parley-success\]", text)
    assert re.search(r":: opening \[parley-node parley-trap principle-active_listening", text)
    # the same scenario gives the same story, byte for byte (ifid included)
    assert twee.export_twee(scenario) == text


def test_twine_rewrites_of_metadata_and_prose_do_not_matter(tmp_path: Path):
    scenario = load_content([VALID], include_bundled=False, include_local=False).scenarios[
        "test_supply"
    ]
    text = twee.export_twee(scenario)
    moved = re.sub(
        r'\{"position": "\d+,\d+", "size": "100,100"\}', '{"position":"7,9","size":"200,100"}', text
    )
    moved = moved.replace("[[listen->explain]]", "[[hear her out->explain]]\nA note for myself.")
    assert _strip(_round_trip_text(moved, tmp_path)) == _strip(scenario)


def _round_trip_text(text: str, tmp_path: Path) -> Scenario:
    out = tmp_path / "t.yaml"
    out.write_text(twee.scenario_yaml(twee.import_twee(text, "s.twee")), encoding="utf-8")
    back, problems = load_scenario(out)
    assert back is not None, [str(p) for p in problems]
    return back


def _story() -> str:
    scenario = load_content([VALID], include_bundled=False, include_local=False).scenarios[
        "test_supply"
    ]
    return twee.export_twee(scenario)


def test_a_passage_without_its_block_is_named_with_its_line():
    text = _story()
    start = text.index(":: explain")
    block = text.index("```parley", start)
    broken = text[:block] + text[block:].replace("```parley", "```yaml", 1)
    line = text[:start].count("\n") + 1
    with pytest.raises(twee.TweeError) as caught:
        twee.import_twee(broken, "s.twee")
    assert caught.value.line == line
    assert "passage 'explain' has no ```parley block" in str(caught.value)


def test_a_yaml_error_inside_a_block_points_at_the_twee_line():
    text = _story()
    broken = text.replace("client: {zh: 凭什么别人家比我多？", "client: {zh: [凭什么", 1)
    assert broken != text
    line = broken[: broken.index("client: {zh: [凭什么")].count("\n") + 1
    with pytest.raises(twee.TweeError) as caught:
        twee.import_twee(broken, "s.twee")
    assert "passage 'explain'" in caught.value.message
    assert abs(caught.value.line - line) <= 1


def test_a_story_not_from_parley_is_refused():
    with pytest.raises(twee.TweeError, match="no passage tagged parley-scenario"):
        twee.import_twee(":: Start\nHello [[there]]\n", "s.twee")


def test_cli_round_trip_and_clear_errors(tmp_path: Path, parley_home: Path):
    env = {**os.environ, "PARLEY_HOME": str(parley_home)}

    def parley(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "simulator", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    story = tmp_path / "s.twee"
    out = parley("export", "test_supply", "--content", str(VALID), "--twee", "-o", str(story))
    assert out.returncode == 0, out.stderr
    back = tmp_path / "back.yaml"
    done = parley("import-twee", str(story), "-o", str(back))
    assert done.returncode == 0, done.stderr
    assert back.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    original = load_content([VALID], include_bundled=False, include_local=False)
    loaded, _ = load_scenario(back)
    assert _strip(loaded) == _strip(original.scenarios["test_supply"])
    again = parley("import-twee", str(story), "-o", str(back))
    assert again.returncode == 2 and "--force" in again.stderr
    bad = tmp_path / "bad.twee"
    bad.write_text(":: Start\nnothing here\n", encoding="utf-8")
    refused = parley("import-twee", str(bad))
    assert refused.returncode == 2 and "bad.twee:1:" in refused.stderr
    assert "Traceback" not in refused.stderr
    binary = tmp_path / "binary.twee"
    binary.write_bytes(b":: Start\n\xff\xfe\x00")
    refused = parley("import-twee", str(binary))
    assert refused.returncode == 2 and "binary.twee:2: " in refused.stderr
    assert "UTF-8" in refused.stderr and "codec" not in refused.stderr


def test_import_reports_a_broken_reference_and_link_edits(tmp_path: Path, parley_home: Path):
    story = _story()
    # A passage renamed in Twine: the block still says `next: explain`, no passage has it.
    broken = story.replace(":: explain ", ":: explain_more ", 1)
    path = tmp_path / "s.twee"
    path.write_text(broken, encoding="utf-8")
    out = tmp_path / "back.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "import-twee", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLEY_HOME": str(parley_home)},
    )
    assert done.returncode == 1, done.stderr
    assert "PAR040" in done.stderr and "explain" in done.stderr
    # A link drawn in Twine that the block does not have is named, not dropped in silence.
    drawn = story.replace(
        "[[policy->end_visit]]", "[[policy->end_visit]]\n[[shortcut->end_walkout]]"
    )
    assert drawn != story
    notes = twee.link_edits(drawn)
    assert any("'end_walkout'" in n and "ignores the link" in n for n in notes), notes
    removed = story.replace("[[policy->end_visit]]", "")
    assert any("no link to 'end_visit'" in n for n in twee.link_edits(removed))
    assert twee.link_edits(story) == []


def test_boolean_and_number_assignments_come_back_as_themselves():
    data = twee.import_twee(_story())
    listen = next(o for o in data["nodes"]["opening"]["options"] if o["id"] == "listen")
    assert listen["set"] == {"asked_why": True}
    assert "asked_why: true" in twee.scenario_yaml(data)


def test_comments_in_the_yaml_survive_the_round_trip(tmp_path: Path):
    source = tmp_path / "lib"
    import shutil

    shutil.copytree(VALID, source)
    path = source / "scenarios" / "test_supply.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  explain:\n", "  explain:\n    # she compares herself with next door\n")
    text = text.replace("start: opening", "start: opening   # the shop counter")
    path.write_text(text, encoding="utf-8")
    content = load_content([source], include_bundled=False, include_local=False)
    story = twee.export_twee(content.scenarios["test_supply"])
    assert "# she compares herself with next door" in story
    back = twee.scenario_text(story, "s.twee")
    assert "# she compares herself with next door" in back
    assert "# the shop counter" in back
    out = tmp_path / "back.yaml"
    out.write_text(back, encoding="utf-8")
    loaded, problems = load_scenario(out)
    assert loaded is not None, [str(p) for p in problems]
    assert _strip(loaded) == _strip(content.scenarios["test_supply"])
