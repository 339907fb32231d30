// Copies the front-end files mockloop serves from their npm packages into assets/vendor/.
// `--check` fails when the committed copies differ from what package-lock.json installs.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const files = [["node_modules/htmx.org/dist/htmx.min.js", "assets/vendor/htmx.min.js"]];
const check = process.argv.includes("--check");
let stale = 0;
for (const [from, to] of files) {
  const fresh = readFileSync(from);
  if (check) {
    let committed = null;
    try { committed = readFileSync(to); } catch { /* missing counts as stale */ }
    if (!committed || !committed.equals(fresh)) {
      console.error(`${to} differs from ${from}; run npm run vendor and commit`);
      stale += 1;
    }
  } else {
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, fresh);
  }
}
process.exit(stale ? 1 : 0);
