import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Decision } from "../core/types.js";
import { approvalMarkdown, approvalState, approvalText, requirementStatus } from "./approvals.js";

const base: Decision = {
  outcome: "review",
  reasons: [],
  requiredApprovals: [],
  riskScore: 10,
  riskFactors: [],
  policyDigest: "d",
  changeId: "c",
};

describe("approval rendering", () => {
  it("says who satisfied a requirement, how many are missing, and who rejected", () => {
    assert.equal(requirementStatus({ group: "senior", count: 2, satisfiedBy: ["alice@x", "bob@x"] }), "satisfied by alice@x, bob@x (2 of 2)");
    assert.equal(requirementStatus({ group: "senior", count: 2, satisfiedBy: ["alice@x"] }), "still open: 1 more from senior (1 of 2: alice@x)");
    assert.equal(requirementStatus({ group: "senior", count: 1, satisfiedBy: [] }), "still open: 1 more from senior (0 of 1)");
    assert.equal(
      requirementStatus({ group: "senior", count: 1, satisfiedBy: ["alice@x"], rejectedBy: ["carol@x"] }),
      "still open: rejected by carol@x (1 of 1 approved: alice@x)",
    );
  });

  it("lists delegated and ignored approvals under their group and the rest once, and marks an override", () => {
    const decision: Decision = {
      ...base,
      satisfied: true,
      override: { by: "sec@x", justification: "outage", entry: 9, time: "2026-03-01T10:00:00.000Z" },
      requiredApprovals: [
        {
          group: "senior",
          count: 1,
          satisfiedBy: ["alice@x"],
          rules: ["ai-in-critical-path"],
          counted: [{ reviewer: "alice@x", signedBy: "dave@x", entry: 4, headTree: "t" }],
          ignored: [{ reviewer: "sec@x", verdict: "approve", entry: 5, group: "senior", reason: "sec@x is no member of group senior" }],
        },
      ],
      ignoredApprovals: [{ reviewer: "mallory@x", verdict: "approve", entry: 6, reason: "signature does not verify" }],
    };
    assert.deepEqual(approvalText(decision), [
      "",
      "Approvals required:",
      "  senior: satisfied by alice@x (1 of 1)  [ai-in-critical-path]",
      "      + alice@x: signed by delegate dave@x (entry 4)",
      "      - ignored sec@x (approve, entry 5): sec@x is no member of group senior",
      "",
      "Overridden by sec@x (entry 9, 2026-03-01T10:00:00.000Z): outage",
      "",
      "Ignored approvals:",
      "  mallory@x (approve, entry 6): signature does not verify",
    ]);
    assert.equal(approvalState(decision), " — OVERRIDDEN");
    const markdown = approvalMarkdown(decision).join("\n");
    assert.match(markdown, /<summary>Approvals that did not count \(2\)<\/summary>/);
    assert.match(markdown, /- sec@x \(approve, entry 5, for senior\): sec@x is no member of group senior/);
  });

  it("adds nothing to the headline before approvals are evaluated", () => {
    assert.equal(approvalState(base), "");
    assert.equal(approvalState({ ...base, satisfied: false }), "");
    assert.equal(approvalState({ ...base, satisfied: true }), " — approvals satisfied");
  });
});
