"""docs/authoring.md's walk from `parley new` to a tested, graphed, previewed scenario, run as a
new coach would run it: each command as the page gives it, in a fresh folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DOC = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")


def test_the_authoring_walkthrough_works_as_written(tmp_path: Path, parley_home: Path):
    env = {**os.environ, "PARLEY_HOME": str(parley_home)}

    def parley(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            input=stdin,
            timeout=300,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done

    # Every command below is quoted on the page; keep them in step.
    for written in (
        "parley new persona li_ming -o my_scenarios/",
        "parley new scenario retail_late_delivery --persona li_ming -o\nmy_scenarios/",
        "parley check --watch my_scenarios/",
        "parley graph my_scenarios/retail_late_delivery.yaml -o graph.md",
        "parley test my_scenarios/ --random 200 --seed 1",
        "--coverage",
        "parley play my_scenarios/retail_late_delivery.yaml --at explain\n"
        "--set trust=80,patience=40",
        "parley new scenario my_supply --from retail_supply_cold -o my_scenarios/",
        "--content FOLDER",
    ):
        assert written in DOC, written
    assert parley("new", "persona", "li_ming", "-o", "my_scenarios/").returncode == 0
    made = parley(
        "new", "scenario", "retail_late_delivery", "--persona", "li_ming", "-o", "my_scenarios/"
    )
    assert made.returncode == 0, made.stderr
    check = parley("check", "--strict", "--json", "my_scenarios/retail_late_delivery.yaml")
    assert check.returncode == 0, check.stdout
    assert json.loads(check.stdout)["diagnostics"] == []
    graph = parley("graph", "my_scenarios/retail_late_delivery.yaml", "-o", "graph.md")
    assert graph.returncode == 0 and (tmp_path / "graph.md").read_text().startswith("```mermaid")
    tested = parley("test", "my_scenarios/", "--random", "50", "--seed", "1", "--coverage")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "0 failed" in tested.stdout and "branches, variants, rules and moods" in tested.stdout
    # The skeleton's second node is `follow_up`; the page's example names its own node.
    preview = parley(
        "play",
        "my_scenarios/retail_late_delivery.yaml",
        "--plain",
        "--at",
        "follow_up",
        "--set",
        "trust=80,patience=40",
        stdin="q\n",
    )
    assert "preview" in preview.stderr, preview.stderr
    copied = parley(
        "new", "scenario", "my_supply", "--from", "retail_supply_cold", "-o", "my_scenarios/"
    )
    assert copied.returncode == 0, copied.stderr
    again = parley("check", "my_scenarios/")  # the copy carries the bundled file's warnings
    assert again.returncode == 0 and "error PAR" not in again.stdout, again.stdout
    assert parley("test", "my_scenarios/").returncode == 0
