import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ALICE, tempDir, tempRepo } from "../../../test/helpers/git-repo.js";
import { isCustodyError } from "../../core/errors.js";
import { commitFiles } from "../../git/index.js";
import type { RangeClaim } from "../claims.js";
import {
  AGENT_TRACE_DIR,
  agentTraceClaimSource,
  agentTraceClaims,
  createAgentTraceClaimSource,
  formatAgentTrace,
  parseAgentTrace,
  parseAgentTraceFile,
} from "./agent-trace.js";

const FIXTURES = join(import.meta.dirname, "fixtures", "agent-trace");

function fixture(name: string): Promise<string> {
  return readFile(join(FIXTURES, name), "utf8");
}

function traceInvalid(message: RegExp) {
  return (error: unknown) => isCustodyError(error) && error.code === "trace-invalid" && message.test(error.message);
}

describe("parseAgentTrace", () => {
  test("reads the full record: files, conversations, per-range overrides, vcs and tool", async () => {
    const record = parseAgentTrace(await fixture("full.json"));
    assert.equal(record.id, "6a1f0c3e-8b2d-4e7a-9c15-2f3e4d5c6b7a");
    assert.deepEqual(record.vcs, { type: "git", revision: "5d41c0e2a7b9f3186e4d2c0b9a8f7e6d5c4b3a29" });
    assert.deepEqual(record.tool, { name: "cursor", version: "2.3.1" });
    const invoice = record.files[0]?.conversations[0];
    assert.deepEqual(invoice?.ranges[1], {
      start_line: 52,
      end_line: 52,
      contributor: { type: "mixed", model_id: "openai/gpt-4o" },
    });
    assert.equal(invoice.ranges[0]?.content_hash, "murmur3:1c2d3e4f");
  });

  test("accepts common variants: camelCase names, string contributor and tool, ranges on the file", async () => {
    const record = parseAgentTrace(await fixture("variants.json"));
    assert.equal(record.timestamp, "2026-02-05T12:30:00Z");
    assert.deepEqual(record.vcs, { type: "git", revision: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432" });
    assert.deepEqual(record.tool, { name: "claude-code" });
    assert.deepEqual(record.files[0], {
      path: "web/form.tsx",
      conversations: [
        {
          contributor: { type: "ai" },
          ranges: [
            { start_line: 3, end_line: 8 },
            { start_line: 20, end_line: 20 },
          ],
        },
      ],
    });
    assert.deepEqual(record.files[1]?.conversations[0], {
      contributor: { type: "ai", model_id: "gemini-2.5-pro" },
      ranges: [{ start_line: 2, end_line: 4 }],
    });
    assert.equal("producer" in record, false);
  });

  test("leaves missing required fields empty so formatting refuses the record", () => {
    const record = parseAgentTrace({ files: [] });
    assert.equal(record.id, "");
    assert.throws(() => formatAgentTrace(record), traceInvalid(/Agent Trace version/));
  });

  test("rejects what cannot be read as a trace, naming the place", () => {
    assert.throws(() => parseAgentTrace("{not json"), traceInvalid(/not JSON/));
    assert.throws(() => parseAgentTrace("[]"), traceInvalid(/must be a JSON object/));
    assert.throws(
      () => parseAgentTrace({ files: [{ path: "a", conversations: [{ ranges: [{ start_line: 0 }] }] }] }),
      traceInvalid(/files\[0\]\.conversations\[0\]\.ranges\[0\]: start_line must be a line number/),
    );
    assert.throws(
      () => parseAgentTrace({ files: [{ path: "a", ranges: [{ start_line: 9, end_line: 3 }] }] }),
      traceInvalid(/range 9-3 ends before it starts/),
    );
    assert.throws(() => parseAgentTrace({ files: [{ conversations: [] }] }), traceInvalid(/files\[0\]: a file needs a path/));
  });

  test("reads JSON Lines files, naming the line of a bad record", () => {
    const good = JSON.stringify({ version: "0.1", id: "x", timestamp: "t", files: [] });
    assert.equal(parseAgentTraceFile(`${good}\n\n${good}\n`, "traces.jsonl").length, 2);
    assert.equal(parseAgentTraceFile(`[${good},${good},${good}]`, "all.json").length, 3);
    assert.throws(() => parseAgentTraceFile(`${good}\n{oops\n`, "traces.jsonl"), traceInvalid(/traces.jsonl line 2: not JSON/));
  });
});

describe("formatAgentTrace", () => {
  test("writes a valid record with the schema's names, dropping nothing it holds", async () => {
    const text = await fixture("full.json");
    const formatted = formatAgentTrace(parseAgentTrace(text));
    assert.deepEqual(JSON.parse(formatted), JSON.parse(text));
    assert.deepEqual(Object.keys(JSON.parse(formatted) as object), ["version", "id", "timestamp", "vcs", "tool", "files", "metadata"]);
  });

  test("formats the specification's minimal record", async () => {
    const text = await fixture("minimal.json");
    assert.deepEqual(JSON.parse(formatAgentTrace(parseAgentTrace(text))), JSON.parse(text));
  });

  test("refuses records that break the schema, naming the field", async () => {
    const record = parseAgentTrace(await fixture("minimal.json"));
    assert.throws(() => formatAgentTrace({ ...record, id: "not-a-uuid" }), traceInvalid(/Agent Trace id/));
    assert.throws(() => formatAgentTrace({ ...record, timestamp: "2026-02-04 10:00" }), traceInvalid(/Agent Trace timestamp/));
    const backwards = { ...record, files: [{ path: "a", conversations: [{ ranges: [{ start_line: 5, end_line: 2 }] }] }] };
    assert.throws(() => formatAgentTrace(backwards), traceInvalid(/files\.0\.conversations\.0\.ranges\.0: end_line is before start_line/));
    const extra = { ...record, extra: 1 } as typeof record;
    assert.throws(() => formatAgentTrace(extra), traceInvalid(/Unrecognized key/));
  });
});

describe("agentTraceClaims", () => {
  test("one claim per attributed range at the record's revision; unknown ranges claim nothing", async () => {
    const claims = agentTraceClaims(parseAgentTrace(await fixture("full.json")));
    assert.deepEqual(
      claims.map((c) => [c.commit.slice(0, 7), c.path, c.lines.start, c.lines.end, c.attribution.contributor]),
      [
        ["5d41c0e", "src/billing/invoice.ts", 14, 38, "ai"],
        ["5d41c0e", "src/billing/invoice.ts", 52, 52, "mixed"],
        ["5d41c0e", "src/billing/tax.ts", 1, 4, "human"],
      ],
    );
    assert.deepEqual(claims[0]?.attribution, {
      contributor: "ai",
      tool: "cursor",
      model: "anthropic/claude-opus-4-5-20251101",
      sessionId: "https://agents.example.net/sessions/s-93",
      evidence: [
        { source: "agent-trace", detail: "trace 6a1f0c3e-8b2d-4e7a-9c15-2f3e4d5c6b7a, conversation https://agents.example.net/conversations/c-811" },
      ],
      confidence: 0.8,
    });
    assert.equal(claims[1]?.attribution.model, "openai/gpt-4o");
    assert.equal(claims[2]?.attribution.tool, undefined);
  });

  test("a record without a revision needs the commit from the caller", async () => {
    const record = parseAgentTrace(await fixture("minimal.json"));
    assert.deepEqual(agentTraceClaims(record), []);
    const [claim] = agentTraceClaims(record, "abc");
    assert.equal(claim?.commit, "abc");
    assert.equal(claim.attribution.tool, undefined);
    assert.equal(claim.attribution.confidence, 0.9);
  });

  test("maps tool names and models from the variants record", async () => {
    const claims = agentTraceClaims(parseAgentTrace(await fixture("variants.json")));
    assert.deepEqual(
      claims.map((c) => [c.path, c.lines.start, c.attribution.tool, c.attribution.model]),
      [
        ["web/form.tsx", 3, "claude-code", undefined],
        ["web/form.tsx", 20, "claude-code", undefined],
        ["web/style.css", 2, "claude-code", "google/gemini-2.5-pro"],
      ],
    );
  });
});

function traceLine(revision: string, tool: string, path: string, start: number): string {
  return JSON.stringify({
    version: "0.1",
    id: "11111111-2222-4333-8444-555555555555",
    timestamp: "2026-02-06T09:00:00Z",
    vcs: { type: "git", revision },
    tool: { name: tool },
    files: [{ path, conversations: [{ contributor: { type: "ai" }, ranges: [{ start_line: start, end_line: start + 1 }] }] }],
  });
}

describe("agent trace claim source", () => {
  test("reads .agent-trace/ in the repository and keeps only records for the commit", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "1\n2\n3\n" } });
    const second = await commitFiles(repo, { message: "two", author: ALICE, files: { "a.txt": "1\n2\n3\n4\n" } });
    await mkdir(join(repo, AGENT_TRACE_DIR));
    const lines = [traceLine(first, "cursor", "a.txt", 1), traceLine(second.slice(0, 12), "claude-code", "a.txt", 2)];
    await writeFile(join(repo, AGENT_TRACE_DIR, "traces.jsonl"), `${lines.join("\n")}\n`);

    assert.equal(agentTraceClaimSource.name, "agent-trace");
    const claims = await agentTraceClaimSource.claimsFor(repo, second);
    assert.deepEqual(
      claims.map((c) => [c.commit, c.path, c.lines.start, c.attribution.tool]),
      [[second, "a.txt", 2, "claude-code"]],
    );
    const older = await agentTraceClaimSource.claimsFor(repo, first);
    assert.deepEqual(older.map((c) => c.attribution.tool), ["cursor"]);
  });

  test("also reads directories the caller names, and nothing when there are no traces", async (t) => {
    const repo = await tempRepo(t);
    const sha = await commitFiles(repo, { message: "one", author: ALICE, files: { "b.txt": "x\n" } });
    assert.deepEqual(await agentTraceClaimSource.claimsFor(repo, sha), []);
    const dir = await tempDir(t);
    await writeFile(join(dir, "record.json"), traceLine(sha, "codex", "b.txt", 1));
    await writeFile(join(dir, "notes.txt"), "ignored");
    const claims = await createAgentTraceClaimSource({ dirs: [dir] }).claimsFor(repo, sha);
    assert.deepEqual(claims.map((c) => [c.path, c.attribution.tool]), [["b.txt", "codex"]]);
  });

  test("claims for many commits read the traces once and equal each commit's", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "1\n2\n3\n" } });
    const second = await commitFiles(repo, { message: "two", author: ALICE, files: { "a.txt": "1\n2\n3\n4\n" } });
    const third = await commitFiles(repo, { message: "three", author: ALICE, files: { "b.txt": "b\n" } });
    await mkdir(join(repo, AGENT_TRACE_DIR));
    const records = [
      traceLine(second.slice(0, 7).toUpperCase(), "claude-code", "a.txt", 3),
      traceLine(first, "cursor", "a.txt", 1),
      traceLine(second, "codex", "a.txt", 1),
      traceLine("f".repeat(40), "codex", "z.txt", 1),
      traceLine(second.slice(0, 6), "codex", "short.txt", 1),
    ];
    await writeFile(join(repo, AGENT_TRACE_DIR, "traces.jsonl"), `${records.join("\n")}\n`);

    const batch = (await agentTraceClaimSource.claimsForCommits?.(repo, [first, second, third, "HEAD~1"])) ?? new Map<string, RangeClaim[]>();
    assert.deepEqual([...batch.keys()].sort(), [first, second, "HEAD~1"].sort());
    assert.deepEqual(
      batch.get(second)?.map((c) => [c.commit, c.path, c.lines.start, c.attribution.tool]),
      [
        [second, "a.txt", 1, "codex"],
        [second, "a.txt", 3, "claude-code"],
      ],
    );
    assert.deepEqual(batch.get("HEAD~1"), batch.get(second));
    for (const commit of [first, second, third]) assert.deepEqual(batch.get(commit) ?? [], await agentTraceClaimSource.claimsFor(repo, commit));
  });
});
