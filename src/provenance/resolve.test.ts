import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Attribution, CommitAttribution, EvidenceSource } from "../core/types.js";
import type { CommitAdditions } from "../git/added-lines.js";
import type { RangeClaim } from "./claims.js";
import { resolveAddedLines, resolveLines, type OriginBlamedLine } from "./resolve.js";
import type { ClaimSource } from "./sources/types.js";

const AI = "a".repeat(40);
const OTHER = "b".repeat(40);
const REPO = "/nonexistent/repo";

const TRAILER_AI: Attribution = {
  contributor: "ai",
  tool: "claude-code",
  model: "anthropic/claude-sonnet-4-5",
  humanOfRecord: "Alice Example <alice@example.com>",
  evidence: [{ source: "trailer", detail: "Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>" }],
  confidence: 0.9,
};

function commits(...list: [string, Attribution][]): CommitAttribution[] {
  return list.map(([sha, attribution]) => ({ sha, subject: "change", attribution }));
}

function unknown(): Attribution {
  return { contributor: "unknown", evidence: [], confidence: 0 };
}

function claim(commit: string, path: string, start: number, end: number, attribution: Attribution): RangeClaim {
  return { commit, path, lines: { start, end }, attribution };
}

function fakeSource(name: EvidenceSource, claims: RangeClaim[]): ClaimSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    name,
    calls,
    claimsFor: (_repo, commit) => {
      calls.push(commit);
      return Promise.resolve(claims.filter((c) => c.commit === commit));
    },
  };
}

/** Lines 1..n of `path`, unmoved since `commit` wrote them. */
function blamed(path: string, commit: string, n: number, boundary = false): OriginBlamedLine[] {
  return Array.from({ length: n }, (_, i) => ({ path, line: i + 1, commit, boundary, origPath: path, origLine: i + 1 }));
}

function summary(ranges: Awaited<ReturnType<typeof resolveLines>>) {
  return ranges.map((r) => [r.lines.start, r.lines.end, r.attribution.contributor, r.attribution.evidence.map((e) => e.source).join(",")]);
}

void describe("resolveLines", () => {
  void it("prefers a line-level claim to the commit-level attribution, keeping both evidences", async () => {
    const note = fakeSource("custody-note", [
      claim(AI, "a.ts", 2, 3, { contributor: "ai", tool: "cursor", model: "openai/gpt-5", evidence: [{ source: "custody-note", detail: "note" }], confidence: 0.95 }),
    ]);
    const ranges = await resolveLines(REPO, blamed("a.ts", AI, 4), commits([AI, unknown()]), [note]);

    assert.deepEqual(summary(ranges), [
      [1, 1, "unknown", ""],
      [2, 3, "ai", "custody-note"],
      [4, 4, "unknown", ""],
    ]);
    assert.equal(ranges[1]?.attribution.model, "openai/gpt-5");
  });

  void it("lets a human claim captured by a hook win over a trailer that calls the whole commit AI", async () => {
    const hook = fakeSource("hook", [
      claim(AI, "a.ts", 1, 2, { contributor: "human", evidence: [{ source: "hook", detail: "typed in the editor" }], confidence: 0.9 }),
    ]);
    const ranges = await resolveLines(REPO, blamed("a.ts", AI, 3), commits([AI, TRAILER_AI]), [hook]);

    assert.deepEqual(summary(ranges), [
      [1, 2, "human", "hook,trailer"],
      [3, 3, "ai", "trailer"],
    ]);
    assert.equal(ranges[0]?.attribution.tool, undefined, "a human line names no AI tool");
    assert.equal(ranges[0]?.attribution.humanOfRecord, "Alice Example <alice@example.com>");
    assert.equal(ranges[1]?.attribution.tool, "claude-code");
  });

  void it("fills an AI claim's missing tool and model from the commit's trailer", async () => {
    const trace = fakeSource("agent-trace", [claim(AI, "a.ts", 1, 1, { contributor: "ai", evidence: [], confidence: 0.8 })]);
    const ranges = await resolveLines(REPO, blamed("a.ts", AI, 1), commits([AI, TRAILER_AI]), [trace]);
    const attribution = ranges[0]?.attribution;

    assert.ok(attribution !== undefined && ranges.length === 1);
    assert.equal(attribution.contributor, "ai");
    assert.equal(attribution.tool, "claude-code");
    assert.equal(attribution.model, "anthropic/claude-sonnet-4-5");
    assert.deepEqual(attribution.evidence.map((e) => e.source), ["agent-trace", "trailer"]);
    assert.equal(attribution.evidence[0]?.detail, "ai for a.ts:1");
  });

  void it("shows conflicting line-level claims: mixed when close, the stronger one otherwise, confidence lowered", async () => {
    const note = fakeSource("custody-note", [
      claim(AI, "a.ts", 1, 2, { contributor: "ai", evidence: [{ source: "custody-note", detail: "ai" }], confidence: 0.9 }),
    ]);
    const gitAi = fakeSource("git-ai-note", [
      claim(AI, "a.ts", 1, 1, { contributor: "human", evidence: [{ source: "git-ai-note", detail: "human" }], confidence: 0.8 }),
      claim(AI, "a.ts", 2, 2, { contributor: "human", evidence: [{ source: "git-ai-note", detail: "human" }], confidence: 0.4 }),
    ]);
    const ranges = await resolveLines(REPO, blamed("a.ts", AI, 2), commits([AI, unknown()]), [note, gitAi]);

    assert.deepEqual(summary(ranges), [
      [1, 1, "mixed", "custody-note,git-ai-note"],
      [2, 2, "ai", "custody-note,git-ai-note"],
    ]);
    assert.equal(ranges[0]?.attribution.confidence, 0.5);
    assert.equal(ranges[1]?.attribution.confidence, 0.7);
  });

  void it("leaves boundary lines unknown whatever the sources and the commit say", async () => {
    const note = fakeSource("custody-note", [claim(AI, "a.ts", 1, 2, { contributor: "ai", evidence: [], confidence: 1 })]);
    const lines = blamed("a.ts", AI, 2, true);
    const ranges = await resolveLines(REPO, lines, commits([AI, TRAILER_AI]), [note], { heuristics: true });

    assert.deepEqual(summary(ranges), [[1, 2, "unknown", ""]]);
    assert.deepEqual(note.calls, []);
  });

  void it("looks claims up by the line's place in the commit that wrote it, not its place today", async () => {
    const note = fakeSource("custody-note", [claim(AI, "old.ts", 1, 1, { contributor: "ai", evidence: [], confidence: 0.9 })]);
    const moved: OriginBlamedLine[] = [
      { path: "new.ts", line: 7, commit: AI, boundary: false, origPath: "old.ts", origLine: 1 },
      { path: "new.ts", line: 8, commit: AI, boundary: false, origPath: "old.ts", origLine: 2 },
    ];
    const ranges = await resolveLines(REPO, moved, commits([AI, unknown()]), [note]);

    assert.deepEqual(
      ranges.map((r) => [r.path, r.lines.start, r.lines.end, r.attribution.contributor]),
      [
        ["new.ts", 7, 7, "ai"],
        ["new.ts", 8, 8, "unknown"],
      ],
    );
  });

  void it("asks each source about each commit once and returns ranges sorted by path and line", async () => {
    const note = fakeSource("custody-note", []);
    const lines = [...blamed("b.ts", OTHER, 3), ...blamed("a.ts", AI, 2), ...blamed("c.ts", AI, 1)];
    const ranges = await resolveLines(REPO, lines, commits([AI, TRAILER_AI], [OTHER, unknown()]), [note]);

    assert.deepEqual([...note.calls].sort(), [AI, OTHER]);
    assert.deepEqual(
      ranges.map((r) => [r.path, r.lines.start, r.lines.end]),
      [
        ["a.ts", 1, 2],
        ["b.ts", 1, 3],
        ["c.ts", 1, 1],
      ],
    );
  });

  void it("adds heuristic hints only when asked, only where nothing is known, never as more than a hint", async () => {
    const lines = [...blamed("a.ts", AI, 1), ...blamed("b.ts", OTHER, 1)];
    const attributions: CommitAttribution[] = [
      { sha: AI, subject: "I've added a comprehensive and robust retry helper", attribution: unknown() },
      { sha: OTHER, subject: "I've fixed the tests", attribution: { contributor: "human", evidence: [{ source: "hook", detail: "typed" }], confidence: 0.9 } },
    ];

    const plain = await resolveLines(REPO, lines, attributions, []);
    assert.deepEqual(plain.map((r) => r.attribution.contributor), ["unknown", "human"]);

    const hinted = await resolveLines(REPO, lines, attributions, [], { heuristics: true });
    assert.deepEqual(hinted.map((r) => r.attribution.contributor), ["ai", "human"]);
    const hint = hinted[0]?.attribution;
    assert.ok(hint !== undefined && hint.evidence.length === 2 && hint.evidence.every((e) => e.source === "heuristic"));
    assert.ok(hint.confidence <= 0.3);
  });
});

void describe("resolveAddedLines", () => {
  void it("splits each added range where claims begin and end, in log order", async () => {
    const hook = fakeSource("hook", [claim(AI, "a.ts", 3, 4, { contributor: "human", evidence: [], confidence: 0.9 })]);
    const additions: CommitAdditions[] = [
      {
        commit: { sha: AI, parents: [], author: { name: "a", email: "a@x" }, committer: { name: "a", email: "a@x" }, authorTime: "2026-01-01T00:00:00.000Z", subject: "s", body: "", trailers: [] },
        files: [{ path: "a.ts", ranges: [{ start: 1, end: 5 }] }],
      },
    ];
    const ranges = await resolveAddedLines(REPO, additions, commits([AI, TRAILER_AI]), [hook]);

    assert.deepEqual(
      ranges.map((r) => [r.lines.start, r.lines.end, r.attribution.contributor]),
      [
        [1, 2, "ai"],
        [3, 4, "human"],
        [5, 5, "ai"],
      ],
    );
  });

  void it("asks a source that answers in bulk once for all commits instead of once per commit", async () => {
    const perCommit: string[] = [];
    const bulkCalls: string[][] = [];
    const bulk: ClaimSource = {
      name: "git-ai-note",
      claimsFor: (_repo, commit) => {
        perCommit.push(commit);
        return Promise.resolve([]);
      },
      claimsForCommits: (_repo, shas) => {
        bulkCalls.push([...shas].sort());
        return Promise.resolve(new Map([[OTHER, [claim(OTHER, "b.ts", 1, 1, { contributor: "ai", tool: "aider", evidence: [], confidence: 0.8 })]]]));
      },
    };
    const person = { name: "a", email: "a@x" };
    const addition = (sha: string, path: string): CommitAdditions => ({
      commit: { sha, parents: [], author: person, committer: person, authorTime: "2026-01-01T00:00:00.000Z", subject: "s", body: "", trailers: [] },
      files: [{ path, ranges: [{ start: 1, end: 1 }] }],
    });
    const ranges = await resolveAddedLines(REPO, [addition(AI, "a.ts"), addition(OTHER, "b.ts")], commits([AI, unknown()], [OTHER, unknown()]), [bulk]);

    assert.deepEqual(bulkCalls, [[AI, OTHER]]);
    assert.deepEqual(perCommit, []);
    assert.deepEqual(ranges.map((r) => [r.path, r.attribution.contributor, r.attribution.tool]), [
      ["a.ts", "unknown", undefined],
      ["b.ts", "ai", "aider"],
    ]);
  });
});
