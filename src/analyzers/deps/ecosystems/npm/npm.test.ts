import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isCustodyError } from "../../../../core/errors.js";
import type { Dependency, ParseResult } from "../../types.js";
import { PARSERS } from "./index.js";
import { classifySpec } from "./spec.js";

function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
}

/** Parses `text` (or the fixture `file`) as if it were the repository file `path`. */
/** Interpolated into URLs below, so the test source holds no credential-shaped URL. */
const PASSWORD = "s3cr3t";

function parse(path: string, file: string | { text: string }): ParseResult {
  const parser = PARSERS.find((candidate) => candidate.matches(path));
  assert.ok(parser, `no parser for ${path}`);
  return parser.parse(path, typeof file === "string" ? fixture(file) : file.text);
}

function summary(dependency: Dependency): string {
  const direct = dependency.direct === undefined ? "?" : dependency.direct ? "direct" : "transitive";
  const dev = dependency.dev === true ? " dev" : "";
  const alias = dependency.alias === undefined ? "" : ` (as ${dependency.alias})`;
  return `${dependency.name}${alias} ${dependency.version ?? dependency.requirement ?? "-"} ${direct}${dev} ${dependency.source} ${dependency.line}`;
}

function find(result: ParseResult, name: string, version?: string): Dependency {
  const found = result.dependencies.find((d) => d.name === name && (version === undefined || d.version === version));
  assert.ok(found, `${name}${version === undefined ? "" : `@${version}`} not found`);
  return found;
}

function rejects(path: string, file: string | { text: string }, message: string | RegExp): void {
  assert.throws(
    () => parse(path, file),
    (error: unknown) =>
      isCustodyError(error) && error.code === "lockfile-invalid" && (typeof message === "string" ? error.message === message : message.test(error.message)),
  );
}

await test("the npm parsers claim their file names, not copies installed under node_modules", () => {
  const names = (path: string): string[] => PARSERS.filter((parser) => parser.matches(path)).map((parser) => parser.name);
  assert.deepEqual(names("package.json"), ["package.json"]);
  assert.deepEqual(names("apps/web/package.json"), ["package.json"]);
  assert.deepEqual(names("package-lock.json"), ["package-lock.json"]);
  assert.deepEqual(names("tools/npm-shrinkwrap.json"), ["npm-shrinkwrap.json"]);
  assert.deepEqual(names("pnpm-lock.yaml"), ["pnpm-lock.yaml"]);
  assert.deepEqual(names("web/yarn.lock"), ["yarn.lock"]);
  assert.deepEqual(names("node_modules/chalk/package.json"), []);
  assert.deepEqual(names("node_modules/.package-lock.json"), []);
  assert.deepEqual(names("v3.package-lock.json"), []);
  assert.deepEqual(names("package.json5"), []);
});

await test("package.json: every dependency section, aliases, git, path, link, workspace and tarball specs", () => {
  const result = parse("package.json", "app.package.json");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), [
    "@acme/util workspace:* direct workspace 15",
    "@bufbuild/protobuf ^2.0.0 direct registry 16",
    "chalk ^4.1.2 direct registry 17",
    "debug ~4.3.7 direct registry 18",
    "picomatch (as glob-alias) ^4.0.0 direct registry 19",
    "left-pad github:stevemao/left-pad#v1.3.0 direct git 20",
    "legacy-tarball https://example.com/tarballs/legacy-tarball-1.0.0.tgz direct url 21",
    "local-lib file:../local-lib direct path 22",
    "private-sdk git+ssh://git@github.com/acme/private-sdk.git#v2.1.0 direct git 23",
    "react latest direct registry 24",
    "shared-config link:../shared-config direct path 25",
    "tiny-helper acme/tiny-helper#main direct git 26",
    "picomatch ^4.0.2 direct dev registry 29",
    "typescript 5.4.5 direct dev registry 30",
    "fflate ^0.8.0 direct registry 33",
    "react-dom >=18 <20 direct registry 36",
  ]);
  assert.equal(find(result, "@bufbuild/protobuf").purl, "pkg:npm/%40bufbuild/protobuf");
  assert.equal(find(result, "private-sdk").resolved, "git+ssh://git@github.com/acme/private-sdk.git#v2.1.0");
  assert.equal(find(result, "legacy-tarball").resolved, "https://example.com/tarballs/legacy-tarball-1.0.0.tgz");
});

await test("package.json: credentials in a git URL are removed; odd sections are reported, not fatal", () => {
  const text = `{
  "dependencies": {
    "private-sdk": "git+https://deploy:${PASSWORD}@github.com/acme/private-sdk.git#v2",
    "broken": 42
  },
  "devDependencies": ["jest"]
}
`;
  const result = parse("package.json", { text });
  assert.deepEqual(result.dependencies.map(summary), ["private-sdk git+https://github.com/acme/private-sdk.git#v2 direct git 3"]);
  assert.equal(find(result, "private-sdk").resolved, "git+https://github.com/acme/private-sdk.git#v2");
  assert.deepEqual(result.diagnostics, [
    { path: "package.json", line: 4, message: '"dependencies.broken" is not a version string; it was skipped' },
    { path: "package.json", line: 6, message: '"devDependencies" is not an object of name/version pairs; it was skipped' },
  ]);
});

await test("npm specs are classified the way npm and Yarn read them", () => {
  const source = (spec: string): string => classifySpec(spec).source;
  assert.equal(source("^1.2.3"), "registry");
  assert.equal(source(""), "registry");
  assert.equal(source("next"), "registry");
  assert.equal(source("github:x/y"), "git");
  assert.equal(source("x/y#semver:^1"), "git");
  assert.equal(source("git@github.com:x/y.git"), "git");
  assert.equal(source("https://github.com/x/y"), "git");
  assert.equal(source("https://gitlab.com/x/y.git#main"), "git");
  assert.equal(source("https://github.com/x/y/archive/v1.tar.gz"), "url");
  assert.equal(source("./vendor/y"), "path");
  assert.equal(source("../y"), "path");
  assert.equal(source("portal:../y"), "path");
  assert.equal(source("workspace:^"), "workspace");
  assert.deepEqual(classifySpec("npm:@scope/real@^2"), { source: "registry", target: "@scope/real", requirement: "^2" });
  assert.deepEqual(classifySpec("npm:real"), { source: "registry", target: "real", requirement: "latest" });
  // Yarn Berry writes every registry range with the protocol.
  assert.deepEqual(classifySpec("npm:^1.0.0", { npmProtocolIsRange: true }), { source: "registry", requirement: "^1.0.0" });
  assert.deepEqual(classifySpec("npm:next", { npmProtocolIsRange: true }), { source: "registry", requirement: "next" });
});

const V3_SUMMARY = [
  "@acme/util 0.2.0 transitive workspace 35",
  "@bufbuild/protobuf 2.17.0 direct registry 39",
  "ansi-styles 4.3.0 transitive registry 45",
  "chalk 4.1.2 direct registry 60",
  "color-convert 2.0.1 transitive registry 76",
  "color-name 1.1.4 transitive registry 88",
  "debug 4.3.7 direct registry 94",
  "fflate 0.8.3 direct registry 111",
  "picomatch (as glob-alias) 4.0.7 direct registry 118",
  "has-flag 4.0.0 transitive registry 131",
  "left-pad 1.3.0 direct git 140",
  "legacy-tarball 1.0.0 direct url 145",
  "local-lib 0.0.1 direct path 151",
  "ms 2.1.3 transitive registry 155",
  "picomatch 4.0.7 direct dev registry 161",
  "semver 7.8.6 direct registry 174",
  "supports-color 7.2.0 transitive registry 186",
  "typescript 5.4.5 direct dev registry 198",
  // The workspace packages/util declares semver ^6, installed beside it.
  "semver 6.3.2 direct registry 220",
];

await test("package-lock.json v3: node_modules paths, links to workspaces and folders, aliases, git and tarballs", () => {
  const result = parse("package-lock.json", "v3.package-lock.json");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), V3_SUMMARY);
  assert.deepEqual(find(result, "@bufbuild/protobuf"), {
    ecosystem: "npm",
    name: "@bufbuild/protobuf",
    version: "2.17.0",
    direct: true,
    dev: false,
    source: "registry",
    resolved: "https://registry.npmjs.org/@bufbuild/protobuf/-/protobuf-2.17.0.tgz",
    integrity: "sha512-hcPkSz6D7MiTU/5VBBhK+kxaYDoOdQ6yJRFJ3kS8Nydp+VZXfg1vrpABKPNod8bXMufsVCmiUJVIKFzCzta4uw==",
    license: "(Apache-2.0 AND BSD-3-Clause)",
    purl: "pkg:npm/%40bufbuild/protobuf@2.17.0",
    path: "package-lock.json",
    line: 39,
  });
  assert.equal(find(result, "left-pad").resolved, "git+ssh://git@github.com/stevemao/left-pad.git#5c4ff6ad81ae64cba7fc84f3a46b0ec4dbc8ed3c");
  assert.equal(find(result, "@acme/util").resolved, "packages/util");
});

await test("package-lock.json v2 is read from its packages map, like v3", () => {
  const result = parse("package-lock.json", "v2.package-lock.json");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), V3_SUMMARY);
});

await test("package-lock.json v1: the nested tree, with aliases, git, tarball and file: versions", () => {
  const result = parse("package-lock.json", "v1.package-lock.json");
  assert.deepEqual(result.diagnostics, []);
  // Version 1 does not record what the project declares, so `direct` is unknown.
  assert.deepEqual(result.dependencies.map(summary), [
    "@acme/util - ? path 7",
    "semver 6.3.2 ? registry 14",
    "@bufbuild/protobuf 2.17.0 ? registry 21",
    "ansi-styles 4.3.0 ? registry 26",
    "chalk 4.1.2 ? registry 34",
    "color-convert 2.0.1 ? registry 43",
    "color-name 1.1.4 ? registry 51",
    "debug 4.3.7 ? registry 56",
    "fflate 0.8.3 ? registry 64",
    "picomatch (as glob-alias) 4.0.7 ? registry 70",
    "has-flag 4.0.0 ? registry 75",
    "left-pad - ? git 80",
    "legacy-tarball - ? url 84",
    "local-lib - ? path 88",
    "ms 2.1.3 ? registry 91",
    "picomatch 4.0.7 ? dev registry 96",
    "semver 7.8.6 ? registry 102",
    "supports-color 7.2.0 ? registry 107",
    "typescript 5.4.5 ? dev registry 115",
  ]);
  assert.equal(find(result, "left-pad").resolved, "git+ssh://git@github.com/stevemao/left-pad.git#5c4ff6ad81ae64cba7fc84f3a46b0ec4dbc8ed3c");
  assert.equal(find(result, "picomatch", "4.0.7").purl, "pkg:npm/picomatch@4.0.7");
});

await test("npm-shrinkwrap.json is a package-lock by another name", () => {
  const result = parse("npm-shrinkwrap.json", "cli.npm-shrinkwrap.json");
  assert.deepEqual(result.dependencies.map(summary), ["commander 12.1.0 direct registry 21"]);
});

await test("package-lock.json: credentials in resolved URLs are removed, registry tarballs stay registry", () => {
  const text = `{
  "lockfileVersion": 3,
  "packages": {
    "": { "dependencies": { "@acme/secret": "^1.0.0" } },
    "node_modules/@acme/secret": {
      "version": "1.0.0",
      "resolved": "https://ci:${PASSWORD}@npm.acme.example/@acme/secret/-/secret-1.0.0.tgz"
    }
  }
}
`;
  const result = parse("package-lock.json", { text });
  assert.deepEqual(result.dependencies.map(summary), ["@acme/secret 1.0.0 direct registry 5"]);
  assert.equal(find(result, "@acme/secret").resolved, "https://npm.acme.example/@acme/secret/-/secret-1.0.0.tgz");
});

await test("package-lock.json v1 nested absurdly deep is read to a bound, with a diagnostic", () => {
  const depth = 5000;
  // One level per line: the deepest entry read is on line 101.
  const text = `{"lockfileVersion":1,"dependencies":${'\n{"a":{"version":"1.0.0","dependencies":'.repeat(depth)}{}${"}}".repeat(depth)}}`;
  const result = parse("package-lock.json", { text });
  assert.equal(result.dependencies.length, 100);
  assert.equal(result.dependencies.at(-1)?.line, 101);
  assert.deepEqual(result.diagnostics, [{ path: "package-lock.json", line: 101, message: 'dependencies nested deeper than 100 levels under "a" were skipped' }]);
});

await test("pnpm-lock.yaml 9.0: importers, packages and snapshots; dev-only packages found through the graph", () => {
  const result = parse("pnpm-lock.yaml", "v9.pnpm-lock.yaml");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), [
    "@acme/util workspace:* direct workspace 11",
    "shared-config link:../shared-config direct path 32",
    "@types/prop-types 15.7.12 transitive dev registry 55",
    "@types/react 18.3.3 direct dev registry 58",
    "csstype 3.1.3 transitive dev registry 61",
    "is-positive 3.1.0 direct git 64",
    "js-tokens 4.0.0 transitive registry 69",
    "legacy-tarball 1.0.0 direct url 72",
    "local-lib 0.0.1 direct path 76",
    "loose-envify 1.4.0 transitive registry 80",
    "picomatch (as glob-alias) 4.0.2 direct registry 84",
    "react-dom 18.3.1 direct registry 88",
    "react 18.3.1 direct registry 93",
    "scheduler 0.23.2 transitive registry 97",
    "semver 7.6.2 direct registry 100",
    // typescript is a devDependency of both importers.
    "typescript 5.4.5 direct dev registry 105",
  ]);
  assert.equal(find(result, "is-positive").resolved, "https://codeload.github.com/kevva/is-positive/tar.gz/97edff6f525f192a3f83cea1944765f769ae2678");
  assert.equal(find(result, "@types/react").purl, "pkg:npm/%40types/react@18.3.3");
  assert.match(find(result, "react").integrity ?? "", /^sha512-/);
  assert.equal(find(result, "local-lib").resolved, "../local-lib");
});

await test("pnpm-lock.yaml 6.0: /name@version keys with peer suffixes, dev flags, a git package", () => {
  const result = parse("pnpm-lock.yaml", "v6.pnpm-lock.yaml");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), [
    "@types/prop-types 15.7.12 transitive dev registry 28",
    "@types/react 18.2.79 direct dev registry 32",
    "csstype 3.1.3 transitive dev registry 39",
    "js-tokens 4.0.0 transitive registry 43",
    "loose-envify 1.4.0 transitive registry 47",
    "picomatch (as glob-alias) 2.3.1 direct registry 54",
    "react-dom 18.2.0 direct registry 59",
    "react 18.2.0 direct registry 69",
    "scheduler 0.23.0 transitive registry 76",
    "is-positive 3.1.0 direct git 82",
  ]);
});

await test("pnpm-lock.yaml 5.4: /name/version keys; one package locked per peer set is reported once", () => {
  const result = parse("pnpm-lock.yaml", "v5.pnpm-lock.yaml");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), [
    "@acme/legacy workspace:* direct workspace 12",
    "@babel/runtime 7.23.2 transitive registry 28",
    "js-tokens 4.0.0 transitive registry 35",
    "loose-envify 1.4.0 transitive registry 39",
    "object-assign 4.1.1 transitive registry 46",
    "react-redux 8.1.3 direct registry 51",
    "react 17.0.2 direct registry 75",
    "react 18.2.0 direct registry 83",
    "regenerator-runtime 0.14.0 transitive registry 90",
    "typescript 4.9.5 direct dev registry 94",
  ]);
});

await test("pnpm-lock.yaml: the project's document is read when pnpm puts its own installation first", () => {
  const text = `---
lockfileVersion: '9.0'

importers:

  .:
    configDependencies: {}
    packageManagerDependencies:
      pnpm:
        specifier: 10.0.0
        version: 10.0.0

packages:

  pnpm@10.0.0:
    resolution: {integrity: sha512-AAAA}

snapshots:

  pnpm@10.0.0: {}

---
lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      ms:
        specifier: ^2.1.3
        version: 2.1.3

packages:

  ms@2.1.3:
    resolution: {integrity: sha512-BBBB}

snapshots:

  ms@2.1.3: {}
`;
  const result = parse("pnpm-lock.yaml", { text });
  assert.deepEqual(result.dependencies.map(summary), ["ms 2.1.3 direct registry 35"]);
});

await test("yarn.lock (Yarn 1): descriptors, aliases, codeload git, tarballs and file: folders", () => {
  const result = parse("yarn.lock", "classic.yarn.lock");
  assert.deepEqual(result.diagnostics, []);
  // Yarn 1 records neither what the project declares nor what is dev-only.
  assert.deepEqual(result.dependencies.map(summary), [
    "@babel/code-frame 7.22.13 ? registry 5",
    "@babel/highlight 7.22.20 ? registry 13",
    "ansi-styles 3.2.1 ? registry 21",
    "chalk 2.4.2 ? registry 28",
    "color-convert 1.9.3 ? registry 35",
    "color-name 1.1.3 ? registry 42",
    "picomatch (as glob-alias) 2.3.1 ? registry 47",
    "js-tokens 4.0.0 ? registry 52",
    "left-pad 1.3.0 ? git 57",
    "legacy-tarball 1.0.0 ? url 61",
    "local-lib 0.0.1 ? path 65",
    "private-sdk 2.1.0 ? git 68",
  ]);
  const frame = find(result, "@babel/code-frame");
  assert.equal(frame.purl, "pkg:npm/%40babel/code-frame@7.22.13");
  assert.match(frame.resolved ?? "", /^https:\/\/registry\.yarnpkg\.com\/@babel\/code-frame\/-\/code-frame-7\.22\.13\.tgz#[0-9a-f]{40}$/);
  assert.match(frame.integrity ?? "", /^sha512-/);
});

await test("yarn.lock (Berry): workspaces make packages direct; patches fold into the package they patch", () => {
  const result = parse("yarn.lock", "berry.yarn.lock");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), [
    "@acme/util - direct workspace 8",
    "picomatch (as glob-alias) 4.0.2 direct registry 30",
    "is-positive 3.1.0 direct git 37",
    "legacy-tarball 1.0.0 direct url 44",
    "local-lib 0.0.1 direct path 51",
    "lodash 4.17.21 direct registry 58",
    "semver 7.6.2 direct registry 65",
    "typescript 5.4.5 direct registry 74",
  ]);
  assert.deepEqual(find(result, "lodash"), {
    ecosystem: "npm",
    name: "lodash",
    version: "4.17.21",
    direct: true,
    source: "registry",
    integrity: "10c0/d8cbea072bb08655bb4c989da418994b073a608dffa608b09ac04b43a791b12aeae7cd7ad919aa4c925f33b48490b5cfe6c1f71d827956071dae2e7bb3a6b74",
    purl: "pkg:npm/lodash@4.17.21",
    path: "yarn.lock",
    line: 58,
  });
  assert.equal(find(result, "is-positive").resolved, "https://github.com/kevva/is-positive.git#commit=97edff6f525f192a3f83cea1944765f769ae2678");
});

await test("yarn.lock without the Yarn 1 header is read as Yarn 1, with a diagnostic", () => {
  const text = 'ms@^2.1.3:\n  version "2.1.3"\n  resolved "https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz#574c8138ce1d2b5861f0b44579dbadd60c6615b2"\n';
  const result = parse("yarn.lock", { text });
  assert.deepEqual(result.dependencies.map(summary), ["ms 2.1.3 ? registry 1"]);
  assert.deepEqual(result.diagnostics, [{ path: "yarn.lock", line: 1, message: "no `# yarn lockfile v1` header; read as a Yarn 1 lockfile" }]);
});

await test("malformed npm files are rejected with the file, the line and what to do", () => {
  rejects("package-lock.json", "truncated.package-lock.json", 'package-lock.json:156: the JSON ends early, so the lockfile looks truncated; regenerate it with "npm install"');
  rejects("package-lock.json", "v4.package-lock.json", 'package-lock.json:4: lockfileVersion 4 is not one Custody reads (1, 2 or 3); regenerate it with "npm install" using npm 7 or later');
  rejects("package.json", "broken.package.json", "package.json:31: the package.json is not valid JSON (Expected double-quoted property name); fix the JSON syntax of package.json");
  rejects("pnpm-lock.yaml", "invalid.pnpm-lock.yaml", 'pnpm-lock.yaml:94: the pnpm lockfile is not valid YAML (All mapping items must start at the same column); regenerate it with "pnpm install"');
  rejects("pnpm-lock.yaml", "v10.pnpm-lock.yaml", 'pnpm-lock.yaml:1: lockfileVersion "10.0" is not one Custody reads (5.x, 6.x or 9.0); regenerate it with "pnpm install" using pnpm 7 or later');
  rejects("yarn.lock", "invalid.yarn.lock", 'yarn.lock:22: the yarn lockfile cannot be parsed (unexpected "\\""); regenerate it with "yarn install"');
  rejects("yarn.lock", "v99.yarn.lock", 'yarn.lock:4: __metadata.version "99" is not one Custody reads (3, 4, 5, 6, 7, 8); regenerate it with "yarn install" using Yarn 2 to 4');
  rejects("package-lock.json", "garbage.bin", 'package-lock.json:1: binary data, not a lockfile; regenerate it with "npm install"');
  rejects("pnpm-lock.yaml", "garbage.bin", 'pnpm-lock.yaml:1: binary data, not a pnpm lockfile; regenerate it with "pnpm install"');
  rejects("yarn.lock", "garbage.bin", 'yarn.lock:1: binary data, not a yarn lockfile; regenerate it with "yarn install"');
});

await test("hostile npm lockfiles fail cleanly: empty, wrong shape, conflicts, deep nesting, alias bombs", () => {
  rejects("package-lock.json", { text: "" }, 'package-lock.json:1: the lockfile is empty; regenerate it with "npm install"');
  rejects("package-lock.json", { text: "[1, 2]" }, 'package-lock.json:1: the lockfile is not a JSON object; regenerate it with "npm install"');
  rejects("package-lock.json", { text: '{\n  "name": "x"\n}\n' }, 'package-lock.json:1: no lockfileVersion and no dependencies; regenerate it with "npm install" using npm 7 or later');
  rejects(
    "package-lock.json",
    { text: '{\n<<<<<<< HEAD\n  "lockfileVersion": 3\n=======\n  "lockfileVersion": 2\n>>>>>>> main\n}\n' },
    'package-lock.json:2: an unresolved merge conflict marker; resolve the conflict, then regenerate it with "npm install"',
  );
  rejects("pnpm-lock.yaml", { text: "- just\n- a list\n" }, 'pnpm-lock.yaml:1: not a pnpm lockfile: the YAML is not a mapping; regenerate it with "pnpm install"');
  rejects("pnpm-lock.yaml", { text: `lockfileVersion: '9.0'\npackages: ${"[".repeat(50_000)}` }, /^pnpm-lock\.yaml:\d+: the pnpm lockfile is not valid YAML/);
  const bomb = ["lockfileVersion: '9.0'", "a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (const [name, previous] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"], ["f", "e"]] as const) bomb.push(`${name}: &${name} [${`*${previous}, `.repeat(9)}*${previous}]`);
  rejects("pnpm-lock.yaml", { text: `${bomb.join("\n")}\n` }, /^pnpm-lock\.yaml:1: the pnpm lockfile is not valid YAML \(Excessive alias count/);
  rejects("yarn.lock", { text: `__metadata:\n  version: 8\nx: ${"[".repeat(50_000)}` }, /^yarn\.lock:3: the yarn lockfile cannot be parsed/);
  rejects("yarn.lock", { text: "just some words\n" }, /^yarn\.lock:\d+: the yarn lockfile cannot be parsed/);
});
