import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Decision, RequiredApproval } from "../core/types.js";
import type { PolicyRule } from "../policy/schema.js";
import { evaluateApprovals, type EvaluationInput } from "./evaluate.js";
import type { SignedRecord } from "./records.js";
import { OLD_TREE, approval, policyWith, record, reviewDecision, testChange, testKey } from "./test-support.js";

const ALICE = testKey(1);
const BOB = testKey(2);
const CAROL = testKey(3);
const DANA = testKey(4);
const SEC = testKey(5);
const MALLORY = testKey(9);

const seniors = policyWith({
  senior: [
    ["alice@example.com", [ALICE]],
    ["bob@example.com", [BOB]],
    ["carol@example.com", [CAROL]],
    ["dana@example.com", [DANA]],
  ],
  security: [["sec@example.com", [SEC]]],
});

function evaluate(records: SignedRecord[], overrides: Partial<EvaluationInput> = {}) {
  return evaluateApprovals({
    decision: reviewDecision([["senior", 2]]),
    policy: seniors,
    change: testChange(),
    records,
    changedSince: new Map(),
    ...overrides,
  });
}

function requirement(decision: Decision, group = "senior"): RequiredApproval {
  const found = decision.requiredApprovals.find((r) => r.group === group);
  assert.ok(found, `no requirement for ${group}`);
  return found;
}

function reasons(decision: Decision, group?: string): string[] {
  const list = group === undefined ? (decision.ignoredApprovals ?? []) : (requirement(decision, group).ignored ?? []);
  return list.map((i) => `${i.reviewer}: ${i.reason}`);
}

describe("evaluateApprovals", () => {
  it("needs two distinct seniors for 2 of 3, and names them", () => {
    const one = evaluate([record(0, approval("alice@example.com"), ALICE)]);
    assert.deepEqual(requirement(one.decision).satisfiedBy, ["alice@example.com"]);
    assert.equal(one.decision.satisfied, false);
    const two = evaluate([record(0, approval("alice@example.com"), ALICE), record(1, approval("bob@example.com"), BOB)]);
    assert.deepEqual(requirement(two.decision).satisfiedBy, ["alice@example.com", "bob@example.com"]);
    assert.deepEqual(requirement(two.decision).rules, ["ai-in-critical-path"]);
    assert.equal(two.decision.satisfied, true);
  });

  it("ignores a statement edited after signing and one signed by an unknown key", () => {
    const signed = record(0, approval("alice@example.com"), ALICE);
    assert.ok(signed.envelope);
    const statement = JSON.parse(Buffer.from(signed.envelope.payload, "base64").toString("utf8")) as { predicate: { reviewer: { id: string } } };
    statement.predicate.reviewer.id = "bob@example.com";
    const edited: SignedRecord = { ...signed, envelope: { ...signed.envelope, payload: Buffer.from(JSON.stringify(statement)).toString("base64") } };
    const unknown = record(1, approval("carol@example.com"), MALLORY);
    const result = evaluate([edited, unknown]);
    assert.deepEqual(requirement(result.decision).satisfiedBy, []);
    assert.deepEqual(reasons(result.decision), [
      "bob@example.com: signature does not verify: the statement was changed after it was signed",
      `carol@example.com: signature does not verify under any key in the policy (key ${MALLORY.publicKey.fingerprint} is unknown)`,
    ]);
  });

  it("does not let one member's key sign as another member", () => {
    const result = evaluate([record(0, approval("alice@example.com"), BOB)]);
    assert.deepEqual(reasons(result.decision), ["alice@example.com: signed with a key of bob@example.com, not of alice@example.com, whom the statement names"]);
  });

  it("ignores an approval of another change replayed under this change's subject", () => {
    const other = testChange({ base: "9".repeat(40), id: "e".repeat(64) });
    const replayed: SignedRecord = { ...record(0, approval("alice@example.com", {}, other), ALICE), subject: `change:${testChange().id}` };
    const result = evaluate([replayed]);
    assert.match(reasons(result.decision)[0] ?? "", /^alice@example\.com: approves another change \(eeeeeeeeeeee: repository example\/repo, base 999999999999\)$/);
  });

  it("counts an approval of an earlier tree only when nothing under the rules' paths changed since", () => {
    const scoped = { ...seniors, rules: [{ name: "auth-review", if: "true", then: "review", group: "senior", count: 1, explain: "x", paths: ["src/auth/**"] } satisfies PolicyRule] };
    const decision = reviewDecision([["senior", 1]], ["auth-review"]);
    const old = [record(0, approval("alice@example.com", { headTree: OLD_TREE }), ALICE)];
    const docsOnly = evaluate(old, { policy: scoped, decision, changedSince: new Map([[OLD_TREE, ["docs/readme.md"]]]) });
    assert.deepEqual(requirement(docsOnly.decision).satisfiedBy, ["alice@example.com"]);
    assert.equal(requirement(docsOnly.decision).counted?.[0]?.headTree, OLD_TREE);
    const auth = evaluate(old, { policy: scoped, decision, changedSince: new Map([[OLD_TREE, ["docs/readme.md", "src/auth/login.ts"]]]) });
    assert.deepEqual(requirement(auth.decision).satisfiedBy, []);
    assert.deepEqual(reasons(auth.decision, "senior"), ["alice@example.com: approves tree bbbbbbbbbbbb… but the change is now at aaaaaaaaaaaa… and src/auth/login.ts changed"]);
    const anywhere = { ...seniors, rules: [{ name: "any-review", if: "true", then: "review", group: "senior", count: 1, explain: "x" } satisfies PolicyRule] };
    const unscoped = evaluate(old, { policy: anywhere, decision: reviewDecision([["senior", 1]], ["any-review"]), changedSince: new Map([[OLD_TREE, ["docs/readme.md"]]]) });
    assert.match(reasons(unscoped.decision, "senior")[0] ?? "", /any-review names no paths, so any change needs a new approval/);
    // Built-in rules take their paths from the policy: ai-in-critical-path is about the critical paths.
    const builtin = evaluate(old, { decision: reviewDecision([["senior", 1]]), changedSince: new Map([[OLD_TREE, ["docs/readme.md"]]]) });
    assert.deepEqual(requirement(builtin.decision).satisfiedBy, ["alice@example.com"]);
    const missing = evaluate(old, { policy: scoped, decision });
    assert.match(reasons(missing.decision, "senior")[0] ?? "", /that tree is not in this repository/);
  });

  it("never counts the change's author, a commit author or a co-author", () => {
    const change = testChange({
      commits: [
        {
          sha: "3".repeat(40),
          parents: [],
          author: { name: "Carol", email: "carol@example.com" },
          committer: { name: "Carol", email: "carol@example.com" },
          authorTime: "2026-03-01T09:00:00Z",
          subject: "x",
          body: "",
          trailers: [{ key: "Co-authored-by", value: "Bob <bob@example.com>" }],
        },
      ],
    });
    const records = [
      record(0, approval("dana@example.com", {}, change), DANA),
      record(1, approval("carol@example.com", {}, change), CAROL),
      record(2, approval("bob@example.com", {}, change), BOB),
    ];
    const result = evaluate(records, { change });
    assert.deepEqual(requirement(result.decision).satisfiedBy, []);
    assert.deepEqual(reasons(result.decision), [
      "dana@example.com: author of the change: dana@example.com wrote part of it",
      "carol@example.com: author of the change: carol@example.com wrote part of it",
      "bob@example.com: author of the change: bob@example.com wrote part of it",
    ]);
  });

  it("never counts bot and AI identities, including those the policy lists", () => {
    const bot = testKey(11);
    const deploy = testKey(12);
    const policy = policyWith(
      { senior: [["renovate[bot]", [bot]], ["deploy-1@example.com", [deploy]], ["alice@example.com", [ALICE]]] },
      { approvals: { bots: ["deploy-*@example.com"] } },
    );
    const result = evaluate([record(0, approval("renovate[bot]"), bot), record(1, approval("deploy-1@example.com"), deploy)], { policy });
    assert.deepEqual(reasons(result.decision), [
      "renovate[bot]: bot identity: renovate[bot] is a [bot] account",
      "deploy-1@example.com: bot identity: deploy-1@example.com is listed under approvals.bots in the policy",
    ]);
  });

  it("counts one person once across two keys and two statements", () => {
    const second = testKey(21);
    const policy = policyWith({ senior: [["alice@example.com", [ALICE, second]], ["bob@example.com", [BOB]]] });
    const result = evaluate([record(0, approval("alice@example.com"), ALICE), record(1, approval("alice@example.com"), second)], { policy });
    assert.deepEqual(requirement(result.decision).satisfiedBy, ["alice@example.com"]);
    assert.equal(result.decision.satisfied, false);
    assert.deepEqual(reasons(result.decision), ["alice@example.com: superseded by a later statement by alice@example.com (entry 1)"]);
  });

  it("keeps a requirement open while a member's reject stands, until they approve", () => {
    const rejected = evaluate([
      record(0, approval("alice@example.com"), ALICE),
      record(1, approval("bob@example.com"), BOB),
      record(2, approval("carol@example.com", { verdict: "reject", justification: "token leaks" }), CAROL),
    ]);
    assert.deepEqual(requirement(rejected.decision).rejectedBy, ["carol@example.com"]);
    assert.equal(rejected.decision.satisfied, false);
    const changedMind = evaluate([
      record(0, approval("alice@example.com"), ALICE),
      record(1, approval("carol@example.com", { verdict: "reject" }), CAROL),
      record(2, approval("carol@example.com"), CAROL),
    ]);
    assert.deepEqual(requirement(changedMind.decision).satisfiedBy, ["alice@example.com", "carol@example.com"]);
    assert.equal(changedMind.decision.satisfied, true);
  });

  it("shows why a member of another group does not count for this one", () => {
    const result = evaluate([record(0, approval("sec@example.com"), SEC)]);
    assert.deepEqual(reasons(result.decision, "senior"), ["sec@example.com: sec@example.com is no member of group senior"]);
  });

  it("lets a justified override by the override group through, even a block, and ignores the others", () => {
    const blocked: Decision = { ...reviewDecision([["senior", 1]]), outcome: "block" };
    const justified = evaluate([record(0, approval("sec@example.com", { verdict: "override", justification: "hotfix for the outage" }), SEC)], { decision: blocked });
    assert.deepEqual(justified.decision.override, { by: "sec@example.com", justification: "hotfix for the outage", entry: 0, time: "2026-03-01T10:00:00.000Z" });
    assert.equal(justified.decision.satisfied, true);
    const bare = evaluate([record(0, approval("sec@example.com", { verdict: "override", justification: "  " }), SEC)], { decision: blocked });
    assert.equal(bare.decision.override, undefined);
    assert.deepEqual(reasons(bare.decision), ["sec@example.com: override without a justification"]);
    const outsider = evaluate([record(0, approval("alice@example.com", { verdict: "override", justification: "trust me" }), ALICE)], { decision: blocked });
    assert.deepEqual(reasons(outsider.decision), ["alice@example.com: alice@example.com is no member of the override group security"]);
    assert.equal(outsider.decision.satisfied, false);
    const custom = { ...seniors, approvals: { overrideGroup: "senior", bots: [] } };
    assert.equal(evaluate([record(0, approval("alice@example.com", { verdict: "override", justification: "ok" }), ALICE)], { decision: blocked, policy: custom }).decision.satisfied, true);
  });

  it("counts hypothetical approvals unsigned, but never the author's", () => {
    const result = evaluate([], { hypothetical: ["alice@example.com", "dana@example.com", "zed@example.com"] });
    assert.deepEqual(requirement(result.decision).satisfiedBy, ["alice@example.com"]);
    assert.deepEqual(requirement(result.decision).counted, [{ reviewer: "alice@example.com", signedBy: "alice@example.com", headTree: testChange().headTree }]);
    assert.deepEqual(result.problems, [
      "a hypothetical approval by dana@example.com would not count: author of the change: dana@example.com wrote part of it",
      "zed@example.com is no member of any group in the policy, so an approval by them would not count",
    ]);
  });
});
