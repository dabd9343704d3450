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

function summary(dependency: Dependency): string {
  const direct = dependency.direct === undefined ? "?" : dependency.direct ? "direct" : "transitive";
  const dev = dependency.dev === undefined ? "" : dependency.dev ? " dev" : "";
  return `${dependency.name} ${dependency.version ?? dependency.requirement ?? "-"} ${direct}${dev} ${dependency.source} ${dependency.line}`;
}

function rejects(path: string, text: string | undefined, message: string): void {
  assert.throws(
    () => parse(path, text),
    (error: unknown) => isCustodyError(error) && error.code === "lockfile-invalid" && error.message === message,
  );
}

await test("Cargo.lock and Cargo.toml are read by exact name only", () => {
  const names = (path: string): string[] => PARSERS.filter((parser) => parser.matches(path)).map((parser) => parser.name);
  assert.deepEqual(names("Cargo.lock"), ["Cargo.lock"]);
  assert.deepEqual(names("crates/core/Cargo.toml"), ["Cargo.toml"]);
  assert.deepEqual(names("cargo.toml"), []);
  assert.deepEqual(names("Cargo.toml.orig"), []);
  // `cargo vendor` copies other crates' manifests into the repository.
  assert.deepEqual(names("vendor/serde/Cargo.toml"), []);
});

await test("Cargo.lock v4: registry, sparse and git crates, path crates, and which ones the workspace declares", () => {
  const { dependencies, diagnostics } = parse("v4/Cargo.lock");
  assert.deepEqual(diagnostics, []);
  // `app` is the package itself (a path crate nothing depends on) and is not listed.
  assert.deepEqual(dependencies.map(summary), [
    "core-utils 0.1.0 direct path 16",
    "itoa 1.0.11 transitive registry 23",
    "pin-project-lite 0.2.14 transitive registry 29",
    "proc-macro2 1.0.86 transitive registry 35",
    "quote 1.0.36 transitive registry 44",
    "ryu 1.0.18 transitive registry 53",
    "serde 1.0.204 direct registry 59",
    "serde_derive 1.0.204 transitive registry 68",
    "serde_json 1.0.120 direct registry 79",
    // core-utils asks for `syn 1.0.109` by version because two syn releases are locked.
    "syn 1.0.109 direct registry 90",
    "syn 2.0.72 transitive registry 101",
    "tokio 1.39.2 direct git 112",
    "unicode-ident 1.0.12 transitive registry 120",
  ]);
  assert.deepEqual(dependencies.find((dependency) => dependency.name === "serde"), {
    ecosystem: "cargo",
    name: "serde",
    version: "1.0.204",
    direct: true,
    source: "registry",
    resolved: "registry+https://github.com/rust-lang/crates.io-index",
    integrity: "4fa1f7c7e6a695881495fd7df187b751f595cb228448b6dac7c3041241ab2a59",
    purl: "pkg:cargo/serde@1.0.204",
    path: "v4/Cargo.lock",
    line: 59,
  });
  const tokio = dependencies.find((dependency) => dependency.name === "tokio");
  assert.ok(tokio);
  // The branch is dropped with the query; the locked commit stays.
  assert.equal(tokio.resolved, "git+https://github.com/tokio-rs/tokio#4b4a8e2c5c2d3a6f1e0b9d8c7a6b5c4d3e2f1a0b");
  assert.equal(tokio.integrity, undefined);
  assert.equal(dependencies.find((dependency) => dependency.name === "ryu")?.resolved, "sparse+https://index.crates.io/");
});

await test("Cargo.lock v1 takes checksums from [metadata]", () => {
  const { dependencies } = parse("v1/Cargo.lock");
  assert.deepEqual(dependencies.map(summary), ["cfg-if 0.1.10 direct registry 2", "log 0.4.8 direct registry 15"]);
  assert.equal(dependencies[1]?.integrity, "216c30c41b3369bf1fd4d27515e53ce047e8119c1f4eb2479428b6cfdc04c3b1");
});

await test("Cargo.lock v2 (no version key, inline checksums) and v3 read the same way", () => {
  for (const header of ["", "version = 3\n\n"]) {
    const text = `${header}[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "libc",\n]\n\n[[package]]\nname = "libc"\nversion = "0.2.155"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "97b3888a4aecf77e811145cadf6eef5901f4782c53886191b2f693f24761847c"\n`;
    const { dependencies } = parse("Cargo.lock", text);
    assert.deepEqual(dependencies.map(summary), [`libc 0.2.155 direct registry ${header === "" ? 9 : 11}`]);
    assert.equal(dependencies[0]?.integrity, "97b3888a4aecf77e811145cadf6eef5901f4782c53886191b2f693f24761847c");
  }
});

await test("Cargo.toml: every dependency table, with requirements, renames, git, path and workspace entries", () => {
  const { dependencies, diagnostics } = parse("workspace/Cargo.toml");
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(dependencies.map(summary), [
    "serde 1.0.204 direct registry 20",
    "anyhow 1.0 direct registry 21",
    "clap 4.5 direct registry 22",
    "tokio - direct git 23",
    "ledger-core 0.4.1 direct path 24",
    "toml_edit 0.22.20 direct registry 25",
    "rustls-pemfile 2 direct registry 26",
    "log 0.4 direct registry 27",
    "reqwest 0.12 direct registry 29",
    "tempfile 3.10 direct dev registry 41",
    "insta 1.39 direct dev registry 42",
    "cc 1.1 direct registry 45",
    "windows-sys 0.52 direct registry 35",
    "nix 0.29 direct registry 38",
    "serde 1.0.204 direct registry 10",
    "anyhow 1.0 direct registry 11",
  ]);
  const byLine = new Map(dependencies.map((dependency) => [dependency.line, dependency]));
  // `toml_edit = "=0.22.20"` pins one release; `tokio` comes from git with credentials and query removed.
  assert.deepEqual(byLine.get(25), {
    ecosystem: "cargo",
    name: "toml_edit",
    version: "0.22.20",
    requirement: "=0.22.20",
    direct: true,
    dev: false,
    source: "registry",
    purl: "pkg:cargo/toml_edit@0.22.20",
    path: "workspace/Cargo.toml",
    line: 25,
  });
  assert.equal(byLine.get(23)?.resolved, "https://github.com/tokio-rs/tokio");
  assert.equal(byLine.get(24)?.resolved, "crates/ledger-core");
  // `log2 = { package = "log", … }`: the crate is `log`, imported as `log2`.
  assert.equal(byLine.get(27)?.alias, "log2");
  assert.equal(byLine.get(27)?.purl, "pkg:cargo/log");
  // `serde.workspace = true` takes the workspace's requirement.
  assert.equal(byLine.get(20)?.requirement, "1.0.204");
});

await test("Cargo.toml: a workspace dependency the file cannot resolve is marked as coming from the workspace", () => {
  const { dependencies } = parse("crates/api/Cargo.toml", '[package]\nname = "api"\n\n[dependencies]\nserde = { workspace = true, features = ["derive"] }\nodd = 5\n');
  assert.deepEqual(dependencies.map(summary), ["serde - direct workspace 5"]);
});

await test("Cargo.toml: an entry of the wrong type is a diagnostic, a table of the wrong type an error", () => {
  const { dependencies, diagnostics } = parse("Cargo.toml", '[dependencies]\nserde = "1"\nodd = 5\nempty = { features = ["x"] }\n');
  assert.deepEqual(dependencies.map(summary), ["serde 1 direct registry 2"]);
  assert.deepEqual(diagnostics, [
    { path: "Cargo.toml", line: 3, message: "odd: neither a version string nor a table; skipped" },
    { path: "Cargo.toml", line: 4, message: "empty: no version, git or path; skipped" },
  ]);
  rejects("Cargo.toml", 'dependencies = "serde"\n', 'Cargo.toml:1: [dependencies] is not a table; declare dependencies as `name = "version"` or `name = { … }` entries');
});

await test("malformed, unknown-version and binary Cargo files are errors naming the line", () => {
  rejects("malformed/Cargo.lock", undefined, "malformed/Cargo.lock:74: the file ends in the middle of a value, as if truncated; regenerate the Cargo.lock");
  rejects("malformed/Cargo.toml", undefined, "malformed/Cargo.toml:8: invalid TOML: expected comma or end of structure; fix the TOML syntax");
  rejects("unknown-version/Cargo.lock", undefined, "unknown-version/Cargo.lock:3: unknown Cargo.lock format version 7; regenerate it with a Cargo release Custody supports (format versions 1 to 4)");
  rejects("Cargo.lock", "\u007fELF\u0002\u0001\u0001\u0000\u0000", "Cargo.lock:1: binary content where a Cargo.lock was expected; check that the file is a text file and not a build artefact committed by mistake");
  rejects("Cargo.lock", `a = ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`, "Cargo.lock:1: invalid TOML: document contains excessively nested structures. aborting; regenerate the Cargo.lock");
});

await test("Cargo.toml: [patch] entries that swap a crate's source are listed with that source", () => {
  const text = '[dependencies]\nserde = "1"\n\n[patch.crates-io]\nserde = { git = "https://github.com/acme/serde", branch = "fix" }\n';
  assert.deepEqual(parse("Cargo.toml", text).dependencies.map(summary), ["serde 1 direct registry 2", "serde - direct git 5"]);
});

await test("CRLF line endings give the same Cargo.lock and Cargo.toml result", () => {
  for (const path of ["v4/Cargo.lock", "workspace/Cargo.toml"]) {
    const text = readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8");
    assert.deepEqual(parse(path, text.replace(/\n/g, "\r\n")), parse(path, text), path);
  }
});
