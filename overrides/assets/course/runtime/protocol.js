/**
 * The page ↔ Python-worker protocol, imported by both sides
 * (python-client.js on the page, python-worker.js in the worker).
 *
 * Every message is `{id, type, data}`. The page sends one of `REQUEST`;
 * the worker answers each with `result` (`data` is the request's value) or
 * `failure` (`data` is a `Failure`: the engine could not do what was asked),
 * and sends `progress` messages while a `boot` runs, and `snapshot-kept`
 * (`id` and `data` null) once it has stored a memory snapshot of Python
 * for the next visit. A learner's own
 * exception is never a failure: it is part of a run's result
 * (`RunResult.exception`).
 */

/** The requests the page sends. */
export const REQUEST = Object.freeze({
  boot: "boot",
  registerQuiz: "register-quiz",
  grade: "grade",
  gradeTest: "grade-test",
  registerExercise: "register-exercise",
  runExercise: "run-exercise",
  checkExercise: "check-exercise",
  practiceReply: "practice-reply",
  loadPackages: "load-packages",
});

/** The replies the worker sends. */
export const REPLY = Object.freeze({
  progress: "progress",
  result: "result",
  failure: "failure",
  snapshotKept: "snapshot-kept",
});

/**
 * @typedef {{id: number, type: string, data: any}} Message
 * @typedef {{message: string}} Failure why the engine could not answer
 *
 * Requests (`data`) and the value each one's `result` carries:
 * @typedef {{indexURL: string, packages: string[], runsCode?: boolean}} BootData `runsCode`
 *   (default true): the worker will run learners' code, so it takes its memory snapshot
 *   before it answers anything; false: it answers first and takes it once idle
 * @typedef {{restored: boolean}} BootValue `restored`: Python came from a memory snapshot
 * @typedef {{step: number, steps: number, stage: "download" | "start" | "packages"}} BootProgress
 * @typedef {{quiz_id: string, question_id: string, answer: string}} GradeData
 * @typedef {{question_id: string, answer: string, correct: boolean, feedback: string}} Verdict
 * @typedef {{quiz_id: string, answers: Record<string, string>}} GradeTestData
 * @typedef {{score: number, total: number, needed: number, passed: boolean, verdicts: Verdict[]}} TestResult
 * @typedef {{exercise: any, files: {url: string, target: string}[]}} RegisterExerciseData
 *   `files`: data files the worker downloads and writes where the setup reads them
 * @typedef {{exercise_id: string, code: string}} CodeData for run-exercise and check-exercise
 * @typedef {{type: string, message: string, line: number | null, traceback: string}} LearnerException
 * @typedef {{type: "text", text: string}} TextItem
 * @typedef {{type: "image", mime: string, data: string, width: number, height: number,
 *            title: string}} ImageItem a figure the code drew: `data` is base64, `title` what it shows
 * @typedef {{stdout: string, stderr: string, exception: LearnerException | null,
 *            output?: (TextItem | ImageItem)[]}} RunResult `output`: stdout and the figures, in order
 * @typedef {{name: string, expectation: string, passed: boolean, status?: string,
 *            message: string, hint: string}} CheckResult
 * @typedef {{passed: boolean, summary: string, run: RunResult, checks: CheckResult[]}} CheckReport
 * @typedef {{role: "user" | "assistant", content: string}} ChatMessage
 * @typedef {{lab: unknown, messages: ChatMessage[]}} PracticeReplyData
 * @typedef {{text: string}} PracticeReplyValue
 *
 * @typedef {{
 *   "boot": [BootData, BootValue],
 *   "register-quiz": [{quiz: unknown}, {}],
 *   "grade": [GradeData, Verdict],
 *   "grade-test": [GradeTestData, TestResult],
 *   "register-exercise": [RegisterExerciseData, {}],
 *   "run-exercise": [CodeData, RunResult],
 *   "check-exercise": [CodeData, CheckReport],
 *   "practice-reply": [PracticeReplyData, PracticeReplyValue],
 *   "load-packages": [{packages: string[]}, {packages: string[]}],
 * }} Requests each request type: [its data, its result's value]
 */
