"""The library snapshot: one file for an unchanged library, never a stale one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from simulator import checkcache
from simulator.library_snapshot import _entry, load_library

DATA = Path(__file__).parent / "data"


def test_an_unchanged_library_comes_from_the_snapshot(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(DATA / "valid", folder)
    first = load_library([folder], include_bundled=False)
    entry = _entry(checkcache.CheckCache(), [folder], False, True)
    assert entry.exists()

    import simulator.content

    def never(*_args, **_kwargs):
        raise AssertionError("the library was loaded again")

    monkeypatch.setattr(simulator.content, "load_content", never)
    again = load_library([folder], include_bundled=False)
    assert dict(again.scenarios) == dict(first.scenarios)
    assert again.catalog == first.catalog and again.diagnostics == first.diagnostics


def test_any_change_loads_the_library_again(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(DATA / "valid", folder)
    before = load_library([folder], include_bundled=False)
    [path] = [Path(s.path) for s in before.scenarios.values() if s.id == "test_supply"]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("货源紧张", "货源很紧张", 1), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    after = load_library([folder], include_bundled=False)
    assert after.scenarios["test_supply"].title.zh == "货源很紧张"
    path.unlink()
    gone = load_library([folder], include_bundled=False)
    assert "test_supply" not in gone.scenarios


def test_parley_list_twice_lists_the_same(tmp_path: Path, parley_home: Path) -> None:
    def listing() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "list", "--json"],
            capture_output=True,
            text=True,
            env={**os.environ, "PARLEY_HOME": str(parley_home)},
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    cold = listing()
    assert '"id": "retail_supply_cold"' in cold
    assert listing() == cold
