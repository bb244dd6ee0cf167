"""The knowledge management technique cards are text on the page, written from the one data file:
the pages hold every technique's card as Markdown, no code cell prints one, the page text cannot drift
from km-techniques.yaml without `searchcraft course check` saying so, and sync-pathways rewrites it."""

from __future__ import annotations

import json
import shutil

import pytest

from searchcraft.course.check import check_technique_cards
from searchcraft.course.technique_cards import card_cells, cell_source, stale_cards, sync_cards
from searchcraft.errors import CourseError
from searchcraft.widgets.models.techniques import techniques
from support import REPO

PAGES = {
    "km-01-what-is-km": "what-is-knowledge-management.ipynb",
    "km-02-learning-before": "learning-before-doing.ipynb",
    "km-03-learning-while": "learning-while-doing.ipynb",
    "km-04-learning-after": "learning-after-doing.ipynb",
    "km-05-findability-impact": "findability-impact.ipynb",
}


def page(module):
    return REPO / "modules" / module / PAGES[module]


def cells(module):
    return json.loads(page(module).read_text(encoding="utf-8"))["cells"]


def test_the_pages_text_matches_the_data_file():
    assert stale_cards(REPO) == []
    assert check_technique_cards(REPO) == []


@pytest.mark.parametrize("module", ["km-02-learning-before", "km-03-learning-while", "km-04-learning-after"])
def test_every_technique_the_module_teaches_has_its_full_card_as_text_on_the_page(module):
    shown = {}
    for cell in card_cells(page(module)):
        if cell.spec["show"].startswith("card"):
            for name in cell.spec["techniques"]:
                shown[name] = cell.source
    taught = {t.id: t for t in techniques().values() if t.module == module}
    assert set(shown) == set(taught)
    for technique_id, text in shown.items():
        item = taught[technique_id]
        assert f"### {item.name} at a glance" in text
        assert all(step in text for step in item.steps), technique_id
        assert all(question in text for question in item.questions), technique_id


@pytest.mark.parametrize("module", sorted(PAGES))
def test_no_code_cell_prints_a_technique_card(module):
    code = "".join("".join(c["source"]) for c in cells(module) if c["cell_type"] == "code")
    assert "card_text(" not in code
    assert ".example)" not in code and ".steps" not in code


def test_the_cards_keep_the_widget_for_the_interactive_part():
    for module in ("km-02-learning-before", "km-03-learning-while", "km-04-learning-after"):
        code = "".join("".join(c["source"]) for c in cells(module) if c["cell_type"] == "code")
        assert "TechniqueFinder(" in code, module


def test_a_card_edited_on_the_page_is_reported_and_sync_rewrites_it_from_the_data(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(REPO / "modules" / "km-03-learning-while", root / "modules" / "km-03-learning-while")
    copy = root / "modules" / "km-03-learning-while" / PAGES["km-03-learning-while"]
    notebook = json.loads(copy.read_text(encoding="utf-8"))
    index = card_cells(copy)[1].index
    original = "".join(notebook["cells"][index]["source"])
    notebook["cells"][index]["source"] = [original.replace("15 to 30 minutes", "two hours")]
    copy.write_text(json.dumps(notebook, indent=1), encoding="utf-8")

    problems = check_technique_cards(root)
    assert len(problems) == 1 and f"cell {index}" in problems[0].message
    assert "sync-pathways" in problems[0].hint

    assert sync_cards(root) == [f"modules/km-03-learning-while/{PAGES['km-03-learning-while']}: "
                                f"technique card cell {index} rewritten from km-techniques.yaml"]
    assert "".join(json.loads(copy.read_text(encoding="utf-8"))["cells"][index]["source"]) == original
    assert stale_cards(root) == [] and sync_cards(root) == []


def test_a_card_cell_that_names_an_unknown_technique_or_nothing_to_show_is_a_clear_error():
    with pytest.raises(CourseError, match="unknown technique") as error:
        cell_source({"show": "card", "techniques": ["peer-review"]})
    assert "Peer Assist" in error.value.hint
    with pytest.raises(CourseError, match="does not say what to show"):
        cell_source({"techniques": ["peer-assist"]})
    with pytest.raises(CourseError, match="lists no techniques"):
        cell_source({"show": "card"})


def test_a_card_in_a_code_cell_is_refused(tmp_path):
    notebook = {"cells": [{"cell_type": "code", "metadata": {"searchcraft": {"technique-cards": {
        "show": "card", "techniques": ["fishbowl"]}}}, "source": "", "outputs": [], "execution_count": None}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(CourseError, match="must be a Markdown cell"):
        card_cells(path)


def test_text_that_looks_like_markup_is_escaped_so_the_card_reads_as_written():
    from searchcraft.widgets.models.techniques import markdown_text

    assert markdown_text("a *b* [c] <d> e_f") == r"a \*b\* \[c\] \<d\> e\_f"
