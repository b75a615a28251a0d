// Copies the browser files of the npm dependencies into ui/vendor/ (git-ignored), where the
// app's page loads them as ES modules. Runs after every `npm ci` / `npm install`.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "ui", "vendor");

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
// @tauri-apps/api ships ES modules that import each other by relative path: copy them as-is.
cpSync(join(root, "node_modules", "@tauri-apps", "api"), join(vendor, "tauri"), {
  recursive: true,
  filter: (src) => !src.endsWith(".cjs") && !src.endsWith(".d.ts") && !src.includes("node_modules/@tauri-apps/api/node_modules"),
});
// Leaflet: the ES module build, its stylesheet and the marker images the stylesheet refers to.
const leaflet = join(root, "node_modules", "leaflet", "dist");
mkdirSync(join(vendor, "leaflet"), { recursive: true });
for (const file of ["leaflet-src.esm.js", "leaflet.css"]) {
  cpSync(join(leaflet, file), join(vendor, "leaflet", file));
}
cpSync(join(leaflet, "images"), join(vendor, "leaflet", "images"), { recursive: true });
// Leaflet.markercluster ships a script that extends a global `L`. Wrapped as an ES module, it
// extends a copy of Leaflet's module namespace instead (the classes it extends are shared), and
// exports the cluster layer.
const cluster = join(root, "node_modules", "leaflet.markercluster", "dist");
mkdirSync(join(vendor, "markercluster"), { recursive: true });
writeFileSync(
  join(vendor, "markercluster", "markercluster.esm.js"),
  [
    'import * as Leaflet from "../leaflet/leaflet-src.esm.js";',
    "const L = { ...Leaflet };",
    readFileSync(join(cluster, "leaflet.markercluster-src.js"), "utf8").replace(/\/\/# sourceMappingURL=.*$/m, ""),
    "export const MarkerClusterGroup = L.MarkerClusterGroup;",
    "",
  ].join("\n"),
);
for (const file of ["MarkerCluster.css", "MarkerCluster.Default.css"]) {
  cpSync(join(cluster, file), join(vendor, "markercluster", file));
}
console.log(`vendored browser modules into ${vendor}`);
