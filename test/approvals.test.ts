// Signed approvals end to end, through the command line on scripted repositories: what counts (the
// right people, bound to the right tree, N of M) and what does not, each with the reason the gate shows.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { approvalEvent, readLedgerEvents, signApproval, type ApprovalPredicate, type Envelope } from "../src/approvals/index.js";
import { testKey } from "../src/approvals/test-support.js";
import { appendEvents } from "../src/cli/commands/record.js";
import type { Decision } from "../src/core/types.js";
import { commitFiles } from "../src/git/index.js";
import { CLAUDE, DANA, KEYS, fixture, publicKey, reviewersPolicy, type Fixture } from "./helpers/approvals.js";

const ALICE = "alice@example.com";
const BOB = "bob@example.com";

interface GateJson {
  decision: Decision;
  change: { id: string; headTree: string; base: string; head: string; repo: string };
}

async function gate(f: Fixture, head = f.head) {
  const result = await f.custody(f.repo, "gate", "--base", f.base, "--head", head, "--format", "json", "--offline");
  const out = JSON.parse(result.stdout) as GateJson;
  return { ...result, out, senior: out.decision.requiredApprovals.find((r) => r.group === "senior") };
}

async function gateText(f: Fixture, head = f.head) {
  return f.custody(f.repo, "gate", "--base", f.base, "--head", head, "--format", "text", "--offline", "--no-record");
}

function ledger(f: Fixture) {
  return { ledger: join(f.repo, ".git", "custody", "ledger.db"), key: join(f.repo, ".git", "custody", "ledger.key") };
}

/** Records a statement as someone with write access to the ledger could, bypassing `custody approve`'s checks. */
async function recordDirectly(f: Fixture, predicate: ApprovalPredicate, key: number | Envelope, subject?: string) {
  const envelope = typeof key === "number" ? signApproval(predicate, testKey(key)) : key;
  const event = approvalEvent(envelope, predicate, "SHA256:direct", { time: "2026-03-01T10:00:00.000Z", actor: "cli:intruder" });
  await appendEvents(ledger(f), [{ ...event, subject: subject ?? event.subject }]);
}

function predicateFor(change: GateJson["change"], reviewer: string, overrides: Partial<ApprovalPredicate> = {}): ApprovalPredicate {
  return {
    changeId: change.id,
    repo: change.repo,
    base: change.base,
    head: change.head,
    headTree: change.headTree,
    verdict: "approve",
    reviewer: { id: reviewer },
    time: "2026-03-01T10:00:00.000Z",
    ...overrides,
  };
}

describe("custody approve and the gate", () => {
  it("needs two distinct seniors, counts each once they sign the exact tree, and drops them when a push touches the rule's paths", async (t) => {
    const f = await fixture(t, reviewersPolicy("", ["src/auth/**"]));
    const first = await gate(f);
    assert.equal(first.status, 1, first.stderr);
    const changeId = first.out.change.id;

    const alice = await f.custody(f.repo, "approve", changeId.slice(0, 12), "--verdict", "approve", "--key", await f.key("alice"), "--format", "text");
    assert.equal(alice.status, 0, alice.stderr);
    assert.match(alice.stdout, new RegExp(`^Recorded approve by ${ALICE} of change ${changeId.slice(0, 12)} \\(tree ${first.out.change.headTree.slice(0, 12)}\\)`));
    const half = await gateText(f);
    assert.equal(half.status, 1);
    assert.match(half.stdout, /senior: still open: 1 more from senior \(1 of 2: alice@example\.com\)/);

    // Bob signs with the OpenSSH key the policy lists as an `ssh-ed25519` line.
    const bob = await f.custody(f.repo, "approve", `${f.base}..${f.head}`, "--verdict", "approve", "--key", await f.key("bob2"));
    assert.equal(bob.status, 0, bob.stderr);
    const both = await gate(f);
    assert.equal(both.status, 0, both.stdout);
    assert.deepEqual(both.senior?.satisfiedBy, [ALICE, BOB]);
    assert.equal(both.out.decision.satisfied, true);
    assert.match((await gateText(f)).stdout, /^Decision: REVIEW REQUIRED — approvals satisfied[\s\S]*senior: satisfied by alice@example\.com, bob@example\.com \(2 of 2\)/);

    // A push that only touches docs leaves the approvals standing: the rules are about src/auth/**.
    const docs = await commitFiles(f.repo, { message: "Document login", author: DANA, files: { "docs/login.md": "# Login\n" } });
    const docsGate = await gate(f, docs);
    assert.equal(docsGate.status, 0, docsGate.stdout);
    assert.deepEqual(docsGate.senior?.counted?.map((c) => [c.reviewer, c.headTree]), [[ALICE, first.out.change.headTree], [BOB, first.out.change.headTree]]);

    const auth = await commitFiles(f.repo, {
      message: `Harden login\n\n${CLAUDE}`,
      author: DANA,
      files: { "src/auth/login.js": "export function canLogin(user) {\n  return user.active === true && !user.locked;\n}\n" },
    });
    const moved = await gate(f, auth);
    assert.equal(moved.status, 1);
    assert.deepEqual(moved.senior?.satisfiedBy, []);
    const expected = `approves tree ${first.out.change.headTree.slice(0, 12)}… but the change is now at ${moved.out.change.headTree.slice(0, 12)}… and src/auth/login.js changed`;
    assert.deepEqual((moved.senior.ignored ?? []).map((i) => `${i.reviewer}: ${i.reason}`), [`${ALICE}: ${expected}`, `${BOB}: ${expected}`]);
  });

  it("shows why forged, replayed, self-, bot and duplicate approvals do not count", async (t) => {
    const f = await fixture(t);
    const { out } = await gate(f);
    const change = out.change;
    assert.equal((await f.custody(f.repo, "approve", change.id, "--verdict", "approve", "--key", await f.key("alice"))).status, 0);

    // Forged: Alice's statement, edited to name Carol after it was signed.
    const events = await readLedgerEvents(ledger(f).ledger);
    const aliceEnvelope = events.find((e) => e.event.type === "approval.recorded")?.event.payload.envelope as Envelope;
    const statement = JSON.parse(Buffer.from(aliceEnvelope.payload, "base64").toString("utf8")) as { predicate: ApprovalPredicate };
    statement.predicate.reviewer.id = "carol@example.com";
    await recordDirectly(f, statement.predicate, { ...aliceEnvelope, payload: Buffer.from(JSON.stringify(statement)).toString("base64") });

    // Signed by a key no member has: Mallory lists herself in a policy file of her own.
    const own = join(f.keys, "mallory-policy.yaml");
    await writeFile(own, reviewersPolicy().replace("      - id: carol@example.com", `      - id: mallory@example.com\n        keys: ["${publicKey("mallory")}"]\n      - id: carol@example.com`));
    const mallory = await f.custody(f.repo, "approve", change.id, "--verdict", "approve", "--key", await f.key("mallory"), "--policy", own);
    assert.equal(mallory.status, 0, mallory.stderr);

    // Replayed: Carol's approval of another change, recorded under this change.
    const later = await commitFiles(f.repo, { message: "docs", author: DANA, files: { "docs/login.md": "# Login\n" } });
    assert.equal((await f.custody(f.repo, "approve", `${f.head}..${later}`, "--verdict", "approve", "--key", await f.key("carol"))).status, 0);
    const carolEvent = (await readLedgerEvents(ledger(f).ledger)).filter((e) => e.event.type === "approval.recorded").at(-1);
    assert.ok(carolEvent);
    await appendEvents(ledger(f), [{ ...carolEvent.event, subject: `change:${change.id}` }]);

    // The author and a bot are refused by `custody approve`, and ignored when recorded anyway.
    const self = await f.custody(f.repo, "approve", change.id, "--verdict", "approve", "--key", await f.key("dana"));
    assert.equal(self.status, 2);
    assert.match(self.stderr, /dana@example\.com cannot approve this change: author of the change: dana@example\.com wrote part of it \[approval-refused\]/);
    await recordDirectly(f, predicateFor(change, "dana@example.com"), KEYS.dana);
    const bot = await f.custody(f.repo, "approve", change.id, "--verdict", "approve", "--key", await f.key("bot"));
    assert.equal(bot.status, 2);
    assert.match(bot.stderr, /bot identity: release-bot\[bot\] is a \[bot\] account \[approval-refused\]/);
    await recordDirectly(f, predicateFor(change, "release-bot[bot]"), KEYS.bot);

    // Bob approves twice, with each of his keys: one person, counted once.
    assert.equal((await f.custody(f.repo, "approve", change.id, "--verdict", "approve", "--key", await f.key("bob"))).status, 0);
    assert.equal((await f.custody(f.repo, "approve", change.id, "--verdict", "approve", "--key", await f.key("bob2"))).status, 0);

    const result = await gate(f);
    assert.equal(result.status, 0, result.stdout);
    assert.deepEqual(result.senior?.satisfiedBy, [ALICE, BOB]);
    const ignored = (result.out.decision.ignoredApprovals ?? []).map((i) => `${i.reviewer}: ${i.reason}`);
    const mal = testKey(KEYS.mallory).publicKey.fingerprint;
    assert.equal(ignored.length, 6, ignored.join("\n"));
    assert.deepEqual(
      [...ignored.slice(0, 2), ...ignored.slice(3, 5)],
      [
        "carol@example.com: signature does not verify: the statement was changed after it was signed",
        `mallory@example.com: signature does not verify under any key in the policy (key ${mal} is unknown)`,
        "dana@example.com: author of the change: dana@example.com wrote part of it",
        "release-bot[bot]: bot identity: release-bot[bot] is a [bot] account",
      ],
    );
    assert.match(ignored[2] ?? "", new RegExp(`^carol@example\\.com: approves another change \\([0-9a-f]{12}: repository repo, base ${f.head.slice(0, 12)}\\)$`));
    assert.match(ignored[5] ?? "", /^bob@example\.com: superseded by a later statement by bob@example\.com \(entry \d+\)$/);
    const text = (await gateText(f)).stdout;
    assert.match(text, /Ignored approvals:\n {2}carol@example\.com \(approve, entry \d+\): signature does not verify: the statement was changed after it was signed/);
  });

  it("keeps the requirement open while a senior's reject stands, until they approve", async (t) => {
    const f = await fixture(t);
    const range = `${f.base}..${f.head}`;
    for (const name of ["alice", "bob"] as const) {
      assert.equal((await f.custody(f.repo, "approve", range, "--verdict", "approve", "--key", await f.key(name))).status, 0);
    }
    const reject = await f.custody(f.repo, "approve", range, "--verdict", "reject", "--justification", "the lockout check is missing", "--key", await f.key("carol"));
    assert.equal(reject.status, 0, reject.stderr);
    const rejected = await gateText(f);
    assert.equal(rejected.status, 1);
    assert.match(rejected.stdout, /senior: still open: rejected by carol@example\.com \(2 of 2 approved: alice@example\.com, bob@example\.com\)/);
    assert.equal((await f.custody(f.repo, "approve", range, "--verdict", "approve", "--key", await f.key("carol"))).status, 0);
    const approved = await gateText(f);
    assert.equal(approved.status, 0, approved.stdout);
    assert.match(approved.stdout, /carol@example\.com \(reject, entry \d+\): superseded by a later statement by carol@example\.com/);
  });

  it("lets only a justified override by the security group through, and escalates it", async (t) => {
    const f = await fixture(t);
    const { out } = await gate(f);
    const range = `${f.base}..${f.head}`;
    const bare = await f.custody(f.repo, "approve", range, "--verdict", "override", "--key", await f.key("sec"));
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /an override needs --justification/);
    const outsider = await f.custody(f.repo, "approve", range, "--verdict", "override", "--justification", "ship it", "--key", await f.key("alice"));
    assert.equal(outsider.status, 2);
    assert.match(outsider.stderr, /alice@example\.com is no member of the override group security/);
    // Recorded anyway, neither counts.
    await recordDirectly(f, predicateFor(out.change, ALICE, { verdict: "override", justification: "ship it" }), KEYS.alice);
    await recordDirectly(f, predicateFor(out.change, "sec@example.com", { verdict: "override" }), KEYS.sec);
    const still = await gate(f);
    assert.equal(still.status, 1);
    assert.deepEqual(
      (still.out.decision.ignoredApprovals ?? []).map((i) => i.reason),
      ["alice@example.com is no member of the override group security", "override without a justification"],
    );

    const override = await f.custody(f.repo, "approve", range, "--verdict", "override", "--justification", "outage fix, reviewed on the call", "--key", await f.key("sec"), "--format", "text");
    assert.equal(override.status, 0, override.stderr);
    assert.match(override.stdout, /escalated to group security \(sec@example\.com\); bypassed:\n {4}- 2 more approval\(s\) from senior \(0 of 2\)/);
    const notice = (await readLedgerEvents(ledger(f).ledger)).find((e) => e.event.type === "notification.escalated");
    assert.deepEqual(notice?.event.payload.bypassed, ["2 more approval(s) from senior (0 of 2)"]);
    assert.equal(notice.event.payload.overriddenBy, "sec@example.com");
    const passed = await gateText(f);
    assert.equal(passed.status, 0, passed.stdout);
    assert.match(passed.stdout, /^Decision: REVIEW REQUIRED — OVERRIDDEN/);
    assert.match(passed.stdout, /Overridden by sec@example\.com \(entry \d+, [^)]+\): outage fix, reviewed on the call/);
  });

  it("refuses with exit 2 and one line: unknown change, a key of no member, an encrypted key, a bad verdict", async (t) => {
    const f = await fixture(t);
    const unknown = await f.custody(f.repo, "approve", "deadbeefdeadbeef", "--verdict", "approve", "--key", await f.key("alice"));
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no gate run for change deadbeefdeadbeef is recorded in the ledger.*\[change-not-found\]\n$/);
    const stranger = await f.custody(f.repo, "approve", `${f.base}..${f.head}`, "--verdict", "approve", "--key", await f.key("mallory"));
    assert.equal(stranger.status, 2);
    assert.match(stranger.stderr, /belongs to no member of the policy .* add its public key ed25519:\S+ to your entry under groups:/);
    const verdict = await f.custody(f.repo, "approve", `${f.base}..${f.head}`, "--verdict", "maybe", "--key", await f.key("alice"));
    assert.equal(verdict.status, 2);
    assert.match(verdict.stderr, /--verdict.*maybe.*approve, reject, override/);
    const locked = join(f.keys, "locked");
    try {
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "a passphrase", "-f", locked]);
    } catch {
      t.diagnostic("ssh-keygen unavailable; encrypted-key case not run");
      return;
    }
    const encrypted = await f.custody(f.repo, "approve", `${f.base}..${f.head}`, "--verdict", "approve", "--key", locked);
    assert.equal(encrypted.status, 2);
    assert.match(encrypted.stderr, /the key is encrypted with a passphrase.*\[approval-key-invalid\]\n$/);
  });
});
