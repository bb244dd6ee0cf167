"""Fixtures for the whole suite; the helpers themselves live in ``support.py``."""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from support import REPO, SHARED, launch_chromium, require, require_executable, run


def pytest_collection_modifyitems(config, items) -> None:
    """A test that needs the built site runs every notebook (the build executes them): mark it so."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.notebook)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder beside the checkout (CI has it; elsewhere its tests skip)."""
    require(SHARED.is_dir(), f"the shared data folder {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """The whole course site, built for real with warnings as errors, executing every notebook.

    ``SEARCHCRAFT_BUILT_SITE=path/to/_build/html`` uses a site already built by ``make book`` or
    ``jupyter-book build`` instead (checking pages without a ten-minute rebuild).
    """
    prebuilt = os.environ.get("SEARCHCRAFT_BUILT_SITE")
    if prebuilt:
        require((Path(prebuilt) / "index.html").is_file(), f"a built site at {prebuilt}")
        return Path(prebuilt)
    jupyter_book = require_executable("jupyter-book")
    require((REPO / "_assets" / "vendor" / "embed-amd.js").is_file(),
            "the vendored front-end files (run `make vendor`)")
    # Under pytest-xdist each worker asks for the site: the first builds it in the folder the workers
    # share, the others wait on the lock and read the same site (or the same failure).
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    out, done, failed = shared / "site", shared / "site.built", shared / "site.failed"
    html = out / "_build" / "html"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            raise AssertionError(failed.read_text(encoding="utf-8"))
        if not done.exists():
            try:
                run([jupyter_book, "build", str(REPO), "--path-output", str(out), "-W", "-n", "--keep-going"],
                    cwd=REPO, timeout=1500)
                if (REPO / "_live" / "wheels" / "manifest.json").is_file():  # as `make book` does (~15 s)
                    run([require_executable("searchcraft"), "course", "lab", str(html / "lab")], cwd=REPO,
                        timeout=600)
            except AssertionError as error:
                failed.write_text(str(error), encoding="utf-8")
                raise
            done.touch()
    return html


@pytest.fixture(scope="module")
def running_server():
    """A local HTTP server (pytest-httpserver) standing in for PubMed and Europe PMC."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(running_server):
    """The local server, with no handlers and an empty log at the start of each test."""
    running_server.clear()
    yield running_server
    running_server.clear()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served over HTTP on 127.0.0.1, as a static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def cut_off_site(built_site):
    """The built site on its own server on 127.0.0.1, which the test can switch off (the network gone).

    ``context.set_offline`` alone does not stop a service worker's own requests in Chromium (Playwright
    issue 2311), so an offline test that only set it could pass while the worker still fetched from the
    server; with the server closed nothing can answer but the browser's offline copy.
    """
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def cut_off() -> None:
        server.shutdown()
        server.server_close()

    server.url, server.cut_off = f"http://127.0.0.1:{server.server_address[1]}", cut_off
    yield server
    if thread.is_alive():
        cut_off()


@pytest.fixture(scope="session")
def browser():
    """Headless system Chromium driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        require(False, "Playwright for Python")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
