"""YAML stays the authoring format; each file the learner's path reads has a JSON copy in step with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from searchcraft.datafiles import as_json_data, read_yaml, stale_twins, twin_path, write_twin, yaml_files
from searchcraft.errors import DataFileError
from support import REPO

LEARNER_DATA = [REPO / "modules", REPO / "src" / "searchcraft"]


def test_every_learner_yaml_file_has_a_json_copy_made_from_its_present_content():
    files = yaml_files(LEARNER_DATA)
    assert len(files) >= 25
    stale = stale_twins(files)
    assert not stale, f"Run `searchcraft course data`: these JSON copies are missing or stale: {stale}"


@pytest.mark.parametrize("path", yaml_files(LEARNER_DATA), ids=lambda p: str(p.relative_to(REPO)))
def test_json_copy_holds_the_same_data_as_the_yaml(path):
    from_yaml = yaml.safe_load(path.read_text(encoding="utf-8"))
    copy = json.loads(twin_path(path).read_text(encoding="utf-8"))
    assert copy["source"] == path.name
    assert copy["data"] == as_json_data(from_yaml)


def test_json_form_differs_from_yaml_only_in_key_types_and_dates():
    data = yaml.safe_load("levels:\n  0: Not yet\n  4: Leading\nwhen: 2026-01-10\nitems: [a, 1, true]\n")
    assert as_json_data(data) == {"levels": {"0": "Not yet", "4": "Leading"}, "when": "2026-01-10",
                                  "items": ["a", 1, True]}


def test_an_edited_yaml_file_is_read_fresh_not_from_its_stale_copy(tmp_path):
    path = tmp_path / "quiz.yml"
    path.write_text("title: Old\n", encoding="utf-8")
    write_twin(path)
    assert read_yaml(path) == {"title": "Old"}
    path.write_text("title: New\n", encoding="utf-8")
    assert read_yaml(path) == {"title": "New"}
    assert stale_twins([path]) == [path]


def test_broken_yaml_is_reported_with_its_line_and_column(tmp_path):
    path = tmp_path / "quiz.yml"
    path.write_text("title: Quiz\nquestions:\n  - question: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"quiz.yml is not valid YAML at line \d+, column \d+") as caught:
        read_yaml(path)
    assert caught.value.hint


def test_without_pyyaml_a_current_copy_is_read_and_a_stale_one_names_the_command(tmp_path):
    current, stale = tmp_path / "current.yml", tmp_path / "stale.yml"
    for path in (current, stale):
        path.write_text("title: First\n", encoding="utf-8")
        write_twin(path)
    stale.write_text("title: Edited\n", encoding="utf-8")
    code = f"""
import sys
from pathlib import Path
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("yaml", "_yaml"):
            raise ImportError(name)
sys.meta_path.insert(0, Block())
from searchcraft.datafiles import read_yaml
from searchcraft.errors import DataFileError
print(read_yaml({str(current)!r}))
try:
    read_yaml({str(stale)!r})
except DataFileError as error:
    print(error)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "{'title': 'First'}" in out.stdout
    assert "stale.yml is YAML and has no up-to-date JSON copy" in out.stdout
    assert "searchcraft course data" in out.stdout


def test_course_data_command_writes_copies_and_check_fails_until_they_are_in_step(tmp_path):
    quiz = tmp_path / "modules" / "m-01" / "quiz.yml"
    quiz.parent.mkdir(parents=True)
    quiz.write_text("title: Quiz\nquestions: []\n", encoding="utf-8")
    command = [str(Path(sys.executable).parent / "searchcraft"), "course", "data", "--root", str(tmp_path)]
    before = subprocess.run(command + ["--check"], capture_output=True, text=True, timeout=120)
    assert before.returncode == 1 and "quiz.yml.json is missing or out of date" in before.stdout
    assert "run `searchcraft course data`" in before.stderr
    written = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert written.returncode == 0 and "wrote" in written.stdout
    assert json.loads(twin_path(quiz).read_text(encoding="utf-8"))["data"] == {"title": "Quiz", "questions": []}
    after = subprocess.run(command + ["--check"], capture_output=True, text=True, timeout=120)
    assert after.returncode == 0, after.stdout + after.stderr


def test_a_json_copy_is_readable_by_everyone_like_the_yaml_beside_it(tmp_path):
    # the grading sandbox runs learner code as another user, and it reads the corpus's copies
    source = tmp_path / "quiz.yml"
    source.write_text("title: Boolean basics\n", encoding="utf-8")
    write_twin(source)
    assert twin_path(source).stat().st_mode & 0o777 == 0o644
