"""Chinese that a person reads uses full-width punctuation: the UI strings and the fix-it."""

from __future__ import annotations

from simulator.i18n import STRINGS
from simulator.punctuation import full_width, half_width_spots


def test_every_chinese_ui_string_uses_full_width_punctuation() -> None:
    bad = {key: zh for key, (zh, _en) in STRINGS.items() if half_width_spots(zh)}
    assert bad == {}


def test_the_fix_keeps_indentation_and_line_starts() -> None:
    assert full_width("  (没有命中)") == "  （没有命中）"
    assert full_width("第一行,\n    (旁白)") == "第一行，\n    （旁白）"


def test_the_check_ignores_english_inside_chinese_and_catches_it_around() -> None:
    assert half_width_spots("他说 hello, world 就走了") == []
    assert [("他说完,就走了")[i] for i in half_width_spots("他说完,就走了")] == [","]
    # a fixed mark makes its neighbour Chinese: the fix runs until nothing changes
    assert full_width('"好"?(笑)') == '"好"？（笑）'


def test_a_quote_of_the_trainee_ends_at_a_clause_not_mid_phrase() -> None:
    from simulator.punctuation import clip_said

    said = "放心吧钱总，包在我身上，一千八下周肯定批下来，您就等着好消息吧"
    assert clip_said(said, 24) == "放心吧钱总，包在我身上，一千八下周肯定批下来…"
    assert clip_said(said, 16) == "放心吧钱总，包在我身上…"
    # no clause ends in the second half of what fits: cut where it fits
    assert clip_said("一千八下周肯定批下来您就等着好消息吧", 10) == "一千八下周肯定批下…"
    assert clip_said("短句，好的", 24) == "短句，好的"


def test_a_quote_in_english_gets_the_room_of_the_chinese_and_ends_between_words() -> None:
    from simulator.punctuation import clip_said

    said = "Since President Wang already put in a word for you consider it done no problem at all"
    quoted = clip_said(said, 40)
    # twice the characters (Latin letters say less each), and not cut inside a word
    assert (
        quoted == "Since President Wang already put in a word for you consider it done no problem…"
    )
    assert said.startswith(quoted[:-1]) and said[len(quoted) - 1] == " "
    assert clip_said(said, 40).endswith("problem…")
    # a word longer than the room is still cut where it fits
    assert clip_said("x" * 100, 20) == "x" * 39 + "…"
