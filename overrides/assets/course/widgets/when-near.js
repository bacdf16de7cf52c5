/**
 * Run a callback once an element comes near the viewport — one screen above
 * or below it — so work for what the learner has not scrolled to yet (an
 * exercise's code editor, say) does not compete with the page's start-up.
 */

/** @type {Map<Element, () => void>} */
const waiting = new Map();

/** @type {IntersectionObserver | null} */
let observer = null;

function watcher() {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const callback = waiting.get(entry.target);
        forget(entry.target);
        callback?.();
      }
    },
    { rootMargin: "100% 0px" },
  );
  return observer;
}

/** @param {Element} element */
function forget(element) {
  waiting.delete(element);
  observer?.unobserve(element);
}

/**
 * Call `callback` once, when `element` is within a screen of the viewport
 * (at once if it already is). Returns a function that cancels the wait.
 * @param {Element} element
 * @param {() => void} callback
 * @returns {() => void}
 */
export function whenNear(element, callback) {
  if (!("IntersectionObserver" in window)) {
    callback();
    return () => {};
  }
  waiting.set(element, callback);
  watcher().observe(element);
  return () => forget(element);
}
