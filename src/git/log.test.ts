import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE, BOB, tempRepo } from "../../test/helpers/git-repo.js";
import { commitFiles, parseTrailers, readCommits } from "./index.js";

const AI_MESSAGE = [
  "Add rate limiter",
  "",
  "Body paragraph with a colon: not a trailer.",
  "",
  "Co-authored-by: Claude <noreply@anthropic.com>",
  "Co-authored-by: Carol <carol@example.com>",
  "AI-Prompt: first part of a long value",
  "  that continues on the next line",
  "Signed-off-by: Alice Example <alice@example.com>",
  "",
].join("\n");

void describe("readCommits", () => {
  void it("reads identities, times, subject, body and trailers, oldest first", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, {
      message: "First commit",
      author: ALICE,
      date: "2024-03-01T10:00:00+02:00",
      files: { "a.txt": "a\n" },
    });
    const second = await commitFiles(repo, {
      message: AI_MESSAGE,
      author: ALICE,
      committer: BOB,
      date: "2024-03-02T12:30:00Z",
      files: { "b.txt": "b\n" },
    });

    const commits = await readCommits(repo, undefined, "HEAD");

    assert.deepEqual(
      commits.map((commit) => commit.sha),
      [first, second],
    );
    const [root, ai] = commits;
    assert.ok(root && ai);
    assert.deepEqual(root.parents, []);
    assert.equal(root.authorTime, "2024-03-01T08:00:00.000Z");
    assert.equal(root.body, "");
    assert.deepEqual(root.trailers, []);
    assert.deepEqual(ai.parents, [first]);
    assert.deepEqual(ai.author, ALICE);
    assert.deepEqual(ai.committer, BOB);
    assert.equal(ai.subject, "Add rate limiter");
    assert.equal(ai.body, AI_MESSAGE.split("\n").slice(2).join("\n").trimEnd());
    assert.deepEqual(ai.trailers, [
      { key: "Co-authored-by", value: "Claude <noreply@anthropic.com>" },
      { key: "Co-authored-by", value: "Carol <carol@example.com>" },
      { key: "AI-Prompt", value: "first part of a long value that continues on the next line" },
      { key: "Signed-off-by", value: "Alice Example <alice@example.com>" },
    ]);
  });

  void it("reads only the commits of a range", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "a.txt": "1\n" } });
    await commitFiles(repo, { message: "two", author: ALICE, files: { "a.txt": "2\n" } });
    await commitFiles(repo, { message: "three", author: ALICE, files: { "a.txt": "3\n" } });

    const commits = await readCommits(repo, base, "main");

    assert.deepEqual(
      commits.map((commit) => commit.subject),
      ["two", "three"],
    );
    assert.deepEqual(await readCommits(repo, "main", "main"), []);
  });

  void it("keeps messages that contain NUL-free control text and Unicode", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, {
      message: "Résumé ✓ \u0001 tab\there\n\nline one\n%x00 literal\n",
      author: { name: "Zoë Ünïcode", email: "zoe@example.com" },
      files: { "a.txt": "a\n" },
    });

    const [commit] = await readCommits(repo, undefined, "HEAD");
    assert.ok(commit);

    assert.equal(commit.subject, "Résumé ✓ \u0001 tab\there");
    assert.equal(commit.body, "line one\n%x00 literal");
    assert.equal(commit.author.name, "Zoë Ünïcode");
  });

  void it("ignores a .mailmap in the repository that would rename the author", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, {
      message: "mailmap",
      author: { name: "ai-bot[bot]", email: "bot@example.com" },
      files: { ".mailmap": "Trusted Human <human@example.com> <bot@example.com>\n" },
    });

    const [commit] = await readCommits(repo, undefined, "HEAD");
    assert.ok(commit);

    assert.deepEqual(commit.author, { name: "ai-bot[bot]", email: "bot@example.com" });
  });
});

void describe("parseTrailers", () => {
  void it("splits at the first colon", () => {
    assert.deepEqual(parseTrailers("Link: https://example.com/a:b\n"), [{ key: "Link", value: "https://example.com/a:b" }]);
  });
});
