"""`searchcraft course new-module` starts a module that passes the course check, with an assignment
that real nbgrader grades as it should, listed in the table of contents."""

from __future__ import annotations

import shutil

import pytest
import yaml

from searchcraft.cli import main
from searchcraft.course.check import check_course, toc_files
from searchcraft.course.modules import find_modules, missing_parts
from searchcraft.course.scaffold import new_module
from searchcraft.errors import CourseError
from support import REPO, require_executable, run


@pytest.fixture
def course(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "welcome.md").write_text("# Welcome\n")
    (tmp_path / "modules").mkdir()
    (tmp_path / "_toc.yml").write_text("# The table of contents.\nformat: jb-book\nroot: book/welcome\n"
                                       "parts:\n  - caption: Start\n    chapters:\n      - file: book/welcome\n")
    return tmp_path


def test_the_new_module_has_every_required_part_and_passes_the_check(course):
    assert main(["course", "new-module", "local-01-catalogue", "--title", "Our catalogue",
                 "--root", str(course)]) == 0
    module = find_modules(course)[0]
    assert missing_parts(module, course) == []
    assert check_course(course) == []


def test_it_is_listed_in_the_toc_under_its_part_keeping_the_header_comment(course):
    new_module(course, "local-01-catalogue", "Our catalogue")
    new_module(course, "local-02-requests", "Requests", part="Start")
    text = (course / "_toc.yml").read_text()
    assert text.startswith("# The table of contents.\n")
    parts = yaml.safe_load(text)["parts"]
    assert parts[0]["chapters"][-1] == {"file": "modules/local-02-requests/local-02-requests"}
    assert parts[1] == {"caption": "Your modules",
                        "chapters": [{"file": "modules/local-01-catalogue/local-01-catalogue"}]}
    assert "modules/local-01-catalogue/local-01-catalogue" in toc_files(course)


@pytest.mark.parametrize("name", ["Bad Name", "under_score", "-lead", ""])
def test_a_bad_name_is_refused(course, name):
    with pytest.raises(CourseError, match="cannot be a module name"):
        new_module(course, name, "Title")


def test_an_existing_module_is_never_overwritten(course):
    new_module(course, "local-01-catalogue", "Our catalogue")
    notebook = course / "modules" / "local-01-catalogue" / "local-01-catalogue.ipynb"
    notebook.write_text("my work")
    with pytest.raises(CourseError, match="already exists"):
        new_module(course, "local-01-catalogue", "Again")
    assert notebook.read_text() == "my work"


@pytest.mark.nbgrader
@pytest.mark.slow
def test_the_new_assignment_grades_solution_full_and_release_zero(course):
    nbgrader = require_executable("nbgrader")
    new_module(course, "local-01-catalogue", "Our catalogue")
    shutil.copy(REPO / "assessments" / "nbgrader_config.py", course / "assessments" / "nbgrader_config.py")
    assessments = course / "assessments"
    run([nbgrader, "generate_assignment", "local-01-catalogue", "--force"], cwd=assessments)
    for student, origin in (("solution", "source"), ("untouched", "release")):
        shutil.copytree(assessments / origin / "local-01-catalogue",
                        assessments / "submitted" / student / "local-01-catalogue")
    run([nbgrader, "autograde", "local-01-catalogue", "--force"], cwd=assessments)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{assessments / 'gradebook.db'}") as gradebook:
        def automatic(student):
            sub = gradebook.find_submission("local-01-catalogue", student)
            return [(g.score, g.max_score) for nb in sub.notebooks for g in nb.grades if g.cell.cell_type == "code"]
        assert automatic("solution") == [(1.0, 1.0)]
        assert automatic("untouched") == [(0.0, 1.0)]


def test_the_new_module_gets_a_level_time_and_banner_from_the_registry(course):
    import json

    assert main(["course", "new-module", "local-02-teaching", "--title", "Teaching our users", "--root", str(course),
                 "--level", "practitioner", "--skills", "teaching,synthesis"]) == 0
    registry = json.loads((course / "src" / "searchcraft" / "pathways.json").read_text())
    entry = registry["modules"][0]
    assert (entry["id"], entry["level"], entry["competencies"]) == ("local-02-teaching", "practitioner",
                                                                   ["teaching", "synthesis"])
    assert entry["outcomes"] == ["state the first thing a learner will be able to do", "state the second"]
    assert 30 <= entry["minutes"] <= 60
    first = json.loads((course / "modules" / "local-02-teaching" / "local-02-teaching.ipynb").read_text())["cells"][0]
    assert 'show_module_banner("local-02-teaching")' in "".join(first["source"])
    assert "| Teaching our users | Practitioner |" in (course / "book" / "welcome.md").read_text()
    with pytest.raises(CourseError, match="Unknown skills area 'cooking'"):
        new_module(course, "local-03-x", "X", skills=["cooking"])
    assert not (course / "modules" / "local-03-x").exists()   # nothing half-made
