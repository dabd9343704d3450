import assert from "node:assert/strict";
import { mkdir, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { ALICE, BOB, tempDir, tempRepo } from "../../test/helpers/git-repo.js";
import {
  collectChange,
  commitFiles,
  findRepoRoot,
  isShallow,
  mergeBase,
  repoName,
  resolveCommit,
  runGit,
  stripCredentials,
  treeOf,
} from "./index.js";

void describe("findRepoRoot", () => {
  void it("finds the top of the working tree from a sub-directory or a file", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "one", author: ALICE, files: { "deep/er/file.ts": "x\n" } });
    const root = await realpath(repo);

    assert.equal(await findRepoRoot(join(repo, "deep", "er")), root);
    assert.equal(await findRepoRoot(join(repo, "deep", "er", "file.ts")), root);
  });

  void it("names the path when it is not inside a repository", async (t) => {
    const dir = await tempDir(t);
    const plain = join(dir, "plain");
    await mkdir(plain);

    await assert.rejects(findRepoRoot(plain), {
      code: "not-a-repository",
      message: `${plain} is not inside a git repository; run custody from a repository or pass --repo`,
    });
    await assert.rejects(findRepoRoot(join(dir, "missing")), { code: "not-a-repository", message: /missing/ });
  });
});

void describe("resolveCommit, treeOf and mergeBase", () => {
  void it("turns names into full ids", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "a\n" } });
    const second = await commitFiles(repo, { message: "two", author: ALICE, files: { "b.txt": "b\n" } });

    assert.equal(await resolveCommit(repo, "HEAD~1"), first);
    assert.equal(await resolveCommit(repo, "main"), second);
    assert.equal(await resolveCommit(repo, first.slice(0, 10)), first);
    assert.equal(await treeOf(repo, second), (await runGit(repo, ["write-tree"])).toString().trim());
    assert.equal(await mergeBase(repo, first, second), first);
  });

  void it("reports an unknown ref by name with the fetch command to try", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "a\n" } });

    await assert.rejects(resolveCommit(repo, "nope"), {
      code: "unknown-ref",
      message: `unknown revision 'nope' in ${repo}; check the name or fetch it with \`git fetch origin nope\``,
    });
    await assert.rejects(resolveCommit(repo, "--all"), { code: "unknown-ref" });
    await assert.rejects(collectChange(repo, "main", "feature/missing"), { code: "unknown-ref", message: /feature\/missing/ });
  });

  void it("reports a non-repository path from every command", async (t) => {
    const dir = await tempDir(t);

    await assert.rejects(resolveCommit(dir, "HEAD"), { code: "not-a-repository", message: new RegExp(`^${dir} is not inside`) });
    await assert.rejects(collectChange(dir, "main", "HEAD"), { code: "not-a-repository" });
  });

  void it("says when two histories share no commit", async (t) => {
    const repo = await tempRepo(t);
    const one = await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "a\n" } });
    await runGit(repo, ["checkout", "-q", "--orphan", "other"]);
    const two = await commitFiles(repo, { message: "unrelated", author: ALICE, files: { "b.txt": "b\n" } });

    await assert.rejects(mergeBase(repo, one, two), { code: "git-failed", message: /no common ancestor/ });
  });
});

void describe("shallow clones", () => {
  async function shallowClone(t: Parameters<typeof tempRepo>[0]): Promise<string> {
    const origin = await tempRepo(t, "origin");
    await commitFiles(origin, { message: "one", author: ALICE, files: { "a.txt": "1\n" } });
    await commitFiles(origin, { message: "two", author: ALICE, files: { "a.txt": "2\n" } });
    await runGit(origin, ["checkout", "-q", "-b", "feature"]);
    await commitFiles(origin, { message: "feature", author: BOB, files: { "f.txt": "f\n" } });
    await runGit(origin, ["checkout", "-q", "main"]);
    await commitFiles(origin, { message: "three", author: ALICE, files: { "a.txt": "3\n" } });
    const parent = await tempDir(t);
    await runGit(parent, ["clone", "-q", "--depth", "1", "--no-single-branch", pathToFileURL(origin).href, "clone"]);
    return join(parent, "clone");
  }

  void it("asks for the history a merge base needs", async (t) => {
    const clone = await shallowClone(t);

    assert.equal(await isShallow(clone), true);
    await assert.rejects(collectChange(clone, "origin/main", "origin/feature"), {
      code: "shallow-clone",
      message: /the merge base of 'origin\/main' and 'origin\/feature' is missing from .*run `git fetch --unshallow` or `git fetch --deepen=100 origin`/,
    });
  });

  void it("asks for a revision cut off by the clone depth", async (t) => {
    const clone = await shallowClone(t);

    await assert.rejects(resolveCommit(clone, "HEAD~1"), {
      code: "shallow-clone",
      message: /revision 'HEAD~1' is not in .*, a shallow clone .*`git fetch origin HEAD~1`.*`git fetch --unshallow`/,
    });
  });

  void it("is false for a full repository", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "a\n" } });

    assert.equal(await isShallow(repo), false);
  });
});

void describe("repoName", () => {
  void it("uses the origin URL without credentials", async (t) => {
    const repo = await tempRepo(t);
    await runGit(repo, ["remote", "add", "origin", "https://x-access-token:ghs_secret@github.com/acme/app.git"]);

    assert.equal(await repoName(repo), "https://github.com/acme/app.git");
  });

  void it("falls back to the name of the top directory", async (t) => {
    const repo = await tempRepo(t, "my-project");
    await mkdir(join(repo, "sub"));
    await writeFile(join(repo, "sub", "f.txt"), "x");

    assert.equal(await repoName(join(repo, "sub")), "my-project");
  });

  void it("strips tokens from URLs and keeps scp-style addresses", () => {
    assert.equal(stripCredentials("https://token@gitlab.example/group/app.git?private_token=abc"), "https://gitlab.example/group/app.git");
    assert.equal(stripCredentials("ssh://git:pw@host.example/app.git"), "ssh://git@host.example/app.git");
    assert.equal(stripCredentials("git@github.com:acme/app.git"), "git@github.com:acme/app.git");
    assert.equal(stripCredentials("/srv/git/app.git"), "/srv/git/app.git");
  });
});
