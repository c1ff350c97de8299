"""`parley score-text` through a subprocess: listing, JSON, stdin batches, other catalogs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from simulator import library


def parley(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "score-text", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_json_shape_and_negation() -> None:
    done = parley("我保证两周内批下来", "--json")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert {"principle": "careful_promise", "polarity": "violates"}.items() <= hits[0].items()
    assert hits[0]["evidence"] == "我保证两周内批下来"
    kept = json.loads(parley("我不能保证结果", "--json").stdout)
    assert [(h["principle"], h["polarity"]) for h in kept] == [("careful_promise", "upholds")]


def test_readable_listing_names_the_principle_in_both_languages() -> None:
    done = parley("您放心,这个我保证批下来")
    assert done.returncode == 0
    assert "谨慎承诺" in done.stdout and "Careful promises" in done.stdout
    assert "违反" in done.stdout and "我保证批下来" in done.stdout
    assert "没有命中" in parley("今天天气不错").stdout


def test_stdin_gives_one_json_array_per_line_in_order() -> None:
    lines = ["我保证批下来", "", "他们不是骗子", "他们是骗子", "How do you plan to repay?"]
    done = parley("-", "--json", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0][0]["principle"] == "careful_promise"
    assert out[1] == []
    # The patterns read the negation; the classifier's n-grams do not, and read "他们不是骗子"
    # as running the rival down (a guard on negated clauses cost more than it fixed: see
    # docs/understanding.md, round eleven).
    assert [h for h in out[2] if h["detector"] != "learned"] == []
    assert out[3][0]["principle"] == "respect_competitors"
    assert {h["principle"] for h in out[4]} == {"risk_thinking", "active_listening"}


def test_another_catalog_replaces_the_bundled_one(tmp_path: Path) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text(
        "catalog: mine\nareas: {basic: {zh: 基本能力, en: Basic}}\nprinciples:\n"
        "  - id: no_slang\n    name: {zh: 不说行话, en: No slang}\n    area: basic\n"
        "    description: {zh: 说, en: say}\n"
        "    source: [{file: x.txt, quote: q}]\n"
        "    detectors:\n"
        "      - {id: slang, polarity: violates, patterns: ['yyds']}\n",
        encoding="utf-8",
    )
    out = json.loads(parley("真的yyds,我保证", "--json", "--catalog", str(own)).stdout)
    assert [h["principle"] for h in out] == ["no_slang"]
    both = json.loads(parley("真的yyds,我保证", "--json", "--extend", str(own)).stdout)
    assert {h["principle"] for h in both} == {"no_slang", "careful_promise"}


def test_broken_catalog_is_reported_with_location_not_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "catalog: x\nareas: {}\nprinciples:\n  - id: a\n"
        "    detectors: [{id: d, polarity: violates, patterns: ['([']}]\n",
        encoding="utf-8",
    )
    done = parley("hello", "--catalog", str(bad))
    assert done.returncode == 2
    assert f"{bad}:5:" in done.stderr and "Traceback" not in done.stderr
    missing = parley("hello", "--catalog", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "catalog not found" in missing.stderr


def test_bundled_catalog_is_where_the_library_says() -> None:
    assert library.bundled_catalog_path().is_file()


def test_people_read_the_seed_title_and_json_keeps_the_file() -> None:
    listing = parley("您放心,这个我保证批下来")
    assert "《客户经理具备的基本要素》" in listing.stdout
    assert ".txt" not in listing.stdout
    english = subprocess.run(
        [sys.executable, "-m", "simulator", "--lang", "en", "score-text", "I guarantee it"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "source: The basic qualities of a customer manager" in english.stdout
    assert ".txt" not in english.stdout
    hit = json.loads(parley("我保证两周内批下来", "--json").stdout)[0]
    assert hit["source"]["file"] == "003_a9078f810234fc3c.txt"
    assert hit["source"]["title"]["zh"] == "客户经理具备的基本要素"


def test_a_coach_catalog_without_titles_falls_back_to_the_file_name(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "catalog: mine\nareas: {basic: {zh: 基本能力, en: Basic}}\nprinciples:\n"
        "  - id: punctual\n    name: {zh: 守时, en: Punctual}\n    area: basic\n"
        "    description: {zh: 准时到, en: Be on time}\n"
        "    source: [{file: 009_mine.txt, quote: 准时}]\n"
        "    detectors:\n      - id: late\n        polarity: violates\n"
        "        patterns: ['迟到']\n        explanation: {zh: 迟到, en: Late}\n",
        encoding="utf-8",
    )
    done = parley("我会迟到", "--extend", str(extra))
    assert done.returncode == 0, done.stderr
    assert "（依据 009_mine.txt）" in done.stdout


def test_a_pasted_page_is_shown_back_by_its_beginning() -> None:
    done = parley("-", stdin="好" * 100_000 + "\n")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) < 2_000 and "100000" in done.stdout


def test_a_missing_extension_names_the_option_it_came_with(tmp_path: Path) -> None:
    # A coach's tryout (round fifteen): the hint said "去掉 --catalog" after a wrong --extend.
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "score-text",
            "你好",
            "--extend",
            str(tmp_path / "x.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "catalog not found" in missing.stderr
    assert "--extend" in missing.stderr and "--catalog" not in missing.stderr
