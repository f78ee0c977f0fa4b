"""Atomic file writes: a reader sees the old file or the new one, never half of either.

A writer killed mid-write (kill -9, out of memory) leaves its temp file
behind; for the index that is a copy of the whole index per crash.  Each
writer holds an advisory lock on its temp file while it writes, so the next
write of the same file can tell a dead writer's leftover (unlocked) from a
live writer's file in progress (locked) and removes only the former.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable, IO

try:
    import fcntl
except ImportError:  # not on Windows: leftovers are then kept rather than risk removing a live write
    fcntl = None

__all__ = ["atomic_write", "folder_lock", "fsync_folder", "remove_leftovers"]


@contextlib.contextmanager
def folder_lock(folder: str | Path, exclusive: bool):
    """Advisory lock on ``folder/.lock`` across processes: files that belong together (the index and
    its manifest) are written under an exclusive lock and read under a shared one, so a reader never
    pairs one process's index with another's manifest.  Released when the block ends or the process dies."""
    folder = Path(folder)
    if fcntl is None or not folder.is_dir():
        yield
        return
    descriptor = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)


def fsync_folder(folder: str | Path) -> None:
    """Make a rename in ``folder`` durable (POSIX: the directory entry is data of the folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some filesystems refuse fsync on a directory; the rename itself is still atomic
    finally:
        os.close(descriptor)


def remove_leftovers(path: str | Path) -> int:
    """Delete temp files of ``path`` left by writers that died; return how many."""
    path = Path(path)
    if fcntl is None or not path.parent.is_dir():
        return 0
    removed = 0
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            with open(leftover, "rb") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its writer lives
                leftover.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _locked_temp(path: Path) -> tuple[int, str]:
    """A new temp file beside ``path``, locked for as long as this process has it open."""
    while True:
        descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        if fcntl is None:
            return descriptor, temp
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # released when the file closes or the process dies
        if os.fstat(descriptor).st_nlink:
            return descriptor, temp
        os.close(descriptor)  # a sweep took it for a leftover between creation and lock: make another


def atomic_write(path: str | Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call ``write`` on a temp file in the same folder, fsync it, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path)
    descriptor, temp = _locked_temp(path)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
            os.replace(temp, path)
        fsync_folder(path.parent)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
