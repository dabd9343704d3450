import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import type { Dependency } from "../analyzers/deps/types.js";
import type { Attribution, LineAttribution } from "../core/types.js";
import { summarize } from "../provenance/stats.js";
import { integrityHashes, MAX_FILES_PER_AI_COMPONENT, sbomJson, selectDependencies, type SbomAttribution, type SbomInput } from "./sbom.js";

interface Property {
  name: string;
  value: string;
}
interface Component {
  type: string;
  name: string;
  group?: string;
  version?: string;
  "bom-ref"?: string;
  purl?: string;
  scope?: string;
  publisher?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
  externalReferences?: { url: string; type: string }[];
  properties?: Property[];
}
interface Document {
  specVersion: string;
  serialNumber?: string;
  metadata: { timestamp: string; tools: { components: Component[] }; component: Component; properties?: Property[] };
  components: Component[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

function dep(fields: Partial<Dependency> & Pick<Dependency, "ecosystem" | "name" | "purl" | "path">): Dependency {
  return { source: "registry", line: 1, ...fields };
}

/** SRI as npm writes it, and the hex CycloneDX wants, for a digest of `text`. */
function sri(algorithm: "sha1" | "sha512", text: string): { integrity: string; hex: string } {
  const digest = createHash(algorithm).update(text).digest();
  return { integrity: `${algorithm}-${digest.toString("base64")}`, hex: digest.toString("hex") };
}

const LEFT_PAD = sri("sha512", "left-pad-1.3.0");
const TYPES_NODE = sri("sha1", "@types/node-20.1.0");

const DEPENDENCIES: Dependency[] = [
  dep({ ecosystem: "npm", name: "left-pad", requirement: "^1.3.0", direct: true, dev: false, purl: "pkg:npm/left-pad", path: "package.json", line: 5 }),
  dep({
    ecosystem: "npm",
    name: "left-pad",
    version: "1.3.0",
    direct: true,
    dev: false,
    integrity: LEFT_PAD.integrity,
    license: "WTFPL",
    purl: "pkg:npm/left-pad@1.3.0",
    path: "package-lock.json",
    line: 12,
  }),
  dep({
    ecosystem: "npm",
    name: "@types/node",
    version: "20.1.0",
    direct: true,
    dev: true,
    integrity: TYPES_NODE.integrity,
    license: "MIT",
    purl: "pkg:npm/%40types/node@20.1.0",
    path: "package-lock.json",
    line: 20,
  }),
  dep({
    ecosystem: "npm",
    name: "private-lib",
    version: "git+https://github.com/acme/private-lib.git#0123456789abcdef0123456789abcdef01234567",
    direct: false,
    source: "git",
    resolved: "git+https://github.com/acme/private-lib.git#0123456789abcdef0123456789abcdef01234567",
    license: "SEE LICENSE IN LICENSE.md",
    purl: "pkg:npm/private-lib@git%2Bhttps:%2F%2Fgithub.com%2Facme%2Fprivate-lib.git%230123456789abcdef0123456789abcdef01234567",
    path: "package-lock.json",
    line: 30,
  }),
  dep({
    ecosystem: "pypi",
    name: "requests",
    version: "2.31.0",
    requirement: "==2.31.0",
    direct: true,
    dev: false,
    integrity: "sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f",
    license: "Apache-2.0 OR MIT",
    purl: "pkg:pypi/requests@2.31.0",
    path: "requirements.txt",
    line: 1,
  }),
  dep({ ecosystem: "pypi", name: "flask", requirement: ">=2", direct: true, dev: false, purl: "pkg:pypi/flask", path: "requirements.txt", line: 2 }),
  dep({
    ecosystem: "go",
    name: "github.com/google/uuid",
    version: "v1.6.0",
    integrity: "h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=",
    purl: "pkg:golang/github.com/google/uuid@v1.6.0",
    path: "go.sum",
    line: 3,
  }),
  // The same pinned package in a second project of the repository.
  dep({
    ecosystem: "npm",
    name: "left-pad",
    version: "1.3.0",
    direct: false,
    dev: true,
    purl: "pkg:npm/left-pad@1.3.0",
    path: "tools/package-lock.json",
    line: 8,
  }),
];

const SONNET = "anthropic/claude-sonnet-4-5";

function ai(tool: Attribution["tool"], model: string | undefined, contributor: Attribution["contributor"] = "ai"): Attribution {
  return { contributor, ...(tool !== undefined && { tool }), ...(model !== undefined && { model }), evidence: [{ source: "trailer", detail: "Co-Authored-By" }], confidence: 0.9 };
}

function range(path: string, start: number, end: number, attribution: Attribution): LineAttribution {
  return { path, lines: { start, end }, commit: "c".repeat(40), attribution };
}

const HUMAN: Attribution = { contributor: "human", evidence: [], confidence: 0.8 };

const LINES: LineAttribution[] = [
  range("src/auth/login.ts", 1, 30, ai("claude-code", SONNET)),
  range("src/auth/login.ts", 40, 49, ai("claude-code", SONNET)),
  range("src/db.ts", 1, 20, ai("claude-code", SONNET, "mixed")),
  range("src/ui.ts", 1, 5, ai("cursor", "openai/gpt-4o")),
  range("README.md", 1, 100, HUMAN),
];

function attribution(lines: LineAttribution[]): SbomAttribution {
  return { stats: summarize(lines), lines, commits: 3, head: "h".repeat(40), base: null, truncated: false };
}

const BASE_INPUT: SbomInput = {
  repository: { name: "widgets", version: "v1.2.0-3-gabc1234", vcsUrl: "https://github.com/acme/widgets.git" },
  dependencies: DEPENDENCIES,
  timestamp: new Date("2026-11-21T10:00:00Z"),
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  attribution: attribution(LINES),
};

function sbom(overrides: Partial<SbomInput> = {}): Document {
  return JSON.parse(sbomJson({ ...BASE_INPUT, ...overrides })) as Document;
}

function component(doc: Document, ref: string): Component {
  const found = doc.components.find((c) => c["bom-ref"] === ref);
  assert.ok(found, `no component ${ref} in ${doc.components.map((c) => c["bom-ref"]).join(", ")}`);
  return found;
}

const values = (c: Component | Document["metadata"], name: string): string[] => (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);

describe("CycloneDX SBOM document", () => {
  it("is CycloneDX 1.6 JSON that the schema accepts, with the repository, timestamp and Custody as the tool", async () => {
    const text = sbomJson({ ...BASE_INPUT, includeDev: true });
    assert.equal(await validator.validate(text), null);
    const doc = JSON.parse(text) as Document;
    assert.equal(doc.specVersion, "1.6");
    assert.equal(doc.serialNumber, BASE_INPUT.serialNumber);
    assert.equal(doc.metadata.timestamp, "2026-11-21T10:00:00.000Z");
    assert.deepEqual(doc.metadata.tools.components.map((c) => c.name), ["Custody"]);
    assert.match(doc.metadata.tools.components[0]?.version ?? "", /^\d+\.\d+\.\d+/);
    const root = doc.metadata.component;
    assert.deepEqual([root.type, root.name, root.version], ["application", "widgets", "v1.2.0-3-gabc1234"]);
    assert.deepEqual(root.externalReferences, [{ url: "https://github.com/acme/widgets.git", type: "vcs" }]);
  });

  it("lists each pinned package once by purl, preferring the lockfile version over the manifest requirement", () => {
    const doc = sbom();
    const refs = doc.components.filter((c) => c.type === "library").map((c) => c["bom-ref"]);
    assert.deepEqual(refs, [
      "pkg:golang/github.com/google/uuid@v1.6.0",
      "pkg:npm/left-pad@1.3.0",
      "pkg:npm/private-lib@git%2Bhttps:%2F%2Fgithub.com%2Facme%2Fprivate-lib.git%230123456789abcdef0123456789abcdef01234567",
      "pkg:pypi/flask",
      "pkg:pypi/requests@2.31.0",
    ]);
    const leftPad = component(doc, "pkg:npm/left-pad@1.3.0");
    assert.equal(leftPad.purl, "pkg:npm/left-pad@1.3.0");
    assert.equal(leftPad.version, "1.3.0");
    assert.deepEqual(values(leftPad, "custody:declaredIn"), ["package-lock.json:12", "tools/package-lock.json:8"]);
    // Runtime in one project and dev in another: it ships, so it is not optional.
    assert.equal(leftPad.scope, undefined);
    const flask = component(doc, "pkg:pypi/flask");
    assert.equal(flask.version, undefined);
    assert.deepEqual(values(flask, "custody:requirement"), [">=2"]);
  });

  it("leaves dev-only dependencies out unless asked, and then marks them optional", () => {
    assert.equal(sbom().components.some((c) => c.purl === "pkg:npm/%40types/node@20.1.0"), false);
    const types = component(sbom({ includeDev: true }), "pkg:npm/%40types/node@20.1.0");
    assert.equal(types.scope, "optional");
    assert.deepEqual([types.group, types.name], ["@types", "node"]);
  });

  it("turns SRI and prefixed hex digests into CycloneDX hashes and keeps Go h1: hashes as a property", () => {
    const doc = sbom({ includeDev: true });
    assert.deepEqual(component(doc, "pkg:npm/left-pad@1.3.0").hashes, [{ alg: "SHA-512", content: LEFT_PAD.hex }]);
    assert.deepEqual(component(doc, "pkg:npm/%40types/node@20.1.0").hashes, [{ alg: "SHA-1", content: TYPES_NODE.hex }]);
    assert.deepEqual(component(doc, "pkg:pypi/requests@2.31.0").hashes, [
      { alg: "SHA-256", content: "58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f" },
    ]);
    const uuid = component(doc, "pkg:golang/github.com/google/uuid@v1.6.0");
    assert.equal(uuid.hashes, undefined);
    assert.deepEqual(values(uuid, "custody:integrity"), ["h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0="]);
  });

  it("writes an SPDX id, an SPDX expression, or a named license, as the text allows", () => {
    const doc = sbom({ includeDev: true });
    assert.deepEqual(component(doc, "pkg:npm/%40types/node@20.1.0").licenses, [{ license: { id: "MIT" } }]);
    assert.deepEqual(component(doc, "pkg:pypi/requests@2.31.0").licenses, [{ expression: "Apache-2.0 OR MIT" }]);
    const privateLib = doc.components.find((c) => c.name === "private-lib");
    assert.deepEqual(privateLib?.licenses, [{ license: { name: "SEE LICENSE IN LICENSE.md" } }]);
    assert.equal(component(doc, "pkg:pypi/flask").licenses, undefined);
  });

  it("points a git dependency at its repository", () => {
    const privateLib = sbom().components.find((c) => c.name === "private-lib");
    assert.deepEqual(privateLib?.externalReferences, [
      { url: "git+https://github.com/acme/private-lib.git#0123456789abcdef0123456789abcdef01234567", type: "vcs" },
    ]);
  });

  it("records only the edges the files state: the repository depends on what it declares directly", () => {
    const doc = sbom();
    assert.deepEqual(doc.dependencies, [
      { ref: "custody:repository", dependsOn: ["pkg:npm/left-pad@1.3.0", "pkg:pypi/flask", "pkg:pypi/requests@2.31.0"] },
    ]);
  });

  it("adds one application per AI tool and one machine-learning-model per model, with the lines and files they wrote", () => {
    const doc = sbom();
    const model = component(doc, `custody:ai-model/${SONNET}`);
    assert.deepEqual([model.type, model.name, model.publisher, model.scope], ["machine-learning-model", SONNET, "Anthropic", "excluded"]);
    // 30 + 10 lines in login.ts, 20 co-written in db.ts; the human README lines count for no one.
    assert.deepEqual(values(model, "custody:lines"), ["60"]);
    assert.deepEqual(values(model, "custody:files"), ["2"]);
    assert.deepEqual(values(model, "custody:file"), ["src/auth/login.ts", "src/db.ts"]);
    assert.deepEqual(values(model, "custody:tool"), ["claude-code"]);

    const tool = component(doc, "custody:ai-tool/claude-code");
    assert.deepEqual([tool.type, tool.name, tool.publisher], ["application", "claude-code", "Anthropic"]);
    assert.deepEqual(values(tool, "custody:lines"), ["60"]);
    assert.deepEqual(values(tool, "custody:model"), [SONNET]);

    const cursor = component(doc, "custody:ai-tool/cursor");
    assert.deepEqual(values(cursor, "custody:file"), ["src/ui.ts"]);
    assert.equal(component(doc, "custody:ai-model/openai/gpt-4o").publisher, "OpenAI");
    assert.deepEqual(
      doc.components.filter((c) => c.type !== "library").map((c) => c.name),
      ["claude-code", "cursor", SONNET, "openai/gpt-4o"],
    );
  });

  it("states the AI share of the added lines in the metadata", () => {
    const meta = sbom().metadata;
    // 45 ai lines (30 + 10 + 5) of 165 added; the 20 mixed lines are not counted as AI-written.
    assert.deepEqual(values(meta, "custody:aiShare"), ["0.2727"]);
    assert.deepEqual(values(meta, "custody:addedLines"), ["165"]);
    assert.deepEqual(values(meta, "custody:head"), ["h".repeat(40)]);
  });

  it(`names at most ${MAX_FILES_PER_AI_COMPONENT} files per AI component, most lines first, and counts them all`, () => {
    const lines = Array.from({ length: MAX_FILES_PER_AI_COMPONENT + 5 }, (_, i) => range(`src/f${String(i).padStart(2, "0")}.ts`, 1, i + 1, ai("claude-code", SONNET)));
    const model = component(sbom({ attribution: attribution(lines) }), `custody:ai-model/${SONNET}`);
    const files = values(model, "custody:file");
    assert.equal(files.length, MAX_FILES_PER_AI_COMPONENT);
    assert.equal(files[0], `src/f${MAX_FILES_PER_AI_COMPONENT + 4}.ts`);
    assert.deepEqual(values(model, "custody:files"), [String(MAX_FILES_PER_AI_COMPONENT + 5)]);
  });

  it("is still a valid SBOM with no dependencies and no history", async () => {
    const text = sbomJson({ repository: { name: "empty" }, dependencies: [], timestamp: new Date("2026-11-21T10:00:00Z") });
    assert.equal(await validator.validate(text), null);
    const doc = JSON.parse(text) as Document;
    assert.deepEqual(doc.components, []);
    assert.equal(doc.dependencies, undefined);
    assert.equal(doc.metadata.properties, undefined);
  });
});

describe("integrityHashes", () => {
  it("reads Bundler's sha256= and Cargo's bare hex, and refuses digests of the wrong length", () => {
    const hex = "a".repeat(64);
    assert.deepEqual([...integrityHashes("rubygems", `sha256=${hex}`).hashes], [["SHA-256", hex]]);
    assert.deepEqual([...integrityHashes("cargo", hex).hashes], [["SHA-256", hex]]);
    // Yarn Berry's checksum is of its cache archive, not of the package.
    assert.deepEqual(integrityHashes("npm", `10c0/${"b".repeat(128)}`), { hashes: new Map(), unexpressed: [`10c0/${"b".repeat(128)}`] });
    assert.equal(integrityHashes("npm", "sha512-AAAA").hashes.size, 0);
  });

  it("does not pick one of several per-file digests of one algorithm", () => {
    const result = integrityHashes("pypi", `sha256:${"1".repeat(64)} sha256:${"2".repeat(64)}`);
    assert.equal(result.hashes.size, 0);
    assert.equal(result.unexpressed.length, 2);
  });
});

describe("selectDependencies", () => {
  it("keeps a manifest requirement only when no file pins that package", () => {
    const picked = selectDependencies(DEPENDENCIES).map((s) => s.dependency.purl);
    assert.ok(!picked.includes("pkg:npm/left-pad"));
    assert.ok(picked.includes("pkg:pypi/flask"));
  });
});
