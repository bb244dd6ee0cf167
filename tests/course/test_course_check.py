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
    return tmp_path


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
    assert messages == ["cell 5 was saved with outputs", "cell 6 was saved with an error"]


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
