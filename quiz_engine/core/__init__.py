"""The browser core: what runs in the learner's browser (Pyodide) — standard library only.

- :mod:`.model`, :mod:`.grade`: quizzes and tests, and their grading;
- :mod:`.exercise`, :mod:`.exercise_runner`, :mod:`.checks`: exercises, the
  runner that executes the learner's code, and the checks API exercises use;
- :mod:`.practice`: the offline practice peer of the labs;
- :mod:`.browser`: the one entry point the browser's Python worker calls;
- :mod:`.errors`, :mod:`.versions`, :mod:`.limits`: the course's error type,
  content versions, and the limits the browser and the labs worker share.

This package is the whole of the browser's ``quiz_engine`` wheel; the labs
worker imports it too. It never imports the rest of ``quiz_engine``.
"""
