import assert from "node:assert/strict";
import { Command } from "commander";
import { describe, it } from "node:test";
import { ALICE, tempRepo } from "../../../test/helpers/git-repo.js";
import { commitFiles } from "../../git/index.js";
import type { ClaimSource } from "../../provenance/sources/types.js";
import { bufferIo } from "../io.js";
import { registerStats, type StatsReport } from "./stats.js";

const CLAUDE = "Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>";

async function custodyStats(cwd: string, argv: string[], sources: ClaimSource[] = []): Promise<{ stdout: string; stderr: string }> {
  const io = bufferIo({ cwd });
  const program = new Command("custody").exitOverride();
  registerStats(program, { io, exit: () => undefined }, sources);
  await program.parseAsync(["stats", ...argv], { from: "user" });
  return { stdout: io.stdout(), stderr: io.stderr() };
}

void describe("custody stats", () => {
  void it("counts added lines by contributor, tool and model, with unknown apart from human", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "start", author: ALICE, files: { "README.md": "# r\n" } });
    // No evidence at all: these 4 lines are unknown, not human.
    await commitFiles(repo, { message: "plain", author: ALICE, files: { "a.ts": "1\n2\n3\n4\n" } });
    const ai = await commitFiles(repo, { message: `Add b\n\n${CLAUDE}`, author: ALICE, files: { "b.ts": "1\n2\n3\n4\n5\n6\n" } });
    // A hook saw Alice type two of the lines of the AI commit.
    const hook: ClaimSource = {
      name: "hook",
      claimsFor: (_repo, sha) =>
        Promise.resolve(
          sha === ai
            ? [{ commit: ai, path: "b.ts", lines: { start: 5, end: 6 }, attribution: { contributor: "human", evidence: [], confidence: 0.95 } }]
            : [],
        ),
    };

    const { stdout } = await custodyStats(repo, [`${base}..HEAD`, "--repo", repo, "--format", "json"], [hook]);
    const report = JSON.parse(stdout) as StatsReport;

    assert.equal(report.base, base);
    assert.equal(report.commits, 2);
    assert.equal(report.truncated, false);
    assert.deepEqual(report.stats, {
      addedLines: 10,
      ai: 4,
      human: 2,
      mixed: 0,
      unknown: 4,
      aiShare: 0.4,
      byTool: { "claude-code": 4 },
      byModel: { "anthropic/claude-sonnet-4-5": 4 },
    });
  });

  void it("reports lines without evidence as unknown in text, never as human", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "plain", author: ALICE, files: { "a.ts": "1\n2\n3\n" } });

    const { stdout } = await custodyStats(repo, ["--format", "text"]);

    assert.match(stdout, /^Lines added in history of [0-9a-f]{12}: 3 by 1 commit$/m);
    assert.match(stdout, /^ {2}human {3}0 {4}0\.0%$/m);
    assert.match(stdout, /^ {2}unknown 3 {2}100\.0% {2}no evidence either way; not counted as human$/m);
    assert.match(stdout, /^AI share: 0\.0%$/m);
  });
});
