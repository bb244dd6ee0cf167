"""Atomic writes: a file is either the old one or the new one, never half of each."""

from __future__ import annotations

import pytest

from searchcraft.errors import DataFileError
from searchcraft.files import write_atomically


def test_write_replaces_the_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "log.md"
    target.write_text("old")
    write_atomically(target, "new text")
    assert target.read_text() == "new text"
    assert [p.name for p in tmp_path.iterdir()] == ["log.md"]


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "log.md"
    target.write_text("old")

    with pytest.raises(TypeError):
        write_atomically(target, 12345)  # not text or bytes: fails mid-write
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["log.md"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="does not exist"):
        write_atomically(tmp_path / "nowhere" / "log.md", "x")
