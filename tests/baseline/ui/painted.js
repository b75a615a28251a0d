// Reports the first painted frame (the second frame callback runs once the first is on screen).
/* global requestAnimationFrame, window */
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("painted")));
