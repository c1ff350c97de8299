"""Chinese line breaking: by cell, with the line-start and line-end rules (禁则)."""

from __future__ import annotations

import pytest

from simulator.linebreak import NO_LINE_END, NO_LINE_START, cells, wrap

LONG = (
    "小同志，我那 40 万定期，你们说要转成理财，我问你，这个 R2 中低风险到底是啥意思？会不会亏本？"
)


@pytest.mark.parametrize("width", range(6, 40))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width: int) -> None:
    text = "我理解您的难处（换成我也会着急），咱们一件一件来说：「这个红包我不能收。」好吗？！" * 3
    lines = wrap(text + LONG, width)
    assert all(cells(line) <= width for line in lines)
    assert not [line for line in lines[1:] if line[0] in NO_LINE_START]
    assert not [line for line in lines if line[-1] in NO_LINE_END]
    assert "".join(lines).replace(" ", "") == (text + LONG).replace(" ", "")


def test_chinese_fills_the_line_instead_of_dropping_after_a_number() -> None:
    lines = wrap(LONG, 20)
    # Textual's wrapper gave "小同志，我那 40" and a half-empty line; here every line but the
    # last is within two cells of full.
    assert all(cells(line) >= 18 for line in lines[:-1])
    assert lines[0] == "小同志，我那 40 万定"


def test_numbers_and_latin_words_are_not_split() -> None:
    for width in range(8, 30):
        lines = wrap("这个 R2 中低风险的产品，年化 3.85% 左右，起购 10,000 元。", width)
        joined = "\n".join(lines)
        for word in ("R2", "3.85%", "10,000"):
            assert word in joined, (width, lines)


def test_a_number_keeps_its_chinese_unit() -> None:
    for width in range(4, 12):
        lines = wrap("我那40万定期存款", width)
        assert not any(line.endswith("40") for line in lines), lines


def test_english_breaks_at_spaces_and_drops_them() -> None:
    lines = wrap("A very long English sentence that should wrap at spaces.", 20)
    assert lines == ["A very long English", "sentence that should", "wrap at spaces."]


def test_a_word_wider_than_the_line_is_cut_at_the_edge() -> None:
    assert wrap("abcdefghijklmnop", 6) == ["abcdef", "ghijkl", "mnop"]


def test_paragraphs_and_leading_indent_are_kept() -> None:
    assert wrap("  第一段\n第二段", 10) == ["  第一段", "第二段"]


def test_no_line_starts_with_the_separator_after_a_space() -> None:
    lines = wrap("第 1 轮 · 你说：「你好」", 8)
    assert not any(line.startswith("·") for line in lines)


def test_hanging_lines_are_indented_and_still_fit() -> None:
    lines = wrap("1．" + LONG, 20, hang=3)
    assert all(line.startswith("   ") for line in lines[1:])
    assert all(cells(line) <= 20 for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == ("1．" + LONG).replace(
        " ", ""
    )
