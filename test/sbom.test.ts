// `custody sbom` on real repositories: the document validates against the CycloneDX 1.6 schema and names
// the dependencies the files pin and the AI model that wrote the code.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { commitFiles, runGit } from "../src/git/index.js";
import { ALICE, tempRepo } from "./helpers/git-repo.js";

interface Component {
  type: string;
  name: string;
  version?: string;
  "bom-ref"?: string;
  purl?: string;
  scope?: string;
  hashes?: { alg: string; content: string }[];
  externalReferences?: { url: string; type: string }[];
  properties?: { name: string; value: string }[];
}
interface Document {
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp: string; component: Component; tools: { components: Component[] }; properties?: { name: string; value: string }[] };
  components: Component[];
}

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

async function custody(cwd: string, ...argv: string[]) {
  const io = bufferIo({ cwd, now: () => new Date("2026-11-21T10:00:00Z") });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

const PACKAGE_LOCK = `${JSON.stringify(
  {
    name: "shop",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "shop", version: "1.0.0", dependencies: { express: "^4.19.2" }, devDependencies: { typescript: "^5.4.0" } },
      "node_modules/express": {
        version: "4.19.2",
        resolved: "https://registry.npmjs.org/express/-/express-4.19.2.tgz",
        integrity: "sha512-5T6nhjsT+EOMzuck8JjBHARTHfMht0POzlA60WV2pMD3gyXw2LZnZ+ueGdNxG+0calOJcWKbpFcuzLZ91YWq9Q==",
        license: "MIT",
      },
      "node_modules/typescript": {
        version: "5.4.5",
        resolved: "https://registry.npmjs.org/typescript/-/typescript-5.4.5.tgz",
        integrity: "sha512-vcI4UpRgg81oIRUFwR0WSIHKt11nJ7SAVlYNIu+QpqeyXP+gpQJy/Z4+F0aGxSE4MqwjyXvW/TzgkLAx2AGHwQ==",
        dev: true,
        license: "Apache-2.0",
      },
    },
  },
  null,
  2,
)}\n`;

const REQUIREMENTS = "requests==2.31.0 \\\n    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f\nflask>=2.0\n";

const APP = "import express from 'express';\nconst app = express();\napp.get('/', (_req, res) => res.send('ok'));\napp.listen(3000);\n";

/** A repository whose first commit, by a person, adds the dependency files and whose second, by Claude Code, adds the app. */
async function shopRepo(t: TestContext) {
  const repo = await tempRepo(t, "shop");
  const base = await commitFiles(repo, {
    message: "Add dependencies",
    author: ALICE,
    files: { "package-lock.json": PACKAGE_LOCK, "requirements.txt": REQUIREMENTS },
  });
  const head = await commitFiles(repo, {
    message: "Add the server\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>",
    author: ALICE,
    files: { "src/server.js": APP },
  });
  return { repo, base, head };
}

function sbom(stdout: string): Document {
  return JSON.parse(stdout) as Document;
}

const byRef = (doc: Document, ref: string): Component | undefined => doc.components.find((c) => c["bom-ref"] === ref);
const values = (c: { properties?: { name: string; value: string }[] } | undefined, name: string): string[] => (c?.properties ?? []).filter((p) => p.name === name).map((p) => p.value);

describe("custody sbom", () => {
  it("writes a CycloneDX 1.6 SBOM the schema accepts, with the lockfile's packages and the model that wrote the code", async (t) => {
    const { repo, head } = await shopRepo(t);
    const result = await custody(repo, "sbom");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(await validator.validate(result.stdout), null);
    const doc = sbom(result.stdout);
    assert.equal(doc.specVersion, "1.6");
    assert.match(doc.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal(doc.metadata.timestamp, "2026-11-21T10:00:00.000Z");
    assert.deepEqual([doc.metadata.component.name, doc.metadata.component.version], ["shop", head.slice(0, 7)]);
    assert.equal(doc.metadata.tools.components[0]?.name, "Custody");

    assert.deepEqual(
      doc.components.filter((c) => c.type === "library").map((c) => c.purl),
      ["pkg:npm/express@4.19.2", "pkg:pypi/flask", "pkg:pypi/requests@2.31.0"],
    );
    assert.equal(byRef(doc, "pkg:npm/express@4.19.2")?.hashes?.[0]?.alg, "SHA-512");
    assert.deepEqual(byRef(doc, "pkg:pypi/requests@2.31.0")?.hashes, [
      { alg: "SHA-256", content: "58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f" },
    ]);

    const model = byRef(doc, "custody:ai-model/anthropic/claude-sonnet-4-5");
    assert.equal(model?.type, "machine-learning-model");
    assert.equal(model.name, "anthropic/claude-sonnet-4-5");
    assert.deepEqual(values(model, "custody:lines"), ["4"]);
    assert.deepEqual(values(model, "custody:file"), ["src/server.js"]);
    const tool = byRef(doc, "custody:ai-tool/claude-code");
    assert.equal(tool?.type, "application");
    assert.deepEqual(values(tool, "custody:files"), ["1"]);
    // 4 AI lines of 4 + 15 + 3 added over the two commits.
    const added = PACKAGE_LOCK.split("\n").length - 1 + 3 + 4;
    assert.deepEqual(values(doc.metadata, "custody:addedLines"), [String(added)]);
    assert.deepEqual(values(doc.metadata, "custody:aiShare"), [String(Math.round((4 / added) * 10_000) / 10_000)]);
  });

  it("lists dev dependencies as optional with --include-dev, and writes --output to a file", async (t) => {
    const { repo } = await shopRepo(t);
    const result = await custody(repo, "sbom", "--include-dev", "--output", "bom.json");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "");
    const text = await readFile(join(repo, "bom.json"), "utf8");
    assert.equal(await validator.validate(text), null);
    assert.equal(byRef(sbom(text), "pkg:npm/typescript@5.4.5")?.scope, "optional");
  });

  it("counts only the AI lines inside --range", async (t) => {
    const { repo, base } = await shopRepo(t);
    const before = await custody(repo, "sbom", "--range", base);
    assert.equal(before.status, 0, before.stderr);
    const doc = sbom(before.stdout);
    assert.equal(doc.components.some((c) => c.type === "machine-learning-model"), false);
    assert.deepEqual(values(doc.metadata, "custody:aiShare"), ["0"]);
  });

  it("names the repository after its origin remote and links it, without the credentials", async (t) => {
    const { repo } = await shopRepo(t);
    await runGit(repo, ["remote", "add", "origin", "https://bob:s3cret@git.example.com/acme/widgets.git"]);
    const result = await custody(repo, "sbom");
    const root = sbom(result.stdout).metadata.component;
    assert.equal(root.name, "widgets");
    assert.deepEqual(root.externalReferences, [{ url: "https://git.example.com/acme/widgets.git", type: "vcs" }]);
    assert.doesNotMatch(result.stdout, /s3cret/);
  });

  it("turns an scp-style remote into an ssh URL the schema accepts", async (t) => {
    const { repo } = await shopRepo(t);
    await runGit(repo, ["remote", "add", "origin", "git@github.com:acme/widgets.git"]);
    const result = await custody(repo, "sbom");
    assert.equal(await validator.validate(result.stdout), null);
    assert.deepEqual(sbom(result.stdout).metadata.component.externalReferences, [{ url: "ssh://git@github.com/acme/widgets.git", type: "vcs" }]);
  });

  it("names an unparsable lockfile on stderr and still lists the other files' packages", async (t) => {
    const { repo } = await shopRepo(t);
    await commitFiles(repo, { message: "broken", author: ALICE, files: { "sub/package-lock.json": "{ \"lockfileVersion\": 3,\n" } });
    const result = await custody(repo, "sbom");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /sub\/package-lock\.json.*left out of the SBOM/);
    assert.ok(byRef(sbom(result.stdout), "pkg:npm/express@4.19.2"));
  });

  it("yields a valid SBOM for a repository without dependency files or AI commits", async (t) => {
    const repo = await tempRepo(t, "plain");
    await commitFiles(repo, { message: "init", author: ALICE, files: { "README.md": "# plain\n" } });
    const result = await custody(repo, "sbom");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(await validator.validate(result.stdout), null);
    const doc = sbom(result.stdout);
    assert.deepEqual(doc.components, []);
    assert.equal(doc.metadata.component.name, "plain");
    assert.deepEqual(values(doc.metadata, "custody:aiShare"), ["0"]);
  });

  it("yields a valid SBOM for a repository with no commits yet", async (t) => {
    const repo = await tempRepo(t, "fresh");
    const result = await custody(repo, "sbom");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(await validator.validate(result.stdout), null);
    const doc = sbom(result.stdout);
    assert.equal(doc.metadata.component.version, undefined);
    assert.equal(doc.metadata.properties, undefined);
  });
});
