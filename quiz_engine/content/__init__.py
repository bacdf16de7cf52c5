"""Content: reading the course's files and validating them (build time; adds PyYAML).

One toolkit (:mod:`.toolkit`) checks every kind of content file with located
errors (``path:line: key: problem — fix``): quiz and test files
(:mod:`.quiz`), exercise folders (:mod:`.exercise`), lab personas
(:mod:`.persona`) and interface strings (:mod:`.interface_strings`), and the
pages' fences (:mod:`.fences`). :func:`.course.load_course` reads a whole
course and every problem in it, for the build and for
``python -m quiz_engine validate``.
"""
