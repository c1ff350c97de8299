"""The core never imports Textual and never prints: faces are the only ones that do."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import simulator

PACKAGE = Path(simulator.__file__).parent
FACES = ("cli", "tui")
CORE = sorted(
    p
    for p in PACKAGE.rglob("*.py")
    if p.relative_to(PACKAGE).parts[0] not in FACES and "_bundled" not in p.parts
)


def test_core_modules_exist() -> None:
    # A concept may be a module (engine.py) or a subpackage (loader/__init__.py).
    names = {p.parent.name if p.name == "__init__.py" else p.stem for p in CORE}
    assert {"engine", "loader", "scoring", "transcript", "model"} <= names


def test_importing_the_core_does_not_load_textual() -> None:
    modules = [
        "simulator." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in CORE
        if p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_core_never_prints() -> None:
    offenders = []
    for path in CORE:
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("print", "eval", "exec", "input")
            ):
                offenders.append(f"{path.name}:{node.lineno} {node.func.id}")
    assert offenders == []
