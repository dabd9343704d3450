import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isCustodyError } from "../../../../core/errors.js";
import type { Dependency, ParseResult } from "../../types.js";
import { PARSERS } from "./index.js";

function parse(path: string, text?: string): ParseResult {
  const parser = PARSERS.find((candidate) => candidate.matches(path));
  assert.ok(parser, `no parser for ${path}`);
  return parser.parse(path, text ?? readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8"));
}

/** `name version direct line`, enough to see each entry at a glance. */
function summary(dependency: Dependency): string {
  return [dependency.name, dependency.version ?? "-", dependency.direct === undefined ? "?" : dependency.direct ? "direct" : "indirect", dependency.source, dependency.line].join(" ");
}

function rejects(path: string, text: string | undefined, message: string): void {
  assert.throws(
    () => parse(path, text),
    (error: unknown) => isCustodyError(error) && error.code === "lockfile-invalid" && error.message === message,
  );
}

await test("go.mod and go.sum are read wherever they are, and nothing else", () => {
  const names = (path: string): string[] => PARSERS.filter((parser) => parser.matches(path)).map((parser) => parser.name);
  assert.deepEqual(names("go.mod"), ["go.mod"]);
  assert.deepEqual(names("services/api/go.sum"), ["go.sum"]);
  assert.deepEqual(names("go.work"), []);
  assert.deepEqual(names("docs/go.mod.md"), []);
  assert.deepEqual(names("vendor/github.com/pkg/errors/go.mod"), []);
});

await test("go.mod lists every required module with its version, line and whether it is indirect", () => {
  const { dependencies, diagnostics } = parse("app/go.mod");
  assert.deepEqual(dependencies.map(summary), [
    "github.com/gin-gonic/gin v1.10.0 direct registry 8",
    "github.com/golang-jwt/jwt/v5 v5.2.1 direct registry 9",
    "github.com/google/uuid v1.6.0 direct registry 10",
    "github.com/BurntSushi/toml v1.4.0 direct registry 11",
    "github.com/docker/docker v26.1.4+incompatible direct registry 12",
    "golang.org/x/crypto v0.25.0 direct registry 13",
    "github.com/acme/ledger-core - direct path 14",
    "github.com/acme/pq v1.10.10-0.20240601120000-4f8a2c1e9b7d direct registry 15",
    "github.com/bytedance/sonic v1.11.6 indirect registry 19",
    "github.com/gin-contrib/sse v0.1.0 indirect registry 20",
    "github.com/go-playground/validator/v10 v10.20.0 indirect registry 21",
    "golang.org/x/net v0.25.0 indirect registry 22",
    "golang.org/x/sys v0.22.0 indirect registry 23",
    "gopkg.in/yaml.v3 v3.0.1 indirect registry 24",
    "golang.org/x/exp v0.0.0-20240506185415-9bf2ced13842 indirect registry 25",
    "github.com/stretchr/testify v1.9.0 direct registry 28",
  ]);
  assert.deepEqual(diagnostics, []);
});

await test("go.mod purls keep the module path's case and encode +incompatible", () => {
  const { dependencies } = parse("app/go.mod");
  const purls = new Map(dependencies.map((dependency) => [dependency.name, dependency.purl]));
  assert.equal(purls.get("github.com/BurntSushi/toml"), "pkg:golang/github.com/BurntSushi/toml@v1.4.0");
  assert.equal(purls.get("github.com/docker/docker"), "pkg:golang/github.com/docker/docker@v26.1.4%2Bincompatible");
  assert.equal(purls.get("golang.org/x/exp"), "pkg:golang/golang.org/x/exp@v0.0.0-20240506185415-9bf2ced13842");
  assert.equal(purls.get("gopkg.in/yaml.v3"), "pkg:golang/gopkg.in/yaml.v3@v3.0.1");
});

await test("replace to a directory makes a path dependency; replace to another module names the code actually built", () => {
  const { dependencies } = parse("app/go.mod");
  assert.deepEqual(
    dependencies.find((dependency) => dependency.name === "github.com/acme/ledger-core"),
    { ecosystem: "go", name: "github.com/acme/ledger-core", direct: true, source: "path", resolved: "../ledger-core", purl: "pkg:golang/github.com/acme/ledger-core", path: "app/go.mod", line: 14 },
  );
  assert.deepEqual(
    dependencies.find((dependency) => dependency.alias === "github.com/lib/pq"),
    {
      ecosystem: "go",
      name: "github.com/acme/pq",
      version: "v1.10.10-0.20240601120000-4f8a2c1e9b7d",
      alias: "github.com/lib/pq",
      direct: true,
      source: "registry",
      purl: "pkg:golang/github.com/acme/pq@v1.10.10-0.20240601120000-4f8a2c1e9b7d",
      path: "app/go.mod",
      line: 15,
    },
  );
  // `golang.org/x/net v0.20.0 => …` pins another version than the one required, so it does not apply.
  assert.equal(dependencies.find((dependency) => dependency.name === "golang.org/x/net")?.version, "v0.25.0");
});

await test("go.mod: excluded or non-canonical versions and unknown directives are diagnostics", () => {
  const text = [
    "module example.com/app",
    "",
    "go 1.21",
    "",
    "require example.com/a v1.0.0",
    "require example.com/b master",
    "exclude example.com/a v1.0.0",
    "frobnicate example.com/c",
    "",
  ].join("\n");
  const { dependencies, diagnostics } = parse("go.mod", text);
  assert.deepEqual(dependencies.map(summary), ["example.com/a v1.0.0 direct registry 5", "example.com/b - direct registry 6"]);
  assert.equal(dependencies[1]?.requirement, "master");
  assert.deepEqual(
    diagnostics.map((diagnostic) => `${diagnostic.line ?? 0}: ${diagnostic.message}`),
    [
      "8: unknown directive `frobnicate`; ignored",
      "5: example.com/a v1.0.0 is both required and excluded; the go command will pick another version",
      '6: example.com/b: "master" is not a canonical module version; run `go mod tidy`',
    ],
  );
});

await test("go.sum gives one dependency per module version, with its h1: hash, and skips /go.mod-only lines", () => {
  const { dependencies, diagnostics } = parse("app/go.sum");
  assert.equal(dependencies.length, 15);
  assert.equal(diagnostics.length, 0);
  assert.deepEqual(dependencies[0], {
    ecosystem: "go",
    name: "github.com/BurntSushi/toml",
    version: "v1.4.0",
    source: "registry",
    integrity: "h1:kuoIxZQy2WRRk1pttg9asf+WVv6tWQuBNVmK8+nqPr0=",
    purl: "pkg:golang/github.com/BurntSushi/toml@v1.4.0",
    path: "app/go.sum",
    line: 1,
  });
  const names = dependencies.map((dependency) => dependency.name);
  // These appear only as `/go.mod` lines: read during resolution, never built.
  assert.ok(!names.includes("github.com/davecgh/go-spew"));
  assert.ok(!names.includes("gopkg.in/check.v1"));
  assert.equal(dependencies.find((dependency) => dependency.name === "github.com/docker/docker")?.version, "v26.1.4+incompatible");
  assert.equal(dependencies.find((dependency) => dependency.name === "gopkg.in/yaml.v3")?.line, 32);
});

await test("malformed go.mod and go.sum are errors that name the file and line", () => {
  rejects("malformed/go.mod", undefined, "malformed/go.mod:5: the `require (` block is never closed; add the closing `)` or regenerate go.mod with `go mod tidy`");
  rejects("malformed/go.sum", undefined, "malformed/go.sum:10: malformed go.sum line (expected `<module> <version> <algorithm>:<hash>`); regenerate go.sum with `go mod tidy`");
  rejects("go.mod", "require example.com/a\n", 'go.mod:1: `require` needs a module path and a version, found "example.com/a"; write `module/path vX.Y.Z` or regenerate go.mod with `go mod tidy`');
  rejects("go.mod", "module x\nreplace example.com/a v1 example.com/b v2\n", 'go.mod:2: malformed replace "example.com/a v1 example.com/b v2"; write `old/module [version] => new/module version` or `old/module => ../local/dir`');
  rejects("go.mod", "module x\nrequire (\n", "go.mod:2: the `require (` block is never closed; add the closing `)` or regenerate go.mod with `go mod tidy`");
  rejects("go.mod", `module x\n\ngo 1.22\n// ${"\uFFFD".repeat(12)}\n`, "go.mod:4: the file is not UTF-8 text; save the go.mod as UTF-8 or regenerate it");
  rejects("go.sum", "PK\u0003\u0004\u0000\u0000binary", "go.sum:1: binary content where a go.sum was expected; check that the file is a text file and not a build artefact committed by mistake");
});

await test("a go.sum with more entries than Custody reads stops at the cap and says so", () => {
  const lines = Array.from({ length: 200_005 }, (_, index) => `example.com/m${index} v1.0.0 h1:AAAA=`);
  const { dependencies, diagnostics } = parse("go.sum", lines.join("\n"));
  assert.equal(dependencies.length, 200_000);
  assert.deepEqual(diagnostics, [{ path: "go.sum", line: 200_001, message: "more than 200,000 entries; the rest of the file is not read" }]);
});

await test("CRLF line endings give the same go.mod and go.sum result", () => {
  for (const path of ["app/go.mod", "app/go.sum"]) {
    const text = readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8");
    assert.deepEqual(parse(path, text.replace(/\n/g, "\r\n")), parse(path, text), path);
  }
});
