import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ruleDocs } from "./rule-docs.js";

const root = fileURLToPath(new URL("../docs/rules/", import.meta.url));
// Pages of rules that no longer exist must go too, so the folder is written afresh.
rmSync(root, { recursive: true, force: true });
for (const doc of ruleDocs()) {
  const path = join(root, doc.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, doc.text);
}
