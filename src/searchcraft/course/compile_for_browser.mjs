// Byte-compiles, at build time, the Python a course page imports when it starts in the browser.
//
// Why: Pyodide's python_stdlib.zip holds only .py sources and wheels are installed as sources too, so
// every start compiled about 200 standard-library modules and all of ipywidgets, traitlets and
// searchcraft from source, in WebAssembly, again on every page: most of the start-up time. The
// compiler used here is that very Pyodide (run in Node), so the bytecode matches the interpreter
// exactly (CPython's .pyc format changes between versions).
//
//   node compile_for_browser.mjs PYODIDE_DIR STDLIB_OUT SITE_PACKAGES_OUT WHEEL...
//
// * STDLIB_OUT: Pyodide's standard library where each module imported at start-up (Pyodide's own
//   bootstrap plus ipywidgets and searchcraft's browser modules) is bytecode only and every other
//   module stays source, compiled if a cell imports it: about 1 MB more than the sources alone;
// * SITE_PACKAGES_OUT: the wheels unpacked into one .tar.gz (their tests left out; the page untars it
//   in JavaScript, much faster than unzipping in Python or installing wheels), the modules imported
//   at start-up as bytecode: searchcraft's with its source beside (__pycache__, an unchecked hash-based
//   .pyc, read without looking at the source, which never changes here) so tracebacks show the line,
//   the other packages' bytecode only.
// Both are deterministic: sorted names, fixed dates.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, stdlibOut, siteOut, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
pyodide.FS.mkdirTree("/build/wheels");
for (const wheel of wheels) {
  pyodide.FS.writeFile("/build/wheels/" + path.basename(wheel), fs.readFileSync(wheel));
}
pyodide.runPython(String.raw`
import glob, gzip, importlib.util, importlib._bootstrap_external as bootstrap, io, os, pkgutil, sys, tarfile, zipfile

DATE = (1980, 1, 1, 0, 0, 0)
SITE = "/build/site"

def bytecode(source, name):
    code = compile(source, name, "exec", dont_inherit=True)
    return bytes(bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))

def add(archive, name, data):
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)

for wheel in sorted(glob.glob("/build/wheels/*.whl")):
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(SITE)
sys.path.insert(0, SITE)

# What a page imports when it starts: the bridge, ipywidgets, and searchcraft's browser-side modules.
from searchcraft.widgets import in_browser
in_browser.install_ipython_stand_in()
import ipywidgets  # noqa
import searchcraft
SKIP = ("searchcraft.grading", "searchcraft.course", "searchcraft.report", "searchcraft.sources", "searchcraft.cli")
for module in pkgutil.walk_packages(searchcraft.__path__, "searchcraft."):
    if not module.name.startswith(SKIP):
        try:
            __import__(module.name)
        except Exception as error:
            print("not imported at build time:", module.name, type(error).__name__, error)

stdlib = glob.glob("/lib/python3*.zip")[0]
started = {os.path.normpath(m.__spec__.origin) for m in list(sys.modules.values())
           if getattr(m, "__spec__", None) and m.__spec__.origin and m.__spec__.origin.endswith(".py")}
compiled = 0
with zipfile.ZipFile(stdlib) as source, zipfile.ZipFile("/build/stdlib.zip", "w") as target:
    for info in sorted(source.infolist(), key=lambda i: i.filename):
        data = source.read(info)
        if stdlib + "/" + info.filename in started:
            add(target, info.filename + "c", bytecode(data, stdlib + "/" + info.filename))
            compiled += 1
        else:
            add(target, info.filename, data)

entries = []
walked = []
for folder, dirs, files in os.walk(SITE):     # pruned as it goes (so not sorted() around it)
    dirs[:] = [d for d in dirs if d not in ("__pycache__", "tests")]
    walked.extend(os.path.join(folder, name) for name in files)
for full in sorted(walked):
    relative = os.path.relpath(full, SITE)
    with open(full, "rb") as stream:
        data = stream.read()
    if full not in started:
        entries.append((relative, data))
    elif relative.startswith("searchcraft/"):   # our own code keeps its source, for tracebacks
        entries.append((relative, data))
        entries.append((os.path.relpath(importlib.util.cache_from_source(full), SITE), bytecode(data, relative)))
    else:
        entries.append((relative + "c", bytecode(data, relative)))
    compiled += full in started
with open("/build/site-packages.tar.gz", "wb") as raw, \
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as packed, \
        tarfile.open(fileobj=packed, mode="w", format=tarfile.USTAR_FORMAT) as target:
    for name, data in entries:
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o644
        target.addfile(info, io.BytesIO(data))
print(f"Byte-compiled the {compiled} modules a page imports at start-up")
`);
fs.writeFileSync(stdlibOut, pyodide.FS.readFile("/build/stdlib.zip"));
fs.writeFileSync(siteOut, pyodide.FS.readFile("/build/site-packages.tar.gz"));
