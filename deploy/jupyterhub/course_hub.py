"""A course's JupyterHub settings, worked out from its roster (``course.yml``).

Why: nbgrader only works on a hub when several names agree (the course id, the formgrader service,
the ``formgrade-<course>`` and ``nbgrader-<course>`` groups, the scopes that let each group reach
what it needs). Working them out here from one roster keeps ``jupyterhub_config.py`` a short list
of settings, and lets the course team change who is on the course without touching the rules.

Example::

    roster = CourseRoster.from_file("course.yml")
    hub_groups(roster)   # {"formgrade-searchcraft": {"users": ["tutor1"]}, "nbgrader-searchcraft": ...}
    hub_roles(roster)    # what tutors, learners, their servers and the formgrader may do
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from searchcraft.errors import CourseError

REQUIRED = ("course_id", "course_dir", "exchange_dir")


class CourseRosterError(CourseError):
    """The course roster (course.yml) is missing, unreadable or incomplete."""


@dataclass(frozen=True)
class CourseRoster:
    """Who is on one course and where its files are on the hub machine."""

    course_id: str
    course_dir: str
    exchange_dir: str
    formgrader_port: int = 9999
    grader_account: str = ""
    grader_system_account: bool = True
    tutors: tuple[str, ...] = field(default_factory=tuple)
    learners: tuple[str, ...] = field(default_factory=tuple)
    admins: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_file(cls, path: str | Path) -> "CourseRoster":
        """Read a roster such as ``deploy/jupyterhub/course.yml``; say exactly what is wrong if not."""
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CourseRosterError(f"Cannot read the course roster {path}: {error.strerror}",
                                    hint="Set SEARCHCRAFT_COURSE_FILE to the course's course.yml.")
        except yaml.YAMLError as error:
            raise CourseRosterError(f"The course roster {path} is not valid YAML: {error}",
                                    hint="Compare it with deploy/jupyterhub/course.yml.")
        return cls.from_dict(data, origin=str(path))

    @classmethod
    def from_dict(cls, data: object, *, origin: str = "the course roster") -> "CourseRoster":
        if not isinstance(data, dict):
            raise CourseRosterError(f"{origin} must be a YAML mapping of settings",
                                    hint="Compare it with deploy/jupyterhub/course.yml.")
        missing = [key for key in REQUIRED if not data.get(key)]
        if missing:
            raise CourseRosterError(f"{origin} has no {', '.join(missing)}",
                                    hint="Every course needs course_id, course_dir and exchange_dir.")
        course_id = str(data["course_id"])
        if not course_id.replace("_", "").replace(".", "").replace("-", "").isalnum():
            raise CourseRosterError(f"{origin}: course_id {course_id!r} may hold only letters, digits, "
                                    "'-', '_' and '.'", hint="It names folders in the exchange, a URL "
                                    "(/services/<course_id>/) and the groups nbgrader-<course_id> and "
                                    "formgrade-<course_id>, so keep it to one plain word such as "
                                    "searchcraft-2026.")
        tutors = _names(data.get("tutors"), "tutors", origin)
        learners = _names(data.get("learners"), "learners", origin)
        admins = _names(data.get("admins"), "admins", origin)
        both = sorted(set(tutors) & set(learners))
        if both:
            raise CourseRosterError(f"{origin}: {', '.join(both)} listed as both tutor and learner",
                                    hint="A tutor is added to the learners' group automatically.")
        try:
            port = int(data.get("formgrader_port", 9999))
        except (TypeError, ValueError):
            raise CourseRosterError(f"{origin}: formgrader_port must be a whole number")
        return cls(course_id=course_id, course_dir=str(data["course_dir"]),
                   exchange_dir=str(data["exchange_dir"]), formgrader_port=port,
                   grader_account=str(data.get("grader_account") or f"grader-{course_id}"),
                   grader_system_account=bool(data.get("grader_system_account", True)),
                   tutors=tuple(tutors), learners=tuple(learners), admins=tuple(admins))

    @property
    def tutor_group(self) -> str:
        """nbgrader 0.9 reads ``formgrade-<course>`` as "may grade this course"."""
        return f"formgrade-{self.course_id}"

    @property
    def learner_group(self) -> str:
        """nbgrader 0.9 reads ``nbgrader-<course>`` as "is taking this course"."""
        return f"nbgrader-{self.course_id}"

    @property
    def formgrader_url(self) -> str:
        return f"http://127.0.0.1:{self.formgrader_port}"


def _names(value: object, key: str, origin: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(name, str) and name for name in value):
        raise CourseRosterError(f"{origin}: {key} must be a list of user names",
                                hint=f"Write one '- name' line per person under '{key}:'.")
    return list(value)


def hub_users(roster: CourseRoster) -> set[str]:
    """Everyone allowed to log in to the hub, and the grader account the formgrader acts as."""
    return set(roster.tutors) | set(roster.learners) | {roster.grader_account}


def hub_admins(roster: CourseRoster) -> set[str]:
    """The course team members who run the hub (its Admin page: users, groups, servers)."""
    return set(roster.admins)


def hub_groups(roster: CourseRoster) -> dict[str, dict]:
    """``JupyterHub.load_groups``: tutors grade; tutors and learners both see released assignments,
    so a tutor can try an assignment as a learner would."""
    return {
        # nbgrader's formgrader asks the hub which courses its own account grades, so the grader
        # account belongs here too (nbgrader issue #1872: it fails if the account is unknown).
        roster.tutor_group: {"users": sorted({*roster.tutors, roster.grader_account})},
        roster.learner_group: {"users": sorted(set(roster.learners) | set(roster.tutors))},
    }


def hub_roles(roster: CourseRoster) -> list[dict]:
    """``JupyterHub.load_roles``, following nbgrader 0.9's multiple-classes demo.

    - tutors may use the course's formgrader service;
    - learners (and tutors) may find that service, which nbgrader's course list needs;
    - the formgrader may read who is in which group and add learners to the course's group
      (``nbgrader db student add`` does this through the hub's API);
    - each person's own server may read their own groups, which nbgrader's JupyterHubAuthPlugin
      uses to decide which courses' assignments to show them.
    """
    course = roster.course_id
    find_service = ["list:services", f"read:services!service={course}"]
    return [
        {"name": roster.tutor_group, "description": f"Tutors of {course}: use its formgrader",
         "groups": [roster.tutor_group],
         "scopes": [f"access:services!service={course}", *find_service]},
        {"name": roster.learner_group, "description": f"Learners on {course}: see its assignments",
         "groups": [roster.learner_group], "scopes": find_service},
        {"name": f"formgrader-{course}", "description": f"The {course} formgrader service",
         "services": [course],
         "scopes": ["read:users:name", "read:users:groups",
                    f"list:groups!group={roster.learner_group}",
                    f"read:groups!group={roster.learner_group}",
                    f"groups!group={roster.learner_group}"]},
    ]


# The token each learner's server is given: enough to post activity and to read its own
# owner's groups (nbgrader's JupyterHubAuthPlugin), and to find the course's formgrader.
SERVER_TOKEN_SCOPES = [
    "users:activity!user",
    "access:servers!server",
    "read:users:name!user",
    "read:users:groups!user",
    "list:services",
    "read:services",
]


def formgrader_service(roster: CourseRoster, environment: dict[str, str]) -> dict:
    """The shared formgrader: a Jupyter server in the course folder, managed by the hub and
    reachable at ``/services/<course_id>/`` by members of ``formgrade-<course_id>`` only."""
    service = {
        "name": roster.course_id,
        "url": roster.formgrader_url,
        "command": ["jupyterhub-singleuser", f"--ServerApp.root_dir={roster.course_dir}"],
        "cwd": roster.course_dir,
        # nbgrader asks the hub about this account (JupyterHubAuthPlugin) when it lists releases.
        "environment": {"JUPYTERHUB_DEFAULT_URL": "/lab", "JUPYTERHUB_USER": roster.grader_account,
                        **environment},
        "oauth_no_confirm": True,
    }
    if roster.grader_system_account:
        service["user"] = roster.grader_account
    return service
