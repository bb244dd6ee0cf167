"""JupyterHub for a SearchCraft course on one machine: learners, tutors and nbgrader's exchange.

Run it from a Python environment with the kit installed (``pip install -r requirements.txt
jupyterhub``) and configurable-http-proxy on PATH::

    sudo jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Who is on the course, and where the course folder and exchange are, come from ``course.yml`` beside
this file, or from the file named by the SEARCHCRAFT_COURSE_FILE environment variable. The rules
that turn the roster into groups, roles and the formgrader service are in ``course_hub.py``.
How people log in (PAM, OAuth, LTI) is the site's choice: add it below or in a second file that
loads this one with ``load_subconfig``.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from course_hub import (  # noqa: E402 (needs the path above)
    SERVER_TOKEN_SCOPES, CourseRoster, formgrader_service, hub_admins, hub_groups, hub_roles,
    hub_users,
)

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

roster = CourseRoster.from_file(os.environ.get("SEARCHCRAFT_COURSE_FILE", HERE / "course.yml"))

# Every server on the hub (people's own and the formgrader) reads the shared nbgrader settings in
# jupyter/ and learns where the exchange is; people's own servers also read personal/, which
# leaves the formgrader and Create Assignment to the shared formgrader.
shared_environment = {
    "JUPYTER_CONFIG_PATH": str(HERE / "jupyter"),
    "SEARCHCRAFT_EXCHANGE": roster.exchange_dir,
}
personal_environment = {
    **shared_environment,
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(HERE / "personal"), str(HERE / "jupyter")]),
}

# Who may log in, and the two groups nbgrader 0.9 understands.
c.Authenticator.allowed_users = hub_users(roster)
c.Authenticator.admin_users = hub_admins(roster)
c.JupyterHub.load_groups = hub_groups(roster)
c.JupyterHub.load_roles = hub_roles(roster)

# Each person gets their own JupyterLab; its API token may read its owner's groups, which is how
# nbgrader decides which courses' assignments to list.
c.Spawner.default_url = "/lab"
c.Spawner.environment = personal_environment
c.Spawner.server_token_scopes = SERVER_TOKEN_SCOPES
# A busy machine can take a while to start JupyterLab with the kit.
c.Spawner.start_timeout = 120

# Tutors share one formgrader, running in the course folder as the grader account.
c.JupyterHub.services = [formgrader_service(roster, shared_environment)]
