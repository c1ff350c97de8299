"""Real faults for real `parley` processes: a small tmpfs that fills up, a read-only mount.

Where the machine allows mounting (root with CAP_SYS_ADMIN, as on CI and this machine), the
disk is a real tmpfs of a few pages and a read-only folder is a real read-only mount, so the
kernel gives Parley the ENOSPC and EROFS it would meet on a user's machine. Where it does not
(an unprivileged container), the same tests run `parley` with an injected OSError: a
`sitecustomize` module on the child's PYTHONPATH makes os.open/os.write/os.mkdir/os.replace
fail for paths under the folder, with the same errno. `Disk.how` says which one ran; chmod is
no use here because tests run as root, whom permissions do not stop.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PAGE = 4096

_HOOK = """
import errno, os
_spec = os.environ.get("PARLEY_FAULT", "")
if _spec:
    _kind, _allowed, _prefix = _spec.split(":", 2)
    _code, _allowed = getattr(errno, _kind), int(_allowed)
    _open, _write, _mkdir, _replace = os.open, os.write, os.mkdir, os.replace
    _fds, _count = set(), [0]

    def _ours(path):
        p = os.fspath(path)
        return isinstance(p, str) and p.startswith(_prefix)

    def _fail(path=None):
        raise OSError(_code, os.strerror(_code), path)

    def open(path, flags, mode=0o777, *, dir_fd=None):
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if _ours(path) and writing and _kind == "EROFS" and _allowed == 0:
            _fail(path)
        fd = _open(path, flags, mode, dir_fd=dir_fd)
        if _ours(path) and writing:
            _fds.add(fd)
        return fd

    def write(fd, data):
        if fd in _fds:  # EROFS with a count: the folder turns read-only mid-session
            _count[0] += 1
            if _count[0] > _allowed:
                _fail()
        return _write(fd, data)

    def mkdir(path, mode=0o777, *, dir_fd=None):
        if _ours(path) and _kind == "EROFS" and _allowed == 0 and not os.path.isdir(path):
            _fail(path)
        return _mkdir(path, mode, dir_fd=dir_fd)

    def replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        if _ours(dst) and _kind == "EROFS" and _allowed == 0:
            _fail(dst)
        return _replace(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    os.open, os.write, os.mkdir, os.replace = open, write, mkdir, replace
"""


def _mount(*args: str) -> bool:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    return result.returncode == 0


def can_mount(scratch: Path) -> bool:
    """True when this process may mount a tmpfs (root with CAP_SYS_ADMIN).

    PARLEY_TEST_INJECT=1 takes the injected path even where mounting works, to check it.
    """
    if os.environ.get("PARLEY_TEST_INJECT") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = scratch / f"probe-{uuid.uuid4().hex[:6]}"
    probe.mkdir()
    try:
        if not _mount("-t", "tmpfs", "-o", "size=16k", "tmpfs", str(probe)):
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


@dataclass
class Disk:
    """A folder where writes fail as told, and how (`tmpfs` or `injected`)."""

    folder: Path
    how: str
    env: dict[str, str] = field(default_factory=dict)
    hook: Path | None = None

    def run(self, *args: str, stdin: str = "", home: Path) -> subprocess.CompletedProcess[str]:
        """Run `parley ARGS` as a user would, under this fault."""
        env = dict(os.environ, PARLEY_HOME=str(home), PYTHONIOENCODING="utf-8", **self.env)
        if self.hook is not None:
            env["PYTHONPATH"] = os.pathsep.join(
                [str(self.hook), str(Path(__file__).resolve().parent.parent)]
            )
        return subprocess.run(
            [sys.executable, "-m", "simulator", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    def heal(self) -> None:
        """Give the space (or the write access) back."""
        filler = self.folder / ".filler"
        if self.how == "tmpfs":
            if filler.exists():
                filler.unlink()
            _mount("-o", "remount,rw", str(self.folder))
        self.env.pop("PARLEY_FAULT", None)
        self.hook = None


def _hook_dir(scratch: Path) -> Path:
    folder = scratch / "fault-hook"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(_HOOK, encoding="utf-8")
    return folder


@contextmanager
def full_disk(
    scratch: Path, *, free_pages: int, writes: int, prepare: object = None, target: str = ""
) -> Iterator[Disk]:
    """A folder on a disk with `free_pages` pages left (tmpfs), else failing after `writes`.

    `prepare(folder)` runs before the disk is filled (to warm caches, create folders); the
    injected fault touches only paths under `folder / target`.
    """
    folder = scratch / "disk"
    folder.mkdir()
    if can_mount(scratch) and _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)):
        try:
            if callable(prepare):
                prepare(folder)
            stat = os.statvfs(folder)
            free = stat.f_bavail * stat.f_frsize
            with open(folder / ".filler", "wb") as filler:
                filler.write(b"\0" * max(0, free - free_pages * PAGE))
            yield Disk(folder, "tmpfs")
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    if callable(prepare):
        prepare(folder)
    yield Disk(
        folder,
        "injected",
        env={"PARLEY_FAULT": f"ENOSPC:{writes}:{folder / target if target else folder}"},
        hook=_hook_dir(scratch),
    )


@contextmanager
def read_only(scratch: Path, prepare: object = None) -> Iterator[Disk]:
    """A read-only folder: a tmpfs remounted read-only, else injected EROFS.

    `prepare(folder)` fills it first, while it is still writable.
    """
    folder = scratch / "ro"
    folder.mkdir()
    if can_mount(scratch) and _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)):
        try:
            if callable(prepare):
                prepare(folder)
            assert _mount("-o", "remount,ro", str(folder))
            yield Disk(folder, "tmpfs")
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    if callable(prepare):
        prepare(folder)
    yield Disk(
        folder, "injected", env={"PARLEY_FAULT": f"EROFS:0:{folder}"}, hook=_hook_dir(scratch)
    )


def injected(scratch: Path, folder: Path, kind: str, writes: int) -> Disk:
    """`folder` with an injected `kind` (ENOSPC, EROFS) after `writes` writes under it.

    For the fault no mount can make: a folder turning read-only under a file held open for
    writing (the kernel refuses to remount a file system read-only while one is).
    """
    return Disk(
        folder,
        "injected",
        env={"PARLEY_FAULT": f"{kind}:{writes}:{folder}"},
        hook=_hook_dir(scratch),
    )
