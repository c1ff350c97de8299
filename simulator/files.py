"""How Parley writes the files that record people: private modes, new files, atomic replaces.

One policy for everything Parley writes about a person — transcripts, coach notes, debrief
reports, the history database, settings: such a file is created readable and writable by its
owner only (FILE_MODE, 0600), and a folder Parley creates for them is private too (DIR_MODE,
0700). Trainees' answers and a coach's judgment of them are personal records; a coach shares
one by copying it. Content files a coach authors (scenarios, graphs, Twee) are not covered:
they are created as any editor creates files, by the user's umask. docs/transcripts.md states
the policy for users.

A write that fails raises WriteFailed with a reason a person can act on (disk full,
read-only folder, no permission), never a bare OSError.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

#: Files that record people: owner read/write only.
FILE_MODE = 0o600
#: Folders Parley creates for them: owner only.
DIR_MODE = 0o700

_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("磁盘已满", "the disk is full"),
    errno.EDQUOT: ("磁盘配额已用完", "the disk quota is used up"),
    errno.EROFS: ("文件夹是只读的", "the folder is read-only"),
    errno.EACCES: ("没有写入权限", "no permission to write there"),
    errno.EPERM: ("没有写入权限", "no permission to write there"),
}


class WriteFailed(OSError):
    """A file Parley could not write, with the reason in both languages.

    An OSError still (same errno), so code that guards a write with `except OSError` keeps
    working; `str()` is the message a person reads.
    """

    def __init__(self, path: Path | str, error: OSError) -> None:
        super().__init__(error.errno, error.strerror)
        self.path = Path(path)
        zh, en = _REASONS.get(error.errno or 0, (error.strerror or str(error),) * 2)
        self.reason_zh = zh
        self.reason_en = en
        self.filename = str(self.path)

    def __str__(self) -> str:
        return f"{self.path}: 无法写入 / cannot write: {self.reason}"

    @property
    def reason(self) -> str:
        """The reason in both languages, `中文 / English`."""
        return (
            self.reason_zh
            if self.reason_zh == self.reason_en
            else f"{self.reason_zh} / {self.reason_en}"
        )


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) private to the owner; WriteFailed if it cannot be."""
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise WriteFailed(folder, error) from None


def create_new(path: Path) -> int:
    """Open a brand-new private file for appending; FileExistsError if the name is taken.

    O_EXCL makes the check and the creation one step: two processes can never both get the
    same file, so two sessions never share one transcript.
    """
    make_folder(path.parent)
    try:
        return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        raise
    except OSError as error:
        raise WriteFailed(path, error) from None


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to `fd` and fsync it (OSError when it cannot)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: a failed write leaves the old file as it was.

    The bytes go to a hidden temporary file beside `path` first, which is removed again if
    anything fails, so no stray temporary file is left behind either.
    """
    make_folder(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(3)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink()
        except OSError:
            pass
        raise WriteFailed(path, error) from None
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk; not every system allows it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create_private(path: Path) -> None:
    """Create `path` empty and private if it does not exist yet (for files others then open)."""
    try:
        os.close(create_new(path))
    except FileExistsError:
        pass
