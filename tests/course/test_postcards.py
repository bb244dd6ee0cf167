"""The printable postcards: one card per technique from the same data as the modules, accessible
HTML, written atomically, and printable as A4 pages."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from searchcraft.course.postcards import PAGE_NAME, postcards_html, write_postcards
from searchcraft.errors import DataFileError
from searchcraft.widgets.models.techniques import techniques
from support import REPO


class Outline(HTMLParser):
    """Collects the page's language, headings and each card's text, and checks tags are balanced."""

    VOID = {"meta", "br", "link", "img", "hr", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.lang, self.headings, self.cards, self.stack = None, [], {}, []
        self._heading, self._card = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [tag, ""]
        if tag == "article":
            self._card = attrs["id"]
            self.cards[self._card] = ""

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"
        if tag in ("h1", "h2", "h3", "h4") and self._heading:
            self.headings.append(tuple(self._heading))
            self._heading = None
        if tag == "article":
            self._card = None

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data
        if self._card:
            self.cards[self._card] += data


@pytest.fixture(scope="module")
def outline():
    parser = Outline()
    parser.feed(postcards_html())
    parser.close()
    assert parser.stack == []
    return parser


def test_the_sheet_is_british_english_with_one_title(outline):
    assert outline.lang == "en-GB"
    assert [h for h in outline.headings if h[0] == "h1"] == [("h1", "Knowledge management techniques: postcards")]
    assert [text for level, text in outline.headings if level == "h2"] == [
        "Learning before doing", "Learning while doing", "Learning after doing"]


def test_every_technique_has_exactly_one_card_with_its_heading(outline):
    assert sorted(outline.cards) == sorted(techniques())
    card_titles = [text for level, text in outline.headings if level == "h3"]
    assert sorted(card_titles) == sorted(t.name for t in techniques().values())


def test_each_card_gives_when_time_people_every_step_and_key_questions(outline):
    for item in techniques().values():
        text = " ".join(outline.cards[item.id].split())
        assert item.when in text and item.time_label in text and item.people_label in text
        for step in item.steps:
            assert step in text, f"{item.id}: step missing: {step}"
        assert item.questions[0] in text


def test_print_styles_ask_for_a4_and_keep_cards_whole():
    html = postcards_html()
    assert "@page { size: A4" in html
    assert "break-inside: avoid" in html and "@media print" in html


def test_write_postcards_writes_the_sheet_and_refuses_a_missing_folder(tmp_path):
    written = write_postcards(tmp_path / "postcards.html")
    assert written == tmp_path / "postcards.html"
    assert written.read_text(encoding="utf-8") == postcards_html()
    assert [p.name for p in tmp_path.iterdir()] == ["postcards.html"]
    with pytest.raises(DataFileError, match="does not exist"):
        write_postcards(tmp_path / "missing" / "postcards.html")


@pytest.mark.browser
def test_the_sheet_prints_to_a4_pages_in_chromium(tmp_path, browser):
    path = write_postcards(tmp_path / "postcards.html")
    page = browser.new_page()   # the session's Chromium: one Playwright per test process
    try:
        page.goto(path.as_uri())
        page.emulate_media(media="print")
        # no card may be cut across a page: each card's box is shorter than a printable A4 page
        tallest = page.evaluate("Math.max(...[...document.querySelectorAll('article.card')]"
                                ".map(c => c.getBoundingClientRect().height))")
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert 3 <= pages <= 12  # at least one page per stage, and not one card per page
    assert tallest < 1000  # CSS pixels; an A4 page less margins is about 1040


def test_the_sheet_is_written_readable_by_the_web_server_whatever_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        path = write_postcards(tmp_path / "km-postcards.html")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_every_html_build_of_the_course_writes_the_sheet_at_the_site_root(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["searchcraft.course.postcards"]\n', encoding="utf-8")
    (source / "index.rst").write_text("Course\n======\n", encoding="utf-8")
    out = tmp_path / "html"
    # in its own process, with warnings as errors: Sphinx keeps node classes in process-wide state
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(source), str(out)], check=True)
    page = out / PAGE_NAME
    assert page.read_text(encoding="utf-8") == postcards_html()
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
    config = (REPO / "_config.yml").read_text(encoding="utf-8")
    assert "- searchcraft.course.postcards" in config     # the course's own build uses the extension


@pytest.mark.parametrize("notebook, stage", [
    ("km-02-learning-before/learning-before-doing.ipynb", "before"),
    ("km-03-learning-while/learning-while-doing.ipynb", "during"),
    ("km-04-learning-after/learning-after-doing.ipynb", "after"),
])
def test_each_module_that_teaches_the_techniques_links_to_its_stage_of_the_sheet(notebook, stage):
    cells = json.loads((REPO / "modules" / notebook).read_text(encoding="utf-8"))["cells"]
    markdown = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    link = f'href="../../{PAGE_NAME}#stage-{stage}"'
    assert link in markdown
    assert f'id="stage-{stage}"' in postcards_html()      # the anchor the link points at exists
