"""The course's own JupyterLab in the learner's browser: a JupyterLite build under the site's ``lab/``.

``make book`` runs :func:`build_lab` (``searchcraft course lab _build/html/lab``) after the site build.
The lab uses the site's own copy of what ``searchcraft course live-files`` gathered (Pyodide 314 from
npm under ``_static/pyodide/``, the hash-pinned pure-Python wheels and the searchcraft wheel under
``_static/wheels/``): Pyodide's 14 MB core is stored, and downloaded, once for the live pages and the
lab. The lab adds, under ``lab/static/wheels/``:

* the wheels the Pyodide kernel itself needs (micropip, IPython, jedi ...) and ``jupyterlab_widgets``,
  hash-pinned in ``requirements-lab.txt``;
* a wheel holding the built practice database (``searchcraft_practice_data``), which
  :func:`searchcraft.practice.bundled.bundled_path` finds, so no notebook rebuilds it in WebAssembly,
  with the corpus's facts (gold sets, traps) worked out at build time, which
  :mod:`searchcraft.practice.corpus.facts` finds, so no notebook regenerates the corpus either;
* a ``pyodide-lock.json`` listing exactly these wheels and the site's with their own sha256, so a cell's
  ``import searchcraft`` loads the package and its dependencies from the site, and nothing else;
* every module notebook and data file (``modules/``, ``book/``) as the lab's files.

The kernel's PyPI fallback is switched off (``disablePyPIFallback``) and only the lab extensions it needs
are included (the Pyodide kernel and the widgets manager), so no request leaves the site's host. The lab
works offline after one visit (:func:`offline_copy`).

Example::

    $ searchcraft course lab _build/html/lab
    JupyterLite: 24 wheels (10.1 MB, 7 of them the site's), 28 notebooks
    Running jupyter lite build (about 10 s) ...
    Wrote _build/html/lab (30.9 MB, Pyodide from the site's _static/pyodide/): open lab/lab/index.html?path=...
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from email.parser import Parser
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import CourseError
from ..practice.corpus.facts import FACTS_FILE
from .live_site import PIP_TARGET, _run, _sha256

DATA_PACKAGE = "searchcraft_practice_data"
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
# The lab extensions the lab is built with (found in this Python's share/jupyter/labextensions).
LAB_EXTENSIONS = ("@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager")
# Markers are evaluated as in Pyodide 314 (Python 3.14 on Emscripten).
_MARKER_ENVIRONMENT = {"python_version": "3.14", "python_full_version": "3.14.2", "sys_platform": "emscripten",
                       "platform_system": "Emscripten", "platform_machine": "wasm32", "os_name": "posix",
                       "implementation_name": "cpython", "platform_python_implementation": "CPython",
                       "extra": ""}
_NOT_CONTENTS = {".ipynb_checkpoints", "__pycache__", "_build", ".jupyter_cache"}


def canonical(name: str) -> str:
    """A package name as Pyodide's lock writes it (PEP 503): ``Prompt_Toolkit`` -> ``prompt-toolkit``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _wheel_metadata(wheel: Path) -> tuple[dict[str, Any], list[str], list[str]]:
    """Name and version, the top-level import names, and the unconditional requirements of a wheel."""
    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata_name = next(n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    imports = sorted({n.split("/")[0].removesuffix(".py") for n in names
                      if not n.split("/")[0].endswith((".dist-info", ".data"))
                      and (n.endswith(".py") or "/" in n) and not n.split("/")[0].endswith(".pth")})
    depends = []
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(_MARKER_ENVIRONMENT):
            depends.append(canonical(requirement.name))
    return {"name": canonical(metadata["Name"]), "version": metadata["Version"]}, imports, depends


def pyodide_lock(pyodide_dir: Path, wheels: list[Path]) -> dict[str, Any]:
    """A ``pyodide-lock.json`` naming exactly ``wheels`` (which sit beside it), each with its own sha256.

    Pyodide's own lock names about 350 packages whose files only its CDN serves; a cell importing one of
    them would make the kernel ask the CDN. Listing only the files the site serves means such an import
    fails at once with ``ModuleNotFoundError`` instead.
    """
    original = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    entries: dict[str, dict[str, Any]] = {}
    for wheel in wheels:
        about, imports, depends = _wheel_metadata(wheel)
        entries[about["name"]] = {**about, "file_name": wheel.name, "install_dir": "site",
                                  "sha256": _sha256(wheel), "package_type": "package", "imports": imports,
                                  "depends": depends, "unvendored_tests": False, "tool": {}}
    for entry in entries.values():  # only what the site serves (the browser needs no IPython stand-in)
        entry["depends"] = sorted(name for name in set(entry["depends"]) if name in entries)
    return {"info": original["info"], "packages": dict(sorted(entries.items()))}


def data_wheel(database: Path, folder: Path, facts: Path | None = None) -> Path:
    """A wheel of the built practice database (and the corpus's facts file), which Pyodide unpacks."""
    wheel = folder / f"{DATA_PACKAGE}-{__version__}-py3-none-any.whl"
    dist_info = f"{DATA_PACKAGE}-{__version__}.dist-info"
    files = {
        f"{DATA_PACKAGE}/__init__.py": b'"""The SearchCraft practice database, built for the course\'s '
                                       b'JupyterLite."""\n',
        f"{DATA_PACKAGE}/practice.sqlite": database.read_bytes(),
        **({f"{DATA_PACKAGE}/{FACTS_FILE}": facts.read_bytes()} if facts is not None else {}),
        f"{dist_info}/METADATA": (f"Metadata-Version: 2.1\nName: {DATA_PACKAGE}\nVersion: {__version__}\n"
                                  "Summary: The SearchCraft practice database\n").encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: searchcraft\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return wheel


def lab_extensions() -> list[Path]:
    """The lab extension folders the lab needs, from this Python's environment."""
    found = []
    for name in LAB_EXTENSIONS:
        folder = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / name
        if not (folder / "package.json").is_file():
            raise CourseError(f"The lab extension {name} is not installed in {sys.prefix}",
                              hint="Install the course's tools: pip install -r requirements.txt")
        found.append(folder)
    return found


def copy_contents(root: Path, target: Path) -> int:
    """Copy ``modules/`` and ``book/`` (notebooks and their data files); returns the number of notebooks."""
    notebooks = 0
    for folder in ("modules", "book"):
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root)
            if not path.is_file() or _NOT_CONTENTS & set(relative.parts) or path.suffix == ".pyc":
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            notebooks += path.suffix == ".ipynb"
    return notebooks


def offline_copy(out: Path, site_pyodide: Path, site_wheels: list[Path]) -> int:
    """Let the lab work offline after one visit; returns the number of files it keeps.

    Writes ``offline-files.json`` (every file of the lab, and the site's Pyodide and wheels the lab loads)
    and puts SearchCraft's service worker at the address the lab registers (``lab/service-worker.js``);
    it keeps those files and answers from them when the network is gone, handing the kernel's file
    requests to JupyterLite's own worker (``lab/build/service-worker.js``), which it imports.
    """
    worker = out / "service-worker.js"
    if not (out / "build" / "service-worker.js").is_file():
        raise CourseError(f"{out / 'build' / 'service-worker.js'} is missing: this JupyterLite has no service worker",
                          hint="Use jupyterlite-core 0.8.6, as requirements.txt pins.")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    files += [Path(os.path.relpath(f, out)).as_posix() for f in [*sorted(site_pyodide.iterdir()), *site_wheels]
              if f.is_file() and f.name not in ("package.json",)]
    listing = {"about": "Files the lab's service worker keeps for offline use, relative to lab/.", "files": files}
    (out / "offline-files.json").write_text(json.dumps(listing, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(Path(__file__).with_name("lab-service-worker.js"), worker)
    return len(files)


def site_files(live: Path, site_static: Path) -> tuple[Path, list[Path]]:
    """The site's Pyodide folder and wheels, checked to be the very files ``live`` gathered.

    The lab loads Pyodide and the site's wheels from ``_static/`` instead of keeping a second copy,
    so the site must be built first (``jupyter-book build``), from the same ``_live/``.
    """
    manifest = json.loads((live / "wheels" / "manifest.json").read_text(encoding="utf-8"))
    stale = []
    for entry in [*manifest["pyodide"]["files"], *manifest["wheels"]]:
        served = site_static / entry["file"]
        if not served.is_file() or served.stat().st_size != entry["size"] or _sha256(served) != entry["sha256"]:
            stale.append(entry["file"])
    if stale:
        raise CourseError(f"The site's {site_static} does not hold the Pyodide and wheels of {live} "
                          f"({len(stale)} file(s) missing or different, e.g. {stale[0]})",
                          hint="Build the site first (jupyter-book build . after `make vendor`); "
                               "the lab uses the site's copy of Pyodide.")
    return site_static / "pyodide", [site_static / entry["file"] for entry in manifest["wheels"]]


def build_lab(root: Path, live: Path, out: Path, database: Path,
              progress: Callable[[str], None] = print) -> Path:
    """Build the JupyterLite copy of the course into ``out`` (e.g. ``_build/html/lab``); returns ``out``.

    ``out`` must sit beside the built site's ``_static/`` (its Pyodide and wheels are the lab's too).
    """
    root, live, out = Path(root).resolve(), Path(live).resolve(), Path(out).resolve()
    manifest = live / "wheels" / "manifest.json"
    if not manifest.is_file() or not (live / "pyodide" / "pyodide.asm.wasm").is_file():
        raise CourseError(f"{live} does not hold Pyodide and the wheels",
                          hint="Gather them first: searchcraft course live-files _live (make vendor does this)")
    if not database.is_file():
        raise CourseError(f"The practice database {database} does not exist",
                          hint="Build it first: searchcraft practice build")
    site_pyodide, site_wheels = site_files(live, out.parent / "_static")
    facts = live / "live-data" / "bundled-facts.json"
    with tempfile.TemporaryDirectory(prefix="searchcraft-lab-") as scratch:
        lite = Path(scratch)
        own = lite / "wheels"   # the lab's own wheels, beside its lock file (lab/static/wheels/)
        own.mkdir()
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--require-hashes",
              *PIP_TARGET, "-r", str(root / "requirements-lab.txt"), "-d", str(own)],
             "download the lab's wheels")
        served = {canonical(w.name.split("-")[0]): w for w in site_wheels}
        for wheel in sorted(own.glob("*.whl")):
            if canonical(wheel.name.split("-")[0]) in served:   # the live site's version wins
                wheel.unlink()
            else:
                served[canonical(wheel.name.split("-")[0])] = wheel
        served[canonical(DATA_PACKAGE)] = data_wheel(database, own, facts if facts.is_file() else None)
        wheels = list(served.values())
        lock = pyodide_lock(site_pyodide, wheels)
        target = out / "static" / "wheels"
        by_name = {wheel.name: wheel for wheel in wheels}
        for entry in lock["packages"].values():
            wheel = by_name[entry["file_name"]]
            if wheel.parent != own:   # the site's wheel, named relative to the lock file
                entry["file_name"] = Path(os.path.relpath(wheel, target)).as_posix()
        lock["packages"]["searchcraft"]["depends"] = sorted({*lock["packages"]["searchcraft"]["depends"],
                                                             canonical(DATA_PACKAGE)})
        (own / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n", encoding="utf-8")
        notebooks = copy_contents(root, lite / "course")
        progress(f"JupyterLite: {len(wheels)} wheels ({sum(w.stat().st_size for w in wheels) / 1e6:.1f} MB, "
                 f"{len(site_wheels)} of them the site's), {notebooks} notebooks")
        pyodide_url = "./" + Path(os.path.relpath(site_pyodide / "pyodide.mjs", out)).as_posix()
        (lite / "jupyter-lite.json").write_text(json.dumps({
            "jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "appName": "SearchCraft",
                "litePluginSettings": {KERNEL_SETTINGS: {
                    "disablePyPIFallback": True,
                    # "./" is the lab's own folder (JupyterLite resolves it so), "../_static" the site's
                    "pyodideUrl": pyodide_url,
                    # a key ending in "URL" is resolved against the lab's folder by the kernel extension
                    "loadPyodideOptions": {"lockFileURL": "static/wheels/pyodide-lock.json"},
                }},
            },
        }, indent=2) + "\n", encoding="utf-8")
        # Every cell stays in the page (JupyterLab draws only the visible ones by default), so the
        # browser's own find-in-page and a screen reader see the whole module.
        (lite / "overrides.json").write_text(json.dumps(
            {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}, indent=2) + "\n",
            encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        progress("Running jupyter lite build (about 10 s) ...")
        command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite),
                   "--output-dir", str(out), "--contents", str(lite / "course"), "--ignore-sys-prefix",
                   "--no-sourcemaps", "--no-unused-shared-packages"]
        for folder in lab_extensions():
            command += ["--LiteBuildConfig.federated_extensions", str(folder)]
        done = subprocess.run(command, cwd=lite, capture_output=True, text=True)
        if done.returncode != 0:
            raise CourseError(f"jupyter lite build exited {done.returncode}",
                              hint="\n".join((done.stdout + done.stderr).splitlines()[-20:]))
        shutil.copytree(own, target)
    offline_copy(out, site_pyodide, site_wheels)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    progress(f"Wrote {out} ({size / 1e6:.1f} MB, Pyodide from the site's _static/pyodide/): "
             "open lab/lab/index.html?path=modules/...")
    return out
