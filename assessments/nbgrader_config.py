"""nbgrader configuration for the SearchCraft course. Run nbgrader commands from this folder."""

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "searchcraft"
# Learner notebooks import the kit; a cell that runs longer than this is stopped.
c.ExecutePreprocessor.timeout = 120
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
