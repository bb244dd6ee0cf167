"""`searchcraft course live-files`: what the live site serves is pinned, hashed and complete."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile

import pytest

from searchcraft.course.live_site import pack_course_files, pinned_pyodide_version
from searchcraft.errors import CourseError
from searchcraft.practice.corpus.facts import work_out
from support import REPO


def test_pyodide_is_pinned_to_an_exact_version_in_package_json_and_its_lock():
    version = pinned_pyodide_version(REPO)
    assert version == "314.0.8"
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/pyodide"]["version"] == version


def test_a_range_for_pyodide_is_refused(tmp_path):
    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"pyodide": "^314.0.0"}}))
    with pytest.raises(CourseError, match="exact 'pyodide' version"):
        pinned_pyodide_version(tmp_path)


def test_every_browser_requirement_is_pinned_with_a_sha256_hash():
    for name in ("requirements-browser.txt", "requirements-browser-source.txt"):
        lines = [line for line in (REPO / name).read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        assert lines
        for line in lines:
            assert "==" in line and "--hash=sha256:" in line, line


def test_course_files_hold_quiz_data_but_not_notebooks(tmp_path):
    archive = tmp_path / "course-files.zip"
    count = pack_course_files(REPO, archive)
    names = zipfile.ZipFile(archive).namelist()
    assert count == len(names)
    assert "modules/km-02-learning-before/quiz.yml" in names
    assert not [name for name in names if name.endswith(".ipynb")]


FACTS_SCRIPT = textwrap.dedent('''
    import json, sys
    from searchcraft.practice.corpus import corpus_facts, gold_sets, record_traps
    from searchcraft.practice.corpus.facts import forget_facts, work_out
    expected = {name: (g.question, sorted(g.relevant)) for name, g in gold_sets().items()}
    traps = record_traps()
    path = sys.argv[1]
    facts = work_out().to_json()
    json.dump(dict(facts, fingerprint="not-this-corpus"), open(path, "w"))
    forget_facts()
    from searchcraft.widgets import in_browser
    stale_used = in_browser.use_bundled_facts(path)
    json.dump(facts, open(path, "w"))
    used = in_browser.use_bundled_facts(path)
    got = {name: (g.question, sorted(g.relevant)) for name, g in gold_sets().items()}
    print(json.dumps({"stale_used": stale_used, "used": used, "same": got == expected,
                      "traps": traps == record_traps(), "source": corpus_facts().source}))
''')


def test_gold_sets_worked_out_at_build_time_are_the_ones_the_corpus_gives(tmp_path):
    done = subprocess.run([sys.executable, "-c", FACTS_SCRIPT, str(tmp_path / "facts.json")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"stale_used": False, "used": True, "same": True, "traps": True, "source": "file"}
    assert work_out().to_json()["gold_sets"]


@pytest.mark.slow
def test_start_up_modules_are_byte_compiled_by_the_sites_own_pyodide(tmp_path):
    import tarfile

    from searchcraft.course.live_site import compile_startup
    from support import require, require_executable

    require_executable("node")
    pyodide = REPO / "node_modules" / "pyodide"
    require((pyodide / "pyodide.asm.wasm").is_file(), "Pyodide from npm (run `npm ci`)")
    wheels = sorted((REPO / "_live" / "wheels").glob("*.whl"))
    require(any(w.name.startswith("searchcraft-") for w in wheels), "the site's wheels (run `make vendor`)")
    stdlib, site = compile_startup(pyodide, wheels, tmp_path)

    def is_unchecked_bytecode(data: bytes) -> bool:        # PEP 552 flags: hash-based, not checked
        return data[2:4] == b"\r\n" and int.from_bytes(data[4:8], "little") == 1

    with zipfile.ZipFile(stdlib) as archive:
        names = set(archive.namelist())
        assert "encodings/__init__.pyc" in names and "encodings/__init__.py" not in names   # imported by every start
        assert "smtplib.py" in names and "smtplib.pyc" not in names                        # never imported at start
        magics = {archive.read(n)[:4] for n in names if n.endswith(".pyc")}
        assert all(is_unchecked_bytecode(archive.read(n)) for n in names if n.endswith(".pyc"))
    with tarfile.open(site) as archive:
        files = {member.name: member for member in archive.getmembers()}
        in_browser = archive.extractfile(files["searchcraft/widgets/__pycache__/in_browser.cpython-314.pyc"]).read()
        ipywidgets = archive.extractfile(files["ipywidgets/__init__.pyc"]).read()
    assert "searchcraft/widgets/in_browser.py" in files                  # our source stays, for tracebacks
    assert "ipywidgets/__init__.py" not in files
    assert not [name for name in files if "/tests/" in name]
    assert is_unchecked_bytecode(in_browser) and is_unchecked_bytecode(ipywidgets)
    assert magics == {in_browser[:4]} == {ipywidgets[:4]}                # one interpreter made them all
