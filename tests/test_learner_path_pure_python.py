"""The learner's path runs where only pure-Python packages exist (Pyodide on the published site).

numpy, matplotlib and PyYAML have no pure-Python wheels, so the site cannot serve them. Here they
are made impossible to import (a meta-path finder that raises ImportError, in a fresh interpreter),
and then every learner-path module is imported, every chart a learner sees is drawn, and every quiz
and data file is loaded. A new top-level ``import yaml`` or ``import matplotlib`` anywhere on the
path, or a JSON copy of a YAML file gone stale, fails this test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from support import REPO

BLOCKED = ("numpy", "matplotlib", "yaml", "_yaml", "PIL")
LEARNER_PACKAGES = ("searchcraft.widgets", "searchcraft.practice", "searchcraft.query", "searchcraft.report")
LEARNER_MODULES = ("searchcraft.export", "searchcraft.records", "searchcraft.charts", "searchcraft.datafiles",
                   "searchcraft.course.postcards")

SCRIPT = textwrap.dedent('''
    import importlib, json, pkgutil, sys, tempfile, traceback
    from pathlib import Path

    BLOCKED = set(%(blocked)r)
    attempts = []

    class Blocked:
        """Stands in for a package with no pure-Python wheel: importing it fails, as in Pyodide."""
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                attempts.append(name)
                raise ImportError(f"{name} is blocked: it has no pure-Python wheel")
            return None

    sys.meta_path.insert(0, Blocked())
    report = {"imported": [], "failed": {}, "charts": {}, "data": {}, "quizzes": {}}

    def attempt(kind, name, action):
        try:
            return action()
        except Exception:
            report["failed"][f"{kind} {name}"] = traceback.format_exc(limit=6)

    # 1. every learner-path module imports
    names = list(%(modules)r)
    for package in %(packages)r:
        module = importlib.import_module(package)
        names.append(package)
        names += [info.name for info in pkgutil.walk_packages(module.__path__, package + ".")
                  if not info.name.endswith("__main__")]
    for name in sorted(set(names)):
        if attempt("import", name, lambda: importlib.import_module(name)) is not None:
            report["imported"].append(name)

    # 2. every chart a learner sees is drawn as SVG, by models and by the widgets showing them
    def charts():
        from searchcraft.report import FlowCounts, flow_svg
        from searchcraft.widgets import BooleanVenn, SkillsProfile
        from searchcraft.widgets.models.radar import radar_svg
        from searchcraft.widgets.models.skills import SkillsProfileModel
        from searchcraft.widgets.models.team_profile import TeamProfile
        from searchcraft.widgets.models.venn import VennModel, venn_svg
        from searchcraft.widgets.screening_desk import ScreeningDesk

        venn = VennModel({"falls": {"r1", "r2"}, "exercise": {"r2", "r3"}})
        report["charts"]["venn"] = venn_svg(venn)
        view = BooleanVenn({"falls": ["r1", "r2"], "exercise": ["r2", "r3"]})
        view.choosers[0].value = "NOT"
        report["charts"]["BooleanVenn"] = view.diagram.value
        profile = SkillsProfileModel()
        profile.take_snapshot("2026-01-10")
        report["charts"]["radar"] = radar_svg(profile, "2026-01-10")
        report["charts"]["SkillsProfile"] = SkillsProfile().chart.value
        team = TeamProfile([SkillsProfileModel() for _ in range(3)])
        report["charts"]["team"] = team.chart_svg()
        folder = Path(tempfile.mkdtemp())
        report["team_report"] = sorted(p.name for p in team.write_report(folder).values())
        counts = FlowCounts(databases={"MEDLINE": 120, "CINAHL": 80}, duplicates_removed=30,
                            records_excluded=150, reports_not_retrieved=2,
                            reports_excluded={"Wrong population": 10}, studies_included=6,
                            reports_included=8)
        report["charts"]["flow"] = flow_svg(counts)
        from searchcraft.report import write_flow
        report["charts"]["flow file"] = write_flow(counts, folder / "flow.svg").read_text(encoding="utf-8")
        desk = ScreeningDesk([{"id": "r1", "title": "Falls prevention in care homes"},
                              {"id": "r2", "title": "Exercise for older adults"}])
        desk.act("include")
        desk.act("exclude")
        desk._draw_flow()
        report["charts"]["ScreeningDesk"] = desk.flow.value

    attempt("draw", "charts", charts)

    # 3. every quiz and data file loads (from its JSON copy: YAML cannot be parsed here)
    def data_files():
        from searchcraft.datafiles import read_yaml, yaml_files
        from searchcraft.widgets.models.quiz import bundled_quizzes, load_quiz

        root = Path(%(repo)r)
        for path in yaml_files([root / "modules", root / "src" / "searchcraft"]):
            name = str(path.relative_to(root))
            data = attempt("read", name, lambda: read_yaml(path))
            if data is not None:
                report["data"][name] = type(data).__name__
            if path.name.startswith("quiz."):
                quiz = attempt("quiz", name, lambda: load_quiz(path))
                if quiz is not None:
                    report["quizzes"][name] = len(quiz.questions)
        for name in bundled_quizzes():
            quiz = attempt("quiz", name, lambda: load_quiz(name))
            if quiz is not None:
                report["quizzes"][name] = len(quiz.questions)

    attempt("load", "data files", data_files)

    def models_that_read_data():
        from searchcraft.practice.corpus import exercises, gold_sets
        from searchcraft.widgets.models.framer import frameworks
        from searchcraft.widgets.models.press import flawed_strategies
        from searchcraft.widgets.models.skills import skills_framework
        from searchcraft.widgets.models.strategy_order import strategy_puzzles
        from searchcraft.widgets.models.techniques import techniques
        from searchcraft.course.postcards import postcards_html
        from searchcraft.widgets.models.reflection import reflective_models

        report["models"] = {"exercises": len(exercises()), "gold sets": len(gold_sets()),
                            "frameworks": len(frameworks()), "press": len(flawed_strategies()),
                            "skills areas": len(skills_framework().areas), "puzzles": len(strategy_puzzles()),
                            "techniques": len(techniques()), "postcards": len(postcards_html()),
                            "reflective models": len(reflective_models())}

    attempt("load", "models", models_that_read_data)
    report["blocked_attempts"] = sorted(set(attempts))
    report["loaded_blocked"] = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    print(json.dumps(report))
''')


def _learner_path_report() -> dict:
    script = SCRIPT % {"blocked": BLOCKED, "modules": LEARNER_MODULES, "packages": LEARNER_PACKAGES,
                       "repo": str(REPO)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert out.returncode == 0, out.stderr[-4000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_learner_path_imports_draws_and_loads_everything_without_numpy_matplotlib_or_yaml():
    report = _learner_path_report()
    assert not report["failed"], "\n\n".join(f"{what}:\n{trace}" for what, trace in report["failed"].items())
    assert report["loaded_blocked"] == []
    for name in ("searchcraft.widgets.venn", "searchcraft.widgets.skills_profile", "searchcraft.report.flow",
                 "searchcraft.widgets.models.team_profile", "searchcraft.practice.corpus.sources",
                 "searchcraft.widgets.screening_desk", "searchcraft.export", "searchcraft.course.postcards"):
        assert name in report["imported"], name
    assert len(report["imported"]) > 60
    for chart, svg in report["charts"].items():
        assert "<svg" in svg and 'role="img"' in svg and "<title" in svg and "<desc" in svg, chart
        assert "data:image/png" not in svg, chart
    assert report["team_report"] == ["team-needs.md", "team-needs.svg"]
    assert any(name.startswith("modules/") for name in report["data"])
    module_quizzes = [name for name in report["quizzes"] if name.startswith("modules/")]
    assert len(module_quizzes) == len(list((REPO / "modules").glob("*/quiz.yml"))) >= 18
    assert all(report["quizzes"][name] >= 1 for name in module_quizzes)
    assert all(count > 0 for count in report["models"].values()), report["models"]


def test_the_block_really_stops_the_packages_it_names():
    script = SCRIPT % {"blocked": BLOCKED, "modules": ("searchcraft.datafiles",), "packages": (),
                       "repo": str(REPO)}
    probe = script.replace("print(json.dumps(report))", textwrap.dedent('''
        for name in ("yaml", "matplotlib.figure", "numpy"):
            try:
                importlib.import_module(name)
                report["failed"][name] = "imported"
            except ImportError:
                pass
        report["blocked_attempts"] = sorted(set(attempts))
        print(json.dumps(report))'''))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=REPO)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert {"yaml", "matplotlib", "numpy"} <= set(report_names(report)), report
    assert not {k: v for k, v in report["failed"].items() if v == "imported"}


def report_names(report: dict) -> list[str]:
    return [name.split(".")[0] for name in report.get("blocked_attempts", [])]
