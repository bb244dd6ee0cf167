"""How quickly does a course page come alive in the browser, and how much does it download?

Run (after ``make book``)::

    .venv/bin/python benchmarks/live_site.py                       # serves _build/html
    .venv/bin/python benchmarks/live_site.py --site path/to/html --page modules/.../page.html

It serves the built site with a plain static HTTP server on 127.0.0.1, opens the page in headless
Chromium (Debian's ``chromium``, through Playwright) and presses "Start Python on this page" as soon
as the page has loaded, then measures, cold (a new browser profile: empty cache, no offline copy)
and warm (the same profile, second visit):

* Pyodide ready: from the start of navigation until Python itself has started (before the
  course's code);
* first live widget: milliseconds from the start of navigation to the first widget connected to
  Python (the page's own ``performance.now()`` clock);
* every cell run: until all the page's code has run;
* a SearchBuilder count: the practice database's ``count`` as the SearchBuilder calls it, in the
  browser's Python (median over the queries below, each counted once: a repeated query is cached);
* bytes transferred: the bytes of every file the server sent while the page was open, to the page
  or to its offline copy (the service worker keeps every file the manifest lists, used or not).

Two ways of starting are measured in the same run, each cold and warm, alternating so both see the
same machine load: "byte-compiled" (what the site does: the modules a page imports at start-up come
as bytecode made at build time, the wheels unpacked in one zip) and, as the baseline, "from sources"
(Pyodide's standard library and the wheels as shipped, every module compiled in the browser on
every start; the page's ``?searchcraft-start=sources``). The static page (Python not started) is the
baseline for bytes. On a busy machine the wall clock says more about the other processes than about
the page, so two CPU figures from pressing Start to the first live widget are printed too: "CPU to
it", the CPU seconds of all the browser's processes (background WebAssembly compiling included), and
"main thread", the CPU seconds of the renderers' main threads, where Python runs: about what the
wait would be on an idle machine. ``--repeats`` takes the median of several runs.

Targets on a 2-core machine: first live widget <= 10 s cold and <= 4 s warm; a count under 100 ms.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUERIES = ['"hand hygiene"[tiab] AND nurs*[tiab]', "falls[tiab] AND exercise*[tiab]",
           '("Accidental Falls"[mh] OR falls[tiab]) AND ("Exercise"[mh] OR "tai chi"[tiab])',
           "telehealth[tiab] OR telemedicine[tiab] OR video*[tiab]"]
COUNT_SCRIPT = """
import json, statistics, time
from searchcraft.practice import PracticeDatabase
db = PracticeDatabase.bundled()
db.count("warm[tiab] AND up[tiab]")
timings = []
for query in QUERIES:
    started = time.perf_counter()
    db.count(query)
    timings.append((time.perf_counter() - started) * 1000)
json.dumps(timings)
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly, counting the bytes of every file it sends (to the page or its service worker)."""

    sent = 0
    _lock = threading.Lock()

    def log_message(self, *args) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        with self._lock:
            type(self).sent += len(data)
        outputfile.write(data)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _descendants() -> list[int]:
    found, pending = [], [os.getpid()]
    while pending:
        pid = pending.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
        if pid != os.getpid():
            found.append(pid)
    return found


def _cpu_seconds(stat_path: str) -> float:
    try:
        with open(stat_path) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")     # utime + stime


def browser_cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by the browser: all its processes, and its renderers' main threads.

    A renderer's main thread (the thread whose id is the process id) is where Python runs and the
    page's widgets are drawn: its CPU time is about how long the start would take on an idle machine.
    """
    everything = main = 0.0
    for pid in _descendants():
        everything += _cpu_seconds(f"/proc/{pid}/stat")
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                renderer = b"--type=renderer" in cmdline.read()
        except (FileNotFoundError, ProcessLookupError):
            renderer = False
        if renderer:
            main += _cpu_seconds(f"/proc/{pid}/task/{pid}/stat")
    return everything, main


def visit(context, url: str, *, start: bool) -> dict[str, float]:
    page = context.new_page()
    sent_before = _Quiet.sent
    page.goto(url, wait_until="domcontentloaded")
    result: dict[str, float] = {}
    if start:
        cpu, main = browser_cpu_seconds()
        page.get_by_role("button", name="Start Python on this page").click()
        page.wait_for_function("window.searchcraftLive.firstWidgetAt || window.searchcraftLive.state === 'failed'",
                               timeout=180_000, polling=50)
        cpu_after, main_after = browser_cpu_seconds()
        result["cpu"], result["main"] = cpu_after - cpu, main_after - main
        page.wait_for_function("window.searchcraftLive.state === 'live' || window.searchcraftLive.state === 'failed'",
                               timeout=180_000)
        if page.evaluate("window.searchcraftLive.state") != "live":
            sys.exit("Python did not start: " + page.locator(".sc-live-status").inner_text())
        result["first"] = page.evaluate("window.searchcraftLive.firstWidgetAt")
        result["ready"] = page.evaluate("window.searchcraftLive.readyAt")
        result["python"] = page.evaluate("window.searchcraftLive.marks['pyodide-ready']")
        script = f"QUERIES = {QUERIES!r}\n" + COUNT_SCRIPT
        result["count"] = statistics.median(page.evaluate(
            "code => JSON.parse(window.searchcraftLive.pyodide.runPython(code))", script))
    else:
        page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    result["bytes"] = float(_Quiet.sent - sent_before)
    page.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--page", default="modules/search-05-boolean-logic/boolean-operators.html")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each cold and warm visit (median)")
    args = parser.parse_args()
    if not (args.site / "_static" / "wheels" / "manifest.json").is_file():
        sys.exit(f"{args.site} has no live files: run `make book` first")
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO / "tests"))
    from support import CHROMIUM_ARGS

    server, base = serve(args.site)
    url = f"{base}/{args.page}"
    ways = {"byte-compiled": url, "from sources (baseline)": url + "?searchcraft-start=sources"}
    runs: dict[str, list[dict[str, float]]] = {}
    profile = Path(tempfile.mkdtemp(prefix="live-bench-"))
    load = os.getloadavg()[0]
    try:
        with sync_playwright() as playwright:
            chromium = shutil.which("chromium") or sys.exit("Debian's chromium is needed")

            def launch(name: str):
                return playwright.chromium.launch_persistent_context(
                    str(profile / name), executable_path=chromium, headless=True, args=CHROMIUM_ARGS)

            static_context = launch("static")
            runs["static page (baseline), cold"] = [visit(static_context, url, start=False)]
            static_context.close()
            for repeat in range(args.repeats):
                contexts = {way: launch(f"{way[:4]}-{repeat}") for way in ways}
                for temperature in ("cold", "warm"):
                    for way, address in ways.items():
                        runs.setdefault(f"{way}, {temperature}", []).append(
                            visit(contexts[way], address, start=True))
                for context in contexts.values():
                    context.close()
    finally:
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    load = max(load, os.getloadavg()[0])

    print(f"Page: {args.page}   (targets: first live widget <= 10 s cold, <= 4 s warm; count < 100 ms)")
    print(f"Load average (1 min, highest of start and end): {load:.1f} on {os.cpu_count()} cores; "
          f"median of {args.repeats} run(s)")
    print(f"{'':34} {'Pyodide ready':>14} {'first live widget':>18} {'CPU to it':>10} {'main thread':>12} "
          f"{'all cells run':>14} "
          f"{'count (median)':>15} {'transferred':>12}")
    for name, measured in runs.items():
        row = {key: statistics.median(run[key] for run in measured) for key in measured[0]}
        first = f"{row['first'] / 1000:.1f} s" if "first" in row else "-"
        ready = f"{row['ready'] / 1000:.1f} s" if "ready" in row else "-"
        count = f"{row['count']:.1f} ms" if "count" in row else "-"
        python = f"{row['python'] / 1000:.1f} s" if "python" in row else "-"
        cpu = f"{row['cpu']:.1f} s" if "cpu" in row else "-"
        main = f"{row['main']:.1f} s" if "main" in row else "-"
        print(f"{name:34} {python:>14} {first:>18} {cpu:>10} {main:>12} {ready:>14} {count:>15} "
              f"{row['bytes'] / 1e6:>9.1f} MB")
    on_disk = sum(p.stat().st_size for folder in ("pyodide", "wheels", "live-data")
                  for p in (args.site / "_static" / folder).rglob("*") if p.is_file())
    print(f"Live files on the site (_static/pyodide, wheels, startup, live-data): {on_disk / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
