"""The HTML debrief in headless Chromium, as it goes up on a projector: Chinese, not tofu.

.ci/run installs Debian's `chromium` and `fonts-noto-cjk`. The checks: a CJK font is there
(fc-list); the report's own title, set in the report's own CSS, renders differently from the
same number of characters that have no glyph anywhere (which every browser draws as the same
empty box), and two different Chinese characters render differently from each other (tofu
boxes would be identical); the whole page renders with ink on it; and no card is wider than
the window (a long unbroken token wraps instead of pushing the page sideways).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pngread import decode_png

from simulator.group import load_group
from simulator.report import _CSS, render_html

SIX = Path(__file__).parent / "data" / "transcripts" / "six"
CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run does)")
#: U+0378 is unassigned: no font has it, so it is drawn as the missing-glyph box.
NO_GLYPH = "\u0378"


def chromium(*args: str, page: Path, width: int, height: int) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",  # tests run as root
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--window-size={width},{height}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def screenshot(page: Path, width: int = 900, height: int = 200) -> tuple[int, int, bytes]:
    png = page.with_suffix(".png")
    result = chromium(f"--screenshot={png}", page=page, width=width, height=height)
    assert png.exists(), result.stderr[-2000:]
    return read_png(png.read_bytes())


def read_png(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the raw RGB(A) bytes of a screenshot, row after row."""
    width, height, _channels, rows = decode_png(data)
    return width, height, b"".join(rows)


def ink(pixels: bytes) -> int:
    """How many channel values are clearly darker than the white page."""
    return sum(1 for v in pixels if v < 128)


def snippet(folder: Path, name: str, text: str) -> Path:
    page = folder / f"{name}.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{_CSS}'
        "body{background:#fff}</style></head><body><main><h1>"
        f"{text}</h1></main></body></html>",
        "utf-8",
    )
    return page


def test_a_cjk_font_is_installed() -> None:
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True)
    assert fonts.stdout.strip(), "no CJK font: install fonts-noto-cjk (.ci/run does)"


def test_chinese_renders_as_glyphs_not_tofu(tmp_path: Path) -> None:
    title = load_group([SIX]).title.zh  # 对不上的报表, in the report's own font stack
    _, _, chinese = screenshot(snippet(tmp_path, "title", title))
    _, _, boxes = screenshot(snippet(tmp_path, "tofu", NO_GLYPH * len(title)))
    _, _, one = screenshot(snippet(tmp_path, "one", "客"))
    _, _, other = screenshot(snippet(tmp_path, "other", "户"))
    assert ink(chinese) > 0 and chinese != boxes
    assert one != other  # missing glyphs would all be the same box


def test_the_report_renders_and_nothing_overflows(tmp_path: Path) -> None:
    page = tmp_path / "debrief.html"
    page.write_text(render_html(load_group([SIX])), "utf-8")
    width, height, pixels = screenshot(page, 1280, 1000)
    assert (width, height) == (1280, 1000)
    assert ink(pixels) > width * height // 100  # text, tables and bars drawn, not a blank page
    shutil.copy(page.with_suffix(".png"), tmp_path / "debrief-screenshot.png")  # for a human
    # The widest thing on the page, measured by the browser: a copy with one line of script
    # (the report itself has none) writes it into the DOM that --dump-dom prints.
    probe = tmp_path / "probe.html"
    probe.write_text(
        page.read_text("utf-8").replace(
            "</main>",
            "</main><script>document.body.dataset.width="
            "document.documentElement.scrollWidth</script>",
        ),
        "utf-8",
    )
    for window in (1280, 800):
        dom = chromium("--dump-dom", page=probe, width=window, height=900).stdout
        found = re.search(r'data-width="(\d+)"', dom)
        assert found, dom[-500:]
        assert int(found.group(1)) <= window  # the long unbroken answer wraps in its card
