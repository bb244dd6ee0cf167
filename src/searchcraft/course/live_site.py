"""Everything the published site needs to run Python in the learner's browser, gathered in one step.

``make book`` runs :func:`gather_live_files` (``searchcraft course live-files _live``) before the site
build. It puts, under one folder that Sphinx copies into ``_build/html/_static/``:

* ``pyodide/``: Pyodide's core (Python 3.14 compiled to WebAssembly, with ``sqlite3`` and FTS5), copied
  from the npm package ``pyodide`` pinned in ``package.json`` / ``package-lock.json``;
* ``wheels/``: the pure-Python wheels named with their sha256 hashes in ``requirements-browser.txt``
  (downloaded from PyPI with ``--require-hashes``), wheels built from the hash-checked sources in
  ``requirements-browser-source.txt`` (packages PyPI has no wheel of), a wheel of ``searchcraft`` itself, and
  ``manifest.json`` listing every file with its size and sha256 (the page installs exactly these);
* ``startup/``: what a page imports when Python starts, byte-compiled by that very Pyodide (run in
  Node, see ``compile_for_browser.mjs``): the standard library with those modules as bytecode, and the
  wheels unpacked into one ``site-packages.tar.gz`` (Pyodide ships sources only, so without this every
  start compiled some 360 modules in WebAssembly: most of the start-up time);
* ``live-data/``: the built practice database (gzipped: 16 MB becomes about 4 MB) and
  ``course-files.zip`` (the modules' quiz and data files, unpacked beside the page's code so
  ``Quiz("quiz.yml")`` finds its file).

Nothing is fetched at run time from anywhere but the site itself. The JupyterLite build reuses the
same ``pyodide/`` folder and wheels.

Example::

    $ searchcraft course live-files _live
    Pyodide 314.0.8: 5 files, 13.9 MB
    Wheels: 4 files, 0.6 MB
    Byte-compiled the 365 modules a page imports at start-up
    Practice database: 16.0 MB, 4.4 MB gzipped
    Wrote _live/wheels/manifest.json
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import CourseError
from ..practice.corpus.facts import write_facts

PYODIDE_FILES = ("pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json", "package.json")
PIP_TARGET = ["--only-binary=:all:", "--platform", "any", "--python-version", "3.14",
              "--implementation", "py", "--no-deps"]
# Course files the page's code reads (quiz and data files); notebooks and pages are not needed.
_SKIPPED_SUFFIXES = {".ipynb", ".md", ".pyc"}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entry(path: Path, base: Path) -> dict[str, object]:
    return {"file": path.relative_to(base).as_posix(), "size": path.stat().st_size, "sha256": _sha256(path)}


def pinned_pyodide_version(root: Path) -> str:
    """The exact Pyodide version ``package.json`` pins (a range is refused: the site must be reproducible)."""
    package = json.loads((root / "package.json").read_text(encoding="utf-8"))
    version = {**package.get("dependencies", {}), **package.get("devDependencies", {})}.get("pyodide")
    if not version or not version[0].isdigit():
        raise CourseError("package.json does not pin an exact 'pyodide' version",
                          hint='Add "pyodide": "314.0.8" to its dependencies and run npm install.')
    return version


def copy_pyodide(root: Path, out: Path) -> dict[str, Any]:
    """Copy Pyodide's core files from ``node_modules/pyodide`` (checked against the pinned version)."""
    version = pinned_pyodide_version(root)
    source = root / "node_modules" / "pyodide"
    installed = json.loads((source / "package.json").read_text(encoding="utf-8")).get("version") \
        if (source / "package.json").is_file() else None
    if installed != version:
        raise CourseError(f"node_modules holds Pyodide {installed or 'nothing'}, but package.json pins {version}",
                          hint="Run `npm ci` (make does this) so the pinned version is installed.")
    target = out / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(source / name, target / name)
    return {"version": version, "files": [_entry(target / name, out) for name in PYODIDE_FILES]}


def download_wheels(root: Path, out: Path) -> list[Path]:
    """Download the pinned, hash-checked pure-Python wheels and build a wheel of searchcraft itself."""
    target = out / "wheels"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    requirements = root / "requirements-browser.txt"
    _run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
          "--require-hashes", *PIP_TARGET, "-r", str(requirements), "-d", str(target)], "download the wheels")
    sources = root / "requirements-browser-source.txt"
    if sources.is_file():
        _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--require-hashes",
              "--no-deps", "--no-binary=:all:", "-r", str(sources), "-w", str(target)],
             "build the wheels of source-only packages")
        foreign = [w.name for w in target.glob("*.whl") if not w.name.endswith("-none-any.whl")]
        if foreign:
            raise CourseError(f"These wheels are not pure Python, so Pyodide cannot use them: {', '.join(foreign)}",
                              hint="Serve only packages with py3-none-any wheels or pure-Python sources.")
    # setuptools builds in the tree and reuses build/lib, where a module deleted from src/ lingers and
    # would ship to browsers: start that scratch folder afresh.
    shutil.rmtree(root / "build" / "lib", ignore_errors=True)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
          "-w", str(target), str(root)], "build the searchcraft wheel")
    return sorted(target.glob("*.whl"))


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if "is ignored" not in line]
        raise CourseError(f"Could not {what}: {' '.join(command)} exited {done.returncode}",
                          hint="\n".join(lines[-15:]) or "Check the package index is reachable.")


def compile_startup(pyodide_dir: Path, wheels: list[Path], out: Path) -> tuple[Path, Path]:
    """Byte-compile what a page imports at start-up, with the page's own Pyodide run in Node.

    Returns the paths of the standard library zip and the site-packages archive (see
    ``compile_for_browser.mjs`` for what each holds and why).
    """
    node = shutil.which("node")
    if node is None:
        raise CourseError("Node.js is needed to byte-compile the Python the site serves to browsers",
                          hint="Install Debian's nodejs package (npm, which the build needs anyway, brings it).")
    out.mkdir(parents=True, exist_ok=True)
    stdlib, site = out / "python_stdlib.zip", out / "site-packages.tar.gz"
    script = Path(__file__).with_name("compile_for_browser.mjs")
    done = subprocess.run([node, str(script), str(pyodide_dir), str(stdlib), str(site), *map(str, wheels)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not stdlib.is_file() or not site.is_file():
        raise CourseError(f"Could not byte-compile the start-up modules: {script.name} exited {done.returncode}",
                          hint="\n".join(done.stderr.splitlines()[-15:]))
    return stdlib, site


def pack_course_files(root: Path, archive: Path) -> int:
    """Zip the modules' data files (quizzes, translation checks) with their paths; returns the count."""
    count = 0
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for folder in ("modules", "book"):
            for path in sorted((root / folder).rglob("*")):
                if (path.is_file() and path.suffix not in _SKIPPED_SUFFIXES
                        and ".ipynb_checkpoints" not in path.parts and "__pycache__" not in path.parts):
                    bundle.write(path, path.relative_to(root).as_posix())
                    count += 1
    return count


def gather_live_files(root: Path, out: Path, database: Path,
                      progress: Callable[[str], None] = print) -> Path:
    """Gather Pyodide, the wheels, the practice database and the course files under ``out``.

    Returns the path of ``wheels/manifest.json``, which the page reads to know what to install.
    """
    root, out = Path(root), Path(out)
    if not database.is_file():
        raise CourseError(f"The practice database {database} does not exist",
                          hint="Build it first: searchcraft practice build")
    out.mkdir(parents=True, exist_ok=True)
    pyodide = copy_pyodide(root, out)
    megabytes = sum(f["size"] for f in pyodide["files"]) / 1e6
    progress(f"Pyodide {pyodide['version']}: {len(pyodide['files'])} files, {megabytes:.1f} MB")
    wheels = download_wheels(root, out)
    progress(f"Wheels: {len(wheels)} files, {sum(w.stat().st_size for w in wheels) / 1e6:.1f} MB")
    startup = out / "startup"
    if startup.exists():
        shutil.rmtree(startup)
    stdlib, site = compile_startup(out / "pyodide", wheels, startup)
    progress(f"Byte-compiled start-up: standard library {stdlib.stat().st_size / 1e6:.1f} MB, "
             f"site-packages {site.stat().st_size / 1e6:.1f} MB")
    data = out / "live-data"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir()
    packed = data / "practice.sqlite.gz"
    with database.open("rb") as source, open(packed, "wb") as raw, \
            gzip.GzipFile(filename="practice.sqlite", mode="wb", fileobj=raw, mtime=0) as target:
        shutil.copyfileobj(source, target, 1 << 20)
    progress(f"Practice database: {database.stat().st_size / 1e6:.1f} MB, "
              f"{packed.stat().st_size / 1e6:.1f} MB gzipped")
    # The corpus's gold sets, traps and duplicate groups, worked out here once: generating every record
    # takes seconds in CPython and far longer in WebAssembly (the page hands this file to the corpus's
    # facts provider, searchcraft.practice.corpus.facts).
    write_facts(data / "bundled-facts.json")
    count = pack_course_files(root, data / "course-files.zip")
    progress(f"Course files: {count}")
    manifest = {
        "about": "Files the course site serves to Python in the browser; paths are relative to _static/.",
        "pyodide": pyodide,
        "wheels": [_entry(wheel, out) for wheel in wheels],
        "stdlib": _entry(stdlib, out),
        "site_packages": _entry(site, out),
        "database": {**_entry(packed, out), "compression": "gzip", "uncompressed_size": database.stat().st_size},
        "course_files": _entry(data / "course-files.zip", out),
        "bundled_facts": _entry(data / "bundled-facts.json", out),
    }
    path = out / "wheels" / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    progress(f"Wrote {path}")
    return path
