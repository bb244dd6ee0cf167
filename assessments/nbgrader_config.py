"""nbgrader configuration for the SearchCraft course. Run nbgrader commands from this folder."""

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "searchcraft"
# Learner notebooks import the kit; a cell that runs longer than this is stopped.
c.ExecutePreprocessor.timeout = 120
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Learners' notebooks run in SearchCraft's sandbox (bubblewrap + prlimit): no network, no view of
# source/, the gradebook or other learners' work, a scratch folder without the notebook, a cleared
# environment, and these limits (see book/for-tutors.md, "Limits"):
#   cpu_seconds       CPU seconds per kernel (then it is stopped; unfinished cells earn nothing)
#   memory_bytes      address space per kernel (MemoryError past it)
#   processes         processes and threads (RLIMIT_NPROC)
#   file_bytes        largest file the notebook may write (RLIMIT_FSIZE)
#   tmpfs_bytes       size of each private /tmp, home and /dev/shm
#   returned_bytes    most bytes of files made by the notebook that are kept
#   notebook_seconds  wall-clock seconds per notebook
#   output_bytes      bytes of every message the notebook sends (text, results, displays and their
#                     updates, errors, widget messages), as JSON; past it the kernel is stopped
# Set SEARCHCRAFT_SANDBOX=off to grade trusted notebooks without it.
from searchcraft.grading import use_sandbox  # noqa: E402

use_sandbox(c, cpu_seconds=120, memory_bytes=2 * 1024**3, processes=256, file_bytes=64 * 1024**2,
            tmpfs_bytes=64 * 1024**2, returned_bytes=64 * 1024**2, notebook_seconds=600,
            output_bytes=2 * 1024**2)
