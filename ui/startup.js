// Tells Rust when the vehicle list is first on screen, so the log (and `./dev.sh measure`)
// can say how long the start took as the user sees it.
import * as ipc from "./ipc.js";

/**
 * Reports once, after the first frame that shows at least one item of `list`.
 * @param {HTMLElement} list
 */
export function reportFirstPaint(list) {
  const report = () =>
    // The second frame callback runs once the frame holding the new items has been painted.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        ipc.startupPainted(list.children.length).catch(() => {});
      }),
    );
  if (list.children.length > 0) {
    report();
    return;
  }
  const observer = new MutationObserver(() => {
    if (list.children.length > 0) {
      observer.disconnect();
      report();
    }
  });
  observer.observe(list, { childList: true });
}
