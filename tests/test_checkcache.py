"""The check cache and parallel loading: same answers as a plain cold, serial run, always."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import simulator
from simulator import content as content_module
from simulator.bench import write_generated_library
from simulator.checkcache import CheckCache
from simulator.content import PARALLEL_MIN_FILES, Content, load_content

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
SCENARIO = (VALID / "scenarios" / "test_supply.yaml").read_text(encoding="utf-8")


def make_library(root: Path, generated: int = 3) -> Path:
    """A library with good files, broken files and validator problems in a cached file."""
    write_generated_library(root, generated)
    shutil.copy(VALID / "principles.yaml", root / "principles.yaml")
    shutil.copy(VALID / "personas" / "test_wang.yaml", root / "personas" / "test_wang.yaml")
    (root / "supply.yaml").write_text(SCENARIO, encoding="utf-8")
    # Located by the validator through the file's YAML: the `persona:` line, a focus item.
    (root / "orphan.yaml").write_text(
        SCENARIO.replace("id: test_supply", "id: test_orphan")
        .replace("persona: test_wang", "persona: nobody_here")
        .replace("[active_listening, careful_promise]", "[active_listening, no_such_one]"),
        encoding="utf-8",
    )
    for bad in (DATA / "bad").iterdir():
        shutil.copy(bad, root / bad.name)
    return root


def load(root: Path, cache: CheckCache | None = None, jobs: int | None = 1) -> Content:
    return load_content(
        [root],
        include_bundled=False,
        include_local=False,
        raise_on_error=False,
        cache=cache,
        jobs=jobs,
    )


def same(a: Content, b: Content) -> None:
    assert a.diagnostics == b.diagnostics  # the same problems, places and order
    assert a.scenarios == b.scenarios
    assert list(a.scenarios) == list(b.scenarios)
    assert a.personas == b.personas
    assert a.catalog == b.catalog


def test_cache_hits_give_the_same_models_and_diagnostics(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    cold = load(root)
    codes = {d.code for d in cold.diagnostics}
    assert {"PAR041", "PAR042", "PAR004", "PAR006"} <= codes  # the test means something
    first = CheckCache(tmp_path / "cache")
    same(load(root, first), cold)
    assert first.hits == 0 and first.misses == len(cold.files)
    warm = CheckCache(tmp_path / "cache")
    same(load(root, warm), cold)
    assert warm.hits == len(cold.files) and warm.misses == 0


def test_located_validator_problems_point_at_the_line_from_a_cached_file(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    load(root, CheckCache(tmp_path / "cache"))
    warm = load(root, CheckCache(tmp_path / "cache"))
    (persona,) = [d for d in warm.diagnostics if d.code == "PAR041"]
    line = SCENARIO.splitlines().index("persona: test_wang") + 1
    assert (persona.location.path, persona.location.line) == (str(root / "orphan.yaml"), line)
    assert persona.location.column == len("persona: ") + 1


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    load(root, CheckCache(tmp_path / "cache"))
    (root / "supply.yaml").write_text(
        SCENARIO.replace("persona: test_wang", "persona: test_wrong"), encoding="utf-8"
    )
    cache = CheckCache(tmp_path / "cache")
    again = load(root, cache)
    assert cache.misses == 1
    assert "test_supply" not in again.scenarios
    assert any(
        d.code == "PAR041" and d.location.path == str(root / "supply.yaml")
        for d in again.diagnostics
    )
    same(again, load(root))


def test_corrupt_or_foreign_entries_are_ignored_and_replaced(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    cold = load(root)
    load(root, CheckCache(tmp_path / "cache"))
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert entries
    for index, entry in enumerate(entries):
        data = entry.read_bytes()
        if index % 3 == 0:
            entry.write_bytes(data[: len(data) // 2])  # truncated
        elif index % 3 == 1:
            entry.write_bytes(b"not a pickle at all")
        else:  # a well-formed pickle of something that is not ours
            entry.write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")
    cache = CheckCache(tmp_path / "cache")
    same(load(root, cache), cold)
    assert cache.hits == 0
    rewritten = CheckCache(tmp_path / "cache")
    same(load(root, rewritten), cold)
    assert rewritten.hits == len(cold.files)


def test_another_parley_version_never_uses_old_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library(tmp_path / "lib")
    load(root, CheckCache(tmp_path / "cache"))
    monkeypatch.setattr(simulator, "__version__", simulator.__version__ + ".next")
    cache = CheckCache(tmp_path / "cache")
    load(root, cache)
    assert cache.hits == 0


def test_parallel_and_serial_loading_agree_in_content_and_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library(tmp_path / "lib", generated=PARALLEL_MIN_FILES)
    serial = load(root, jobs=1)
    used: list[int] = []
    real_parallel = content_module._parallel

    def spy(paths, cache, workers):  # type: ignore[no-untyped-def]
        used.append(workers)
        return real_parallel(paths, cache, workers)

    monkeypatch.setattr(content_module, "_parallel", spy)
    # A thread left running by another test would make load_content read serially; this test
    # is about what the workers return, so let it fork regardless.
    monkeypatch.setattr(content_module, "_can_fork", lambda: True)
    parallel = load(root, jobs=2)
    assert used == [2], "the parallel path did not run"
    same(parallel, serial)
    cached_parallel = load(root, CheckCache(tmp_path / "cache"), jobs=2)
    same(cached_parallel, serial)
    same(load(root, CheckCache(tmp_path / "cache"), jobs=1), serial)


def run_check(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARLEY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", "check", "--no-library", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_check_command_uses_the_cache_unless_told_not_to(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    home = tmp_path / "home"
    plain = run_check(home, "--no-cache", str(root))
    assert not (home / "cache").exists()
    first = run_check(home, str(root))
    assert (home / "cache" / "check").is_dir()
    second = run_check(home, str(root))
    assert plain.returncode == first.returncode == second.returncode == 1
    assert "PAR041" in plain.stdout
    assert plain.stdout == first.stdout == second.stdout
    assert run_check(home, "--jobs", "1", str(root)).stdout == plain.stdout


def test_a_warm_clean_load_never_imports_the_yaml_reader_or_the_loader(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    shutil.copy(VALID / "principles.yaml", library / "principles.yaml")
    (library / "personas").mkdir()
    shutil.copy(VALID / "personas" / "test_wang.yaml", library / "personas" / "test_wang.yaml")
    (library / "supply.yaml").write_text(SCENARIO, encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from simulator.checkcache import CheckCache\n"
        "from simulator.content import load_content\n"
        f"content = load_content([Path({str(library)!r})], include_bundled=False,"
        " include_local=False, raise_on_error=False, cache=CheckCache())\n"
        "assert list(content.scenarios) == ['test_supply'] and not content.diagnostics\n"
        "print(sorted(m for m in ('yaml', 'simulator.yamlsource', 'simulator.loader')"
        " if m in sys.modules))\n"
    )
    env = dict(os.environ, PARLEY_HOME=str(tmp_path / "home"))

    def imported() -> str:
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert imported() != "[]"  # the first load parses the files and fills the cache
    assert imported() == "[]"


def test_a_change_to_any_loader_module_invalidates_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loader is a package: editing loader/nodes.py must count, not only its __init__.py.
    from simulator import checkcache

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "nodes.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(checkcache, "_source_file", lambda name: package / "__init__.py")
    before = checkcache._code_key()
    (package / "nodes.py").write_text("A = 2\n", encoding="utf-8")
    assert checkcache._code_key() != before


def test_the_play_analysis_is_cached_and_redone_for_what_changed(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    (library / "personas").mkdir(parents=True)
    shutil.copy(VALID / "principles.yaml", library / "principles.yaml")
    persona = library / "personas" / "test_wang.yaml"
    shutil.copy(VALID / "personas" / "test_wang.yaml", persona)
    scenario = library / "supply.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    home = tmp_path / "home"

    def agrees() -> str:
        """A cached check's report, which must be the uncached one's."""
        cached = run_check(home, str(library))
        assert cached.stdout == run_check(home, "--no-cache", str(library)).stdout
        return cached.stdout

    first = agrees()
    assert "PAR100" not in first
    assert any((home / "cache" / "analysis").rglob("*")), "nothing was cached"
    assert agrees() == first  # read back from the cache
    # An example that contradicts its option's tag: the edited scenario is analysed again.
    scenario.write_text(
        SCENARIO.replace(
            "examples: {zh: [按档位投放]", "examples: {zh: [按档位投放, 我保证下个月一定给您批下来]"
        ),
        encoding="utf-8",
    )
    edited = agrees()
    # Pointed at the example's own line, where the coach goes to fix it.
    line = SCENARIO.splitlines().index(
        next(x for x in SCENARIO.splitlines() if "examples: {zh: [按档位投放]" in x)
    )
    assert any("PAR100" in x and f"supply.yaml:{line + 1}:" in x for x in edited.splitlines())
    # So is every scenario when a file it may depend on (its persona) changes.
    persona.write_text(persona.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert agrees() == edited
