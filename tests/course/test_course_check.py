"""`searchcraft course check` finds each kind of problem a course team must fix before publishing."""

from __future__ import annotations

import json
import shutil

import pytest

from searchcraft.course.check import check_course, toc_files
from support import REPO


def notebook(cells):
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text, outputs=(), count=None):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": list(outputs),
            "execution_count": count}


GOOD_MODULE = [
    code('from searchcraft.widgets import show_module_banner\nshow_module_banner("search-01-planning")'),
    md("# Planning\n## Learning objectives\n- Plan.\n## Exercise 1: a\n## Exercise 2: b\n"
       "See [the welcome page](../../book/welcome.md).\n"),
    md("## Quiz"), code('Quiz.from_file("quiz.yml")'),
    md("## Key points\n- One.\n## Further reading\n- A book.\n"),
]


@pytest.fixture
def course(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "welcome.md").write_text("# Welcome\n")
    module = tmp_path / "modules" / "search-01-planning"
    module.mkdir(parents=True)
    (module / "planning.ipynb").write_text(notebook(GOOD_MODULE))
    (tmp_path / "assessments" / "source" / "search-01-planning").mkdir(parents=True)
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/welcome\nchapters:\n"
                                       "  - file: modules/search-01-planning/planning\n")
    write_registry(tmp_path, [REGISTRY_ENTRY])
    return tmp_path


# The study-time rule for GOOD_MODULE: few words, 2 exercises (30 min), 2 code cells, no quiz file -> 30.
REGISTRY_ENTRY = {"id": "search-01-planning", "title": "Planning", "part": "Searching", "level": "foundation",
                  "minutes": 30, "outcomes": ["Plan"], "competencies": ["questions"]}


def write_registry(root, modules):
    """The course's registry of levels and times, and the front page's routes generated from it."""
    from searchcraft.pathways import parse_registry, replace_routes

    path = root / "src" / "searchcraft" / "pathways.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"competencies": {"questions": "Framing questions"}, "modules": modules})
    path.write_text(text)
    welcome = root / "book" / "welcome.md"
    try:
        registry = parse_registry(text)
    except Exception:  # a deliberately broken registry: leave the front page as it is
        return
    welcome.write_text(replace_routes(welcome.read_text(), registry))


def kinds(problems):
    return sorted(p.kind for p in problems)


def test_a_sound_course_has_no_problems(course):
    assert check_course(course) == []


def test_toc_entry_without_a_file_and_page_missing_from_toc(course):
    (course / "_toc.yml").write_text("format: jb-book\nroot: book/welcome\nchapters:\n  - file: book/gone\n")
    problems = check_course(course)
    messages = [str(p) for p in problems if p.kind == "toc"]
    assert any("'book/gone' has no .md or .ipynb file" in m for m in messages)
    assert any("planning.ipynb: module page is not in _toc.yml" in m for m in messages)


def test_broken_internal_link_and_doc_reference(course):
    (course / "book" / "welcome.md").write_text("# Welcome\n[x](missing.md) {doc}`nowhere` "
                                                "[web](https://example.org) [anchor](#top)\n")
    problems = [p for p in check_course(course) if p.kind == "link"]
    assert [p.message for p in problems] == ["broken internal link 'missing.md'",
                                            "broken internal doc 'nowhere'"]


def test_images_without_alt_text_in_each_form(course):
    (course / "book" / "welcome.md").write_text(
        "# W\n![](a.png)\n![A chart](b.png)\n<img src='c.png'>\n```{figure} d.png\n:width: 50%\n```\n"
        "```{image} e.png\n:alt: A diagram\n```\n")
    problems = [p for p in check_course(course) if p.kind == "alt-text"]
    assert len(problems) == 3


def test_notebooks_saved_with_outputs_or_errors(course):
    cells = GOOD_MODULE + [code("1", [{"output_type": "execute_result", "data": {}, "metadata": {},
                                       "execution_count": 1}], 1),
                           code("x", [{"output_type": "error", "ename": "NameError", "evalue": "",
                                       "traceback": []}], 2)]
    (course / "modules" / "search-01-planning" / "planning.ipynb").write_text(notebook(cells))
    messages = [p.message for p in check_course(course) if p.kind == "notebook"]
    assert messages == ["cell 6 was saved with outputs", "cell 7 was saved with an error"]


def test_module_missing_parts_are_listed(course):
    (course / "modules" / "search-01-planning" / "planning.ipynb").write_text(notebook([md("# Only a title")]))
    problems = [p for p in check_course(course) if p.kind == "module"]
    assert len(problems) == 5


def test_toc_files_reads_parts_and_nested_sections():
    entries = toc_files(REPO)
    assert entries[0] == "book/welcome"
    assert "modules/search-05-boolean-logic/boolean-operators" in entries


def test_the_command_exits_non_zero_and_lists_problems(course, capsys):
    from searchcraft.cli import main

    assert main(["course", "check", "--root", str(course)]) == 0
    shutil.rmtree(course / "assessments")
    assert main(["course", "check", "--root", str(course)]) == 1
    assert "its assignment in assessments/source/search-01-planning/" in capsys.readouterr().out


def pathway_messages(root):
    return [str(p) for p in check_course(root) if p.kind == "pathways"]


def test_a_module_in_the_toc_without_a_registry_entry_is_flagged(course):
    write_registry(course, [])
    messages = pathway_messages(course)
    assert any("modules/search-01-planning: module has no level or study time" in m for m in messages)


def test_a_registry_entry_without_level_or_time_is_flagged(course):
    write_registry(course, [{**REGISTRY_ENTRY, "level": "expert"}])
    assert any("has level 'expert'" in m for m in pathway_messages(course))
    without_time = {k: v for k, v in REGISTRY_ENTRY.items() if k != "minutes"}
    write_registry(course, [without_time])
    messages = pathway_messages(course)
    assert any("has study time None" in m for m in messages)
    assert any("module has no level or study time" in m for m in messages)


def test_a_registry_module_missing_from_the_toc_is_flagged(course):
    extra = {**REGISTRY_ENTRY, "id": "ev-01-appraising-evidence", "title": "Appraising evidence"}
    write_registry(course, [REGISTRY_ENTRY, extra])
    assert pathway_messages(course) == [
        "src/searchcraft/pathways.json: lists module 'ev-01-appraising-evidence', which is not in "
        "_toc.yml [pathways]\n    fix: Add the module's pages to _toc.yml, or remove its registry entry."]


def test_a_stated_time_far_from_the_rule_is_flagged_with_the_estimate(course):
    write_registry(course, [{**REGISTRY_ENTRY, "minutes": 37}])   # 23% over the rule's 30: flagged
    messages = pathway_messages(course)
    assert len(messages) == 1 and "stated study time 37 min is more than 20% from the rule's 30 min" in messages[0]
    assert "2 exercises" in messages[0] and "Set 'minutes' to 30" in messages[0]
    write_registry(course, [{**REGISTRY_ENTRY, "minutes": 36}])   # 20% over: accepted
    assert pathway_messages(course) == []


def test_outcomes_that_differ_from_the_learning_objectives_are_flagged(course):
    write_registry(course, [{**REGISTRY_ENTRY, "outcomes": ["Plan a search"]}])
    messages = pathway_messages(course)
    assert len(messages) == 1 and 'registry outcomes differ' in messages[0] and '["Plan"]' in messages[0]


def test_a_module_first_page_without_its_banner_is_flagged(course):
    page = course / "modules" / "search-01-planning" / "planning.ipynb"
    page.write_text(notebook(GOOD_MODULE[1:]))
    messages = pathway_messages(course)
    assert len(messages) == 1 and "planning.ipynb: the module's first page does not open with its banner" in messages[0]
    assert 'show_module_banner("search-01-planning")' in messages[0]


def test_out_of_date_routes_on_the_front_page_are_flagged(course):
    welcome = course / "book" / "welcome.md"
    welcome.write_text(welcome.read_text().replace("30 minutes", "3 hours"))
    assert any("routes on the front page are out of date" in m for m in pathway_messages(course))
    welcome.write_text("# Welcome\n")
    assert any("does not show the routes" in m for m in pathway_messages(course))


def test_the_kits_own_modules_all_have_a_level_time_and_matching_outcomes():
    from searchcraft.course.check import check_levels_and_times

    problems = check_levels_and_times(REPO)
    # Modules written in parallel branches are in the registry before their folders land.
    arriving = {"ev-01-appraising-evidence", "ev-02-numbers-in-evidence", "ev-03-summarising-evidence",
                "lks-01-showing-impact", "lks-02-service-quality", "lks-03-teaching-searching"}
    unexpected = [str(p) for p in problems
                  if not ("which is not in _toc.yml" in p.message
                          and any(f"'{m}'" in p.message for m in arriving)
                          and not any((REPO / "modules" / m).is_dir() for m in arriving if f"'{m}'" in p.message))]
    assert unexpected == []


def test_sync_pathways_copies_objectives_and_times_and_adds_the_banner(course, capsys):
    from searchcraft.cli import main

    page = course / "modules" / "search-01-planning" / "planning.ipynb"
    page.write_text(notebook(GOOD_MODULE[1:]))
    write_registry(course, [{**REGISTRY_ENTRY, "minutes": 90, "outcomes": ["Something else"]}])
    assert len(pathway_messages(course)) == 3   # banner, time, outcomes
    assert main(["course", "sync-pathways", "--root", str(course)]) == 0
    out = capsys.readouterr().out
    assert "outcomes copied" in out and "study time 90 -> 30 minutes" in out and "banner cell added" in out
    assert check_course(course) == []
    registry = json.loads((course / "src" / "searchcraft" / "pathways.json").read_text())
    assert registry["modules"][0]["level"] == "foundation" and registry["modules"][0]["outcomes"] == ["Plan"]


def test_a_registry_title_that_differs_from_the_page_title_is_flagged_and_synced(course):
    write_registry(course, [{**REGISTRY_ENTRY, "title": "Planning a search"}])
    messages = pathway_messages(course)
    assert len(messages) == 1 and "registry title 'Planning a search' differs from the page's 'Planning'" in messages[0]
    from searchcraft.course.pathways_sync import sync_pathways

    assert "search-01-planning: title 'Planning a search' -> 'Planning'" in sync_pathways(course)
    assert check_course(course) == []

@pytest.mark.parametrize("key, section, value", [
    ("jupyterhub_url", "launch_buttons", "https://hub.example.org"),
    ("binderhub_url", "launch_buttons", "https://binder.example.com/"),
    ("url", "repository", "https://github.com/searchcraft-course/searchcraft"),
    ("url", "repository", "https://github.com/searchcraft-course/searchcraft.git"),
])
def test_a_placeholder_launch_address_is_named_with_its_key_and_fix(course, key, section, value):
    (course / "_config.yml").write_text(f"title: T\n{section}:\n  {key}: {value}\n")
    problems = [p for p in check_course(course) if p.kind == "launch-button" and "placeholder" in p.message]
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith("_config.yml: ") and f"{section}.{key}" in text and value in text
    assert "fix: Set it to" in text and '""' in text


def test_real_or_empty_launch_addresses_pass(course):
    (course / "_config.yml").write_text(
        "title: T\nrepository:\n  url: https://github.com/nhs-library/searchcraft-course\n"
        "launch_buttons:\n  jupyterhub_url: https://hub.example-trust.nhs.uk\n"
        "  binderhub_url: https://mybinder.org\n  colab_url: \"\"\n")
    assert check_course(course) == []


def test_the_shipped_config_names_no_placeholder():
    assert [str(p) for p in check_course(REPO) if p.kind == "launch-button"] == []


def test_the_command_fails_on_a_placeholder_hub(course, capsys):
    from searchcraft.cli import main

    (course / "_config.yml").write_text("launch_buttons:\n  jupyterhub_url: https://hub.example.org\n")
    assert main(["course", "check", "--root", str(course)]) == 1
    out = capsys.readouterr().out
    assert "launch_buttons.jupyterhub_url is a placeholder address 'https://hub.example.org'" in out


def test_a_hub_without_a_repository_is_named(course):
    (course / "_config.yml").write_text("repository:\n  url: \"\"\nlaunch_buttons:\n"
                                        "  jupyterhub_url: https://hub.my-trust.nhs.uk\n")
    problems = [str(p) for p in check_course(course) if p.kind == "launch-button"]
    assert len(problems) == 1 and "launch_buttons.jupyterhub_url is set but repository.url is empty" in problems[0]
