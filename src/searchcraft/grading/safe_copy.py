"""Copy folders a learner's code has touched without ever following a link they made.

Why: the grader runs with the tutor's rights (often root). A learner's notebook can leave symbolic
links, hard links, FIFOs or device nodes in any folder it could write. A plain ``shutil.copytree``
or ``open(path, "w")`` follows them: it copies ``/etc/shadow`` or the gradebook into the learner's
returned folder, reads ``/dev/zero`` until the disk is full, or overwrites a file outside the
course. Here:

* only **regular files** and folders are copied; every other kind of entry is refused and
  reported (:class:`Refused`), so the tutor sees it;
* every file is opened with ``O_NOFOLLOW`` (and folders walked by file descriptor), so a link
  swapped in while copying is not followed either;
* a file with several hard links is refused (it may be a link to a file outside the folder);
* copies are written into a fresh folder the learner never touched (:func:`replace_folder`
  renames it into place), with ``O_EXCL | O_NOFOLLOW``, so nothing already there is written through;
* the number of files and bytes copied is capped (:class:`CopyLimits`).

Example::

    >>> import tempfile, os, pathlib
    >>> src = pathlib.Path(tempfile.mkdtemp()); dst = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> _ = (src / "answer.txt").write_text("42")
    >>> os.symlink("/etc/passwd", src / "stolen.txt")
    >>> [r.name for r in copy_regular_files(src, dst)]
    ['stolen.txt']
    >>> sorted(p.name for p in dst.iterdir())
    ['answer.txt']
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from ..errors import GradingError

_READ = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_WRITE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class CopyLimits:
    """Most files and bytes one copy may bring back (beyond them, entries are refused)."""

    files: int = 1000
    total_bytes: int = 64 * 1024**2


# For the grader's own copies of a folder whose learner-made files were already capped.
UNCAPPED = CopyLimits(files=10**9, total_bytes=2**62)


@dataclass(frozen=True)
class Refused:
    """One entry that was not copied, and why (``kind`` is e.g. "symbolic link", "device")."""

    name: str
    kind: str

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


def entry_kind(mode: int) -> str:
    """The tutor's word for a file type, from ``st_mode``."""
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISDIR(mode):
        return "folder"
    return "regular file" if stat.S_ISREG(mode) else "unknown file type"


def copy_regular_files(source: Path, target: Path, *, skip: tuple[str, ...] = (),
                       limits: CopyLimits = CopyLimits()) -> list[Refused]:
    """Copy the regular files and folders under ``source`` into the new folder ``target``.

    ``target`` must not exist (it is created, and written only with ``O_EXCL``). Names matching a
    pattern in ``skip`` (``fnmatch``, on the relative path) are left out silently. Returns what
    was refused. ``source`` itself must be a real folder, not a link.
    """
    try:
        top = os.open(source, _DIR)
    except OSError as error:
        raise GradingError(f"Cannot read the folder {source}: {error.strerror}",
                           hint="It may have been replaced by a link; it is not copied.") from None
    os.mkdir(target, 0o755)
    refused: list[Refused] = []
    budget = {"files": limits.files, "bytes": limits.total_bytes}
    try:
        _copy_folder(top, target, "", skip, refused, budget)
    finally:
        os.close(top)
    return refused


def _copy_folder(folder_fd: int, target: Path, prefix: str, skip, refused, budget) -> None:
    for name in sorted(os.listdir(folder_fd)):
        relative = f"{prefix}{name}"
        if any(fnmatch(relative, pattern) for pattern in skip):
            continue
        try:
            info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        except OSError:
            refused.append(Refused(relative, "vanished while copying"))
            continue
        if stat.S_ISDIR(info.st_mode):
            try:
                child = os.open(name, _DIR, dir_fd=folder_fd)
            except OSError:
                refused.append(Refused(relative, "unreadable folder"))
                continue
            try:
                os.mkdir(target / name, 0o755)
                _copy_folder(child, target / name, relative + "/", skip, refused, budget)
            finally:
                os.close(child)
            continue
        if not stat.S_ISREG(info.st_mode):
            refused.append(Refused(relative, entry_kind(info.st_mode)))
            continue
        if info.st_nlink > 1:
            refused.append(Refused(relative, "hard link"))
            continue
        if budget["files"] <= 0 or info.st_size > budget["bytes"]:
            refused.append(Refused(relative, "over the size or file-count limit"))
            continue
        copied = _copy_file(folder_fd, name, target / name, budget["bytes"])
        if copied is None:
            refused.append(Refused(relative, "changed while copying"))
            continue
        budget["files"] -= 1
        budget["bytes"] -= copied


def _copy_file(folder_fd: int, name: str, target: Path, most: int) -> int | None:
    """Copy one file opened without following links; None if it was not a regular file after all."""
    try:
        reader = os.open(name, _READ, dir_fd=folder_fd)
    except OSError:
        return None
    try:
        info = os.fstat(reader)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
            return None
        writer = os.open(target, _WRITE, 0o644)
        copied = 0
        try:
            while copied <= most:
                chunk = os.read(reader, 1024 * 1024)
                if not chunk:
                    break
                os.write(writer, chunk)
                copied += len(chunk)
        finally:
            os.close(writer)
        if copied > most:
            os.unlink(target)
            return None
        return copied
    finally:
        os.close(reader)


def replace_folder(source: Path, target: Path, *, skip: tuple[str, ...] = (),
                   limits: CopyLimits = CopyLimits()) -> list[Refused]:
    """Make ``target`` a copy of the regular files under ``source``, replacing what was there.

    The copy is built in a new temporary folder beside ``target`` and renamed into place, so
    nothing under ``target`` (which may hold links from an earlier run) is ever written through.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    parent_info = os.lstat(target.parent)
    if not stat.S_ISDIR(parent_info.st_mode):
        raise GradingError(f"{target.parent} is not a folder", hint="Remove it and try again.")
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    os.rmdir(building)
    try:
        refused = copy_regular_files(source, building, skip=skip, limits=limits)
        remove_tree(target)
        os.rename(building, target)
    except BaseException:
        remove_tree(building)
        raise
    return refused


def bring_back(source: Path, target: Path, *, skip: tuple[str, ...] = (),
               limits: CopyLimits = CopyLimits()) -> list[Refused]:
    """Copy the regular files under ``source`` that are new or changed into the existing folder
    ``target``, without following any link in either folder.

    Each file is first copied into a fresh folder beside ``target`` and then renamed over its
    name in ``target`` (replacing a link there, never writing through it). Returns what was refused.
    """
    building = Path(tempfile.mkdtemp(prefix=".returned-", dir=target.parent))
    os.rmdir(building)
    try:
        refused = copy_regular_files(source, building, skip=skip, limits=limits)
        for root, _dirs, files in os.walk(building):
            for name in files:
                made = Path(root) / name
                relative = made.relative_to(building)
                destination = target / relative
                if not _inside_real_folder(target, destination.parent):
                    refused.append(Refused(str(relative), "folder replaced by a link"))
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                try:
                    same = stat.S_ISREG(os.lstat(destination).st_mode) and \
                        destination.read_bytes() == made.read_bytes()
                except OSError:
                    same = False
                if not same:
                    if os.path.isdir(destination) and not os.path.islink(destination):
                        refused.append(Refused(str(relative), "name of a folder"))
                        continue
                    os.replace(made, destination)
    finally:
        remove_tree(building)
    return refused


def _inside_real_folder(top: Path, folder: Path) -> bool:
    """True when every step from ``top`` down to ``folder`` is a real folder (or not there yet)."""
    current = top
    for part in folder.relative_to(top).parts:
        current = current / part
        try:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                return False
        except FileNotFoundError:
            return True
    return True


def remove_tree(path: Path) -> None:
    """Delete ``path`` (a folder, file or link) without following links inside it."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        _make_removable(path)
        shutil.rmtree(path)  # fd-based on Linux: does not follow links
    else:
        os.unlink(path)


def _make_removable(path: Path) -> None:
    """A learner may leave folders without write or search permission; give them back."""
    for root, dirs, _files in os.walk(path, followlinks=False):
        for name in dirs:
            full = os.path.join(root, name)
            try:
                if stat.S_ISDIR(os.lstat(full).st_mode):
                    os.chmod(full, 0o700)
            except OSError:
                pass


def write_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file opened with ``O_EXCL | O_NOFOLLOW``
    in the same folder, then rename it over ``path`` (a link at ``path`` is replaced, never followed)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
