"""``searchcraft grade``: the tutor's commands, mirroring :class:`~searchcraft.grading.Course`.

Example::

    $ cd assessments
    $ searchcraft grade release search-05-boolean-logic
    $ searchcraft grade collect search-05-boolean-logic --from-zip canvas-download.zip --lms canvas
    $ searchcraft grade autograde search-05-boolean-logic --jobs 2
    $ searchcraft grade feedback search-05-boolean-logic
    $ searchcraft grade export grades.csv --lms moodle
    $ searchcraft grade report search-05-boolean-logic report.html
"""

from __future__ import annotations

import argparse
import sys

from .course import Course


def register(subparsers) -> None:
    grade = subparsers.add_parser("grade", help="release, collect, autograde and report on assignments",
                                  description="Tutor tools over nbgrader, run from the course folder.")
    grade.add_argument("--course-dir", default=".", help="the folder with nbgrader_config.py "
                                                         "(default: the current folder)")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    steps = grade.add_subparsers(dest="step", metavar="STEP", required=True)

    release = steps.add_parser("release", help="make the learners' version of an assignment")
    release.add_argument("assignment")
    release.set_defaults(handler=_release)

    collect = steps.add_parser("collect", help="gather submissions (nbgrader exchange or an LMS zip)")
    collect.add_argument("assignment")
    collect.add_argument("--from-zip", metavar="PATH", help="a zip file (or folder of zips) from the LMS")
    collect.add_argument("--lms", choices=["canvas", "moodle"], default="canvas",
                         help="whose file names the zip uses (default: canvas)")
    collect.add_argument("--pattern", help="your own file-name regular expression with "
                                           "(?P<student_id>...) and (?P<file_id>...)")
    collect.add_argument("--class-list", metavar="CSV",
                         help="Moodle: the assignment's grading worksheet, to name learners by email")
    collect.set_defaults(handler=_collect)

    autograde = steps.add_parser("autograde", help="grade submissions in the sandbox")
    autograde.add_argument("assignment")
    autograde.add_argument("--student", action="append", help="only this learner (repeatable)")
    autograde.add_argument("--jobs", "-j", type=int, default=1, help="parallel workers (default: 1)")
    autograde.set_defaults(handler=_autograde)

    feedback = steps.add_parser("feedback", help="write learners' feedback, hidden tests hidden")
    feedback.add_argument("assignment")
    feedback.add_argument("--student", action="append", help="only this learner (repeatable)")
    feedback.set_defaults(handler=_feedback)

    export = steps.add_parser("export", help="grades as CSV for Moodle or Canvas")
    export.add_argument("output", help="the CSV file to write")
    export.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    export.add_argument("--lms", choices=["moodle", "canvas"], default="moodle")
    export.add_argument("--class-list", metavar="CSV",
                        help="the LMS's own export (Canvas gradebook CSV or Moodle grading worksheet)")
    export.set_defaults(handler=_export)

    report = steps.add_parser("report", help="an HTML report on the cohort for the tutor")
    report.add_argument("assignment")
    report.add_argument("output", help="the HTML file to write")
    report.set_defaults(handler=_report)


def _course(args: argparse.Namespace) -> Course:
    return Course(args.course_dir, progress=not args.quiet)


def _release(args) -> int:
    print(_course(args).release(args.assignment))
    return 0


def _collect(args) -> int:
    course = _course(args)
    found = course.collect(args.assignment, args.from_zip, lms=args.lms, pattern=args.pattern,
                           class_list=args.class_list)
    for note in course.collect_notes:
        print(f"  - {note}")
    print(f"Collected {len(found)} new submission(s): {', '.join(found) or 'none'}")
    return 0


def _autograde(args) -> int:
    outcome = _course(args).autograde(args.assignment, args.student, jobs=args.jobs)
    print(outcome.summary())
    return 0


def _feedback(args) -> int:
    course = _course(args)
    pages = course.feedback(args.assignment, args.student)
    for note in course.feedback_notes:
        print(f"  - {note}")
    print(f"Wrote {len(pages)} feedback page(s)")
    return 0


def _export(args) -> int:
    course = _course(args)
    path = course.export(args.output, args.assignment, lms=args.lms, class_list=args.class_list)
    for note in course.export_notes:
        print(f"  - {note}")
    print(path)
    return 0


def _report(args) -> int:
    print(_course(args).report(args.assignment, args.output))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(0)
