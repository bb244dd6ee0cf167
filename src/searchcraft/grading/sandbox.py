"""Run each learner's notebook in a sandbox: no network, no view of the course, bounded resources.

Why: autograding executes code written by learners. nbgrader runs it with the tutor's rights, so a
submission could read the source solutions and hidden tests, edit the gradebook, read or overwrite
another learner's work, open network connections or exhaust the machine. SearchCraft starts every
kernel nbgrader asks for inside `bubblewrap <https://github.com/containers/bubblewrap>`_ (``bwrap``,
Debian package ``bubblewrap``) with ``prlimit`` (util-linux) setting resource limits.

The choice, and what was verified in the Debian 12 container the kit is developed in (root, user
namespaces allowed, cgroup v1 only):

* **File view.** ``bwrap`` builds a new mount namespace from scratch: ``/usr``, ``/etc``, the
  Python installation, the virtual environment and the kit's own source are bound *read-only*; ``/tmp``
  and ``$HOME`` are empty private tmpfs; the only writable real folder is the notebook's own working
  folder (nbgrader's ``autograded/<learner>/<assignment>`` copy). ``source/`` (solutions, hidden
  tests), the gradebook, ``submitted/``, ``autograded/`` of other learners and the release are simply
  not there. Any protected folder that would be visible through a read-only bind is covered by an
  empty tmpfs. The kit's practice database, built once by the grader, is lent read-only
  (``$SEARCHCRAFT_PRACTICE_DB``) so search exercises run without re-indexing the corpus.
* **No network.** ``--unshare-net``: the kernel gets its own network namespace with only a loopback,
  so ``127.0.0.1`` inside is not the host's. The kernel talks to nbgrader over *Unix sockets*
  (``KernelManager.transport = "ipc"``) in a private folder bound into the sandbox.
* **Processes.** ``--unshare-pid`` with ``--die-with-parent``: when the kernel ends or is killed,
  every process it started dies with it. ``RLIMIT_NPROC`` bounds forks, but Linux never applies it
  to root, so when the grader runs as root the kernel is started as an unprivileged user
  (``setpriv --reuid 61000+N``; a different uid per parallel worker, so one learner's kernel can
  neither count against nor signal another's). As a normal user, ``--unshare-user`` is used instead.
* **CPU, memory, files.** ``prlimit``: CPU seconds (``RLIMIT_CPU``, the kernel is killed with
  ``SIGXCPU``), address space (``RLIMIT_AS``, so a memory hog meets ``MemoryError``), largest file
  (``RLIMIT_FSIZE``) and processes (``RLIMIT_NPROC``).
* **Wall clock and output.** Enforced by :class:`searchcraft.grading.execute.SandboxedExecute` on the
  grader's side: a per-cell timeout (nbgrader's ``Execute.timeout``), a total time per notebook,
  and a cap on the bytes of output a notebook may send; past either, the kernel is killed and every
  cell not yet run is marked as failed, with the reason, so it earns no marks.

Limits: memory is bounded by address space, not resident memory (cgroups would be finer but are not
writable on most CI runners); ``RLIMIT_NPROC`` counts threads too; a learner's code can still use
its own CPU share up to the limits. Without ``bwrap`` (or where user namespaces are disabled) the
sandbox refuses to start rather than silently running learners' code unprotected; set
``SEARCHCRAFT_SANDBOX=off`` to grade trusted notebooks without it.

Example (what nbgrader_config.py does)::

    from searchcraft.grading import use_sandbox
    use_sandbox(c, memory_bytes=2 * 1024**3, cpu_seconds=60)
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Integer, List, Unicode

from ..errors import GradingError


class SandboxUnavailable(GradingError):
    """The sandbox cannot be started on this machine."""


# The first unprivileged uid used for kernels when grading as root (one per parallel worker).
SANDBOX_UID_BASE = 61000


@dataclass(frozen=True)
class SandboxLimits:
    """Resource limits for one learner's kernel.

    >>> SandboxLimits().memory_bytes // 1024**2
    2048
    """

    cpu_seconds: int = 120
    memory_bytes: int = 2 * 1024**3
    processes: int = 256
    file_bytes: int = 64 * 1024**2
    notebook_seconds: int = 600
    output_bytes: int = 2 * 1024**2
    tmpfs_bytes: int = 64 * 1024**2
    returned_bytes: int = 64 * 1024**2


@dataclass
class SandboxPlan:
    """Everything needed to build the ``bwrap`` command line for one kernel (pure data)."""

    working_folder: Path
    runtime_folder: Path
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    readable: list[Path] = field(default_factory=list)
    protected: list[Path] = field(default_factory=list)
    uid: int | None = None
    shared_files: list[Path] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)


def sandbox_enabled() -> bool:
    """False only when the tutor switched the sandbox off with ``SEARCHCRAFT_SANDBOX=off``."""
    return os.environ.get("SEARCHCRAFT_SANDBOX", "on").lower() not in {"off", "0", "no", "false"}


def require_bwrap() -> str:
    """The path of ``bwrap``, or a clear error saying how to install it."""
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable(
            "Cannot sandbox learners' notebooks: the 'bwrap' command (bubblewrap) is not installed",
            hint="Install it with 'sudo apt-get install bubblewrap', or set SEARCHCRAFT_SANDBOX=off "
                 "to grade trusted notebooks without a sandbox.",
        )
    if shutil.which("prlimit") is None:
        raise SandboxUnavailable("Cannot sandbox learners' notebooks: 'prlimit' is missing",
                                 hint="Install util-linux ('sudo apt-get install util-linux').")
    return path


@functools.cache
def python_folders() -> tuple[Path, ...]:
    """Folders the kernel needs to read: the interpreter, the virtual environment, its sys.path.

    Asked of the interpreter in isolated mode (``-I``), so the folder of the tutor's script or the
    current folder (which may be the course itself) is never among them.
    """
    import json
    import subprocess

    probe = "import sys, json; print(json.dumps([sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path]))"
    done = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True,
                          check=True, cwd="/")
    folders = {Path(entry) for entry in json.loads(done.stdout) if entry and Path(entry).is_dir()}
    folders |= {Path(os.path.realpath(f)) for f in folders}
    system = (Path("/usr"), Path("/etc"))
    keep = sorted(f for f in folders if f.is_absolute() and f != Path("/")
                  and not any(_inside(f, s) for s in system))
    # Drop folders already inside another one in the list.
    return tuple(f for f in keep if not any(other != f and _inside(f, other) for other in keep))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def bwrap_command(plan: SandboxPlan, kernel_command: list[str], *, as_root: bool) -> list[str]:
    """The command line that runs ``kernel_command`` inside the sandbox described by ``plan``.

    Pure: it only builds a list, so it can be read and tested without starting anything.
    """
    limits = plan.limits
    args = ["bwrap", "--die-with-parent", "--new-session", "--clearenv", "--unshare-ipc",
            "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
            "--hostname", "sandbox"]
    if not as_root:
        args += ["--unshare-user"]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib64", "sbin"):
        target = Path("/") / name
        if target.is_symlink():
            args += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            args += ["--ro-bind", str(target), str(target)]
    size = str(limits.tmpfs_bytes)
    args += ["--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev",
             "--size", size, "--perms", "1777", "--tmpfs", "/dev/shm",
             "--size", size, "--perms", "1777", "--tmpfs", "/tmp",
             "--size", str(1024**2), "--perms", "0755", "--tmpfs", "/run"]
    made: set[Path] = {Path("/"), Path("/tmp"), Path("/run"), Path("/usr"), Path("/etc")}

    def parents(path: Path) -> list[str]:
        out: list[str] = []
        for parent in reversed(path.parents):
            if parent not in made:
                made.add(parent)
                out += ["--perms", "0755", "--dir", str(parent)]
        made.add(path)
        return out

    for folder in plan.readable:
        args += parents(folder) + ["--ro-bind", str(folder), str(folder)]
    # Anything protected that a read-only bind exposes is covered by an empty tmpfs.
    for folder in plan.protected:
        if any(_inside(folder, r) for r in plan.readable) and folder.exists():
            args += ["--perms", "0755", "--tmpfs", str(folder)]
    for shared in plan.shared_files:  # read-only data learners' code may use
        args += parents(shared) + ["--ro-bind", str(shared), str(shared)]
    home = Path("/home/learner")
    args += parents(home) + ["--size", size, "--perms", "1777", "--tmpfs", str(home)]
    for folder in (plan.runtime_folder, plan.working_folder):
        args += parents(folder) + ["--bind", str(folder), str(folder)]
    # Nothing else on the sandbox's own root is writable (as a normal user it would be unsized).
    args += ["--remount-ro", "/"]
    for name, value in sorted(kernel_environment(plan, home).items()):
        args += ["--setenv", name, value]
    args += ["--chdir", str(plan.working_folder), "--"]
    if as_root:
        uid = plan.uid if plan.uid is not None else SANDBOX_UID_BASE
        args += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                 "--inh-caps=-all", "--bounding-set=-all", "--"]
    args += ["prlimit", f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 5}",
             f"--as={limits.memory_bytes}", f"--nproc={limits.processes}",
             f"--fsize={limits.file_bytes}", "--core=0", "--"]
    return args + kernel_command


# Variables of the grader's environment a kernel may see (everything else is cleared, so a
# tutor's API keys, tokens and paths never reach a learner's code).
ALLOWED_ENVIRONMENT = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "NBGRADER_EXECUTION",
                       "PYTHONHASHSEED")


def kernel_environment(plan: SandboxPlan, home: Path) -> dict[str, str]:
    """The whole environment of a sandboxed kernel: an allow-list, never the grader's own.

    >>> env = kernel_environment(SandboxPlan(Path("/w"), Path("/r"), environment={"NCBI_API_KEY": "x"}), Path("/h"))
    >>> "NCBI_API_KEY" in env, env["HOME"]
    (False, '/h')
    """
    source = {**os.environ, **plan.environment}
    out = {name: source[name] for name in ALLOWED_ENVIRONMENT if name in source}
    out.update({name: value for name, value in plan.environment.items()
                if name.startswith("SEARCHCRAFT_PRACTICE")})
    bin_folder = str(Path(sys.executable).parent)
    out.update(PATH=f"{bin_folder}:/usr/local/bin:/usr/bin:/bin", HOME=str(home), TMPDIR="/tmp",
               MPLCONFIGDIR="/tmp", MALLOC_ARENA_MAX="2", PYTHONNOUSERSITE="1",
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    return out


@functools.cache
def practice_database() -> tuple[tuple[Path, ...], tuple[tuple[str, str], ...]]:
    """The kit's practice database, built once by the grader and lent read-only to every kernel.

    Without it each sandboxed kernel (with an empty home folder) would index the corpus again.
    Returns (files to bind, environment variables); empty when the kit has no bundled corpus.
    """
    try:
        from ..practice.bundled import ENVIRONMENT_VARIABLE, build_bundled

        path = Path(build_bundled(progress=False)).resolve()
        if os.geteuid() == 0 and not path.stat().st_mode & 0o004:
            path.chmod(0o644)  # public corpus data; the kernel runs as another uid
    except Exception:  # no corpus in this install: notebooks that need it fail visibly
        return (), ()
    return (path,), ((ENVIRONMENT_VARIABLE, str(path)),)


def sandbox_uid() -> int:
    """The uid kernels of this process run as, when grading as root: one per parallel worker."""
    return SANDBOX_UID_BASE + int(os.environ.get("SEARCHCRAFT_WORKER", "0"))


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside :func:`bwrap_command`'s sandbox.

    The kernel never runs in nbgrader's working folder (which holds the notebook with its hidden
    tests put back): it gets a fresh scratch folder with copies of the assignment's other regular
    files. When the kernel has stopped, the regular files it left there are brought back into the
    working folder (:func:`~searchcraft.grading.safe_copy.copy_regular_files`: links, devices and
    FIFOs are refused and listed in :attr:`refused`). Its stdin, stdout and stderr are
    ``/dev/null``, never the tutor's terminal.

    Configurable from ``nbgrader_config.py`` (``c.SandboxedKernelManager.cpu_seconds = 60``).
    """

    cpu_seconds = Integer(SandboxLimits.cpu_seconds, help="CPU seconds per kernel").tag(config=True)
    memory_bytes = Integer(SandboxLimits.memory_bytes, help="Address space per kernel").tag(config=True)
    processes = Integer(SandboxLimits.processes, help="Processes and threads").tag(config=True)
    file_bytes = Integer(SandboxLimits.file_bytes, help="Largest file a kernel may write").tag(config=True)
    tmpfs_bytes = Integer(SandboxLimits.tmpfs_bytes,
                          help="Size of each private in-memory folder (/tmp, home, /dev/shm) "
                               "and most bytes in the learner's scratch folder").tag(config=True)
    returned_bytes = Integer(SandboxLimits.returned_bytes,
                             help="Most bytes of learner-made files brought back").tag(config=True)
    protected_paths = List(Unicode(), help="Folders the kernel must never see").tag(config=True)

    def limits(self) -> SandboxLimits:
        return SandboxLimits(cpu_seconds=self.cpu_seconds, memory_bytes=self.memory_bytes,
                             processes=self.processes, file_bytes=self.file_bytes,
                             tmpfs_bytes=self.tmpfs_bytes, returned_bytes=self.returned_bytes)

    async def _async_pre_start_kernel(self, **kw):
        if not sandbox_enabled():
            return await super()._async_pre_start_kernel(**kw)
        require_bwrap()
        from .safe_copy import copy_regular_files

        self.refused = []
        working = Path(kw.get("cwd") or os.getcwd()).resolve()
        scratch = Path(tempfile.mkdtemp(prefix="sc-learner-", dir=scratch_base()))
        self._scratch: Path | None = scratch
        self._runtime = scratch / "runtime"
        self._runtime.mkdir(mode=0o700)
        self._learner = scratch / "work"
        self._working = working
        self.refused += copy_regular_files(working, self._learner, skip=NOT_LENT)
        self.transport = "ipc"
        self.connection_file = str(self._runtime / "kernel.json")
        self.ip = str(self._runtime / "k")
        kw["cwd"] = str(self._learner)
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        files, environment = practice_database()
        as_root = os.geteuid() == 0
        uid = sandbox_uid()
        if as_root:  # the unprivileged kernel must reach its sockets and its own folder only
            _hand_over(self._runtime, uid, uid)
            _hand_over(self._learner, uid, uid)
        plan = SandboxPlan(working_folder=self._learner, runtime_folder=self._runtime,
                           limits=self.limits(), readable=list(python_folders()),
                           protected=[Path(p).resolve() for p in self.protected_paths]
                           + [working, scratch], uid=uid,
                           shared_files=list(files), environment=dict(environment))
        kw["cwd"] = str(self._learner)
        for stream in ("stdin", "stdout", "stderr"):  # never the tutor's terminal
            kw[stream] = subprocess.DEVNULL
        debug = os.environ.get("SEARCHCRAFT_SANDBOX_LOG")
        if debug:  # for whoever maintains the sandbox: the kernel's own messages, appended
            kw["stderr"] = open(debug, "ab")  # noqa: SIM115 (inherited by the kernel process)
        return bwrap_command(plan, kernel_cmd, as_root=as_root), kw

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        await super()._async_launch_kernel(kernel_cmd, **kw)
        learner = getattr(self, "_learner", None)
        if learner is not None and sandbox_enabled():
            import threading

            self.stop_reason = None
            self._watching = threading.Event()
            threading.Thread(target=self._watch_folder, args=(learner, self._watching),
                             daemon=True).start()

    def _watch_folder(self, folder: Path, done) -> None:
        """Stop the kernel when its (host) scratch folder grows past ``tmpfs_bytes``.

        The folder is on the grading machine, so its size is checked ten times a second (a fast
        writer can overshoot by what it writes in that time, and may finish its cell first); files
        are already capped one by one by ``file_bytes``.
        """
        while not done.wait(0.1):
            total, count = 0, 0
            for root, _dirs, files in os.walk(folder):
                for name in files:
                    try:
                        total += os.lstat(os.path.join(root, name)).st_blocks * 512
                    except OSError:
                        pass
                    count += 1
            if total > self.tmpfs_bytes or count > 10_000:
                self.stop_reason = (f"the notebook wrote more than {self.tmpfs_bytes:,} bytes (or "
                                    "10,000 files) into its folder and was stopped")
                process = getattr(getattr(self, "provisioner", None), "process", None)
                if process is not None and process.poll() is None:
                    try:
                        os.killpg(process.pid, 9)
                    except (ProcessLookupError, PermissionError):
                        process.kill()
                return

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            self.give_back()

    def give_back(self) -> None:
        """Once the kernel has stopped: bring the regular files it made back into the working
        folder (never a notebook, never through a link) and delete its scratch folder."""
        scratch = getattr(self, "_scratch", None)
        if scratch is None:
            return
        self._scratch = None
        watching = getattr(self, "_watching", None)
        if watching is not None:
            watching.set()
        from .safe_copy import CopyLimits, bring_back, remove_tree

        try:
            self.refused += bring_back(self._learner, self._working,
                                       limits=CopyLimits(total_bytes=self.returned_bytes),
                                       skip=NOT_RETURNED)
        except Exception as error:  # never lose the grade over the learner's files
            self.log.warning("Learner files not brought back: %s", error)
        finally:
            remove_tree(scratch)


# Files never lent to the learner's code (notebooks hold the hidden tests; nbgrader's own files).
NOT_LENT = ("*.ipynb", "*/*.ipynb", "timestamp.txt", ".ipynb_checkpoints")
# Files never brought back from the learner's folder into nbgrader's working folder.
NOT_RETURNED = ("*.ipynb", "*/*.ipynb", "timestamp.txt", "runtime", "runtime/*")


def _hand_over(folder: Path, uid: int, gid: int) -> None:
    """Make ``folder`` (made by the grader, no links in it) owned by ``uid`` while the kernel runs."""
    for root, dirs, files in os.walk(folder):
        for name in [root, *(os.path.join(root, d) for d in dirs), *(os.path.join(root, f) for f in files)]:
            try:
                os.lchown(name, uid, gid)
            except FileNotFoundError:
                pass


def scratch_base() -> str | None:
    """Where kernels' scratch folders go: ``$SEARCHCRAFT_SANDBOX_SCRATCH`` or the system default."""
    return os.environ.get("SEARCHCRAFT_SANDBOX_SCRATCH") or None
