"""The saved UI language: remembered across runs, overridden by --lang, never a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from simulator.settings import Settings, load_settings, save_settings, settings_path
from tests.conftest import DATA


def test_defaults_when_missing_or_malformed(parley_home: Path) -> None:
    assert load_settings() == Settings(lang="zh")
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text("{not json", encoding="utf-8")
    assert load_settings() == Settings(lang="zh")
    settings_path().write_text('["en"]', encoding="utf-8")
    assert load_settings() == Settings(lang="zh")


def test_round_trip(parley_home: Path) -> None:
    save_settings(Settings(lang="en"))
    assert load_settings().lang == "en"


def test_plain_play_follows_the_setting_and_lang_overrides(parley_home: Path) -> None:
    save_settings(Settings(lang="en"))
    env = dict(os.environ, PARLEY_HOME=str(parley_home))
    base = [sys.executable, "-m", "simulator", "play", "engine_demo", "--plain"]
    base += ["--content", str(DATA / "engine"), "--seed", "1"]
    english = subprocess.run(base, input="q\n", capture_output=True, text=True, env=env)
    assert "How will you repay it?" in english.stdout
    chinese = subprocess.run(
        [*base, "--lang", "zh"], input="q\n", capture_output=True, text=True, env=env
    )
    assert "您打算用什么来还款?" in chinese.stdout


async def test_f2_in_the_app_saves_the_language(parley_home: Path) -> None:
    from simulator.tui.app import make_app

    app = make_app(seed=1, paths=[DATA / "valid"], include_bundled=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert app.lang == "en"
    assert load_settings().lang == "en"


async def test_the_app_opens_at_a_named_scenario(parley_home: Path) -> None:
    from simulator.tui.app import make_app
    from simulator.tui.briefing import BriefingScreen

    app = make_app(
        seed=1, paths=[DATA / "valid"], include_bundled=False, open_scenario="test_supply"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, BriefingScreen):
                break
        assert isinstance(app.screen, BriefingScreen)
