// Fails when the Tauri Rust crates (Cargo.lock) and the @tauri-apps npm packages
// (package-lock.json) are not on the same major.minor release: `tauri build` refuses to bundle
// then ("Found version mismatched Tauri packages"), and the page's JS API may not match the core.
//   node .ci/tauri-versions.mjs        (run by ./dev.sh test)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Versions of the packages named in a Cargo.lock, by name (a name locked twice keeps every version).
 * @param {string} text
 * @returns {Map<string, string[]>}
 */
export function cargoVersions(text) {
  const versions = new Map();
  for (const block of text.split(/^\[\[package\]\]$/m)) {
    const name = /^name = "([^"]+)"$/m.exec(block)?.[1];
    const version = /^version = "([^"]+)"$/m.exec(block)?.[1];
    if (name && version) {
      versions.set(name, [...(versions.get(name) ?? []), version]);
    }
  }
  return versions;
}

/**
 * Versions of the installed @tauri-apps packages in a package-lock.json, by package name.
 * @param {string} text
 * @returns {Map<string, string>}
 */
export function npmVersions(text) {
  const versions = new Map();
  for (const [path, entry] of Object.entries(JSON.parse(text).packages ?? {})) {
    const name = /^node_modules\/(@tauri-apps\/[^/]+)$/.exec(path)?.[1];
    if (name && entry.version) {
      versions.set(name, entry.version);
    }
  }
  return versions;
}

/** `2.11.6` -> `2.11`. */
const minor = (/** @type {string} */ version) => version.split(".").slice(0, 2).join(".");

/**
 * The pairs that must agree, and what is wrong with each; empty when all is well.
 * Pairs: the `tauri` crate with `@tauri-apps/api` and `@tauri-apps/cli`, and every
 * `@tauri-apps/plugin-X` with the crate `tauri-plugin-X`.
 * @param {string} cargoLock
 * @param {string} packageLock
 * @returns {string[]}
 */
export function mismatches(cargoLock, packageLock) {
  const crates = cargoVersions(cargoLock);
  const npm = npmVersions(packageLock);
  const problems = [];
  const pairs = [
    ["tauri", "@tauri-apps/api"],
    ["tauri", "@tauri-apps/cli"],
    ...[...npm.keys()]
      .filter((name) => name.startsWith("@tauri-apps/plugin-"))
      .map((name) => [`tauri-${name.slice("@tauri-apps/".length)}`, name]),
  ];
  for (const [crate, pkg] of pairs) {
    const crateVersions = crates.get(crate) ?? [];
    const npmVersion = npm.get(pkg);
    if (crateVersions.length !== 1) {
      problems.push(`Cargo.lock has ${crateVersions.length === 0 ? "no" : crateVersions.join(" and ")} ${crate}; expected one version`);
    } else if (!npmVersion) {
      problems.push(`package-lock.json has no ${pkg}`);
    } else if (minor(crateVersions[0]) !== minor(npmVersion)) {
      problems.push(`${crate} ${crateVersions[0]} (Cargo.lock) and ${pkg} ${npmVersion} (package-lock.json) are on different minor releases`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const problems = mismatches(readFileSync(join(root, "Cargo.lock"), "utf8"), readFileSync(join(root, "package-lock.json"), "utf8"));
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    console.error(
      "Put them on the same major.minor: e.g. `npm install @tauri-apps/api@~X.Y @tauri-apps/cli@~X.Y` " +
        "or `cargo update -p tauri --precise X.Y.Z` (the Rust side is held by the workspace's rust-version).",
    );
    process.exit(1);
  }
  const tauri = cargoVersions(readFileSync(join(root, "Cargo.lock"), "utf8")).get("tauri")?.[0];
  console.log(`Tauri crates and npm packages on ${tauri ? minor(tauri) : "?"}`);
}
