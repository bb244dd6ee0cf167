"""``searchcraft translate``: a query, standard input or a file; translation out, warnings on stderr."""

from __future__ import annotations

import io
import subprocess

from searchcraft.cli import main
from support import require_executable, tool_env


def test_translates_a_query_given_on_the_command_line(capsys):
    assert main(["translate", "--from", "pubmed", "--to", "ovid", '"hand hygiene"[tiab] AND nurs*']) == 0
    captured = capsys.readouterr()
    assert captured.out == '"hand hygiene".ti,ab. and nurs*\n'
    assert captured.err == ""


def test_warnings_go_to_stderr_and_the_exit_status_stays_zero(capsys):
    assert main(["translate", "--from", "ovid", "--to", "pubmed", "(fall$ adj3 prevent$).ti,ab."]) == 0
    captured = capsys.readouterr()
    assert captured.out == "fall*[tiab] AND prevent*[tiab]\n"
    assert "Warnings (Ovid to PubMed):" in captured.err
    assert "adj3" in captured.err


def test_reads_a_whole_strategy_from_standard_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("exp Falls, Accidental/\nfall$.ti,ab.\nor/1-2\n"))
    assert main(["translate", "--from", "ovid", "--to", "pubmed", "-"]) == 0
    assert capsys.readouterr().out.splitlines() == ['"Falls, Accidental"[mh]', "fall*[tiab]", "#1 OR #2"]


def test_reads_a_file_of_lines(capsys, tmp_path):
    strategy = tmp_path / "strategy.txt"
    strategy.write_text("falls[tiab]\nexercise[tiab]\n#1 AND #2\n", encoding="utf-8")
    assert main(["translate", "--from", "pubmed", "--to", "ovid", "--file", str(strategy)]) == 0
    assert capsys.readouterr().out.splitlines() == ["falls.ti,ab.", "exercise.ti,ab.", "1 and 2"]


def test_parse_error_exits_2_with_the_position(capsys):
    assert main(["translate", "--from", "ovid", "--to", "pubmed", "(falls or fall$.ti."]) == 2
    err = capsys.readouterr().err
    assert "Unbalanced bracket at position 0" in err and "^" in err


def test_missing_file_is_a_clear_error(capsys, tmp_path):
    assert main(["translate", "--from", "ovid", "--to", "pubmed", "--file", str(tmp_path / "no.txt")]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_installed_command_reads_standard_input():
    command = require_executable("searchcraft")
    done = subprocess.run([command, "translate", "--from", "ovid", "--to", "pubmed", "-"],
                          input="exp Aged/\nelder$.tw.\n1 or 2\n", capture_output=True, text=True,
                          env=tool_env(), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ['"Aged"[mh]', "elder*[tiab]", "#1 OR #2"]
