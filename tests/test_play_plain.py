"""`parley play --plain` end to end, as a user runs it: a subprocess with scripted stdin."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA


def parley(*args: str, stdin: str = "", home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PARLEY_HOME=str(home), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def play(stdin: str, home: Path, transcript: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return parley(
        "play",
        "engine_demo",
        "--plain",
        "--content",
        str(DATA / "engine"),
        "--seed",
        "1",
        "--transcript",
        str(transcript),
        *extra,
        stdin=stdin,
        home=home,
    )


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_whole_session_prints_feedback_and_scorecard(tmp_path: Path, parley_home: Path) -> None:
    transcript = tmp_path / "t.jsonl"
    result = play("1\n1\n", parley_home, transcript)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    assert "快点,我要贷款。" in out  # the annoyed variant: trust 28 starts annoyed
    assert "1. 您打算用什么来还款?" in out
    assert "教练点评：未贷先想收。" in out
    assert "得分：100/100" in out
    assert "好,我回去准备资料。" in out  # the ending's last words
    assert str(transcript) in out
    records = lines(transcript)
    assert records[0]["format"] == "parley-transcript" and records[0]["seed"] == 1
    turns = [r for r in records if r.get("type") == "turn"]
    assert [t["option"] for t in turns] == ["ask_repay", "explain"]
    assert records[-1]["type"] == "end"


def test_piped_answers_are_written_after_their_prompt(tmp_path: Path, parley_home: Path) -> None:
    # A pipe is not a terminal: nothing echoes the answer, so the next line ran on from the
    # prompt. The answer is written back, each on the prompt's line.
    result = play("1\n1\n", parley_home, tmp_path / "t.jsonl")
    assert result.returncode == 0, result.stderr
    prompted = [line for line in result.stdout.splitlines() if line.rstrip().endswith("1")]
    assert len(prompted) >= 2, result.stdout


def test_the_option_comment_on_typed_words_says_it_is_the_options(
    tmp_path: Path, parley_home: Path
) -> None:
    picked = play("1\n1\n", parley_home, tmp_path / "a.jsonl")
    assert "教练点评：" in picked.stdout and "对照你最接近的选项" not in picked.stdout
    typed = play("您打算用什么来还款？\n1\n", parley_home, tmp_path / "b.jsonl")
    assert typed.returncode == 0, typed.stderr
    assert "教练点评（对照你最接近的选项）：" in typed.stdout


def test_the_scorecard_marks_each_quote_kept_or_broken(tmp_path: Path, parley_home: Path) -> None:
    result = play("我保证两周内批下来\n1\n1\n", parley_home, tmp_path / "t.jsonl")
    assert result.returncode == 0, result.stderr
    assert "－「我保证两周内批下来」" in result.stdout


def test_bad_input_gets_clear_messages_and_nothing_is_lost(
    tmp_path: Path, parley_home: Path
) -> None:
    transcript = tmp_path / "t.jsonl"
    result = play("9\n0\n\n3.\n", parley_home, transcript)
    assert result.returncode == 0
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    assert "没有选项 9：请输入 1–3 之间的编号。" in out
    assert "没有选项 0" in out
    assert "请输入 1–3 的编号，或用自己的话回答。" in out
    # "3." is option 3, as people type it; input ended after that one real turn: the turn is
    # on disk and the session can be resumed
    assert "parley resume" in out
    records = lines(transcript)
    assert [r["option"] for r in records if r.get("type") == "turn"] == ["insult"]
    assert records[-1]["type"] != "end"


def test_a_command_spelled_with_a_slash_is_a_command(tmp_path: Path, parley_home: Path) -> None:
    # Round thirty-six's tryout: "/quit" was words said to the client, and cost patience.
    transcript = tmp_path / "t.jsonl"
    result = play("/foo\n/h\n/quit\n3\n", parley_home, transcript)
    assert result.returncode == 0
    out = result.stdout
    assert "没有「/foo」这个命令" in out
    assert "已退出" in out
    records = lines(transcript)
    assert not [r for r in records if r.get("type") in ("turn", "clarify")]  # nothing was said


def test_the_same_turn_is_prompted_again_without_the_client_saying_it_twice(
    tmp_path: Path, parley_home: Path
) -> None:
    # After a wrong number or small talk the client has already had their say: the options
    # come again with the meters, not the client's line and reply as if said twice.
    result = play("9\n今天天气真不错啊\n1\n1\n", parley_home, tmp_path / "t.jsonl")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("快点,我要贷款。") == 1
    assert out.count("1. 您打算用什么来还款?") == 3  # the first prompt and twice again
    assert "得分：100/100" in out


def test_full_width_digits_pick_options(tmp_path: Path, parley_home: Path) -> None:
    result = play("１\n１\n", parley_home, tmp_path / "t.jsonl")
    assert "得分：100/100" in result.stdout


def test_a_megabyte_paste_is_handled(tmp_path: Path, parley_home: Path) -> None:
    result = play("好" * 1_000_000 + "\n1\n1\n", parley_home, tmp_path / "t.jsonl")
    assert result.returncode == 0
    assert "Traceback" not in result.stdout + result.stderr
    assert "得分：" in result.stdout


def test_english_interface(tmp_path: Path, parley_home: Path) -> None:
    result = play("1\n1\n", parley_home, tmp_path / "t.jsonl", "--lang", "en")
    assert "How will you repay it?" in result.stdout
    assert "Grade: 100/100" in result.stdout


def test_assessment_mode_holds_feedback_until_the_end(tmp_path: Path, parley_home: Path) -> None:
    result = play("h\n1\nu\n1\n", parley_home, tmp_path / "t.jsonl", "--mode", "assessment")
    out = result.stdout
    assert out.index("教练点评") > out.index("好,我回去准备资料。")
    assert "考核模式不提供提示" in out  # the principles to watch are feedback too
    # undo is refused in the trainee's language (it said "只有练习模式可以撤销 / undo is for…")
    assert "考核模式不能撤销。" in out and "undo is for practice" not in out


def test_unknown_scenario_suggests_the_closest(parley_home: Path) -> None:
    result = parley(
        "play", "engine_dem", "--plain", "--content", str(DATA / "engine"), home=parley_home
    )
    assert result.returncode == 2
    assert "engine_demo" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("typed", ["CREDIT_GIFT_DINNER", "credit-gift-dinner", "credit_gift_diner"])
def test_a_scenario_id_typed_with_a_slip_gets_the_id_it_meant(
    parley_home: Path, typed: str
) -> None:
    # Round twenty-eight's cold tryout: the id in capitals got the list of ids and no hint.
    result = parley("play", typed, "--plain", home=parley_home)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "你是指 credit_gift_dinner 吗" in result.stderr


def test_an_overpromise_the_client_did_not_follow_is_still_judged(
    tmp_path: Path, parley_home: Path
) -> None:
    done = parley(
        "play",
        "pitch_wealth_retiree",
        "--plain",
        "--seed",
        "1",
        stdin="保本，肯定保本，收益我给您打包票\n",
        home=parley_home,
    )
    assert "Traceback" not in done.stderr
    assert "谨慎承诺" in done.stdout and "打包票" in done.stdout, done.stdout


def test_the_client_hears_an_overpromise_no_move_makes(parley_home: Path) -> None:
    # At "counter" no move promises the approval: the client used to answer "啊？你到底想说
    # 什么？" as if nothing was said (round twelve's cold tryout). (With "一千八" in it, round
    # fourteen's stance reads the node's phrasings so that the words are taken as the move
    # that reports the full amount, which is a fair reading too.)
    done = parley(
        *("play", "credit_promise_approval", "--plain", "--at", "counter", "--seed", "1"),
        stdin="放心吧钱总，包在我身上，下周肯定批下来。\n",
        home=parley_home,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    out = done.stdout
    assert "「这话可是你说的，我记下了。那你具体打算怎么办？」" in out
    assert "没听明白" not in out and "到底想说什么" not in out
    assert "这句话没对上任何一步，但这样说本身就违反了原则" in out and "✗ 谨慎承诺 -2" in out


def test_assessment_mode_holds_what_words_not_followed_break(parley_home: Path) -> None:
    # Round thirty-seven's cold tryout: in assessment mode the overpromise no move makes was
    # judged at once ("✗ 谨慎承诺 -2"), though that mode holds feedback until the end.
    done = parley(
        *("play", "credit_promise_approval", "--plain", "--at", "counter", "--seed", "1"),
        *("--mode", "assessment"),
        stdin="放心吧钱总，包在我身上，下周肯定批下来。\n" + "1\n" * 30,
        home=parley_home,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    out = done.stdout
    heard = out.index("「这话可是你说的，我记下了。那你具体打算怎么办？」")
    card = out.index("第 1 轮", heard)  # the end: each turn's feedback, then the scorecard
    assert "这句话没对上任何一步" not in out[heard:card]
    assert "-2" not in out[heard:card] and "✗" not in out[heard:card]


def test_words_declined_at_did_you_mean_still_count(parley_home: Path) -> None:
    # A new user's tryout (round fourteen): "稳赚不赔" was asked back as a reading, the trainee
    # pressed Enter to rephrase, and the overpromise was never scored. (Round eighteen: the
    # refitted calibration reads "稳赚不赔，利息比定期高" alone as no move at all; this answer
    # names the move too, and is asked back.)
    done = parley(
        *("play", "pitch_wealth_retiree", "--plain", "--seed", "1"),
        stdin="1\n都放理财里，稳赚不赔，利息高多了\n\n",
        home=parley_home,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    out = done.stdout
    asked = out.index("你是想表达")  # this one, or which of these two
    assert "好的，请重新回答" in out[asked:]
    assert "✗ 谨慎承诺 -2" in out[asked:] and "稳赚不赔" in out[asked:]


def test_input_ending_at_did_you_mean_ends_the_prompts_line(parley_home: Path) -> None:
    # Round thirty-two's tryout: piped answers that ran out at "选 a / b…" left the status line
    # glued to the prompt ("…输入新的回答：(信任 25 · 耐心 50)").
    done = parley(
        *("play", "pitch_wealth_retiree", "--plain", "--seed", "1"),
        stdin="1\n都放理财里，稳赚不赔，利息高多了\n",
        home=parley_home,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    (prompt,) = [line for line in done.stdout.splitlines() if "回车重新回答" in line]
    assert prompt.rstrip().endswith("：")
    assert "输入结束" in done.stdout


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("3", 3),
        ("３", 3),
        (" 3. ", 3),
        ("3、", 3),
        ("（3）", 3),
        ("(12)", 12),
        ("3个", None),
        ("-1", -1),
    ],
)
def test_an_option_number_is_read_as_people_type_it(typed: str, number: int | None) -> None:
    # Round twenty-six's cold tryout typed "3." and got it read as words.
    from simulator.render import option_number

    assert option_number(typed) == number


def test_an_options_tag_kept_by_typed_words_quotes_the_words(parley_home: Path) -> None:
    # Round twenty-eight's cold tryout: "✗ 不超越权限 -3 违反「不超越权限」" quoted nothing of
    # what the trainee typed; every hit line of a typed turn quotes the words.
    done = parley(
        *("play", "pitch_discount_pressure", "--plain", "--seed", "1"),
        stdin="我跟您保证，十五个点没问题的呢\nq\n",
        home=parley_home,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr
    typed = "我跟您保证，十五个点没问题的呢"
    quoted = re.search(r"✗ 不超越权限 -3 你说「([^」]+)」", done.stdout)
    assert quoted is not None and quoted.group(1) in typed  # (the clause that says it)


def test_words_that_counted_with_no_move_taken_reach_the_history(tmp_path: Path) -> None:
    # Round thirty-five's cold tryout: words read as no move but charged (an overpromise,
    # "包在我身上"), then quit: the session was left out of `parley history`.
    home = tmp_path / "home"
    done = parley(
        "play", "credit_gift_dinner", "--plain", "--seed", "1", "--trainee", "试用",
        stdin="这事包在我身上，您就瞧好吧\nq\n", home=home,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    shown = parley("history", "--trainee", "试用", home=home)
    assert "credit_gift_dinner" in shown.stdout, shown.stdout + shown.stderr
    # a session in which nothing counted is still not kept
    quiet = parley(
        "play", "credit_gift_dinner", "--plain", "--trainee", "无声", stdin="q\n", home=home
    )
    assert quiet.returncode == 0
    assert "credit_gift_dinner" not in parley("history", "--trainee", "无声", home=home).stdout


def test_quitting_after_an_answer_asked_back_says_no_turn_was_finished(tmp_path: Path) -> None:
    # Round forty's cold tryout: an answer asked back ("你到底想说什么？"), then q, was told
    # "已完成的各轮都已保存" though no turn was finished.
    home = tmp_path / "home"
    quit_early = parley(
        *("play", "pitch_discount_pressure", "--plain", "--seed", "1"),
        stdin="嗯……这个嘛\nq\n",
        home=home,
    )
    assert quit_early.returncode == 0, quit_early.stderr
    stopped = quit_early.stdout[quit_early.stdout.rindex("已退出") :]
    assert "还没有完成的回合" in stopped and "已完成的各轮" not in stopped
    # ...and what was said is kept: resume picks the session up where it stopped
    resumed = parley("resume", stdin="q\n", home=home)
    assert resumed.returncode == 0 and "再降十五个点" in resumed.stdout, resumed.stderr
    # A finished turn keeps the old words.
    finished = parley(
        *("play", "pitch_discount_pressure", "--plain", "--seed", "1"), stdin="4\nq\n", home=home
    )
    assert "已完成的各轮都已保存" in finished.stdout
