"""The widget gallery (book/widget-gallery.ipynb): every widget of the kit on one page, built into the
site, rendered from its saved state in Chromium, self-contained and accessible."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import nbformat
import pytest

from support import REPO, require

GALLERY = REPO / "book" / "widget-gallery.ipynb"
PAGE = "book/widget-gallery.html"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def kit_widgets() -> list[str]:
    from searchcraft.widgets import _VIEWS

    return sorted(_VIEWS)


def test_the_gallery_shows_every_widget_of_the_kit_with_a_heading_and_a_how_to():
    notebook = nbformat.read(GALLERY, as_version=4)
    headings = [cell.source.splitlines()[0] for cell in notebook.cells if cell.cell_type == "markdown"
                and cell.source.startswith("## ")]
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    for name in kit_widgets():
        assert any(h.startswith(f"## {name}") for h in headings), f"no section for {name}"
        assert any(f"from searchcraft.widgets import {name}" in source for source in code), f"no cell shows {name}"
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            how_to = cell.source.split("\n", 1)[1].strip()
            assert 2 <= len(how_to.splitlines()) <= 4, f"the how-to under {cell.source.splitlines()[0]!r}"


def test_the_gallery_saves_nothing_and_has_no_stored_outputs():
    notebook = nbformat.read(GALLERY, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert not any("save_to" in cell.source for cell in code)
    assert all(cell.outputs == [] for cell in code), "the site build executes the gallery; keep it clean"


def test_the_gallery_is_in_the_table_of_contents():
    toc = (REPO / "_toc.yml").read_text(encoding="utf-8")
    assert "book/widget-gallery" in toc, "add `- file: book/widget-gallery` to _toc.yml"


def _gallery_built(built_site):
    page = built_site / PAGE
    assert page.is_file(), f"{PAGE} was not built: is book/widget-gallery in _toc.yml?"
    return page


@pytest.mark.browser
@pytest.mark.notebook
@pytest.mark.slow
def test_every_widget_area_renders_from_saved_state_with_nothing_from_other_hosts(built_site, site_url, browser):
    html = _gallery_built(built_site).read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in html
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site_url}/{PAGE}", wait_until="networkidle")
    page.locator(".cell_output .jupyter-widgets").first.wait_for(state="visible", timeout=30_000)
    areas = page.evaluate("""() => [...document.querySelectorAll('main section section')]
        .filter(s => s.querySelector(':scope > h2'))
        .map(s => {
            const widget = s.querySelector('.cell_output .widget-vbox, .cell_output .widget-box');
            const box = widget && widget.getBoundingClientRect();
            return {heading: s.querySelector(':scope > h2').textContent.replace('#', '').trim(),
                    height: box ? box.height : 0, width: box ? box.width : 0,
                    controls: widget ? widget.querySelectorAll('button, input, select, textarea').length : 0};
        })""")
    missing = [a["heading"] for a in areas if a["height"] < 40 or a["width"] < 100]
    assert missing == [], f"these widget areas did not render: {missing}"
    for name in kit_widgets():
        assert any(a["heading"].startswith(name) for a in areas), f"no rendered section for {name}"
    assert sum(a["controls"] for a in areas) >= 100
    (REPO / "test-results").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "test-results" / "widget-gallery.png"), full_page=True)
    own = urlparse(site_url).netloc
    elsewhere = [url for url in requested
                 if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).netloc != own]
    assert requested and elsewhere == []
    page.close()


@pytest.mark.browser
@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_gallery_has_no_serious_or_critical_accessibility_violation(built_site, site_url, browser, scheme):
    require(AXE.is_file(), "axe-core from npm (run `npm ci`)")
    _gallery_built(built_site)
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}/{PAGE}", wait_until="networkidle")
    page.locator(".cell_output .jupyter-widgets").first.wait_for(state="visible", timeout=30_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    serious = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                "nodes": [n["target"][0] for n in v["nodes"][:4]]}
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert len(result["passes"]) >= 10
    assert serious == [], json.dumps(serious, indent=1)
    page.close()
