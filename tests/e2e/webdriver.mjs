// A small W3C WebDriver client over fetch, and the tauri-driver process that serves it.
// tauri-driver proxies to WebKitWebDriver, which starts the real app binary in a real window.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { basename, dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The app binary under test: `CAR_REMOTE_APP`, else the debug build. */
const APP = process.env.CAR_REMOTE_APP ?? join(root, "target", "debug", "car-remote");
/** Where screenshots of the run are saved. */
const SHOTS = join(root, "target", "e2e");

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `check` until it returns a truthy value or `timeoutMs` passes.
 * @template T
 * @param {() => Promise<T>} check
 * @param {string} what
 * @param {number} timeoutMs
 * @returns {Promise<T>}
 */
export async function waitFor(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) {
        return value;
      }
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    }
    await sleep(100);
  }
}

/**
 * Starts tauri-driver on fresh ports, in its own process group so that stopping it also stops
 * WebKitWebDriver and the app (a leftover driver holding its port makes the next run hang).
 * `env` is added to this process's environment for the driver, and so for WebKitWebDriver and
 * the app it starts (they inherit it).
 * @param {Record<string, string>} [env]
 */
export async function startDriver(env = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const child = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...env },
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const failedToSpawn = new Promise((_, reject) =>
    child.once("error", (error) => reject(new Error(`cannot start tauri-driver (run ./dev.sh setup): ${error.message}`))),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return; // already gone
    }
    const gone = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!gone) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  try {
    await Promise.race([
      failedToSpawn,
      waitFor(async () => (await fetch(`${url}/status`)).ok, "tauri-driver to listen", 15_000),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, processGroup: /** @type {number} */ (child.pid) };
}

/**
 * Starts tauri-driver and, through it, the app; `stop()` closes both. `env` is added to the
 * app's environment (e.g. `CAR_REMOTE_DATA_DIR`, `CAR_REMOTE_SAVE_PATH`). `appPid()` is the
 * process id of the app itself: the newest process of the driver's process group running the
 * app binary (WebKitWebDriver starts it there).
 * @param {{env?: Record<string, string>}} [options]
 */
export async function launchApp(options = {}) {
  const driver = await startDriver(options.env);
  try {
    const session = await Session.start(driver.url, APP);
    const stop = async () => {
      // An app killed on purpose leaves a session that may never answer: do not wait for it.
      await Promise.race([session.end().catch(() => {}), sleep(5000)]);
      await driver.stop();
    };
    const appPid = () => {
      const out = execFileSync("pgrep", ["-n", "-g", String(driver.processGroup), "-x", basename(APP).slice(0, 15)], {
        encoding: "utf8",
      });
      return Number(out.trim());
    };
    return { session, stop, appPid };
  } catch (error) {
    await driver.stop();
    throw error;
  }
}

/**
 * One WebDriver session = one running app.
 */
export class Session {
  /**
   * @param {string} driverUrl
   * @param {string} id
   */
  constructor(driverUrl, id) {
    this.base = `${driverUrl}/session/${id}`;
  }

  /**
   * Starts the app at `application` (an absolute path to the built binary).
   * @param {string} driverUrl
   * @param {string} application
   */
  static async start(driverUrl, application) {
    if (!existsSync(application)) {
      throw new Error(`app binary not found at ${application}: build it first (cargo build)`);
    }
    const body = {
      capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application } } },
    };
    const value = await call("POST", `${driverUrl}/session`, body);
    return new Session(driverUrl, value.sessionId);
  }

  /** @param {string} method @param {string} path @param {unknown} [body] */
  request(method, path, body) {
    return call(method, `${this.base}${path}`, body);
  }

  /** The document title. */
  title() {
    return this.request("GET", "/title");
  }

  /** @param {string} css */
  async find(css) {
    const value = await this.request("POST", "/element", { using: "css selector", value: css });
    return new Element(this, value[ELEMENT]);
  }

  /**
   * Clicks at (`x`, `y`) pixels from the centre of `element`, as a real mouse would.
   * @param {Element} element
   * @param {number} x
   * @param {number} y
   */
  async clickAt(element, x, y) {
    const origin = { [ELEMENT]: element.id };
    await this.pointer([
      { type: "pointerMove", origin, x, y, duration: 0 },
      { type: "pointerDown", button: 0 },
      { type: "pointerUp", button: 0 },
    ]);
  }

  /**
   * Two left clicks at the centre of `element`, back to back in one input sequence (as a
   * quick double press of a real mouse), with no pause between them.
   * @param {Element} element
   */
  async doubleClick(element) {
    const origin = { [ELEMENT]: element.id };
    await this.pointer([
      { type: "pointerMove", origin, x: 0, y: 0, duration: 0 },
      { type: "pointerDown", button: 0 },
      { type: "pointerUp", button: 0 },
      { type: "pointerDown", button: 0 },
      { type: "pointerUp", button: 0 },
    ]);
  }

  /**
   * A left click at the centre of `element` with Shift held, as a hand on keyboard and mouse.
   * @param {Element} element
   */
  async shiftClick(element) {
    const SHIFT = "\uE008";
    const origin = { [ELEMENT]: element.id };
    await this.request("POST", "/actions", {
      actions: [
        {
          type: "key",
          id: "keyboard",
          actions: [{ type: "keyDown", value: SHIFT }, { type: "pause" }, { type: "pause" }, { type: "pause" }, { type: "keyUp", value: SHIFT }],
        },
        {
          type: "pointer",
          id: "mouse",
          parameters: { pointerType: "mouse" },
          actions: [
            { type: "pause" },
            { type: "pointerMove", origin, x: 0, y: 0, duration: 0 },
            { type: "pointerDown", button: 0 },
            { type: "pointerUp", button: 0 },
            { type: "pause" },
          ],
        },
      ],
    });
    await this.request("DELETE", "/actions");
  }

  /**
   * Runs one sequence of mouse actions and releases what it pressed.
   * @param {object[]} actions WebDriver pointer actions
   */
  async pointer(actions) {
    await this.request("POST", "/actions", {
      actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }],
    });
    await this.request("DELETE", "/actions");
  }

  /**
   * Presses and releases one key on the focused element, as a keyboard would; `key` is a
   * character or a WebDriver key code (`"\uE00C"` is Escape).
   * @param {string} key
   */
  async pressKey(key) {
    await this.request("POST", "/actions", {
      actions: [
        {
          type: "key",
          id: "keyboard",
          actions: [
            { type: "keyDown", value: key },
            { type: "keyUp", value: key },
          ],
        },
      ],
    });
    await this.request("DELETE", "/actions");
  }

  /**
   * Presses `keys` together and releases them in reverse order (a chord such as Control+K or
   * Alt+ArrowUp); each is a character or a WebDriver key code.
   * @param {string[]} keys
   */
  async pressChord(keys) {
    await this.request("POST", "/actions", {
      actions: [
        {
          type: "key",
          id: "keyboard",
          actions: [...keys.map((value) => ({ type: "keyDown", value })), ...[...keys].reverse().map((value) => ({ type: "keyUp", value }))],
        },
      ],
    });
    await this.request("DELETE", "/actions");
  }

  /**
   * Drags with the mouse from the centre of `element` by (`dx`, `dy`) pixels, in small steps as
   * a hand would.
   * @param {Element} element
   * @param {number} dx
   * @param {number} dy
   */
  async drag(element, dx, dy) {
    const origin = { [ELEMENT]: element.id };
    const steps = 8;
    await this.pointer([
      { type: "pointerMove", origin, x: 0, y: 0, duration: 0 },
      { type: "pointerDown", button: 0 },
      ...Array.from({ length: steps }, () => ({
        type: "pointerMove",
        origin: "pointer",
        x: Math.round(dx / steps),
        y: Math.round(dy / steps),
        duration: 30,
      })),
      { type: "pause", duration: 50 },
      { type: "pointerUp", button: 0 },
    ]);
  }

  /**
   * Resizes the window (outer size).
   * @param {number} width
   * @param {number} height
   */
  setWindowSize(width, height) {
    return this.request("POST", "/window/rect", { width, height });
  }

  /** Runs `script` in the page and returns its value. @param {string} script @param {unknown[]} args */
  execute(script, args = []) {
    return this.request("POST", "/execute/sync", { script, args });
  }

  /** A PNG screenshot of the window, as a Buffer. */
  async screenshot() {
    return Buffer.from(await this.request("GET", "/screenshot"), "base64");
  }

  /** Saves a screenshot of the window as `target/e2e/<name>`. @param {string} name */
  async saveScreenshot(name) {
    await sleep(500); // a WebDriver screenshot can lag the DOM by a moment
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, name), await this.screenshot());
  }

  /** Ends the session, which closes the app. */
  end() {
    return this.request("DELETE", "");
  }
}

class Element {
  /** @param {Session} session @param {string} id */
  constructor(session, id) {
    this.session = session;
    this.id = id;
    this.path = `/element/${id}`;
  }

  click() {
    return this.session.request("POST", `${this.path}/click`, {});
  }

  clear() {
    return this.session.request("POST", `${this.path}/clear`, {});
  }

  /** @param {string} text */
  type(text) {
    return this.session.request("POST", `${this.path}/value`, { text });
  }

  text() {
    return this.session.request("GET", `${this.path}/text`);
  }

  /** @param {string} name */
  property(name) {
    return this.session.request("GET", `${this.path}/property/${name}`);
  }
}

/** @param {string} method @param {string} url @param {unknown} [body] */
async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = payload?.value?.message ?? JSON.stringify(payload);
    throw new Error(`WebDriver ${method} ${url} failed (${response.status}): ${detail}`);
  }
  return payload.value;
}
