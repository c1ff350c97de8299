"""The trainee's saved preferences (the UI language, their name), in the per-user data folder.

Settings are a small JSON file, `settings.json` beside the history. A missing, unreadable or
malformed file means the defaults: a preference is never worth a crash.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from simulator.files import write_atomic
from simulator.library import data_dir
from simulator.model import Lang
from simulator.trainee import check_name


@dataclass(frozen=True, slots=True)
class Settings:
    """What the trainee chose last time."""

    lang: Lang = "zh"
    trainee: str = ""  # the name asked once by the app; "" when never asked


def settings_path() -> Path:
    """Where the settings live."""
    return data_dir() / "settings.json"


def load_settings() -> Settings:
    """The saved settings, or the defaults when there are none (or they cannot be read)."""
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    lang = raw.get("lang")
    name = raw.get("trainee")
    if isinstance(name, str):
        name, problem = check_name(name)
        if problem is not None:
            name = ""  # a name edited by hand into something unusable is asked again
    else:
        name = ""
    return Settings(lang="en" if lang == "en" else "zh", trainee=name)


def save_settings(settings: Settings) -> None:
    """Write the settings atomically and private (OSError, a WriteFailed, when it cannot)."""
    data = {k: v for k, v in asdict(settings).items() if v != ""}  # no name kept: none written
    write_atomic(settings_path(), json.dumps(data, ensure_ascii=False).encode())
