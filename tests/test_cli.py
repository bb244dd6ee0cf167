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
    assert "search" in out


def test_version_is_the_installed_distribution_version():
    from importlib.metadata import version

    assert searchcraft.__version__ == version("searchcraft")
