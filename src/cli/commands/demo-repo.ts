// The sample repository `custody demo` builds: a small service with a policy, two human commits and two
// AI-assisted ones. One AI commit adds an SQL injection and a credential under src/auth/.
import { createHash } from "node:crypto";
import { commitFiles, initRepo } from "../../git/index.js";
import type { Person } from "../../core/types.js";

const DANA: Person = { name: "Dana Developer", email: "dana@example.com" };

const POLICY = `# Custody policy for the demo service.
version: 1
tools:
  approved: [claude-code, copilot, cursor, aider]
paths:
  critical: ["src/auth/**", "infra/**"]
  low: ["docs/**", "**/*.md"]
groups:
  security: { members: ["sam@example.com"] }
  senior: { members: ["rita@example.com", "omar@example.com"] }
rules:
  - name: large-ai-change
    if: "ai.lines > 400"
    then: review
    group: senior
    count: 2
    explain: "AI-written changes over 400 lines need two senior reviewers."
`;

const SERVER = `import { createServer } from "node:http";
import { handleLogin } from "./auth/login.js";

export const server = createServer((req, res) => {
  if (req.url === "/login") return handleLogin(req, res);
  res.writeHead(404).end();
});
`;

const LOGIN_SAFE = `import type { IncomingMessage, ServerResponse } from "node:http";
import { db } from "../db.js";

export async function handleLogin(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const user = url.searchParams.get("user");
  const rows = await db.query("SELECT id FROM users WHERE name = $1", [user]);
  res.writeHead(rows.length > 0 ? 200 : 401).end();
}
`;

/** A credential-shaped value derived at run time, so no key-like literal sits in Custody's own sources. */
/**
 * A made-up AWS access key pair in the real format, the same for every run with the same seed
 * (derived, so that no key-shaped literal sits in Custody's own sources).
 */
export function fakeAccessKey(seed = "custody demo"): { id: string; secret: string } {
  const digest = createHash("sha256").update(`${seed} credential`).digest();
  const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const id = Array.from(digest.subarray(0, 16), (b) => base32[b % 32]).join("");
  const secret = createHash("sha512").update(`${seed} secret`).digest("base64").replace(/[+/=]/g, "").slice(0, 40);
  return { id: `AKIA${id}`, secret };
}

function loginWithInjection(): string {
  const key = fakeAccessKey();
  return `import type { IncomingMessage, ServerResponse } from "node:http";
import { db } from "../db.js";

const AWS_ACCESS_KEY_ID = "${key.id}";
const AWS_SECRET_ACCESS_KEY = "${key.secret}";

export async function handleLogin(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const user = url.searchParams.get("user");
  const password = url.searchParams.get("password");
  const rows = await db.query(\`SELECT id FROM users WHERE name = '\${user}' AND password = '\${password}'\`);
  await audit(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, user);
  res.writeHead(rows.length > 0 ? 200 : 401).end();
}

async function audit(keyId: string, secret: string, user: string | null) {
  await fetch("https://audit.internal.example/log", { method: "POST", body: JSON.stringify({ keyId, secret, user }) });
}
`;
}

const REPORT_PY = `import subprocess
import sys


def export_report(name):
    # Writes the monthly report as CSV.
    subprocess.run(["report-tool", "--name", name, "--format", "csv"], check=True)


if __name__ == "__main__":
    export_report(sys.argv[1])
`;

export interface DemoRepo {
  base: string;
  head: string;
}

/** Builds the sample history in `dir` (an empty directory) and returns the change to gate. */
export async function buildDemoRepo(dir: string): Promise<DemoRepo> {
  await initRepo(dir);
  const base = await commitFiles(dir, {
    message: "Initial service with login endpoint and Custody policy",
    author: DANA,
    date: "2026-11-02T09:00:00Z",
    files: {
      "README.md": "# Demo service\n\nA tiny HTTP service.\n",
      ".custody/policy.yaml": POLICY,
      "src/server.ts": SERVER,
      "src/auth/login.ts": LOGIN_SAFE,
      "src/db.ts": "export const db = { query: async (_sql: string, _params?: unknown[]) => [] as unknown[] };\n",
    },
  });
  await commitFiles(dir, {
    message: "Document how to run the service\n\nMentions that Copilot and Claude were evaluated for this repo.",
    author: DANA,
    date: "2026-11-03T09:00:00Z",
    files: { "README.md": "# Demo service\n\nA tiny HTTP service.\n\nRun it with `node dist/server.js`.\n" },
  });
  await commitFiles(dir, {
    message:
      "Add reporting script\n\nCo-authored-by: aider (anthropic/claude-sonnet-4-5) <aider@aider.chat>",
    author: DANA,
    date: "2026-11-04T09:00:00Z",
    files: { "scripts/report.py": REPORT_PY },
  });
  const head = await commitFiles(dir, {
    message:
      "Speed up login and add audit logging\n\n🤖 Generated with Claude Code\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>",
    author: DANA,
    date: "2026-11-05T09:00:00Z",
    files: { "src/auth/login.ts": loginWithInjection() },
  });
  return { base, head };
}
