"""The published site: built with warnings as errors, self-contained, and showing live widgets
from their saved state in Chromium."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from support import REPO

pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.slow]

WIDGET_PAGE = "modules/search-05-boolean-logic/boolean-operators.html"


def test_site_has_a_front_page_and_every_toc_page(built_site):
    assert (built_site / "index.html").is_file()
    assert (built_site / WIDGET_PAGE).is_file()
    assert not (built_site / "assessments").exists()
    assert not (built_site / "src").exists()
    assert not (built_site / "tests").exists()


def test_widget_page_carries_saved_widget_state(built_site):
    html = (built_site / WIDGET_PAGE).read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in html
    assert "_static/vendor/embed-amd.js" in html


def test_page_loads_nothing_from_other_hosts_and_shows_the_widget(site_url, browser):
    (REPO / "test-results").mkdir(exist_ok=True)
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{site_url}/{WIDGET_PAGE}", wait_until="networkidle")

    toggle = page.locator(".widget-toggle-buttons").first
    toggle.wait_for(state="visible", timeout=20_000)
    diagram = page.locator(".jupyter-widgets svg[role=img]").first
    assert diagram.is_visible()
    assert "finds" in diagram.locator("title").text_content()
    page.screenshot(path=str(REPO / "test-results" / "widget-page.png"), full_page=True)

    own_host = urlparse(site_url).netloc
    elsewhere = [url for url in requested
                 if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != own_host]
    assert requested, "the browser made no requests at all"
    assert elsewhere == []
    assert failed == []
    page.close()


def test_only_files_in_the_table_of_contents_are_built(built_site):
    built = {p.relative_to(built_site).with_suffix("").as_posix()
             for p in built_site.rglob("*.html")
             if p.relative_to(built_site).parts[0] != "_static"} - {"index", "genindex", "search"}
    assert built, "no pages were built"
    toc = (REPO / "_toc.yml").read_text(encoding="utf-8")
    for page in built:
        assert page in toc, f"{page} is built but not in _toc.yml"


def test_hub_and_binder_launch_links_appear_only_when_the_config_names_them(built_site):
    """The course's own lab is always linked; a JupyterHub or Binder button only for a real, named one."""
    import re
    from urllib.parse import parse_qs, urlparse as parse

    import yaml

    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    hub = (config["launch_buttons"].get("jupyterhub_url") or "").rstrip("/")
    binder = (config["launch_buttons"].get("binderhub_url") or "").rstrip("/")
    repo = config["repository"].get("url") or ""
    html = (built_site / WIDGET_PAGE).read_text(encoding="utf-8")
    links = [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', html)]
    assert "../../lab/lab/index.html?path=modules/search-05-boolean-logic/boolean-operators.ipynb" in links
    pulls = [parse(link) for link in links if "/hub/user-redirect/git-pull" in link]
    binders = [link for link in links if "/v2/gh/" in link or "/v2/git/" in link]
    if not (hub and repo):
        assert pulls == [], "a JupyterHub button although _config.yml names no hub"
    else:
        assert pulls and all(link.geturl().startswith(f"{hub}/hub/") for link in pulls)
        query = parse_qs(pulls[0].query)
        assert query["repo"] == [repo] and query["branch"] == [config["repository"]["branch"]]
        assert query["urlpath"][0].endswith("modules/search-05-boolean-logic/boolean-operators.ipynb")
    if not (binder and repo):
        assert binders == [], "a Binder button although _config.yml names no repository or BinderHub"
    else:
        assert binders and all(link.startswith(binder) for link in binders)
