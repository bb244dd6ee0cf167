"""nbgrader settings every server on the course hub shares: learners' servers and the formgrader.

The hub points Jupyter at this folder (JUPYTER_CONFIG_PATH), so nobody keeps a copy in their home.
The course folder's own nbgrader_config.py (the kit's assessments/nbgrader_config.py) still sets
the course id, timeouts and stubs for the tutors' formgrader.
"""

import os

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

# The exchange folder every server reads and writes; the hub passes its path from course.yml.
c.Exchange.root = os.environ.get("SEARCHCRAFT_EXCHANGE", "/srv/nbgrader/exchange")
# One hub can carry several courses: keep each course's exchange in its own sub-folder.
c.Exchange.path_includes_course = True
# Ask the hub which courses a person is on: membership of nbgrader-<course> or formgrade-<course>.
c.Authenticator.plugin_class = JupyterHubAuthPlugin

# A learner's (or tutor's) own server submits and fetches feedback as its hub user. nbgrader would
# otherwise use the system account's name, which on a container hub is the same for everybody
# (nbgrader makes an exception only for an account called "jovyan"). The formgrader is a hub
# service and keeps the default "*", so it collects everyone's work.
if os.environ.get("JUPYTERHUB_USER") and not os.environ.get("JUPYTERHUB_SERVICE_NAME"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
