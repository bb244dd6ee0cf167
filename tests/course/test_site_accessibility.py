"""Accessibility: axe-core in Chromium over every page of the built site finds no serious or critical
WCAG 2.2 A/AA violation; and every page loads every file it asks for."""

from __future__ import annotations

import pytest

from support import REPO, require

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def site_pages(built_site):
    return sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                  if p.relative_to(built_site).parts[0] not in ("_static", "_sources")
                  and p.name not in ("genindex.html", "index.html"))


def axe_violations(page, url, failed):
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)  # let widgets render from their saved state
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


SHARDS = 4  # the pages are checked in four tests so that both test workers share them


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_has_no_serious_or_critical_violation(built_site, site_url, browser, shard):
    require(AXE.is_file(), "axe-core from npm (run `npm ci`)")
    every_page = site_pages(built_site)
    assert len(every_page) >= 7
    pages = every_page[shard::SHARDS]
    page = browser.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    report = {}
    for path in pages:
        for mode in ("light", "dark"):
            page.emulate_media(color_scheme=mode)
            failed.clear()
            found = axe_violations(page, f"{site_url}/{path}", failed)
            if failed:
                report[f"{path} ({mode}) failed requests"] = sorted(set(failed))
            if found:
                report[f"{path} ({mode})"] = [
                    f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:3])
                    for v in found
                ]
    page.close()
    assert report == {}
