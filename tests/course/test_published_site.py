"""The published site: built with warnings as errors, self-contained, and showing live widgets
from their saved state in Chromium."""

from __future__ import annotations

from itertools import pairwise
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
             if p.relative_to(built_site).parts[0] not in ("_static", "lab")} - {"index", "genindex", "search"}
    built -= {"km-postcards"}   # the printable sheet, written by the build itself (course/postcards.py)
    assert built, "no pages were built"
    toc = (REPO / "_toc.yml").read_text(encoding="utf-8")
    for page in built:
        assert page in toc, f"{page} is built but not in _toc.yml"


def test_hub_and_binder_launch_links_appear_only_when_the_config_names_them(built_site):
    """The course's own lab is always linked; a JupyterHub or Binder button only for a real, named one."""
    import re
    from urllib.parse import parse_qs
    from urllib.parse import urlparse as parse

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


# --- the site on a phone, its console, the postcards ------------------------------------------

PHONE = {"width": 390, "height": 844}

# Every visible widget label and button: its text must fit its box (not cut off with an ellipsis, not
# spilling out), lie inside the screen, and not overlap another label's text (as seen: parts hidden
# by a scrolling box do not count). Text is measured with a Range, which covers clipped text too.
WIDGET_LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const visible = e => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const selector = ['.jupyter-widgets .jupyter-button', '.jupyter-widgets .widget-label',
    '.jupyter-widgets .widget-label-basic', '.jupyter-widgets .widget-radio-box label',
    '.jupyter-widgets .widget-checkbox label', '.jupyter-widgets .widget-toggle-button'].join(',');
  const name = e => (e.innerText || e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
  const textBox = e => { const range = document.createRange(); range.selectNodeContents(e);
    return range.getBoundingClientRect(); };
  const clip = (e, r) => {
    let {left, top, right, bottom} = r;
    for (let a = e.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const c = a.getBoundingClientRect();
        left = Math.max(left, c.left); top = Math.max(top, c.top);
        right = Math.min(right, c.right); bottom = Math.min(bottom, c.bottom);
      }
    }
    return {left, top, right, bottom};
  };
  const labels = [...document.querySelectorAll(selector)].filter(e => visible(e) && e.innerText.trim())
    .map(e => ({e, box: e.getBoundingClientRect(), text: textBox(e), seen: clip(e, textBox(e))}));
  for (const {e, box, text} of labels) {
    if (e.scrollWidth > e.clientWidth + 1)
      problems.push(`cut off: "${name(e)}" needs ${e.scrollWidth}px, has ${e.clientWidth}px`);
    else if (text.right > box.right + 1 || text.bottom > box.bottom + 1 || text.left < box.left - 1
             || text.top < box.top - 1)
      problems.push(`text spills out of its box: "${name(e)}"`);
  }
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i], b = labels[j];
    if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
    const w = Math.min(a.seen.right, b.seen.right) - Math.max(a.seen.left, b.seen.left);
    const h = Math.min(a.seen.bottom, b.seen.bottom) - Math.max(a.seen.top, b.seen.top);
    if (w > 1 && h > 1) problems.push(`overlap: "${name(a.e)}" and "${name(b.e)}"`);
  }
  for (const e of document.querySelectorAll('.jupyter-widgets, .jupyter-widgets svg, .jupyter-widgets input, '
                                            + '.jupyter-widgets select, .jupyter-widgets textarea')) {
    if (!visible(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) {
      const span = `${Math.round(r.left)}-${Math.round(r.right)} of ${vw}`;
      problems.push(`wider than the screen: ${e.tagName.toLowerCase()} "${name(e)}" (${span})`);
    }
  }
  return [...new Set(problems)];
}"""


def widget_pages(built_site) -> list[str]:
    return sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                  if "application/vnd.jupyter.widget-state+json" in p.read_text(encoding="utf-8"))


def test_at_phone_width_no_widget_cuts_off_or_overlaps_its_labels(built_site, site_url, browser):
    pages = widget_pages(built_site)
    assert len(pages) >= 10 and "modules/km-02-learning-before/learning-before-doing.html" in pages
    page = browser.new_page(viewport=PHONE)
    found = {}
    for path in pages:
        page.goto(f"{site_url}/{path}", wait_until="networkidle")
        page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=20_000)
        page.wait_for_timeout(300)
        problems = page.evaluate(WIDGET_LAYOUT_PROBLEMS)
        if problems:
            found[path] = problems
    # the two reported cases, looked at directly
    page.goto(f"{site_url}/modules/km-02-learning-before/learning-before-doing.html", wait_until="networkidle")
    button = page.get_by_role("button", name="Suggest techniques").first
    button.wait_for(state="visible", timeout=20_000)
    assert button.evaluate("b => b.scrollWidth <= b.clientWidth && b.getBoundingClientRect().right <= 390")
    options = page.locator(".widget-radio-box").first.locator("label")
    boxes = [options.nth(i).bounding_box() for i in range(options.count())]
    assert len(boxes) >= 3
    for upper, lower in pairwise(boxes):
        assert upper["y"] + upper["height"] <= lower["y"] + 1, (upper, lower)
    page.screenshot(path=str(REPO / "test-results" / "km-02-at-390px.png"), full_page=False)
    page.close()
    assert found == {}


def test_no_page_logs_a_console_error_on_a_first_visit(built_site, site_url, browser):
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                   if p.relative_to(built_site).parts[0] not in ("_static", "_sources", "lab"))
    assert len(pages) >= 20 and "km-postcards.html" in pages
    found = {}
    for path in pages:
        context = browser.new_context()      # empty storage, as for a learner's first visit
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)  # noqa: B023
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))  # noqa: B023
        page.goto(f"{site_url}/{path}", wait_until="networkidle")
        page.wait_for_timeout(300)
        if errors:
            found[path] = errors
        context.close()
    assert found == {}


KM_STAGES = {"modules/km-02-learning-before/learning-before-doing.html": "before",
             "modules/km-03-learning-while/learning-while-doing.html": "during",
             "modules/km-04-learning-after/learning-after-doing.html": "after"}


def test_km_postcards_are_published_readable_and_reached_from_the_km_modules(built_site, site_url, browser):
    import stat

    from searchcraft.course.postcards import postcards_html
    from searchcraft.widgets.models.techniques import stage_titles

    sheet = built_site / "km-postcards.html"
    assert sheet.read_text(encoding="utf-8") == postcards_html()
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o644
    linking = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
               if "km-postcards.html" in p.read_text(encoding="utf-8")]
    assert set(KM_STAGES) <= set(linking)
    page = browser.new_page()
    for path, stage in KM_STAGES.items():
        page.goto(f"{site_url}/{path}", wait_until="networkidle")
        link = page.locator("a[href*='km-postcards.html']").first
        assert link.is_visible() and "postcards" in link.inner_text()
        with page.expect_navigation():
            link.click()
        assert page.url == f"{site_url}/km-postcards.html#stage-{stage}"
        assert page.locator("h1").inner_text() == "Knowledge management techniques: postcards"
        assert page.locator(f"#stage-{stage}").inner_text() == stage_titles()[stage]
    page.close()
