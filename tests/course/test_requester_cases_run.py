"""The three requester cases run in a real kernel, as the site build runs their modules, and a
learner who fills in the summary's text box (the only thing the live site lets them change) gets
it marked: full marks for a complete summary of a strong search, and the untouched template
marked with every missing part named."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from searchcraft.practice import PracticeDatabase, SearchHistory
from searchcraft.practice.bundled import ENVIRONMENT_VARIABLE, bundled_path
from searchcraft.practice.corpus import load_gold_set
from searchcraft.report import deduplicate, requester_case
from support import REPO, printed, run_in_kernel

pytestmark = [pytest.mark.notebook, pytest.mark.slow]


def code_cells(module: str) -> list[str]:
    [page] = (REPO / "modules" / module).glob("*.ipynb")
    notebook = nbformat.read(page, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def run_module(module: str, tmp_path, monkeypatch, replace: dict[str, str]) -> str:
    folder = tmp_path / module
    shutil.copytree(REPO / "modules" / module, folder)
    (tmp_path / "home").mkdir()
    PracticeDatabase.bundled()  # built once, shared with the kernel
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(bundled_path()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cells = code_cells(module)
    for old, new in replace.items():
        assert sum(old in cell for cell in cells) == 1, f"{old!r} is not in {module} exactly once"
        cells = [cell.replace(old, new) for cell in cells]
    executed = run_in_kernel(cells, folder, timeout=300)
    errors = [o for cell in executed.cells for o in cell.outputs if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    return "\n".join(printed(cell) for cell in executed.cells)


def filled_in(name: str) -> tuple[str, str, list[str]]:
    """The template as it stands in the notebook, and a learner's complete summary of the reference search."""
    case = requester_case(name)
    strategy = load_gold_set(case.gold).reference_strategy
    db = PracticeDatabase.bundled()
    history = SearchHistory(db)
    found = history.add(strategy).count
    removed = deduplicate(db.fetch(history.result(1).ids)).removed if case.check_duplicates else 0
    limits = ("2020 onwards, agreed with the requester; letters, editorials and comments left out."
              if "[dp]" in strategy else "None, as agreed with the requester.")
    answer = (f"Requester: {case.requester}\nQuestion: {load_gold_set(case.gold).question}\n"
              "Sources:\n- Practice database (MEDLINE-like); SearchCraft; 2026-12-03\n"
              f"Strategy:\n1 {strategy}\nLimits: {limits}\nFound: {found}\nDuplicates removed: {removed}\n"
              f"Sent: {found - removed}\nLimitations: One database only; the records have not been screened.\n")
    return answer, strategy, [str(found), str(removed), str(found - removed)]


def template_in(module: str) -> str:
    cell = next(cell for cell in code_cells(module) if 'search_summary = """' in cell)
    return cell.split('search_summary = """', 1)[1].split('"""', 1)[0]


def test_the_gp_trainee_case_runs_and_a_complete_quick_answer_summary_earns_full_marks(tmp_path, monkeypatch):
    module = requester_case("gp-trainee").module
    answer, _, counts = filled_in("gp-trainee")
    out = run_module(module, tmp_path, monkeypatch, {template_in(module): answer})
    assert "This task asks for a quick clinical answer." in out            # the worked example's first search
    assert "23 results, 12 of 20 relevant" in out
    assert "Marks: 6 out of 6. The summary has every part" in out
    assert "a quick clinical answer should" in out
    assert f"Results: {counts[0]} found, 0 duplicates removed, {counts[2]} sent." in out


def test_the_commissioner_case_runs_and_reports_the_deduplicated_figures(tmp_path, monkeypatch):
    module = requester_case("commissioner").module
    answer, strategy, counts = filled_in("commissioner")
    out = run_module(module, tmp_path, monkeypatch, {
        template_in(module): answer,
        "final_search = '\"video consultations\"[tiab]'": f"final_search = '{strategy}'",
    })
    assert f"Found {counts[0]}, duplicates removed {counts[1]}, sent {counts[2]} (in video-consultations.ris)." in out
    assert "Marks: 6 out of 6. The summary has every part" in out
    assert "a systematic review search should" in out


def test_the_untouched_templates_run_and_name_every_missing_part(tmp_path, monkeypatch):
    out = run_module("search-10-reporting", tmp_path, monkeypatch, {})
    assert "Marks: 0 out of 6." in out
    for missing in ("question is missing", "search strategy is missing", "limits are missing",
                    "limitations are missing"):
        assert missing in out
