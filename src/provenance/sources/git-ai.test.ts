import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ALICE, tempRepo } from "../../../test/helpers/git-repo.js";
import { isCustodyError } from "../../core/errors.js";
import { commitFiles, readNote, runGit } from "../../git/index.js";
import {
  GIT_AI_NOTES_REF,
  formatGitAiLog,
  gitAiClaimSource,
  gitAiClaims,
  gitAiClaimsForCommits,
  parseGitAiLog,
  parseLineRanges,
} from "./git-ai.js";

const FIXTURES = join(import.meta.dirname, "fixtures", "git-ai");
const COMMIT = "1111111111111111111111111111111111111111";

function fixture(name: string): Promise<string> {
  return readFile(join(FIXTURES, name), "utf8");
}

describe("parseGitAiLog", () => {
  test("reads every file, hash and range of a multi-file, multi-session log", async () => {
    const log = parseGitAiLog(await fixture("multi-file.txt"));
    assert.deepEqual(
      log.files.map((f) => [f.path, f.attestations.map((a) => [a.hash, a.lines])]),
      [
        [
          "lib/queue.ts",
          [
            ["3f0a9c1e7b2d4a68", [{ start: 1, end: 12 }, { start: 20, end: 20 }, { start: 31, end: 34 }]],
            ["b71e05d2c9a8f364", [{ start: 40, end: 40 }]],
          ],
        ],
        ["docs/getting started.md", [["b71e05d2c9a8f364", [{ start: 5, end: 9 }]]]],
        ["src/retry.ts", [["3f0a9c1e7b2d4a68", [{ start: 7, end: 7 }, { start: 9, end: 11 }]]]],
      ],
    );
    assert.equal(log.metadata.base_commit_sha, "4c1d0f7a9e2b3c5d6e7f8091a2b3c4d5e6f70819");
    assert.equal(log.metadata.prompts["b71e05d2c9a8f364"]?.agent_id.tool, "github-copilot");
  });

  test("formatting a parsed log gives back the note byte for byte", async () => {
    const text = await fixture("multi-file.txt");
    assert.equal(formatGitAiLog(parseGitAiLog(text)), text);
    const sessions = await fixture("sessions.txt");
    assert.equal(formatGitAiLog(parseGitAiLog(sessions)), sessions);
  });

  test("accepts the 7-digit hashes of earlier versions and CRLF line ends", () => {
    const meta = {
      schema_version: "authorship/3.0.0",
      base_commit_sha: "abc",
      prompts: {
        abc1234: {
          agent_id: { tool: "cursor", id: "s", model: "gpt-4o" },
          messages: [],
          total_additions: 2,
          total_deletions: 0,
          accepted_lines: 2,
          overriden_lines: 0,
        },
      },
    };
    const log = parseGitAiLog(`a.ts\r\n  abc1234 4-5\r\n---\r\n${JSON.stringify(meta)}\r\n`);
    assert.deepEqual(log.files[0]?.attestations[0], { hash: "abc1234", lines: [{ start: 4, end: 5 }] });
  });

  test("a log with no attested files (a human-only commit) has no files", () => {
    const log = parseGitAiLog('---\n{"schema_version":"authorship/3.0.0","base_commit_sha":"abc","prompts":{}}\n');
    assert.deepEqual(log.files, []);
  });

  const malformed: [string, RegExp][] = [
    ["no-divider.txt", /no '---' line/],
    ["three-space-indent.txt", /line 2: an attestation is two spaces/],
    ["unsorted-ranges.txt", /line 2: range 4 does not come after 9-12/],
    ["backwards-range.txt", /line 2: range 5-2 ends before it starts/],
    ["unknown-hash.txt", /line 2: hash fedcba0987654321 has no record/],
    ["entry-before-path.txt", /line 1: attestation before any file path/],
    ["unquoted-space.txt", /line 1: path 'src\/my file.ts' contains whitespace/],
    ["bad-json.txt", /line 4: the metadata after '---' is not JSON/],
    ["wrong-schema.txt", /schema_version 'authorship\/2.0.0' is not supported/],
    ["spaced-range.txt", /line 2: an attestation is two spaces/],
    ["blank-line.txt", /line 2: blank line/],
    ["file-without-lines.txt", /src\/a.ts has no attestations/],
    ["prompt-missing-field.txt", /metadata prompts.1234567890abcdef.total_additions/],
    ["line-zero.txt", /line 2: '0-3' is not a line number/],
  ];
  for (const [name, message] of malformed) {
    test(`rejects ${name} with a message naming the fault`, async () => {
      const text = await readFile(join(FIXTURES, "malformed", name), "utf8");
      assert.throws(
        () => parseGitAiLog(text),
        (error: unknown) => isCustodyError(error) && error.code === "note-invalid" && message.test(error.message),
      );
    });
  }

  test("every malformed fixture has a case above", async () => {
    const names = (await readdir(join(FIXTURES, "malformed"))).sort();
    assert.deepEqual(names, malformed.map(([n]) => n).sort());
  });
});

describe("formatGitAiLog", () => {
  test("quotes paths with spaces and refuses paths it cannot write", async () => {
    const log = parseGitAiLog(await fixture("multi-file.txt"));
    assert.match(formatGitAiLog(log), /^"docs\/getting started.md"$/m);
    const bad = { ...log, files: [{ path: 'say "hi".md', attestations: log.files[0]?.attestations ?? [] }] };
    assert.throws(() => formatGitAiLog(bad), /cannot be written/);
  });

  test("refuses ranges out of order", async () => {
    const log = parseGitAiLog(await fixture("multi-file.txt"));
    const file = { path: "x.ts", attestations: [{ hash: "3f0a9c1e7b2d4a68", lines: [{ start: 9, end: 9 }, { start: 2, end: 3 }] }] };
    assert.throws(() => formatGitAiLog({ ...log, files: [file] }), /does not come after/);
  });
});

describe("parseLineRanges", () => {
  test("reads singles, ranges and mixtures", () => {
    assert.deepEqual(parseLineRanges("1,2,19-222,300", "t"), [
      { start: 1, end: 1 },
      { start: 2, end: 2 },
      { start: 19, end: 222 },
      { start: 300, end: 300 },
    ]);
  });
});

describe("gitAiClaims", () => {
  test("maps each attested range to an AI attribution with tool, model, session and human", async () => {
    const claims = gitAiClaims(parseGitAiLog(await fixture("multi-file.txt")), COMMIT);
    assert.deepEqual(
      claims.map((c) => [c.path, c.lines.start, c.lines.end, c.attribution.tool, c.attribution.model]),
      [
        ["docs/getting started.md", 5, 9, "copilot", "openai/gpt-4o"],
        ["lib/queue.ts", 1, 12, "claude-code", "anthropic/claude-sonnet-4-5"],
        ["lib/queue.ts", 20, 20, "claude-code", "anthropic/claude-sonnet-4-5"],
        ["lib/queue.ts", 31, 34, "claude-code", "anthropic/claude-sonnet-4-5"],
        ["lib/queue.ts", 40, 40, "copilot", "openai/gpt-4o"],
        ["src/retry.ts", 7, 7, "claude-code", "anthropic/claude-sonnet-4-5"],
        ["src/retry.ts", 9, 11, "claude-code", "anthropic/claude-sonnet-4-5"],
      ],
    );
    const first = claims[1];
    assert.equal(first?.commit, COMMIT);
    assert.deepEqual(first.attribution, {
      contributor: "ai",
      tool: "claude-code",
      model: "anthropic/claude-sonnet-4-5",
      sessionId: "0b6f3a52-1d4e-4c2a-9f71-5e8d2c3b4a10",
      humanOfRecord: "Rosa Marin <rosa@example.org>",
      evidence: [{ source: "git-ai-note", detail: `${GIT_AI_NOTES_REF} on ${COMMIT}: 3f0a9c1e7b2d4a68 (claude)` }],
      confidence: 0.9,
    });
    assert.equal(claims[0]?.attribution.humanOfRecord, undefined);
  });

  test("session keys attribute to the session's agent and human keys to the human", async () => {
    const claims = gitAiClaims(parseGitAiLog(await fixture("sessions.txt")), COMMIT);
    assert.deepEqual(
      claims.map((c) => [c.lines.start, c.attribution.contributor, c.attribution.tool, c.attribution.humanOfRecord]),
      [
        [2, "ai", "codex", undefined],
        [8, "human", undefined, "Ines Duarte <ines@example.org>"],
        [10, "ai", "codex", undefined],
      ],
    );
    assert.equal(claims[0]?.attribution.model, "openai/gpt-5-codex");
  });

  test("tools git-ai names that Custody has no id for become 'other'", () => {
    const text = [
      "a.ts",
      "  0123456789abcdef 1",
      "---",
      JSON.stringify({
        schema_version: "authorship/3.0.0",
        base_commit_sha: "abc",
        prompts: {
          "0123456789abcdef": {
            agent_id: { tool: "opencode", id: "", model: "unknown" },
            messages: [],
            total_additions: 1,
            total_deletions: 0,
            accepted_lines: 1,
            overriden_lines: 0,
          },
        },
      }),
    ].join("\n");
    const [claim] = gitAiClaims(parseGitAiLog(text), COMMIT);
    assert.equal(claim?.attribution.tool, "other");
    assert.equal(claim.attribution.model, undefined);
    assert.equal(claim.attribution.sessionId, undefined);
  });
});

describe("gitAiClaimSource", () => {
  test("reads the note under refs/notes/ai and yields nothing for a commit without one", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "one", author: ALICE, files: { "lib/queue.ts": "x\n" } });
    const second = await commitFiles(repo, { message: "two", author: ALICE, files: { "lib/queue.ts": "y\n" } });
    await runGit(repo, ["notes", `--ref=${GIT_AI_NOTES_REF}`, "add", "-F", "-", second], {
      input: await fixture("multi-file.txt"),
    });
    assert.equal(gitAiClaimSource.name, "git-ai-note");
    assert.deepEqual(await gitAiClaimSource.claimsFor(repo, first), []);
    const claims = await gitAiClaimSource.claimsFor(repo, second);
    assert.equal(claims.length, 7);
    assert.ok(claims.every((c) => c.commit === second));
  });

  test("a malformed note is an error naming the commit", async (t) => {
    const repo = await tempRepo(t);
    const sha = await commitFiles(repo, { message: "one", author: ALICE, files: { "a.ts": "x\n" } });
    await runGit(repo, ["notes", `--ref=${GIT_AI_NOTES_REF}`, "add", "-m", "not a log", sha]);
    await assert.rejects(gitAiClaimSource.claimsFor(repo, sha), new RegExp(`${GIT_AI_NOTES_REF} on ${sha}`));
  });

  test("claims for many commits at once equal each commit's, keyed by the name given", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "one", author: ALICE, files: { "lib/queue.ts": "x\n" } });
    const second = await commitFiles(repo, { message: "two", author: ALICE, files: { "lib/queue.ts": "y\n" } });
    const third = await commitFiles(repo, { message: "three", author: ALICE, files: { "lib/queue.ts": "z\n" } });
    await runGit(repo, ["notes", `--ref=${GIT_AI_NOTES_REF}`, "add", "-F", "-", second], { input: await fixture("multi-file.txt") });
    await runGit(repo, ["notes", `--ref=${GIT_AI_NOTES_REF}`, "add", "-F", "-", third], { input: await fixture("sessions.txt") });
    // Another notes ref says nothing here.
    await runGit(repo, ["notes", "--ref=refs/notes/custody", "add", "-m", "other", first]);

    const batch = await gitAiClaimsForCommits(repo, [first, second, third, "HEAD"]);
    assert.deepEqual([...batch.keys()], [second, third, "HEAD"]);
    for (const commit of [second, third, "HEAD"]) {
      const text = await readNote(repo, GIT_AI_NOTES_REF, commit);
      assert.deepEqual(batch.get(commit), gitAiClaims(parseGitAiLog(text ?? ""), commit));
    }
    assert.deepEqual(await gitAiClaimSource.claimsForCommits?.(repo, []), new Map());
  });

  test("a malformed note among many is an error naming its commit", async (t) => {
    const repo = await tempRepo(t);
    const good = await commitFiles(repo, { message: "one", author: ALICE, files: { "lib/queue.ts": "x\n" } });
    const bad = await commitFiles(repo, { message: "two", author: ALICE, files: { "a.ts": "x\n" } });
    await runGit(repo, ["notes", `--ref=${GIT_AI_NOTES_REF}`, "add", "-F", "-", good], { input: await fixture("multi-file.txt") });
    await runGit(repo, ["notes", `--ref=${GIT_AI_NOTES_REF}`, "add", "-m", "not a log", bad]);
    await assert.rejects(gitAiClaimsForCommits(repo, [good, bad]), new RegExp(`${GIT_AI_NOTES_REF} on ${bad}`));
  });
});
