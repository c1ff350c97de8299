"""Line mode as a new trainee meets it: the did-you-mean question offers what it shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def play(home: Path, text: str) -> str:
    env = {**os.environ, "PARLEY_HOME": str(home)}
    command = [sys.executable, "-m", "simulator", "play", "credit_collateral_only", "--plain"]
    done = subprocess.run(
        [*command, "--seed", "1"], input=text, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def history(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARLEY_HOME": str(home)}
    command = [sys.executable, "-m", "simulator", "history", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


# "嗯，也是吧" (agreeing with the client, half-heartedly) is one reading the client asks about.
# (Until round twenty-one this was "门面嘛"; refitted with v22 the calibration reads that as no
# answer. Until round twenty-four it was "也是"; refitted with v25 the calibration takes that
# plain agreement with "just auction it" as the move that agrees, which it is.)
VAGUE = "嗯，也是吧"


def test_one_reading_is_asked_as_yes_or_no_without_a_missing_b(tmp_path: Path) -> None:
    out = play(tmp_path, f"孙姐先说说生意怎么样\n{VAGUE}\n\n")
    lines = out.splitlines()
    shown = [line for line in lines if line.startswith(("  a. ", "  b. "))]
    assert shown, "the vague answer should be asked about:\n" + out
    prompt = next(line for line in lines if "回车重新回答" in line)
    if not any(line.startswith("  b. ") for line in shown):
        assert "b" not in prompt.split("回车")[0], prompt
        assert "你是想表达这个意思吗？" in out


def test_a_new_answer_typed_at_the_did_you_mean_prompt_is_the_answer(tmp_path: Path) -> None:
    # It was thrown away ("好的，请重新回答"), and the trainee had to type it again.
    words = "门面只是最后一道保险，不是拿来还钱的，我得先看生意挣的钱够不够还"
    out = play(tmp_path, f"孙姐先说说生意怎么样\n{VAGUE}\n{words}\nq\n")
    assert "回车重新回答，或直接输入新的回答" in out
    assert "好的，请重新回答" not in out
    assert f"第 2 轮 · 你说：「{words}」" in out


def test_english_line_mode_quotes_picked_answers_in_english(tmp_path: Path) -> None:
    env = {**os.environ, "PARLEY_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "simulator", "--lang", "en", "play", "retail_supply_cold"]
    done = subprocess.run(
        [*command, "--plain", "--seed", "1"],
        input="1\n2\n1\n2\n1\n2\n1\n2\n1\n2\n1\n2\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stdout.splitlines() if "you said" in line.lower()]
    assert said, done.stdout
    for line in said:
        assert not re.search(r"[\u4e00-\u9fff]", line), line


def test_history_filtered_to_nothing_says_nothing_matches(tmp_path: Path) -> None:
    play(tmp_path, "1\nq\n")  # one session, left after a turn
    shown = history(tmp_path, "--scenario", "no_such_scenario")
    assert shown.returncode == 0, shown.stderr
    assert "no_such_scenario" in shown.stdout
    assert "no sessions recorded yet" not in shown.stdout


def test_history_names_the_recorded_scenario_closest_to_a_misspelt_one(tmp_path: Path) -> None:
    play(tmp_path, "1\nq\n")
    shown = history(tmp_path, "--scenario", "credit_colateral_only")
    assert shown.returncode == 0, shown.stderr
    assert "历史里没有场景 credit_colateral_only" in shown.stdout
    assert "--scenario credit_collateral_only" in shown.stdout  # did you mean


def test_the_son_names_the_risk_profile_only_when_it_was_rigged(tmp_path: Path) -> None:
    # From a cold tryout: a trainee who pushed the fund but refused to fill in the test was
    # told by the son that it "came out balanced".
    env = {**os.environ, "PARLEY_HOME": str(tmp_path)}

    def son(preset: str) -> str:
        command = [sys.executable, "-m", "simulator", "play", "pitch_wealth_retiree", "--plain"]
        command += ["--at", "son_call", "--set", preset]
        done = subprocess.run(command, input="q\n", env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "平衡型" not in son("pushed_fund=true") and "基金" in son("pushed_fund=true")
    assert "平衡型" in son("rigged_test=true")


def test_history_trends_show_the_latest_scores_and_say_what_change_means(tmp_path: Path) -> None:
    for answers in ("1\n" * 20, "2\n" * 20):
        play(tmp_path, answers)
    shown = history(tmp_path).stdout
    assert "最近几次 last" in shown and "变化：最近一次会话让近期均分变了多少" in shown
    assert re.search(r"\d+ → \d+", shown), shown


def test_piped_line_mode_says_whose_name_the_session_is_kept_under(tmp_path: Path) -> None:
    env = {**os.environ, "PARLEY_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "simulator", "play", "credit_collateral_only", "--plain"]
    done = subprocess.run(command, input="q\n", env=env, capture_output=True, text=True, timeout=60)
    assert "记录在登录名" in done.stderr and "--trainee" in done.stderr
    named = subprocess.run(
        [*command, "--trainee", "李娜"], input="q\n", env=env, capture_output=True, text=True
    )
    assert "记录在登录名" not in named.stderr
