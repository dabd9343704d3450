// A repository with reviewers and their keys, for the approval tests that drive the CLI: a policy at
// the base commit listing the reviewers, and an AI-written change under src/auth/ by Dana.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { formatOpenSshPrivateKey, formatSshPublicKey } from "../../src/approvals/index.js";
import { testKey } from "../../src/approvals/test-support.js";
import { bufferIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/run.js";
import type { Person } from "../../src/core/types.js";
import { commitFiles } from "../../src/git/index.js";
import { tempDir, tempRepo } from "./git-repo.js";

export const DANA: Person = { name: "Dana Dev", email: "dana@example.com" };
export const CLAUDE = "Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>";

export interface Cli {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs custody at a fixed clock, with caches in a temporary directory. */
export function cli(cache: string, now = "2026-03-01T10:00:00.000Z") {
  return async (cwd: string, ...argv: string[]): Promise<Cli> => {
    const io = bufferIo({ cwd, now: () => new Date(now), env: { USER: "tester", XDG_CACHE_HOME: cache, HOME: cache } });
    const status = await run(argv, io);
    return { status, stdout: io.stdout(), stderr: io.stderr() };
  };
}

/** Writes test key `n` as an unencrypted OpenSSH private key file and returns its path. */
export async function keyFile(dir: string, name: string, n: number): Promise<string> {
  const key = testKey(n);
  const path = join(dir, name);
  const seed = new Uint8Array(32).fill(n);
  await writeFile(path, formatOpenSshPrivateKey({ seed, publicKey: key.publicKey.raw, comment: name }, 0x1234abcd), { mode: 0o600 });
  return path;
}

export const KEYS = { alice: 1, bob: 2, bob2: 22, carol: 3, dana: 4, sec: 5, dave: 6, eve: 7, bot: 8, mallory: 9 } as const;
export type KeyName = keyof typeof KEYS;

export function publicKey(name: KeyName, form: "raw" | "ssh" = "raw"): string {
  const key = testKey(KEYS[name]).publicKey;
  return form === "ssh" ? formatSshPublicKey(key.raw, `${name}@laptop`) : key.text;
}

/**
 * The policy the tests use: two seniors required for AI code in critical paths (about `paths` when
 * given); security overrides.
 */
export function reviewersPolicy(extra = "", paths?: string[]): string {
  return `version: 1
groups:
  senior:
    members:
      - id: alice@example.com
        keys: ["${publicKey("alice")}"]
      - id: bob@example.com
        keys: ["${publicKey("bob")}", "${publicKey("bob2", "ssh")}"]
      - id: carol@example.com
        keys: ["${publicKey("carol")}"]
      - id: dana@example.com
        keys: ["${publicKey("dana")}"]
      - id: release-bot[bot]
        keys: ["${publicKey("bot")}"]
  security:
    members:
      - id: sec@example.com
        keys: ["${publicKey("sec")}"]
defaults:
  disable: [ai-auth-change]
rules:
  - name: two-seniors
    if: "ai.criticalLines > 0"
    then: review
    group: senior
    count: 2
    explain: AI-written code in a critical path needs two senior reviewers.
${paths ? `    paths: ${JSON.stringify(paths)}\n` : ""}${extra}`;
}

export interface Fixture {
  repo: string;
  keys: string;
  base: string;
  head: string;
  custody: ReturnType<typeof cli>;
  key(name: KeyName): Promise<string>;
}

/** The repository, a key directory, and a `custody` runner. */
export async function fixture(t: TestContext, policy = reviewersPolicy()): Promise<Fixture> {
  const repo = await tempRepo(t);
  const keys = await tempDir(t, "custody-keys-");
  const base = await commitFiles(repo, { message: "init", author: DANA, files: { "README.md": "# app\n", ".custody/policy.yaml": policy } });
  const head = await commitFiles(repo, {
    message: `Add login check\n\n${CLAUDE}`,
    author: DANA,
    files: { "src/auth/login.js": "export function canLogin(user) {\n  return user.active === true;\n}\n" },
  });
  return { repo, keys, base, head, custody: cli(keys), key: (name) => keyFile(keys, name, KEYS[name]) };
}
