"""After grading: CSV for the LMS gradebooks, the tutor's HTML report, and collecting from LMS zips."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from support import REPO, require, require_executable

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

EXERCISE = "search-gold-demo"


def nbgrader_cell(cell, grade_id: str, *, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def write_search_exercise(course: Path) -> None:
    """A small search exercise scored against a GoldSet, as the content assignments do."""
    nb = new_notebook(cells=[
        nbgrader_cell(new_markdown_cell("# Search exercise\nList the records your search finds."),
                      "intro", locked=True),
        nbgrader_cell(new_code_cell(
            "from IPython.display import display\n"
            "from searchcraft.practice.goldset import GoldSet\n"
            "from searchcraft.grading.report import evaluation_output\n"
            "gold = GoldSet('demo-falls', 'Do exercise programmes prevent falls?', "
            "relevant={'a', 'b', 'c', 'd'})"), "setup", locked=True),
        nbgrader_cell(new_code_cell("### BEGIN SOLUTION\nretrieved = ['a', 'b', 'c', 'd']\n### END SOLUTION"),
                      "answer", solution=True),
        nbgrader_cell(new_code_cell(
            "evaluation = gold.evaluate(retrieved)\n"
            "display(evaluation_output('demo-falls', evaluation), raw=True)\n"
            "### BEGIN HIDDEN TESTS\n"
            "assert evaluation.recall >= 0.75, 'Find at least three of the four relevant records'\n"
            "### END HIDDEN TESTS"), "tests", grade=True, locked=True, points=2),
    ])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    folder = course / "source" / EXERCISE
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{EXERCISE}.ipynb")


def learner_answer(release: Path, ids: list[str] | None):
    nb = nbformat.read(release, as_version=4)
    if ids is not None:
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "answer":
                cell.source = f"retrieved = {ids!r}"
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    require_executable("nbgrader")
    require(shutil.which("bwrap") is not None, "bubblewrap (the 'bwrap' command)")
    from searchcraft.grading import Course
    from searchcraft.grading.cohort import write_submission

    root = tmp_path_factory.mktemp("reports") / "course"
    shutil.copytree(REPO / "assessments", root, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "reports", "gradebook.db*"))
    write_search_exercise(root)
    course = Course(root)
    course.release(EXERCISE)
    release = root / "release" / EXERCISE / f"{EXERCISE}.ipynb"
    answers = {"ana": ["a", "b", "c", "d"], "ben": ["a", "b", "c", "x"], "cai": ["a", "x", "y"], "dee": None}
    for student, ids in answers.items():
        write_submission(root, student, EXERCISE, {EXERCISE: learner_answer(release, ids)})
    outcome = course.autograde(EXERCISE, jobs=2)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as book:
        # A name a spreadsheet would run as a formula, and a learner who never submitted.
        book.update_or_create_student("ben", first_name="=HYPERLINK(\"http://x.test\")", last_name="@Okafor")
        book.update_or_create_student("eve", first_name="Eve", last_name="Nosubmission")
    return {"root": root, "course": course, "outcome": outcome}


def test_search_exercise_scores_follow_the_gold_set(graded):
    scores = {r.student: r.score for r in graded["outcome"].results}
    assert scores == {"ana": 2, "ben": 2, "cai": 0, "dee": 0}


def test_moodle_export_has_moodle_columns_and_one_row_per_learner(graded, tmp_path):
    path = graded["course"].export(tmp_path / "moodle.csv", [EXERCISE], lms="moodle")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["First name", "Last name", "ID number", "Institution", "Department",
                       "Email address", "Username", f"Assignment: {EXERCISE} (Real)"]
    assert {r[6]: r[-1] for r in rows[1:]} == {"ana": "2", "ben": "2", "cai": "0", "dee": "0", "eve": ""}
    assert all(r[2] == "" for r in rows[1:])  # never an LMS-internal number as "ID number"


def test_a_learner_without_a_submission_is_blank_not_zero(graded, tmp_path):
    for lms in ("moodle", "canvas"):
        path = graded["course"].export(tmp_path / f"{lms}.csv", [EXERCISE], lms=lms)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        eve = next(r for r in rows if "eve" in r)
        assert eve[-1] == ""


def test_cells_a_spreadsheet_would_run_as_formulas_are_escaped(graded, tmp_path):
    for lms in ("moodle", "canvas"):
        path = graded["course"].export(tmp_path / f"{lms}.csv", [EXERCISE], lms=lms)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        cells = [cell for row in rows[1:] for cell in row]
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells), cells
        assert any(cell.startswith("'=HYPERLINK") or cell.startswith("'@Okafor") for cell in cells)


def test_canvas_export_has_canvas_columns_and_points_possible(graded, tmp_path):
    path = graded["course"].export(tmp_path / "canvas.csv", [EXERCISE], lms="canvas")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", EXERCISE]
    assert rows[1][0] == "Points Possible" and rows[1][-1] == "2"
    assert {r[3]: r[-1] for r in rows[2:]} == {"ana": "2", "ben": "2", "cai": "0", "dee": "0", "eve": ""}


def test_canvas_export_takes_user_sis_and_assignment_ids_from_canvas_own_export(graded, tmp_path):
    class_list = tmp_path / "canvas-gradebook.csv"
    class_list.write_text(
        "\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,Week 1 quiz (111),"
        f"{EXERCISE} (4242)\n"
        "    Points Possible,,,,,10,2\n"
        "\"Silva, Ana\",1001,S-0001,ana,Group A,7,\n"
        "\"Okafor, Ben\",1002,S-0002,ben,Group B,8,\n", encoding="utf-8")
    course = graded["course"]
    path = course.export(tmp_path / "canvas.csv", [EXERCISE], lms="canvas", class_list=class_list)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0][-1] == f"{EXERCISE} (4242)"
    ana = next(r for r in rows if r[3] == "ana")
    assert ana[1:5] == ["1001", "S-0001", "ana", "Group A"] and ana[-1] == "2"
    assert not course.export_notes


def test_export_without_assignments_skips_unreleased_ones_and_says_so(graded, tmp_path):
    course = graded["course"]
    path = course.export(tmp_path / "all.csv", lms="moodle")
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert header[-1] == f"Assignment: {EXERCISE} (Real)"
    assert any("Not released" in note for note in course.export_notes)


def test_export_of_an_unknown_lms_is_a_clear_error(graded, tmp_path):
    from searchcraft.errors import GradingError

    with pytest.raises(GradingError, match="Unknown gradebook format"):
        graded["course"].export(tmp_path / "x.csv", [EXERCISE], lms="blackboard-classic")


def test_export_command_writes_the_csv(graded, tmp_path):
    from searchcraft.cli import main

    target = tmp_path / "grades.csv"
    assert main(["grade", "--quiet", "--course-dir", str(graded["root"]), "export", str(target),
                 "--assignment", EXERCISE, "--lms", "canvas"]) == 0
    assert target.read_text(encoding="utf-8").startswith("Student,ID,SIS User ID")


@pytest.fixture(scope="module")
def report(graded, tmp_path_factory) -> Path:
    return graded["course"].report(EXERCISE, tmp_path_factory.mktemp("page") / "report.html")


def test_report_shows_distribution_difficulty_and_gold_set_results(report):
    text = report.read_text(encoding="utf-8")
    assert "<h1>Cohort report: search-gold-demo</h1>" in text
    assert "<h2>Score distribution</h2>" in text and "<h2>Item difficulty</h2>" in text
    assert "<h2>Search exercises: recall and precision</h2>" in text
    # ana 1.0, ben 0.75, cai 0.25 recall; dee's notebook stopped before evaluating.
    row = re.search(r'<th scope="row">demo-falls</th><td class=n>(\d+)</td><td class=n>(\d+)%</td>', text)
    assert row and row.group(1) == "3" and row.group(2) == "67"


def test_report_is_accessible_with_alt_text_and_table_headers(report):
    text = report.read_text(encoding="utf-8")
    images = re.findall(r"<img [^>]*>", text)
    assert len(images) >= 3
    assert all(re.search(r'alt="[^"]{20,}"', img) for img in images)
    assert '<th scope="col">Item</th>' in text and '<html lang="en-GB">' in text


def test_report_renders_in_chromium(report, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    page.goto(report.as_uri())
    loaded = page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    headings = page.locator("h2").all_inner_texts()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    page.close()
    assert loaded
    assert headings[:2] == ["Score distribution", "Item difficulty"]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("lms, names", [
    ("canvas", {"ana": "ana_12345_67890_{nb}.ipynb", "ben": "ben_late_22222_33333_{nb}-1.ipynb"}),
    ("moodle", {"101": "Ana Silva_101_assignsubmission_file_/{nb}.ipynb",
                "102": "Ben Okafor_102_assignsubmission_file_{nb}.ipynb"}),
])
def test_collect_reads_an_lms_download_into_submitted(graded, tmp_path, lms, names):
    from searchcraft.grading import Course

    root = tmp_path / "course"
    shutil.copytree(graded["root"], root, ignore=shutil.ignore_patterns("submitted", "autograded"))
    release = (root / "release" / EXERCISE / f"{EXERCISE}.ipynb").read_bytes()
    archive = _zip(tmp_path / "download.zip",
                   {pattern.format(nb=EXERCISE): release for pattern in names.values()})
    found = Course(root).collect(EXERCISE, archive, lms=lms)
    assert found == sorted(names)
    for student in names:
        assert (root / "submitted" / student / EXERCISE / f"{EXERCISE}.ipynb").read_bytes() == release


def test_a_second_lms_download_is_merged_and_the_newest_copy_wins(graded, tmp_path):
    from searchcraft.grading import Course

    root = tmp_path / "course"
    shutil.copytree(graded["root"], root, ignore=shutil.ignore_patterns("submitted", "autograded"))
    first = _zip(tmp_path / "first.zip", {f"ana_1001_1_{EXERCISE}.ipynb": b'{"v": 1}',
                                          "ana_1001_1_timestamp.txt": b"2000-01-01 00:00:00"})
    course = Course(root)
    assert course.collect(EXERCISE, first, lms="canvas") == ["ana"]
    later = tmp_path / "later"
    later.mkdir()
    second = _zip(later / "first.zip", {f"ana_1001_2_{EXERCISE}-1.ipynb": b'{"v": 2}',
                                        f"ben_1002_3_{EXERCISE}.ipynb": b'{"v": 3}'})
    assert course.collect(EXERCISE, second, lms="canvas") == ["ben"]
    submitted = root / "submitted"
    assert (submitted / "ana" / EXERCISE / f"{EXERCISE}.ipynb").read_bytes() == b'{"v": 2}'
    assert any("ana" in note and "newest" in note for note in course.collect_notes)
    assert not (submitted / "ana" / EXERCISE / "timestamp.txt").exists()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as book:
        assert book.find_student("ben").lms_user_id == "1002"


def test_moodle_participant_numbers_become_email_addresses_through_the_worksheet(graded, tmp_path):
    from searchcraft.grading import Course

    root = tmp_path / "course"
    shutil.copytree(graded["root"], root, ignore=shutil.ignore_patterns("submitted", "autograded"))
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text("Identifier,Full name,Email address,Status,Grade\n"
                         "Participant 101,Ana Silva,ana@example.org,Submitted,\n", encoding="utf-8")
    archive = _zip(tmp_path / "moodle.zip",
                   {f"Ana Silva_101_assignsubmission_file_/{EXERCISE}.ipynb": b'{"v": 1}',
                    f"Cai Unknown_999_assignsubmission_file_/{EXERCISE}.ipynb": b'{"v": 9}'})
    course = Course(root)
    assert course.collect(EXERCISE, archive, lms="moodle", class_list=worksheet) == ["ana@example.org"]
    assert any("999" in note for note in course.collect_notes)
