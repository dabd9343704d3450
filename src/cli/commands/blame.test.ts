import assert from "node:assert/strict";
import { Command } from "commander";
import { describe, it } from "node:test";
import { ALICE, tempRepo } from "../../../test/helpers/git-repo.js";
import { commitFiles } from "../../git/index.js";
import type { RangeClaim } from "../../provenance/claims.js";
import type { ClaimSource } from "../../provenance/sources/types.js";
import { bufferIo } from "../io.js";
import { registerBlame, type BlameJsonLine } from "./blame.js";

const CLAUDE = "Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>";

async function custodyBlame(cwd: string, argv: string[], sources: ClaimSource[] = []): Promise<string> {
  const io = bufferIo({ cwd });
  const program = new Command("custody").exitOverride();
  registerBlame(program, { io, exit: () => undefined }, sources);
  await program.parseAsync(["blame", ...argv], { from: "user" });
  return io.stdout();
}

function hookSaysHuman(commit: string, path: string, line: number): ClaimSource {
  const claim: RangeClaim = {
    commit,
    path,
    lines: { start: line, end: line },
    attribution: { contributor: "human", evidence: [{ source: "hook", detail: "typed by Alice" }], confidence: 0.95 },
  };
  return { name: "hook", claimsFor: (_repo, sha) => Promise.resolve(sha === commit ? [claim] : []) };
}

void describe("custody blame", () => {
  void it("prints every line's contributor, tool, model, commit and evidence as JSON", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "start", author: ALICE, files: { "src/a.ts": "one\ntwo\n" } });
    const second = await commitFiles(repo, { message: `Add three\n\n${CLAUDE}`, author: ALICE, files: { "src/a.ts": "one\ntwo\nthree\nfour\n" } });

    const out = JSON.parse(await custodyBlame(repo, ["src/a.ts", "--repo", repo, "--format", "json"], [hookSaysHuman(second, "src/a.ts", 4)])) as {
      path: string;
      rev: string;
      lines: BlameJsonLine[];
    };

    assert.equal(out.path, "src/a.ts");
    assert.equal(out.rev, second);
    assert.deepEqual(
      out.lines.map((l) => [l.line, l.contributor, l.tool, l.model, l.commit]),
      [
        [1, "unknown", null, null, first],
        [2, "unknown", null, null, first],
        [3, "ai", "claude-code", "anthropic/claude-sonnet-4-5", second],
        [4, "human", null, null, second],
      ],
    );
    assert.deepEqual(out.lines[3]?.evidence.map((e) => e.source), ["hook", "trailer"]);
  });

  void it("blames at --rev, finds FILE from a subdirectory and shows the line text with secrets masked", async (t) => {
    const repo = await tempRepo(t);
    // Assembled so the fixture key does not sit in the source as one token.
    const key = ["sk", "live", "3D9f3ySvNB8gGOnWWIBLla0o5GnWuYwX1U"].join("_");
    const old = await commitFiles(repo, { message: `Add billing\n\n${CLAUDE}`, author: ALICE, files: { "lib/pay.rb": `Stripe.api_key = "${key}"\nputs 1\n` } });
    await commitFiles(repo, { message: "rewrite", author: ALICE, files: { "lib/pay.rb": "gone\n" } });

    const text = await custodyBlame(`${repo}/lib`, ["pay.rb", "--rev", old, "--format", "text"]);

    assert.ok(!text.includes(key), "the full secret is never printed");
    assert.match(text, /^ ?1 {2}ai {2}claude-code {2}anthropic\/claude-sonnet-4-5 {2}[0-9a-f]{8} {2}Stripe\.api_key = "sk_l… \(sha256:[0-9a-f]{8}\)"$/m);
    assert.match(text, /2 {2}ai .* puts 1$/m);
    assert.doesNotMatch(text, /gone/);
  });

  void it("labels heuristic guesses as unverified hints, and only with --heuristics", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "I've added a comprehensive, robust helper", author: ALICE, files: { "h.ts": "x\n" } });

    const plain = JSON.parse(await custodyBlame(repo, ["h.ts", "--format", "json"])) as { lines: BlameJsonLine[] };
    assert.equal(plain.lines[0]?.contributor, "unknown");

    const hinted = await custodyBlame(repo, ["h.ts", "--format", "text", "--heuristics"]);
    assert.match(hinted, /1 {2}ai \(unverified hint\)/);
    assert.match(hinted, /unverified hint: .*never counted for approvals/);
  });

  void it("names the file and revision when the file is not there", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "start", author: ALICE, files: { "a.ts": "a\n" } });

    await assert.rejects(custodyBlame(repo, ["missing.ts"]), { code: "usage", message: /missing\.ts is not a file at HEAD/ });
    await assert.rejects(custodyBlame(repo, ["../outside.ts", "--repo", repo]), { code: "usage", message: /not a file inside the repository/ });
  });
});
