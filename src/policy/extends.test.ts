import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CustodyError, isCustodyError } from "../core/errors.js";
import { formatIssue } from "./document.js";
import { MAX_EXTENDS_DEPTH, loadPolicyChain } from "./extends.js";
import type { PolicyOrigin, PolicyReaders } from "./extends.js";
import { policyDigest } from "./loader.js";
import type { Policy } from "./schema.js";

/** Policy files on an imaginary disk, by absolute path. */
function disk(files: Record<string, string>): PolicyReaders {
  return { readFile: (path) => Promise.resolve(files[path]) };
}

function at(path: string): PolicyOrigin {
  return { kind: "file", path, display: path };
}

async function load(files: Record<string, string>, root = "/repo/.custody/policy.yaml"): Promise<Policy> {
  const text = files[root];
  assert.ok(text !== undefined, `no ${root}`);
  const result = await loadPolicyChain(text, at(root), disk(files));
  assert.ok(result.ok, result.ok ? "" : result.errors.map(formatIssue).join("\n"));
  return result.policy;
}

async function errors(files: Record<string, string>, root = "/repo/.custody/policy.yaml"): Promise<string[]> {
  const result = await loadPolicyChain(files[root] ?? "", at(root), disk(files));
  assert.ok(!result.ok, "expected the chain to be refused");
  return result.errors.map(formatIssue);
}

function find(lines: string[], pattern: RegExp): string {
  const line = lines.find((entry) => pattern.test(entry));
  assert.ok(line, `no line matching ${String(pattern)} in:\n${lines.join("\n")}`);
  return line;
}

const ORG = [
  "version: 1",
  "tools:",
  "  approved: [claude-code, copilot, { name: cursor, models: ['openai/*', 'anthropic/*'] }]",
  "  models: ['anthropic/*', 'openai/gpt-5*']",
  "groups:",
  "  security: { members: [sam@example.com] }",
  "defaults:",
  "  disable: [high-severity-finding]",
  "rules:",
  "  - name: no-ai-migrations",
  "    if: \"change.files.exists(f, f.path.startsWith('db/') && f.aiLines > 0)\"",
  "    then: block",
  "allow:",
  "  - reason: revoked fixture tokens",
  "    paths: ['test/fixtures/**']",
].join("\n");

const REPO = "/repo/.custody/policy.yaml";

function repo(...lines: string[]): string {
  return ["version: 1", "extends: ../../org/base.yaml", ...lines].join("\n");
}

void describe("extends", () => {
  void test("the org's rules, groups and allow entries apply, and the repository adds its own", async () => {
    const policy = await load({
      "/org/base.yaml": ORG,
      [REPO]: repo("groups:", "  platform: { members: [pat@example.com] }", "rules:", "  - name: big-ai", "    if: ai.lines > 400", "    then: review", "    group: platform", "allow:", "  - reason: demo key", "    rules: ['secrets/demo']"),
    });
    assert.deepEqual(policy.sources, ["/org/base.yaml", REPO]);
    assert.deepEqual(policy.rules.map((rule) => [rule.name, rule.source]), [["no-ai-migrations", "/org/base.yaml"], ["big-ai", REPO]]);
    assert.deepEqual(Object.keys(policy.groups).sort(), ["platform", "security"]);
    assert.deepEqual(policy.allow.map((entry) => entry.reason), ["revoked fixture tokens", "demo key"]);
    assert.deepEqual(policy.defaults.disable, ["high-severity-finding"], "a built-in the org turns off stays off");
    assert.deepEqual(policy.tools?.approved, ["claude-code", "copilot", "cursor"]);
  });

  void test("a repository rule may name a group only the org defines", async () => {
    const policy = await load({ "/org/base.yaml": ORG, [REPO]: repo("rules:", "  - name: r", "    if: 'ai.lines > 1'", "    then: escalate", "    group: security") });
    assert.equal(policy.rules[1]?.group, "security");
  });

  void test("an org rule cannot be redefined, and the error names both files and lines", async () => {
    const lines = await errors({ "/org/base.yaml": ORG, [REPO]: repo("rules:", "  - name: no-ai-migrations", "    if: 'false'", "    then: pass") });
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? "", /^\/repo\/\.custody\/policy\.yaml:4:11: rules\[0\]\.name: "no-ai-migrations" is already defined by \/org\/base\.yaml:10:11; .*cannot be redefined or removed/);
  });

  void test("a built-in the org keeps on cannot be turned off", async () => {
    const lines = await errors({ "/org/base.yaml": ORG, [REPO]: repo("defaults:", "  disable: [critical-finding, high-severity-finding]") });
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0] ?? "", /policy\.yaml:4:\d+: defaults\.disable\[0\]: critical-finding is on in \/org\/base\.yaml/);
  });

  void test("tools and models can be narrowed, never widened", async () => {
    const narrowed = await load({
      "/org/base.yaml": ORG,
      [REPO]: repo("tools:", "  approved: [claude-code, { name: cursor, models: ['anthropic/claude-*'] }]", "  models: ['anthropic/claude-*']"),
    });
    assert.deepEqual(narrowed.tools, { approved: ["claude-code", "cursor"], models: ["anthropic/claude-*"], toolModels: { cursor: ["anthropic/claude-*"] } });

    const lines = await errors({
      "/org/base.yaml": ORG,
      [REPO]: repo("tools:", "  approved: [claude-code, aider, { name: cursor, models: ['google/*'] }]", "  models: ['openai/*', 'anthropic/claude-opus-4']"),
    });
    assert.match(find(lines, /approved\[1\]/), /aider is not among the approved tools and models of \/org\/base\.yaml:3:\d+; a later policy can only narrow them/);
    assert.match(find(lines, /approved\[2\]\.models\[0\]/), /"google\/\*" is not within the cursor model patterns of \/org\/base\.yaml:3:\d+ \(openai\/\*, anthropic\/\*\)/);
    assert.match(find(lines, /tools\.models\[0\]/), /"openai\/\*" is not within the model patterns of \/org\/base\.yaml:4:\d+/);
    assert.equal(lines.filter((line) => line.includes("tools.models[1]")).length, 0, "a literal model inside the org's patterns is a narrowing");
  });

  void test("a repository keeps the org's per-tool models when it lists the tool by name", async () => {
    const policy = await load({ "/org/base.yaml": ORG, [REPO]: repo("tools:", "  approved: [cursor]") });
    assert.deepEqual(policy.tools?.toolModels, { cursor: ["openai/*", "anthropic/*"] });
  });

  void test("classification: paths add up, the class can be raised but not lowered, and secret stays closed", async () => {
    const org = "version: 1\nclassification:\n  default: confidential\n  paths:\n    secret: ['keys/**']\n  classes:\n    confidential: { tools: [claude-code] }\n";
    const raised = await load({ "/org/base.yaml": org, [REPO]: repo("classification:", "  default: secret", "  paths:", "    secret: ['src/hsm/**']") });
    assert.equal(raised.classification.default, "secret");
    assert.deepEqual(raised.classification.paths.secret, ["keys/**", "src/hsm/**"]);
    assert.deepEqual(raised.classification.allow.confidential.approved, ["claude-code"]);

    const lines = await errors({
      "/org/base.yaml": org,
      [REPO]: repo("classification:", "  default: internal", "  classes:", "    confidential: { tools: [claude-code, cursor] }", "    secret: { tools: [claude-code] }"),
    });
    assert.match(find(lines, /classification\.default/), /base\.yaml:3:\d+ classifies the repository as confidential; a later policy can raise the class, not lower it/);
    assert.match(find(lines, /classes\.confidential\.tools\[1\]/), /cursor is not among the tools and models confidential paths allow of \/org\/base\.yaml:7:\d+/);
    assert.match(find(lines, /classes\.secret\.tools\[0\]/), /claude-code is not among the tools and models secret paths allow of the built-in default \(not set in \/org\/base\.yaml\)/);
  });

  void test("risk path classes add to the org's, including the defaults it leaves in place", async () => {
    const policy = await load({ "/org/base.yaml": "version: 1\n", [REPO]: repo("paths:", "  critical: ['src/billing/**']") });
    assert.ok(policy.paths.critical.includes("**/auth/**"), "the org's (default) critical paths still apply");
    assert.ok(policy.paths.critical.includes("src/billing/**"));
  });

  void test("groups, prompt privacy and other org settings cannot be changed", async () => {
    const org = "version: 1\ngroups:\n  security: { members: [sam@example.com] }\nprivacy: { storePrompts: false }\napprovals: { overrideGroup: security }\n";
    const lines = await errors({
      "/org/base.yaml": org,
      [REPO]: repo("groups:", "  security: { members: [sam@example.com, mallory@example.com] }", "privacy: { storePrompts: true }", "approvals: { overrideGroup: senior }"),
    });
    assert.match(find(lines, /groups\.security/), /group "security" is already defined by \/org\/base\.yaml:3:\d+; a later policy cannot change its members/);
    assert.match(find(lines, /privacy\.storePrompts/), /base\.yaml:4:\d+ keeps prompt text out/);
    assert.match(find(lines, /: approvals:/), /`approvals` is already set by \/org\/base\.yaml:5:\d+/);
  });

  void test("every file's own errors are reported together, each at its file and line", async () => {
    const lines = await errors({ "/org/base.yaml": "version: 1\nrules:\n  - name: r\n    if: ai.lnes > 1\n    then: block\n", [REPO]: repo("tools:", "  approved: [copilt]") });
    find(lines, /^\/org\/base\.yaml:4:\d+: rules\[0\]\.if: .*lnes/);
    find(lines, /^\/repo\/\.custody\/policy\.yaml:4:\d+: tools\.approved\[0\]: .*did you mean `copilot`/);
  });

  void test("a missing file is reported at the extends line that names it", async () => {
    const lines = await errors({ [REPO]: repo() });
    assert.match(lines[0] ?? "", /^\/repo\/\.custody\/policy\.yaml:2:10: extends: no policy file at \/org\/base\.yaml; check the path/);
  });

  void test("a cycle is an error naming the files in it", async () => {
    const lines = await errors({ "/a.yaml": "version: 1\nextends: b.yaml\n", "/b.yaml": "version: 1\nextends: [a.yaml]\n" }, "/a.yaml");
    assert.match(find(lines, /cycle/), /^\/b\.yaml:2:\d+: extends\[0\]: extends cycle: \/a\.yaml → \/b\.yaml → \/a\.yaml/);
  });

  void test(`a chain deeper than ${MAX_EXTENDS_DEPTH} files is an error`, async () => {
    const files: Record<string, string> = {};
    for (let level = 0; level <= MAX_EXTENDS_DEPTH + 1; level++) files[`/p${level}.yaml`] = `version: 1\nextends: p${level + 1}.yaml\n`;
    files[`/p${MAX_EXTENDS_DEPTH + 2}.yaml`] = "version: 1\n";
    const lines = await errors(files, "/p0.yaml");
    assert.match(find(lines, /deeper/), new RegExp(`^/p${MAX_EXTENDS_DEPTH}\\.yaml:2:\\d+: extends: the extends chain is deeper than ${MAX_EXTENDS_DEPTH} files`));
    const exact: Record<string, string> = {};
    for (let level = 0; level < MAX_EXTENDS_DEPTH; level++) exact[`/p${level}.yaml`] = `version: 1\nextends: p${level + 1}.yaml\n`;
    exact[`/p${MAX_EXTENDS_DEPTH}.yaml`] = "version: 1\n";
    assert.equal((await load(exact, "/p0.yaml")).sources?.length, MAX_EXTENDS_DEPTH + 1);
  });

  void test("a file two org policies share is read once", async () => {
    const core = "version: 1\nrules:\n  - name: core-rule\n    if: 'false'\n    then: block\n";
    const policy = await load({
      "/org/core.yaml": core,
      "/org/a.yaml": "version: 1\nextends: core.yaml\n",
      "/org/b.yaml": "version: 1\nextends: core.yaml\n",
      [REPO]: "version: 1\nextends: [../../org/a.yaml, ../../org/b.yaml]\n",
    });
    assert.deepEqual(policy.sources, ["/org/core.yaml", "/org/a.yaml", "/org/b.yaml", REPO]);
    assert.deepEqual(policy.rules.map((rule) => rule.name), ["core-rule"]);
  });

  void test("at a commit, relative paths are read from the same commit and may not leave the repository", async () => {
    const tree: Record<string, string> = { ".custody/policy.yaml": "version: 1\nextends: ../org/base.yaml\n", "org/base.yaml": ORG };
    const readers: PolicyReaders = { readAtCommit: (commit, path) => Promise.resolve(commit === "c0ffee" ? tree[path] : undefined) };
    const result = await loadPolicyChain(tree[".custody/policy.yaml"] ?? "", { kind: "commit", commit: "c0ffee", path: ".custody/policy.yaml" }, readers);
    assert.ok(result.ok);
    assert.deepEqual(result.policy.sources, ["c0ffee:org/base.yaml", "c0ffee:.custody/policy.yaml"]);

    const escape = await loadPolicyChain("version: 1\nextends: ../../outside.yaml\n", { kind: "commit", commit: "c0ffee", path: ".custody/policy.yaml" }, readers);
    assert.ok(!escape.ok);
    assert.match(formatIssue(escape.errors[0] ?? { source: "", line: 0, col: 0, field: "", message: "" }), /extends: \.\.\/\.\.\/outside\.yaml leaves the repository/);
  });

  void test("the digest covers the merged policy, not the file names", async () => {
    const base = policyDigest(await load({ "/org/base.yaml": ORG, [REPO]: repo() }));
    const moved = policyDigest(await load({ "/elsewhere/org.yaml": ORG, [REPO]: "version: 1\nextends: /elsewhere/org.yaml\n" }));
    assert.equal(moved, base);
    const stricter = policyDigest(await load({ "/org/base.yaml": ORG.replace("then: block", "then: review"), [REPO]: repo() }));
    assert.notEqual(stricter, base, "a change to an org rule changes the digest of every policy that extends it");
  });

  void test("a URL that cannot be fetched stops the load with its reason, at the extends line", async () => {
    const readers: PolicyReaders = { fetchUrl: () => Promise.reject(new Error("unused")) };
    const offline: PolicyReaders = {
      fetchUrl: (url) => Promise.reject(new CustodyError("policy-unreachable", `${url}: cannot fetch this policy (cannot connect (ENOTFOUND))`)),
    };
    const text = "version: 1\nextends: https://policies.example.com/org.yaml\n";
    await assert.rejects(loadPolicyChain(text, at(REPO), offline), (error: unknown) => {
      assert.ok(isCustodyError(error));
      assert.equal(error.code, "policy-unreachable");
      assert.match(error.message, /^\/repo\/\.custody\/policy\.yaml:2:10: extends: https:\/\/policies\.example\.com\/org\.yaml: cannot fetch this policy \(cannot connect \(ENOTFOUND\)\)/);
      return true;
    });
    await assert.rejects(loadPolicyChain(text, at(REPO), readers), /unused/, "other failures are not disguised as policy errors");
  });
});
