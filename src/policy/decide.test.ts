import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Decision } from "../core/types.js";
import { decide } from "./decide.js";
import type { DecideInput } from "./facts.js";
import { defaultPolicy, parsePolicy, policyDigest } from "./loader.js";
import type { Policy } from "./schema.js";
import { aiCommit, aiLines, decideInput, file, finding } from "./test-support.js";

const POLICY = parsePolicy(
  [
    "version: 1",
    "tools:",
    "  approved: [claude-code, copilot]",
    "  models: ['anthropic/*']",
    "paths:",
    "  critical: ['infra/**']",
    "  high: ['src/payments/**']",
    "  low: ['docs/**']",
    "classification:",
    "  paths:",
    "    secret: ['keys/**']",
  ].join("\n"),
  "policy.yaml",
);

function reason(decision: Decision, name: string) {
  return decision.reasons.find((entry) => entry.ruleName === name);
}

const clean = decideInput([file("src/app.ts", 20), file("docs/guide.md", 5)], {
  lines: [aiLines("src/app.ts", 1, 20, { model: "anthropic/claude-sonnet-4" })],
  commits: [aiCommit("c1", { model: "anthropic/claude-sonnet-4" })],
});

interface DefaultCase {
  rule: string;
  input: DecideInput;
  outcome: string;
  group?: string;
  evidence: string[];
}

const DEFAULT_CASES: DefaultCase[] = [
  {
    rule: "critical-finding",
    input: decideInput([file("src/db.ts")], { findings: [finding("sast/sql-injection", "critical", "src/db.ts", 12)] }),
    outcome: "block",
    evidence: ["sast/sql-injection at src/db.ts:12"],
  },
  {
    rule: "secret-detected",
    input: decideInput([file("src/config.ts")], { findings: [finding("secrets/aws-access-key", "medium", "src/config.ts", 3)] }),
    outcome: "escalate",
    group: "security",
    evidence: ["secrets/aws-access-key at src/config.ts:3"],
  },
  {
    rule: "high-severity-finding",
    input: decideInput([file("src/page.ts")], { findings: [finding("sast/xss", "high", "src/page.ts", 7)] }),
    outcome: "review",
    group: "security",
    evidence: ["sast/xss at src/page.ts:7"],
  },
  {
    rule: "ai-in-critical-path",
    input: decideInput([file("infra/main.tf", 10)], { lines: [aiLines("infra/main.tf", 2, 4)] }),
    outcome: "review",
    group: "senior",
    evidence: ["infra/main.tf (3 AI lines)"],
  },
  {
    rule: "ai-auth-change",
    input: decideInput([file("src/Session/store.ts", 10)], { lines: [aiLines("src/Session/store.ts", 1, 5)] }),
    outcome: "review",
    group: "security",
    evidence: ["src/Session/store.ts (5 AI lines)"],
  },
  {
    rule: "unapproved-tool",
    input: decideInput([file("src/app.ts")], { lines: [aiLines("src/app.ts", 1, 2, { tool: "cursor" })] }),
    outcome: "block",
    evidence: ["cursor"],
  },
  {
    rule: "unapproved-model",
    input: decideInput([file("src/app.ts")], { commits: [aiCommit("c9", { model: "openai/gpt-4o" })] }),
    outcome: "block",
    evidence: ["openai/gpt-4o"],
  },
  {
    rule: "critical-vulnerability",
    input: decideInput([file("package-lock.json")], {
      deps: {
        added: ["npm:lodash@4.17.20", "npm:minimist@1.2.0"],
        malicious: [],
        hallucinated: [],
        typosquat: [],
        vulnerable: [
          { package: "npm:minimist@1.2.0", advisory: "GHSA-xvch-5gv4-984h", severity: "critical", aliases: ["CVE-2021-44906"] },
          { package: "npm:lodash@4.17.20", advisory: "GHSA-35jh-r3h4-6jhm", severity: "high", aliases: ["CVE-2021-23337"] },
        ],
      },
    }),
    outcome: "escalate",
    group: "security",
    evidence: ["npm:minimist@1.2.0 (GHSA-xvch-5gv4-984h)"],
  },
  {
    rule: "classification-violation",
    input: decideInput([file("keys/signing.ts", 4)], { lines: [aiLines("keys/signing.ts", 1, 4, { model: "anthropic/claude-sonnet-4" })] }),
    outcome: "block",
    evidence: ["keys/signing.ts (secret): claude-code / anthropic/claude-sonnet-4"],
  },
  {
    rule: "agent-config-change",
    input: decideInput([file("CLAUDE.md", 3)]),
    outcome: "review",
    group: "security",
    evidence: ["CLAUDE.md (modified)"],
  },
];

void describe("decide", () => {
  void test("a clean change passes with one reason saying no rule fired", () => {
    const decision = decide(POLICY, clean);
    assert.equal(decision.outcome, "pass");
    assert.deepEqual(decision.reasons.map((entry) => entry.ruleName), ["no-rule-fired"]);
    assert.match(decision.reasons[0]?.explanation ?? "", /No built-in or policy rule matched/);
    assert.deepEqual(decision.requiredApprovals, []);
    assert.equal(decision.changeId, "change-1");
    assert.equal(decision.policyDigest, policyDigest(POLICY));
  });

  for (const entry of DEFAULT_CASES) {
    void test(`built-in ${entry.rule} fires on a crafted change`, () => {
      const decision = decide(POLICY, entry.input);
      const fired = reason(decision, entry.rule);
      assert.ok(fired, `${entry.rule} did not fire: ${JSON.stringify(decision.reasons)}`);
      assert.equal(fired.outcome, entry.outcome);
      assert.deepEqual(fired.evidence, entry.evidence);
      assert.ok(fired.explanation.length > 20);
      if (entry.group !== undefined) {
        assert.ok(decision.requiredApprovals.some((approval) => approval.group === entry.group && approval.count === 1));
      }
    });

    void test(`built-in ${entry.rule} does not fire once disabled`, () => {
      const disabled: Policy = { ...POLICY, defaults: { disable: [entry.rule as Policy["defaults"]["disable"][number]] } };
      assert.equal(reason(decide(disabled, entry.input), entry.rule), undefined);
    });
  }

  void test("unapproved tools and models are only judged when the policy lists them", () => {
    const unlisted = decideInput([file("src/app.ts")], {
      lines: [aiLines("src/app.ts", 1, 2, { tool: "cursor", model: "openai/gpt-4o" })],
    });
    const decision = decide(defaultPolicy(), unlisted);
    assert.equal(reason(decision, "unapproved-tool"), undefined);
    assert.equal(reason(decision, "unapproved-model"), undefined);
    assert.equal(decision.outcome, "pass");
  });

  void test("a data class lets only the tools and models it names write its paths; an unnamed one counts as not allowed", () => {
    const policy = parsePolicy(
      "version: 1\nclassification:\n  paths: { confidential: ['src/billing/**'] }\n  classes:\n    confidential: { tools: [claude-code], models: ['anthropic/*'] }\n",
      "policy.yaml",
    );
    const allowed = decideInput([file("src/billing/charge.ts", 6)], { lines: [aiLines("src/billing/charge.ts", 1, 6, { model: "anthropic/claude-opus-4" })] });
    assert.equal(reason(decide(policy, allowed), "classification-violation"), undefined);
    const mixed = decideInput([file("src/billing/charge.ts", 6), file("src/app.ts", 6)], {
      lines: [
        aiLines("src/billing/charge.ts", 1, 2, { tool: "cursor", model: "anthropic/claude-opus-4" }),
        aiLines("src/billing/charge.ts", 3, 4),
        aiLines("src/app.ts", 1, 6, { tool: "cursor" }),
      ],
    });
    const fired = reason(decide(policy, mixed), "classification-violation");
    assert.deepEqual(fired?.evidence, ["src/billing/charge.ts (confidential): claude-code", "src/billing/charge.ts (confidential): cursor / anthropic/claude-opus-4"]);
  });

  void test("a tool's own models narrow the model patterns for that tool only", () => {
    const policy = parsePolicy("version: 1\ntools:\n  approved: [claude-code, { name: cursor, models: ['openai/*'] }]\n  models: ['anthropic/*', 'openai/*']\n", "policy.yaml");
    const input = decideInput([file("src/app.ts", 6)], {
      lines: [aiLines("src/app.ts", 1, 3, { model: "anthropic/claude-opus-4" }), aiLines("src/app.ts", 4, 6, { tool: "cursor", model: "anthropic/claude-sonnet-4" })],
    });
    assert.deepEqual(reason(decide(policy, input), "unapproved-model")?.evidence, ["anthropic/claude-sonnet-4"]);
  });

  void test("lines whose only evidence is heuristic never count as AI", () => {
    const heuristic = decideInput([file("infra/main.tf", 10)], {
      lines: [aiLines("infra/main.tf", 1, 10, { sources: ["heuristic"] })],
    });
    assert.equal(reason(decide(POLICY, heuristic), "ai-in-critical-path"), undefined);
    const corroborated = decideInput([file("infra/main.tf", 10)], {
      lines: [aiLines("infra/main.tf", 1, 10, { sources: ["heuristic", "hook"] })],
    });
    assert.ok(reason(decide(POLICY, corroborated), "ai-in-critical-path"));
  });

  void test("the outcome is the strictest fired rule and approvals are merged per group", () => {
    const policy = parsePolicy(
      [
        "version: 1",
        "rules:",
        "  - name: two-security-reviews",
        "    if: size(findings) > 0",
        "    then: review",
        "    group: security",
        "    count: 2",
        "  - name: one-security-look",
        "    if: size(findings) > 1",
        "    then: review",
        "    group: security",
      ].join("\n"),
      "policy.yaml",
    );
    const input = decideInput([file("src/a.ts"), file("CLAUDE.md")], {
      findings: [finding("sast/xss", "high", "src/a.ts", 1), finding("secrets/github-token", "high", "src/a.ts", 2)],
    });
    const decision = decide(policy, input);
    assert.equal(decision.outcome, "escalate");
    assert.deepEqual(
      decision.reasons.map((entry) => [entry.ruleName, entry.outcome]),
      [
        ["secret-detected", "escalate"],
        ["high-severity-finding", "review"],
        ["agent-config-change", "review"],
        ["two-security-reviews", "review"],
        ["one-security-look", "review"],
      ],
    );
    assert.deepEqual(decision.requiredApprovals, [{ group: "security", count: 2, satisfiedBy: [] }]);

    const withCritical = decide(policy, { ...input, findings: [...input.findings, finding("sast/rce", "critical", "src/a.ts", 3)] });
    assert.equal(withCritical.outcome, "block");
  });

  void test("a user rule blocks and lists its evidence", () => {
    const policy = parsePolicy(
      [
        "version: 1",
        "rules:",
        "  - name: no-ai-in-migrations",
        "    if: \"ai.lines > 0 && change.files.exists(f, f.path.startsWith('db/migrations/') && f.aiLines > 0)\"",
        "    then: block",
        "    explain: Database migrations are written by humans here.",
        "    evidence: \"change.files.filter(f, f.aiLines > 0).map(f, f.path)\"",
      ].join("\n"),
      "policy.yaml",
    );
    const migration = decideInput([file("db/migrations/001_init.sql", 8), file("src/model.ts", 4)], {
      lines: [aiLines("db/migrations/001_init.sql", 1, 8), aiLines("src/model.ts", 1, 4)],
    });
    const decision = decide(policy, migration);
    assert.equal(decision.outcome, "block");
    assert.deepEqual(reason(decision, "no-ai-in-migrations"), {
      ruleName: "no-ai-in-migrations",
      outcome: "block",
      explanation: "Database migrations are written by humans here.",
      evidence: ["db/migrations/001_init.sql", "src/model.ts"],
    });
    const humanMigration = decideInput([file("db/migrations/001_init.sql", 8)], { lines: [] });
    assert.equal(decide(policy, humanMigration).outcome, "pass");
  });

  void test("evidence is capped at twenty items", () => {
    const policy = parsePolicy("version: 1\nrules:\n  - name: list-all\n    if: 'true'\n    then: pass\n    evidence: change.paths\n", "p.yaml");
    const files = Array.from({ length: 30 }, (_, index) => file(`src/f${String(index).padStart(2, "0")}.ts`));
    const evidence = reason(decide(policy, decideInput(files)), "list-all")?.evidence ?? [];
    assert.equal(evidence.length, 20);
    assert.equal(evidence[0], "src/f00.ts");
    assert.equal(evidence[19], "… and 11 more");
  });

  void test("a rule that fails at run time blocks instead of crashing", () => {
    // Loads cleanly (on an empty change the list is empty), but divides by zero on a deleted file.
    const policy = parsePolicy(
      "version: 1\nrules:\n  - name: mostly-ai\n    if: change.files.exists(f, f.aiLines * 2 / f.addedLines > 1)\n    then: review\n",
      "policy.yaml",
    );
    const decision = decide(policy, decideInput([file("src/old.ts", 0, { status: "deleted", deletedLines: 9 })]));
    assert.equal(decision.outcome, "block");
    const failed = reason(decision, "mostly-ai");
    assert.ok(failed);
    assert.equal(failed.outcome, "block");
    assert.match(failed.explanation, /could not be evaluated \(.*divide by zero\).*blocks/);
    assert.deepEqual(decision.requiredApprovals, []);
  });

  void test("the decision does not depend on input order", () => {
    const findings = [finding("sast/xss", "high", "src/b.ts", 9), finding("sast/xss", "high", "src/a.ts", 1)];
    const files = [file("src/b.ts"), file("src/a.ts")];
    const forward = decide(POLICY, decideInput(files, { findings }));
    const backward = decide(POLICY, decideInput([...files].reverse(), { findings: [...findings].reverse() }));
    assert.deepEqual(forward, backward);
    assert.deepEqual(reason(forward, "high-severity-finding")?.evidence, ["sast/xss at src/a.ts:1", "sast/xss at src/b.ts:9"]);
  });
});
