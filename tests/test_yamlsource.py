"""Safe located YAML: values keep their places, and every unsafe or malformed file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.yamlsource import MAX_DEPTH, YList, YMap, parse_bytes, read_document

BAD = Path(__file__).parent / "data" / "bad"


def parse(text: str):
    return parse_bytes(text.encode("utf-8"), "f.yaml")


def test_values_keep_their_line_and_column():
    data, problem = parse('id: demo\nnodes:\n  a:\n    - x\n    - "quoted"\n')
    assert problem is None
    assert isinstance(data, YMap)
    assert str(data.key_loc("nodes")) == "f.yaml:2:1"
    items = data["nodes"]["a"]
    assert isinstance(items, YList)
    assert str(items.item_loc(0)) == "f.yaml:4:7"
    # inside the quotes, so expression columns line up with the text
    assert str(items.item_loc(1)) == "f.yaml:5:8"


def test_only_true_and_false_are_booleans():
    data, _ = parse("words: [no, yes, on, off, true, False]\nn: 12\nf: 1.5\nz: ~\n")
    assert data["words"] == ["no", "yes", "on", "off", True, False]
    assert data["n"] == 12 and data["f"] == 1.5 and data["z"] is None


def test_quoted_numbers_stay_text():
    data, _ = parse("a: '12'\nb: \"true\"\n")
    assert data == {"a": "12", "b": "true"}


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("duplicate_key.yaml", "PAR005", 2),
        ("alias_bomb.yaml", "PAR006", 1),
        ("binary_junk.yaml", "PAR003", 1),
        ("top_list.yaml", "PAR009", 1),
        ("syntax_error.yaml", "PAR004", 3),
        ("python_tag.yaml", "PAR008", 2),
    ],
)
def test_bad_files_give_one_located_diagnostic(name: str, code: str, line: int):
    doc = read_document(BAD / name)
    assert doc.data is None
    [problem] = doc.diagnostics
    assert problem.code == code
    assert problem.severity == "error"
    assert problem.location.line == line
    assert problem.location.path.endswith(name)


def test_anchor_without_alias_is_refused():
    _, problem = parse("a: &x 1\n")
    assert problem is not None and problem.code == "PAR006"


def test_invalid_utf8_points_at_the_bad_byte():
    _, problem = parse_bytes(b"id: ok\nname: \xff\xfe\n", "f.yaml")
    assert problem is not None and problem.code == "PAR003"
    assert (problem.location.line, problem.location.column) == (2, 7)


def test_nesting_deeper_than_the_limit_is_refused():
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    _, problem = parse(deep)
    assert problem is not None and problem.code == "PAR007"
    ok, problem = parse("a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n")
    assert problem is None and ok is not None


def test_very_deep_nesting_does_not_crash():
    _, problem = parse("[" * 200_000)
    assert problem is not None and problem.code in ("PAR007", "PAR004")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    doc = read_document(big)
    assert doc.data is None and doc.raw == b""
    assert doc.diagnostics[0].code == "PAR002"


def test_empty_file_and_scalar_file_are_not_mappings(tmp_path: Path):
    for text in ("", "just text\n", "42\n"):
        _, problem = parse(text)
        assert problem is not None and problem.code == "PAR009"


def test_two_documents_are_refused():
    _, problem = parse("a: 1\n---\nb: 2\n")
    assert problem is not None and problem.code == "PAR004"
    assert problem.location.line == 3


def test_mapping_as_key_is_refused():
    _, problem = parse("? {a: 1}\n: x\n")
    assert problem is not None and problem.code == "PAR010"


def test_missing_file_is_a_diagnostic(tmp_path: Path):
    doc = read_document(tmp_path / "nope.yaml")
    assert doc.diagnostics[0].code == "PAR001"


def test_tab_indentation_is_named_as_a_tab():
    _, problem = parse("id: x\nnodes:\n  a:\n\t  b: 1\n")
    assert problem is not None and problem.code == "PAR004"
    assert str(problem.location) == "f.yaml:4:1"
    assert "tab" in problem.message.lower() and "spaces" in problem.hint


def test_a_question_mark_in_flow_text_parses_without_libyaml(monkeypatch: pytest.MonkeyPatch):
    import simulator.yamlsource as yamlsource

    text = "line: {zh: 你这是什么态度?, en: What is this attitude?}\nwords: [a?b, c]\n"
    monkeypatch.setattr(yamlsource, "_Parser", yamlsource.PurePythonParser)
    data, problem = parse_bytes(text.encode("utf-8"), "x.yaml")
    assert problem is None, problem
    assert data["line"]["zh"] == "你这是什么态度?" and data["words"] == ["a?b", "c"]


def test_every_bundled_file_reads_the_same_with_and_without_libyaml(
    monkeypatch: pytest.MonkeyPatch,
):
    import yaml

    import simulator.yamlsource as yamlsource
    from simulator import library

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML here has no libyaml to compare with")
    files = sorted(library.bundled_scenarios_dir().rglob("*.yaml"))
    files += sorted(library.bundled_personas_dir().rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        raw = path.read_bytes()
        monkeypatch.setattr(yamlsource, "_Parser", yaml.CSafeLoader)
        fast = parse_bytes(raw, str(path))
        monkeypatch.setattr(yamlsource, "_Parser", yamlsource.PurePythonParser)
        slow = parse_bytes(raw, str(path))
        assert fast == slow, path


def test_the_new_persona_skeleton_parses_without_libyaml(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    import simulator.yamlsource as yamlsource
    from simulator.cli import main

    assert main(["new", "persona", "he_dongsheng", "-o", str(tmp_path)]) == 0
    monkeypatch.setattr(yamlsource, "_Parser", yamlsource.PurePythonParser)
    doc = read_document(tmp_path / "he_dongsheng.yaml")
    assert doc.diagnostics == []
