"""The library's listing and pack: a listing read without parsing, a scenario loaded when it is
opened, and never a stale one (docs/performance.md, "TUI cold start")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import simulator.content
from simulator.content import load_content
from simulator.library_snapshot import load_library, open_scenario, read_listing

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def _library(tmp_path: Path, copies: int = 3) -> Path:
    """tests/data/valid with `copies` scenarios: test_supply and test_supply_1…"""
    folder = tmp_path / "lib"
    shutil.copytree(DATA / "valid", folder)
    source = folder / "scenarios" / "test_supply.yaml"
    text = source.read_text(encoding="utf-8")
    for i in range(1, copies):
        copy = text.replace("id: test_supply\n", f"id: test_supply_{i}\n", 1)
        copy = copy.replace("货源紧张", f"货源紧张{i}", 1)
        (folder / "scenarios" / f"test_supply_{i}.yaml").write_text(copy, encoding="utf-8")
    return folder


def _touch(path: Path, text: str) -> None:
    """Write `text` and move the mtime on, as an editor saving a second later would."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def _counting_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every file the loader parses (a check-cache miss), in order."""
    parsed: list[str] = []
    real = simulator.content._load_one

    def counted(path: Path, with_key: bool):  # type: ignore[no-untyped-def]
        parsed.append(Path(path).name)
        return real(path, with_key)

    monkeypatch.setattr(simulator.content, "_load_one", counted)
    return parsed


def test_the_listing_is_what_loading_the_library_lists(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    listing = read_listing([folder], include_bundled=False)
    content = load_content([folder], include_bundled=False, raise_on_error=False)
    expected = content.listing(listing.key)
    assert listing == expected
    entry = listing.scenarios["test_supply_2"]
    assert entry.title.zh == "货源紧张2" and entry.persona_name.zh
    assert entry.exercises["active_listening"] >= 3  # in focus, and options tagged with it
    assert listing.principles["careful_promise"].zh


def test_a_warm_listing_neither_parses_nor_imports_the_yaml_reader(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    read_listing([folder], include_bundled=False)  # cold: parses and keeps the listing
    # A fresh interpreter, as `parley` starts: the listing must come without the YAML reader,
    # the loader or a single scenario's model being unpickled.
    probe = (
        "import sys, json\n"
        "from simulator.library_snapshot import read_listing\n"
        f"listing = read_listing([{str(folder)!r}], include_bundled=False)\n"
        "print(json.dumps({'ids': sorted(listing.scenarios),"
        " 'yaml': 'simulator.yamlsource' in sys.modules or 'yaml' in sys.modules,"
        " 'loader': 'simulator.loader' in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen == {
        "ids": ["test_supply", "test_supply_1", "test_supply_2"],
        "yaml": False,
        "loader": False,
    }


def test_a_warm_listing_reads_no_scenario_file(tmp_path: Path, monkeypatch) -> None:
    """The files' bytes are not read at all: junk of the same size and time is not noticed
    (a file's size and modification time are what tell that it changed)."""
    folder = _library(tmp_path)
    first = read_listing([folder], include_bundled=False)
    parsed = _counting_loads(monkeypatch)
    for path in (folder / "scenarios").iterdir():
        stat = path.stat()
        path.write_bytes(b"\xff" * stat.st_size)  # not even UTF-8, let alone YAML
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert read_listing([folder], include_bundled=False) == first
    assert parsed == []


def test_a_changed_file_is_read_again_and_only_it(tmp_path: Path, monkeypatch) -> None:
    folder = _library(tmp_path)
    read_listing([folder], include_bundled=False)
    parsed = _counting_loads(monkeypatch)
    path = folder / "scenarios" / "test_supply_1.yaml"
    _touch(path, path.read_text(encoding="utf-8").replace("货源紧张1", "货源很紧张", 1))
    after = read_listing([folder], include_bundled=False)
    assert after.scenarios["test_supply_1"].title.zh == "货源很紧张"
    assert parsed == ["test_supply_1.yaml"]  # the others came from the check cache
    opened = open_scenario(after, "test_supply_1", [folder], include_bundled=False)
    assert opened.scenario.title.zh == "货源很紧张"


def test_a_removed_persona_unlists_its_scenarios(tmp_path: Path) -> None:
    """The cross-file checks run again on any change: a scenario whose persona went is out."""
    folder = _library(tmp_path)
    assert len(read_listing([folder], include_bundled=False).scenarios) == 3
    (folder / "personas" / "test_wang.yaml").unlink()
    after = read_listing([folder], include_bundled=False)
    assert after.scenarios == {}
    assert any("test_wang" in d.message for d in after.errors)


def test_a_broken_file_is_reported_and_the_rest_listed(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    shutil.copy(DATA / "bad" / "syntax_error.yaml", folder / "scenarios" / "broken.yaml")
    for _ in range(2):  # cold, then from the kept listing: the same report
        listing = read_listing([folder], include_bundled=False)
        assert set(listing.scenarios) == {"test_supply", "test_supply_1", "test_supply_2"}
        assert listing.broken == [str(folder / "scenarios" / "broken.yaml")]


def test_an_opened_scenario_is_the_one_the_library_loads(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    listing = read_listing([folder], include_bundled=False)
    content = load_content([folder], include_bundled=False, raise_on_error=False)
    opened = open_scenario(listing, "test_supply_2", [folder], include_bundled=False)
    assert opened.scenario == content.scenarios["test_supply_2"]
    assert opened.persona == content.personas["test_wang"]
    assert opened.catalog == content.catalog
    whole = load_library([folder], include_bundled=False)
    assert dict(whole.scenarios) == dict(content.scenarios)
    assert whole.diagnostics == content.diagnostics


def test_scenarios_opened_from_one_library_share_one_catalog(tmp_path: Path) -> None:
    # The detectors index a catalog's example bank once per catalog object (tens of MB): a
    # trainee playing scenario after scenario must not make one per session.
    folder = _library(tmp_path)
    listing = read_listing([folder], include_bundled=False)
    first = open_scenario(listing, "test_supply_1", [folder], include_bundled=False)
    second = open_scenario(listing, "test_supply_2", [folder], include_bundled=False)
    assert first.catalog is second.catalog


def test_opening_from_an_old_listing_reads_the_library_as_it_is_now(tmp_path: Path) -> None:
    folder = _library(tmp_path)
    old = read_listing([folder], include_bundled=False)
    path = folder / "scenarios" / "test_supply_2.yaml"
    _touch(path, path.read_text(encoding="utf-8").replace("货源紧张2", "又改了", 1))
    read_listing([folder], include_bundled=False)  # another face rewrote the pack meanwhile
    opened = open_scenario(old, "test_supply_2", [folder], include_bundled=False)
    assert opened.scenario.title.zh == "又改了"
    path.unlink()
    with pytest.raises(KeyError):
        open_scenario(old, "test_supply_2", [folder], include_bundled=False)


def test_a_torn_listing_or_pack_is_read_again(tmp_path: Path, parley_home: Path) -> None:
    folder = _library(tmp_path)
    listing = read_listing([folder], include_bundled=False)
    kept = list((parley_home / "cache").rglob("*.listing")) + list(
        (parley_home / "cache").rglob("*.pack")
    )
    assert len(kept) == 2
    for path in kept:
        path.write_bytes(path.read_bytes()[:40])
    assert read_listing([folder], include_bundled=False) == listing
    [pack] = [p for p in kept if p.suffix == ".pack"]
    pack.write_bytes(pack.read_bytes()[:-10])  # the last scenario's blob cut short
    last = list(listing.scenarios)[-1]
    assert open_scenario(listing, last, [folder], include_bundled=False).scenario.id == last


def _parley_list(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "list", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLEY_HOME": str(home)},
        timeout=120,
        cwd=ROOT,
    )


def test_parley_list_twice_lists_the_same(parley_home: Path) -> None:
    cold = _parley_list(parley_home, "--json")
    assert cold.returncode == 0, cold.stderr
    assert '"id": "retail_supply_cold"' in cold.stdout
    warm = _parley_list(parley_home, "--json")
    assert warm.stdout == cold.stdout


def test_parley_list_reports_a_broken_file_warm_or_cold(tmp_path: Path, parley_home: Path) -> None:
    folder = _library(tmp_path)
    shutil.copy(DATA / "bad" / "syntax_error.yaml", folder / "scenarios" / "broken.yaml")
    for _ in range(2):
        done = _parley_list(parley_home, "--content", str(folder))
        assert done.returncode == 0, done.stderr
        assert "test_supply_2" in done.stdout and "货源紧张2" in done.stdout
        assert "1 file(s) with errors left out" in done.stderr
