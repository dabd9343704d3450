import assert from "node:assert/strict";
import { test } from "node:test";
import { ALICE, tempRepo } from "../../../test/helpers/git-repo.js";
import { commitFiles, runGit } from "../../git/index.js";
import type { PendingEdit } from "../hooks/pending.js";
import { attachPending } from "./attach.js";
import { custodyClaims, custodyClaimSource, reconcileCommit } from "./reconcile.js";
import { readCustodyNote } from "./store.js";
import { lines, writePendingEdit } from "./test-support.js";

const NOW = new Date("2025-03-01T12:00:00Z");
const SHARED = lines("// shared", "", "function one() {", "  return 1;", "}", "", "function two() {", "  return 2;", "}");

/** A commit of `after` by an agent (the whole edit is its own), noted the way the post-commit hook does. */
async function notedCommit(repo: string, path: string, before: string | undefined, after: string, aiLines: PendingEdit["aiLines"], tool: PendingEdit["tool"]): Promise<string> {
  await writePendingEdit(repo, { id: `${path}-${tool}`, time: "2025-03-01T10:00:00Z", path, ...(before === undefined ? {} : { before }), after, aiLines, tool });
  const commit = await commitFiles(repo, { message: `${tool} edits ${path}`, author: ALICE, files: { [path]: after } });
  await attachPending(repo, commit, { now: NOW });
  return commit;
}

function claimSummary(claims: Awaited<ReturnType<typeof custodyClaims>>): [string, number, number, string | undefined, string, number][] {
  return claims.map((c) => [c.path, c.lines.start, c.lines.end, c.attribution.tool, c.attribution.evidence[0]?.detail ?? "", c.attribution.confidence]);
}

test("a host's squash merge gets the attribution of the branch commits' noted lines", async (t) => {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "README.md": "demo\n" } });
  await runGit(repo, ["checkout", "-q", "-b", "feature"]);
  const first = await notedCommit(repo, "a.js", undefined, lines("export const a = 1;", "export const b = 2;"), [{ start: 1, end: 2 }], "claude-code");
  const second = await notedCommit(repo, "c.py", undefined, lines("def c():", "    return 3"), [{ start: 1, end: 2 }], "cursor");
  await runGit(repo, ["checkout", "-q", "main"]);
  await commitFiles(repo, { message: "unrelated", author: ALICE, files: { "README.md": "demo\nmore\n" } });
  await runGit(repo, ["merge", "-q", "--squash", "feature"]);
  const squash = await commitFiles(repo, { message: "Feature (#12)", author: ALICE, files: { "human.txt": "by hand\n" } });

  const reconciled = await reconcileCommit(repo, squash);
  assert.equal(reconciled?.method, "content");
  assert.deepEqual(claimSummary(await custodyClaims(repo, squash)), [
    ["a.js", 1, 2, "claude-code", `reconciled from ${first.slice(0, 12)} by content`, 0.75],
    ["c.py", 1, 2, "cursor", `reconciled from ${second.slice(0, 12)} by content`, 0.75],
  ]);
  // Derived, not stored, unless asked.
  assert.equal(await readCustodyNote(repo, squash), undefined);
  await reconcileCommit(repo, squash, { write: true });
  assert.deepEqual(await readCustodyNote(repo, squash), reconciled.note);
});

test("a host's rebase merge is matched by patch id and its line numbers follow the new base", async (t) => {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "shared.js": SHARED } });
  await runGit(repo, ["checkout", "-q", "-b", "feature"]);
  const withAi = SHARED.replace("  return 1;\n", "  const x = compute();\n  return x + 1;\n");
  const picked = await notedCommit(repo, "shared.js", SHARED, withAi, [{ start: 4, end: 5 }], "copilot");
  assert.deepEqual(claimSummary(await custodyClaims(repo, picked)), [["shared.js", 4, 5, "copilot", `note on ${picked.slice(0, 12)}`, 0.95]]);

  await runGit(repo, ["checkout", "-q", "main"]);
  await commitFiles(repo, { message: "header", author: ALICE, files: { "shared.js": lines("// licence", "// header", "// more") + SHARED } });
  await runGit(repo, ["cherry-pick", picked]);
  const rebased = (await runGit(repo, ["rev-parse", "HEAD"])).toString("utf8").trim();

  assert.equal((await reconcileCommit(repo, rebased))?.method, "patch-id");
  assert.deepEqual(claimSummary(await custodyClaimSource.claimsFor(repo, rebased)), [["shared.js", 7, 8, "copilot", `reconciled from ${picked.slice(0, 12)} by patch-id`, 0.85]]);
});

test("a commit without a note and without matching lines has no claims", async (t) => {
  const repo = await tempRepo(t);
  await notedCommit(repo, "a.js", undefined, lines("ai();"), [{ start: 1, end: 1 }], "codex");
  const human = await commitFiles(repo, { message: "human", author: ALICE, files: { "b.js": "human();\n" } });
  assert.equal(await reconcileCommit(repo, human), undefined);
  assert.deepEqual(await custodyClaims(repo, human), []);
});
