"""Saved widget state: survives a restart, and a corrupt file is kept aside, never overwritten."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.state import SavedState, StateFileError


def test_state_round_trips_through_the_file(tmp_path):
    SavedState(tmp_path / "s.json", kind="Quiz").save({"answers": {"q1": ["b"]}, "score": 1})
    assert SavedState(tmp_path / "s.json", kind="Quiz").load() == {"answers": {"q1": ["b"]}, "score": 1}


def test_nothing_saved_yet_loads_as_none(tmp_path):
    assert SavedState(tmp_path / "absent.json", kind="Quiz").load() is None


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"kind": "Quiz"}', "\udcff"])
def test_corrupt_file_is_kept_aside_with_a_clear_message(tmp_path, content):
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    original = path.read_bytes()
    with pytest.raises(StateFileError, match="could not be loaded") as caught:
        SavedState(path, kind="Quiz").load()
    assert not path.exists()
    assert caught.value.kept_as.read_bytes() == original
    assert "corrupt-1" in caught.value.kept_as.name


def test_another_widgets_file_is_not_taken_for_this_one(tmp_path):
    SavedState(tmp_path / "s.json", kind="ReflectionLog").save({"entries": []})
    with pytest.raises(StateFileError, match="'ReflectionLog' widget"):
        SavedState(tmp_path / "s.json", kind="Quiz").load()


def test_a_second_corrupt_file_does_not_replace_the_first_kept_one(tmp_path):
    path = tmp_path / "s.json"
    for text in ("bad one", "bad two"):
        path.write_text(text)
        with pytest.raises(StateFileError):
            SavedState(path, kind="Quiz").load()
    assert (tmp_path / "s.corrupt-1.json").read_text() == "bad one"
    assert (tmp_path / "s.corrupt-2.json").read_text() == "bad two"
