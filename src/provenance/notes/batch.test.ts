import assert from "node:assert/strict";
import { test } from "node:test";
import { ALICE, tempRepo } from "../../../test/helpers/git-repo.js";
import { commitFiles, runGit } from "../../git/index.js";
import type { RangeClaim } from "../claims.js";
import type { PendingEdit } from "../hooks/pending.js";
import { attachPending } from "./attach.js";
import { custodyClaimsForCommits } from "./batch.js";
import { noteClaims, reconciledClaims } from "./claims.js";
import { custodyClaimSource, reconcileCommit } from "./reconcile.js";
import { readCustodyNote } from "./store.js";
import { lines, writePendingEdit } from "./test-support.js";

const NOW = new Date("2025-03-01T12:00:00Z");
const SHARED = lines("// shared", "", "function one() {", "  return 1;", "}", "", "function two() {", "  return 2;", "}");

let edits = 0;

async function notedCommit(repo: string, path: string, before: string | undefined, after: string, aiLines: PendingEdit["aiLines"], tool: PendingEdit["tool"]): Promise<string> {
  edits += 1;
  await writePendingEdit(repo, { id: `edit-${edits}`, time: "2025-03-01T10:00:00Z", path, ...(before === undefined ? {} : { before }), after, aiLines, tool });
  const commit = await commitFiles(repo, { message: `${tool} edits ${path}`, author: ALICE, files: { [path]: after } });
  await attachPending(repo, commit, { now: NOW });
  return commit;
}

async function head(repo: string): Promise<string> {
  return (await runGit(repo, ["rev-parse", "HEAD"])).toString("utf8").trim();
}

interface History {
  repo: string;
  all: string[];
  first: string;
  second: string;
  picked: string;
  squash: string;
  rebased: string;
}

/** Noted branch commits, a host's squash merge of them, a cherry-pick onto a moved file, human work, a merge. */
async function history(t: test.TestContext): Promise<History> {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "README.md": "demo\n", "shared.js": SHARED } });
  await runGit(repo, ["checkout", "-q", "-b", "feature"]);
  const first = await notedCommit(repo, "a.js", undefined, lines("export const a = 1;", "", "export const b = 2;"), [{ start: 1, end: 3 }], "claude-code");
  const second = await notedCommit(repo, "c.py", undefined, lines("def c():", "    return 3"), [{ start: 1, end: 2 }], "cursor");
  await runGit(repo, ["checkout", "-q", "-b", "fix", "main"]);
  const withAi = SHARED.replace("  return 1;\n", "  const x = compute();\n  return x + 1;\n");
  const picked = await notedCommit(repo, "shared.js", SHARED, withAi, [{ start: 4, end: 5 }], "copilot");
  await runGit(repo, ["checkout", "-q", "main"]);
  await commitFiles(repo, { message: "header", author: ALICE, files: { "shared.js": lines("// licence", "// header") + SHARED } });
  await runGit(repo, ["merge", "-q", "--squash", "feature"]);
  const squash = await commitFiles(repo, { message: "Feature (#12)", author: ALICE, files: { "human.txt": "by hand\n" } });
  await runGit(repo, ["cherry-pick", picked]);
  const rebased = await head(repo);
  // git copies no note on cherry-pick; an empty one must count as none.
  await runGit(repo, ["notes", "--ref=refs/notes/custody", "add", "--allow-empty", "-m", "", rebased]);
  await commitFiles(repo, { message: "human", author: ALICE, files: { "b.js": "human();\n" } });
  await runGit(repo, ["merge", "-q", "--no-ff", "-m", "merge fix", "fix"]);
  const all = (await runGit(repo, ["rev-list", "--branches"])).toString("utf8").trim().split("\n");
  return { repo, all, first, second, picked, squash, rebased };
}

/** What the per-commit path gives: the commit's own note, else `reconcileCommit`. */
async function oneAtATime(repo: string, commit: string): Promise<RangeClaim[]> {
  const note = await readCustodyNote(repo, commit);
  if (note) return noteClaims(commit, note);
  const reconciled = await reconcileCommit(repo, commit);
  return reconciled === undefined ? [] : reconciledClaims(commit, reconciled.method, reconciled.files);
}

function summary(claims: RangeClaim[] | undefined): [string, number, number, string][] {
  return (claims ?? []).map((c) => [c.path, c.lines.start, c.lines.end, c.attribution.evidence[0]?.detail ?? ""]);
}

test("claims for a whole history at once equal the claims for each commit alone", async (t) => {
  const { repo, all, first, second, picked, squash, rebased } = await history(t);
  const batch = await custodyClaimsForCommits(repo, all);

  for (const commit of all) {
    const alone = await oneAtATime(repo, commit);
    assert.deepEqual(batch.get(commit) ?? [], alone, `claims of ${commit}`);
    assert.deepEqual(await custodyClaimSource.claimsFor(repo, commit), alone, `claimsFor ${commit}`);
  }
  assert.deepEqual(summary(batch.get(squash)), [
    ["a.js", 1, 3, `reconciled from ${first.slice(0, 12)} by content`],
    ["c.py", 1, 2, `reconciled from ${second.slice(0, 12)} by content`],
  ]);
  assert.deepEqual(summary(batch.get(rebased)), [["shared.js", 6, 7, `reconciled from ${picked.slice(0, 12)} by patch-id`]]);
  assert.deepEqual(summary(batch.get(picked)), [["shared.js", 4, 5, `note on ${picked.slice(0, 12)}`]]);
  // Noted commits, the squash and the cherry-pick; the human commits and the merges add no noted line.
  assert.equal(batch.size, 5);
});

test("keys claims by the names given and honours the candidate limit", async (t) => {
  const { repo, rebased, squash } = await history(t);
  const byName = await custodyClaimsForCommits(repo, ["HEAD^2", rebased]);
  assert.deepEqual([...byName.keys()].sort(), ["HEAD^2", rebased].sort());
  assert.deepEqual([...(await custodyClaimsForCommits(repo, [squash, rebased], { limit: 10 })).keys()], [squash, rebased]);
  // No candidate notes at all: nothing can be reconciled.
  assert.deepEqual(await custodyClaimsForCommits(repo, [squash, rebased], { limit: 0 }), new Map());
  assert.deepEqual(await custodyClaimSource.claimsForCommits?.(repo, []), new Map());
});
