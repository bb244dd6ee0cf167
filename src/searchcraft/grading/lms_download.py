"""Read an LMS bulk download (Canvas or Moodle zip) into learners' submissions, newest wins.

Why: nbgrader's ``zip_collect`` fails on the second download of the same assignment ("Duplicate
submission file") and takes whatever a learner zipped as the truth. Tutors download again after
late submissions, and Canvas keeps resubmissions in the same zip (``name-1.ipynb``). Here each
learner's notebook is taken from the newest download that has it (and, inside one download, from
the newest entry by its zip time), earlier copies are replaced and the tutor is told which. Zip
entries are read in memory, never extracted, so names like ``../../x`` or links in the archive
cannot write outside ``submitted/``; only ``.ipynb`` entries matching the LMS's file names count.

Learners are named as the LMS identifies them in the gradebook import:

* **Canvas**: file names are ``<login>_[LATE_]<canvas user id>_<submission id>_<name>.ipynb``; the
  login becomes the nbgrader student id and the Canvas user id is kept for the export's ``ID``.
* **Moodle**: file names carry a *participant number* that differs in every assignment, so it
  is mapped to the learner's email address (or username) through the class list: the
  assignment's "Download grading worksheet" CSV, whose ``Identifier`` column is
  ``Participant <number>`` (see :func:`moodle_participants`).

Example::

    files, notes = read_downloads([Path("week1-a.zip"), Path("week1-b.zip")], LMS_FILENAMES["canvas"])
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import GradingError

# Most bytes read for one notebook from a download (larger entries are skipped and reported).
MOST_NOTEBOOK_BYTES = 50 * 1024**2

LMS_FILENAMES = {
    # Canvas: <login>_[LATE_]<canvas user id>_<submission id>_<original name>[-N].ipynb
    "canvas": r"(?:.*/)?(?P<student_id>[^/_]+)_(?:late_|LATE_)?(?P<lms_user_id>\d+)_\d+_"
              r"(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$",
    # Moodle: <Full Name>_<participant id>_assignsubmission_file_[/]<original name>.ipynb
    "moodle": r"(?:.*/)?[^/]*_(?P<student_id>\d+)_assignsubmission_file_/?(?P<file_id>[^/]+?)\.ipynb$",
}


@dataclass
class DownloadedFile:
    """One learner's notebook as found in a download."""

    student: str
    file_id: str
    data: bytes
    time: datetime.datetime
    archive: str
    lms_user_id: str = ""


def read_downloads(archives: list[Path], regexp: str, *,
                   participants: dict[str, str] | None = None) -> tuple[list[DownloadedFile], list[str]]:
    """The newest copy of each learner's notebook across ``archives`` (given oldest first).

    Returns the files and notes for the tutor (replaced copies, unmatched or oversized entries).
    ``participants`` maps an LMS number (Moodle) to the learner's real identifier.
    """
    pattern = re.compile(regexp)
    newest: dict[tuple[str, str], tuple[tuple, DownloadedFile]] = {}
    notes: list[str] = []
    for order, archive in enumerate(archives):
        try:
            opened = zipfile.ZipFile(archive)
        except (OSError, zipfile.BadZipFile) as error:
            raise GradingError(f"{archive} is not a readable zip file ({error})",
                               hint="Download the submissions from the LMS again.") from None
        with opened:
            for entry in opened.infolist():
                if entry.is_dir() or not entry.filename.lower().endswith(".ipynb"):
                    continue
                match = pattern.match(entry.filename)
                if not match:
                    notes.append(f"{archive.name}: {entry.filename} does not match the LMS's file "
                                 "names and was skipped")
                    continue
                student = match.group("student_id")
                if participants is not None:
                    if student not in participants:
                        notes.append(f"{archive.name}: participant {student} is not in the class "
                                     "list and was skipped")
                        continue
                    student = participants[student]
                file_id = match.group("file_id")
                if entry.file_size > MOST_NOTEBOOK_BYTES:
                    notes.append(f"{archive.name}: {entry.filename} is larger than "
                                 f"{MOST_NOTEBOOK_BYTES // 1024**2} MB and was skipped")
                    continue
                when = datetime.datetime(*entry.date_time)
                found = DownloadedFile(student, file_id, opened.read(entry), when, archive.name,
                                       match.groupdict().get("lms_user_id") or "")
                key = (student, file_id)
                rank = (order, when, entry.filename)
                if key in newest:
                    kept_rank, kept = newest[key]
                    older, newer = (kept, found) if rank > kept_rank else (found, kept)
                    notes.append(f"{student}: {file_id}.ipynb was in {older.archive} and "
                                 f"{newer.archive}; the newest copy ({newer.archive}, "
                                 f"{newer.time:%Y-%m-%d %H:%M}) is kept")
                    if rank < kept_rank:
                        continue
                newest[key] = (rank, found)
    return [item for _, item in newest.values()], notes


def moodle_participants(class_list: Path) -> dict[str, str]:
    """``{participant number: email or username}`` from Moodle's grading worksheet CSV.

    The worksheet (Assignment > View all submissions > Grading action > Download grading
    worksheet) has an ``Identifier`` column ("Participant 101") and ``Email address``; a
    ``Username`` column is used when the site includes it.
    """
    rows = read_class_list(class_list)
    out = {}
    for row in rows:
        number = re.sub(r"\D", "", row.get("Identifier", ""))
        person = (row.get("Username") or row.get("Email address") or "").strip()
        if number and person:
            out[number] = person
    if not out:
        raise GradingError(f"{class_list} has no 'Identifier' and 'Email address' columns",
                           hint="Use the assignment's grading worksheet downloaded from Moodle.")
    return out


def read_class_list(path: Path) -> list[dict[str, str]]:
    """The rows of a class-list CSV (UTF-8, with or without a byte-order mark)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GradingError(f"Cannot read the class list {path}: {error}",
                           hint="Save it from the LMS as a UTF-8 CSV file.") from None
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text))]
