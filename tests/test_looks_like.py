"""Each scenario's rubric and hints quote example lines in its own trade's words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def briefing(scenario_id: str, home: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "play", scenario_id, "--plain", "--seed", "1"],
        input="h\nq\n",
        env={**os.environ, "PARLEY_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_telecom_scenario_speaks_telecom_and_the_tobacco_ones_tobacco(tmp_path: Path) -> None:
    telecom = briefing("retail_telecom_churn", tmp_path)
    assert "这周内我把书面方案给您" in telecom  # its own careful-promise line
    assert "条" not in "".join(line for line in telecom.splitlines() if "说“" in line)
    tobacco = briefing("retail_grey_cigarettes", tmp_path)
    assert "别家店订多少" in tobacco  # the family's confidentiality line, a shop's
    assert "资费" not in tobacco


def test_the_telecom_pitch_does_not_quote_an_ad_agency(tmp_path: Path) -> None:
    shown = briefing("pitch_discount_pressure", tmp_path)
    assert "三个厂区的用量" in shown  # its own partner line
    assert "主视觉" not in shown and "广告" not in shown
