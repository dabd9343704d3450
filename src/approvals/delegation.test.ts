import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Decision } from "../core/types.js";
import { evaluateApprovals } from "./evaluate.js";
import type { SignedRecord } from "./records.js";
import { approval, delegation, policyWith, record, reviewDecision, testChange, testKey } from "./test-support.js";

const ALICE = testKey(1);
const BOB = testKey(2);
const DAVE = testKey(6);
const EVE = testKey(7);
const SEC = testKey(5);

const policy = policyWith({
  senior: [["alice@example.com", [ALICE]], ["bob@example.com", [BOB]]],
  security: [["sec@example.com", [SEC]]],
});

function evaluate(records: SignedRecord[], decision: Decision = reviewDecision([["senior", 1]])) {
  return evaluateApprovals({ decision, policy, change: testChange(), records, changedSince: new Map() });
}

const onBehalf = (reviewer: string, delegator: string, time = "2026-03-01T10:00:00.000Z") =>
  approval(reviewer, { reviewer: { id: reviewer, onBehalfOf: delegator }, time });

describe("delegation", () => {
  it("counts a delegate's approval within the period as the delegator's", () => {
    const result = evaluate([delegation(0, "alice@example.com", "dave@example.com", DAVE, ALICE), record(1, onBehalf("dave@example.com", "alice@example.com"), DAVE)]);
    const senior = result.decision.requiredApprovals[0];
    assert.deepEqual(senior?.satisfiedBy, ["alice@example.com"]);
    assert.deepEqual(senior.counted, [{ reviewer: "alice@example.com", signedBy: "dave@example.com", entry: 1, headTree: testChange().headTree }]);
    assert.equal(result.decision.satisfied, true);
  });

  it("ignores a delegate's approval after the delegation expired, saying until when", () => {
    const late = "2026-05-01T10:00:00.000Z";
    const result = evaluate([
      delegation(0, "alice@example.com", "dave@example.com", DAVE, ALICE),
      record(1, onBehalf("dave@example.com", "alice@example.com", late), DAVE, late),
    ]);
    assert.deepEqual(result.decision.ignoredApprovals?.map((i) => i.reason), [
      "expired delegation: alice@example.com delegated to dave@example.com until 2026-04-01T00:00:00.000Z",
    ]);
    assert.equal(result.decision.satisfied, false);
  });

  it("rejects chained delegation, self-delegation, delegation by a non-member and of a group the member is not in", () => {
    const result = evaluate([
      delegation(0, "alice@example.com", "dave@example.com", DAVE, ALICE),
      delegation(1, "dave@example.com", "eve@example.com", EVE, DAVE),
      delegation(2, "bob@example.com", "bob@example.com", testKey(30), BOB),
      delegation(3, "eve@example.com", "frank@example.com", testKey(31), EVE),
      delegation(4, "bob@example.com", "gina@example.com", testKey(32), BOB, { groups: ["security"] }),
      record(5, onBehalf("eve@example.com", "dave@example.com"), EVE),
    ]);
    assert.deepEqual(
      result.delegations.rejected.map((r) => `${r.entry}: ${r.reason}`),
      [
        "1: chained delegation: dave@example.com is a delegate of alice@example.com, and a delegate cannot delegate further",
        "2: self-delegation: the delegate is the delegator",
        "3: delegation by eve@example.com, who is no member of any group in the policy",
        "4: bob@example.com is no member of group security, so cannot delegate it",
      ],
    );
    assert.deepEqual(result.decision.ignoredApprovals?.map((i) => i.reason), [
      "signed by eve@example.com under a delegation that does not count (entry 1: chained delegation: dave@example.com is a delegate of alice@example.com, and a delegate cannot delegate further)",
    ]);
  });

  it("limits a delegation to the groups it names", () => {
    const both = policyWith({ senior: [["alice@example.com", [ALICE]]], security: [["alice@example.com", [ALICE]]] });
    const records = [
      delegation(0, "alice@example.com", "dave@example.com", DAVE, ALICE, { groups: ["senior"] }),
      record(1, onBehalf("dave@example.com", "alice@example.com"), DAVE),
    ];
    const result = evaluateApprovals({ decision: reviewDecision([["security", 1], ["senior", 1]], ["ai-auth-change", "ai-in-critical-path"]), policy: both, change: testChange(), records, changedSince: new Map() });
    const [security, senior] = result.decision.requiredApprovals;
    assert.deepEqual(senior?.satisfiedBy, ["alice@example.com"]);
    assert.deepEqual(security?.satisfiedBy, []);
    assert.deepEqual(security.ignored?.map((i) => i.reason), ["the delegation from alice@example.com to dave@example.com covers senior, not security"]);
  });

  it("does not accept an override signed under a delegation", () => {
    const withSec = [
      delegation(0, "sec@example.com", "dave@example.com", DAVE, SEC),
      record(1, approval("dave@example.com", { verdict: "override", justification: "urgent", reviewer: { id: "dave@example.com", onBehalfOf: "sec@example.com" } }), DAVE),
    ];
    const result = evaluate(withSec, { ...reviewDecision([["senior", 1]]), outcome: "block" });
    assert.equal(result.decision.override, undefined);
    assert.deepEqual(result.decision.ignoredApprovals?.map((i) => i.reason), ["an override cannot be signed under a delegation"]);
  });
});
