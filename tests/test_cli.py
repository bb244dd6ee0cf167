"""The ``searchcraft`` command: installed on PATH, with --version and --help."""

from __future__ import annotations

import subprocess

import searchcraft
from searchcraft.cli import main
from support import require_executable, tool_env


def test_version_flag_prints_the_package_version():
    command = require_executable("searchcraft")
    done = subprocess.run([command, "--version"], capture_output=True, text=True, env=tool_env())
    assert done.returncode == 0
    assert done.stdout.strip() == f"searchcraft {searchcraft.__version__}"


def test_help_lists_the_commands(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "usage: searchcraft" in out
    for command in ("search", "translate", "course", "grade", "practice"):
        assert command in out


def test_version_is_the_installed_distribution_version():
    from importlib.metadata import version

    assert searchcraft.__version__ == version("searchcraft")


def test_help_does_not_import_any_command_module():
    import sys as _sys

    code = ("import sys; from searchcraft.cli import main; main([]); "
            "print(sorted(m for m in sys.modules if m.startswith('searchcraft.') and m.endswith('.cli') and m != "
            "'searchcraft.cli'))")
    done = subprocess.run([_sys.executable, "-c", code], capture_output=True, text=True, env=tool_env())
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_kit_error_is_a_plain_message_with_status_2(tmp_path, capsys):
    assert main(["course", "check", "--root", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("searchcraft: There is no _toc.yml in")
