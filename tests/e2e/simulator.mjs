// The simulator binary as a separate server on a loopback port, standing in for the Stellantis
// API in the account scenarios; its admin counters say how many remote POSTs really reached it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { freePort, waitFor } from "./webdriver.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SIM = join(root, "target", "debug", "stellantis-sim");

/**
 * Starts the simulator binary and reads its URLs from what it prints.
 * @param {{vehicles: number, seed: number, timeScale: number, clientId: string, clientSecret: string, burst?: number}} options
 *   `burst`: the calls a second the server allows (100 unless told)
 */
export async function startSimulator(options) {
  if (!existsSync(SIM)) {
    throw new Error(`simulator not found at ${SIM}: build it first (cargo build --workspace --all-targets)`);
  }
  const port = await freePort();
  const args = [
    ["--port", String(port)],
    ["--vehicles", String(options.vehicles)],
    ["--seed", String(options.seed)],
    ["--time-scale", String(options.timeScale)],
    ["--client-id", options.clientId],
    ["--client-secret", options.clientSecret],
    ["--burst", String(options.burst ?? 100)],
  ].flat();
  const child = spawn(SIM, args, { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await Promise.race([
    waitFor(async () => /admin:\s+\S+/.test(output), "the simulator's URLs", 30_000),
    exited.then((code) => {
      throw new Error(`the simulator exited (${code}) before listening: ${output}`);
    }),
  ]);
  const base = /API base URL:\s+(\S+)/.exec(output)?.[1] ?? "";
  const token = /token URL:\s+(\S+)/.exec(output)?.[1] ?? "";
  const admin = /admin:\s+(\S+)\/admin\/faults/.exec(output)?.[1] ?? "";
  assert.match(base, new RegExp(`^http://127\\.0\\.0\\.1:${port}/`));
  assert.match(admin, new RegExp(`^http://127\\.0\\.0\\.1:${port}`));
  return {
    base,
    token,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    /** The server's counters (`remotePosts`, `remotesCreated`...), from `GET /admin/stats`. */
    async stats() {
      const response = await fetch(`${admin}/admin/stats`);
      assert.equal(response.status, 200);
      return /** @type {Promise<Record<string, number>>} */ (response.json());
    },
    /**
     * Replaces the server's faults (`PUT /admin/faults`, snake_case; a field left out is off).
     * @param {Record<string, number | boolean>} faults
     */
    async setFaults(faults) {
      const response = await fetch(`${admin}/admin/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(faults),
      });
      assert.ok(response.ok, `PUT /admin/faults: ${response.status}`);
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Signs the app in to the simulated account `sim`, as a person would in the Settings dialog
 * (left open): saves its client id and `secret` (its own by default) in the keyring, types its
 * two URLs, presses "Use this account", and returns the switch's outcome (`{status}` or `{error}`,
 * see Window.switchOutcome).
 * @param {import("./window.mjs").Window} win
 * @param {Awaited<ReturnType<typeof startSimulator>>} sim
 * @param {string} [secret]
 */
export async function useSimulatedAccount(win, sim, secret = sim.clientSecret) {
  await win.saveCredentials(sim.clientId, secret);
  return win.useAccount(sim.base, sim.token);
}
