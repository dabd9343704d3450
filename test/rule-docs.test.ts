import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { it } from "node:test";
import { ruleDocs } from "../scripts/rule-docs.js";

const root = fileURLToPath(new URL("../docs/rules/", import.meta.url));

function written(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? written(full) : [relative(root, full).split(sep).join("/")];
  });
}

it("docs/rules matches the rule registry (run `npx tsx scripts/write-rule-docs.ts` after changing rules)", () => {
  const expected = ruleDocs();
  assert.deepEqual(written(root).sort(), expected.map((d) => d.path));
  for (const doc of expected) assert.equal(readFileSync(join(root, doc.path), "utf8"), doc.text, `docs/rules/${doc.path} is out of date`);
});

it("documents each SAST rule with the reported and not-reported cases of its fixture", () => {
  const page = ruleDocs().find((d) => d.path === "sast/py-pickle-load.md");
  assert.ok(page);
  assert.match(page.text, /\| id \| `sast\/py-pickle-load` \|/);
  assert.match(page.text, /CWE-502\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/502\.html\)/);
  const reported = page.text.slice(page.text.indexOf("## Reported"), page.text.indexOf("## Not reported"));
  assert.match(reported, /From `src\/analyzers\/sast\/fixtures\/py-pickle-load\.py`:/);
  assert.match(reported, /```python\n[^\n]*\n\s*# ruleid: sast\/py-pickle-load\n[^\n]*pickle\.loads?\(/);
  assert.match(page.text.slice(page.text.indexOf("## Not reported")), /# ok: sast\/py-pickle-load\n/);
});
