// Temporary git repositories for tests: created under the OS temp directory, removed after the test.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import type { Person } from "../../src/core/types.js";
import { initRepo, runGit } from "../../src/git/index.js";

export const ALICE: Person = { name: "Alice Example", email: "alice@example.com" };
export const BOB: Person = { name: "Bob Example", email: "bob@example.com" };

/** An empty directory that is removed when the test ends. */
export async function tempDir(t: TestContext, prefix = "custody-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh repository (branch main, no commits) in a directory removed when the test ends. */
export async function tempRepo(t: TestContext, name = "repo"): Promise<string> {
  const dir = join(await tempDir(t), name);
  await initRepo(dir);
  return dir;
}

/** Adds `source` as a submodule at `path` of `repo` (staged, not committed). */
export async function addSubmodule(repo: string, source: string, path: string): Promise<void> {
  await runGit(repo, ["-c", "protocol.file.allow=always", "submodule", "--quiet", "add", source, path]);
}
