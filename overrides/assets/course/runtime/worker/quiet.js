/**
 * Work the Python worker keeps for a quiet moment: once no request has been
 * answered for `QUIET_MS`, a quiz's Python imports the rest of the engine
 * and takes its snapshot, and a snapshot taken is hashed and stored. The
 * worker's message handler says when a request starts and ends
 * (`requestStarted`, `requestEnded`); a request that needs the work done
 * first (loading packages) calls `quietWorkNow`.
 */

/**
 * How long the worker must be idle (no request being answered) before it does
 * the work kept for a quiet moment (ms).
 */
const QUIET_MS = 200;

/** Requests being answered now: the quiet-moment work waits until there are none. */
let busy = 0;
/** @type {Array<() => void>} work kept for a quiet moment, in order */
const whenQuiet = [];
/** @type {ReturnType<typeof setTimeout> | undefined} */
let quietTimer;

/**
 * Keep `task` for the next quiet moment. It is only an optimisation: if it
 * throws, what it failed to do is reported by whichever request needs it.
 * @param {() => void} task
 */
export function onQuiet(task) {
  whenQuiet.push(task);
  armQuiet();
}

/** Do the work kept for a quiet moment now (before packages load, say). */
export function quietWorkNow() {
  clearTimeout(quietTimer);
  for (const task of whenQuiet.splice(0)) {
    try {
      task();
    } catch {
      /* only an optimisation (see onQuiet) */
    }
  }
}

/** A request has arrived: the quiet moment is put off until it is answered. */
export function requestStarted() {
  busy += 1;
  clearTimeout(quietTimer);
}

/** A request has been answered: wait for a quiet moment again if none other runs. */
export function requestEnded() {
  busy -= 1;
  armQuiet();
}

/** (Re)start the wait for a quiet moment, if work waits for one and nothing runs. */
function armQuiet() {
  clearTimeout(quietTimer);
  if (!whenQuiet.length || busy) return;
  quietTimer = setTimeout(quietWorkNow, QUIET_MS);
}
