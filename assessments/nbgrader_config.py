"""nbgrader configuration for the SearchCraft course. Run nbgrader commands from this folder."""

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "searchcraft"
# Learner notebooks import the kit; a cell that runs longer than this is stopped.
c.ExecutePreprocessor.timeout = 120
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Learners' notebooks run in SearchCraft's sandbox (bubblewrap + prlimit): no network, no view of
# source/, the gradebook or other learners' work, and limits on CPU, memory, processes and output.
# Set SEARCHCRAFT_SANDBOX=off to grade trusted notebooks without it.
from searchcraft.grading.sandbox import use_sandbox  # noqa: E402

use_sandbox(c, cpu_seconds=120, memory_bytes=2 * 1024**3, processes=256, notebook_seconds=600,
            output_bytes=2 * 1024**2)
