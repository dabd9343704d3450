// tsc compiles only TypeScript; rule packs and other data files that sit beside the sources are
// copied into dist/ at the same relative paths so `new URL("./rules/", import.meta.url)` works in both.
import { cpSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ASSET = /\.(ya?ml|json|txt)$/;
const src = "src";

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== "fixtures") walk(full);
    } else if (ASSET.test(name)) {
      cpSync(full, join("dist", relative(src, full)));
    }
  }
}

walk(src);
