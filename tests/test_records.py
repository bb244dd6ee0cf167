"""The record model every source shares."""

from __future__ import annotations

import pytest

from searchcraft.errors import DataFileError
from searchcraft.records import Record


def test_from_dict_keeps_known_fields_and_ignores_others():
    record = Record.from_dict({"id": 7, "title": "Falls", "year": "2019", "headings": ["*Falls", "Aged"],
                               "extra": "ignored"})
    assert record.id == "7" and record.year == 2019
    assert record.major_headings == ["Falls"]
    assert record.heading_names == ["Falls", "Aged"]
    assert Record.from_dict(record.to_dict()) == record


@pytest.mark.parametrize("data, words", [
    ({"title": "no id"}, "needs an 'id'"),
    ({"id": "x", "authors": "Smith J"}, "'authors' must be a list"),
    ({"id": "x", "year": "twenty"}, "not a number"),
])
def test_malformed_records_are_refused_with_a_clear_reason(data, words):
    with pytest.raises(DataFileError, match=words):
        Record.from_dict(data)
