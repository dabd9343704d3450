import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isCustodyError } from "../../../../core/errors.js";
import type { Dependency, ParseResult } from "../../types.js";
import { PARSERS } from "./index.js";

/** Interpolated into URLs below, so the test source holds no credential-shaped URL. */
const PASSWORD = "s3cr3t";

function parse(path: string, file: string | { text: string }): ParseResult {
  const parser = PARSERS.find((candidate) => candidate.matches(path));
  assert.ok(parser, `no parser for ${path}`);
  const text = typeof file === "string" ? readFileSync(new URL(`fixtures/${file}`, import.meta.url), "utf8") : file.text;
  return parser.parse(path, text);
}

function summary(dependency: Dependency): string {
  const direct = dependency.direct === undefined ? "?" : dependency.direct ? "direct" : "transitive";
  const dev = dependency.dev === true ? " dev" : "";
  return `${dependency.name} ${dependency.version ?? dependency.requirement ?? "-"} ${direct}${dev} ${dependency.source} ${dependency.line}`;
}

function find(result: ParseResult, name: string): Dependency {
  const found = result.dependencies.find((d) => d.name === name);
  assert.ok(found, `${name} not found`);
  return found;
}

function rejects(path: string, file: string | { text: string }, message: string): void {
  assert.throws(
    () => parse(path, file),
    (error: unknown) => isCustodyError(error) && error.code === "lockfile-invalid" && error.message === message,
  );
}

await test("Gemfile, gems.rb, Appraisal gemfiles and their lockfiles are claimed; vendored bundles are not", () => {
  const names = (path: string): string[] => PARSERS.filter((parser) => parser.matches(path)).map((parser) => parser.name);
  assert.deepEqual(names("Gemfile"), ["Gemfile"]);
  assert.deepEqual(names("gems.rb"), ["Gemfile"]);
  assert.deepEqual(names("gemfiles/rails_7.gemfile"), ["Gemfile"]);
  assert.deepEqual(names("Gemfile.lock"), ["Gemfile.lock"]);
  assert.deepEqual(names("gems.locked"), ["Gemfile.lock"]);
  assert.deepEqual(names("gemfiles/rails_7.gemfile.lock"), ["Gemfile.lock"]);
  assert.deepEqual(names("vendor/bundle/ruby/3.3.0/gems/rack-3.0.9/Gemfile"), []);
  assert.deepEqual(names("app.Gemfile"), []);
});

await test("Gemfile: requirements, groups, platforms, and git, path and source options and blocks", () => {
  const result = parse("Gemfile", "app.Gemfile");
  assert.deepEqual(result.dependencies.map(summary), [
    "rails ~> 7.1.3 direct registry 9",
    "pg ~> 1.1 direct registry 10",
    "puma >= 5.0, < 7 direct registry 11",
    "nokogiri >= 1.16.2 direct registry 12",
    "bootsnap - direct registry 13",
    "tzinfo-data - direct registry 14",
    // Written over three lines; reported at the first.
    "image_processing ~> 1.2 direct registry 15",
    "debug - direct dev registry 21",
    "rspec-rails ~> 6.1 direct dev registry 22",
    "web-console - direct dev registry 26",
    "capybara - direct dev registry 29",
    "rubocop-rails ~> 2.23 direct dev registry 30",
    // Also in production, so not dev-only.
    "lograge - direct registry 31",
    "billing - direct path 33",
    "devise - direct git 34",
    "rack-mini-profiler - direct git 35",
    // `company:` is a git source the Gemfile defines with git_source.
    "internal_auth - direct git 36",
    "sidekiq-pro ~> 7.2 direct registry 37",
    "legacy_api - direct git 38",
    "activestorage - direct git 41",
    "internal_tool - direct path 45",
    "acme-theme ~> 3.0 direct registry 49",
    "activerecord-jdbcpostgresql-adapter - direct registry 53",
    "sentry-ruby - direct registry 57",
  ]);
  assert.equal(find(result, "rails").purl, "pkg:gem/rails");
  assert.equal(find(result, "devise").resolved, "https://github.com/heartcombo/devise.git#a1b2c3d");
  assert.equal(find(result, "rack-mini-profiler").resolved, "https://github.com/MiniProfiler/rack-mini-profiler.git#main");
  assert.equal(find(result, "legacy_api").resolved, "https://github.com/acme/legacy_api.git#v2.0.1");
  assert.equal(find(result, "activestorage").resolved, "https://github.com/rails/rails.git");
  assert.equal(find(result, "internal_tool").resolved, "vendor/gems");
  assert.equal(find(result, "sidekiq-pro").resolved, "https://gems.contribsys.com/");
  assert.equal(find(result, "acme-theme").resolved, "https://gems.acme.example/private");
  assert.deepEqual(result.diagnostics, [
    { path: "Gemfile", line: 60, message: 'gem name `ENV.fetch("DB_ADAPTER", "pg")` is computed, not written; the entry was skipped' },
    { path: "Gemfile", line: 61, message: "gemspec: the gems the .gemspec declares are not read from the Gemfile" },
    { path: "Gemfile", line: 62, message: "eval_gemfile: the gems of the evaluated file are not read from here" },
  ]);
});

await test("Gemfile: comments, heredocs and interpolated requirements do not produce false gems", () => {
  const text = `source "https://user:${PASSWORD}@gems.acme.example/" do
  gem "acme-core" # gem "not-a-gem"
end
=begin
gem "commented-out"
=end
NOTES = <<~TEXT
  gem "inside-heredoc"
TEXT
gem "rack", "~> #{ENV["RACK_VERSION"]}"
gem("json", ">= 2.7", require: false)
`;
  const result = parse("Gemfile", { text });
  assert.deepEqual(result.dependencies.map(summary), ["acme-core - direct registry 2", "rack - direct registry 10", "json >= 2.7 direct registry 11"]);
  assert.equal(find(result, "acme-core").resolved, "https://gems.acme.example/");
  assert.deepEqual(result.diagnostics, [
    { path: "Gemfile", line: 10, message: 'gem "rack": requirement `"~> #{ENV["RACK_VERSION"]}"` is computed, not written; it was left out' },
  ]);
});

await test("Gemfile.lock: GIT, PATH and GEM sections, platform variants, DEPENDENCIES and CHECKSUMS", () => {
  const result = parse("Gemfile.lock", "app.Gemfile.lock");
  assert.deepEqual(result.diagnostics, []);
  // Groups are not recorded in the lockfile, so `dev` is unknown.
  assert.deepEqual(result.dependencies.map(summary), [
    "rack-mini-profiler 3.3.1 direct git 6",
    "devise 4.9.3 direct git 14",
    "billing 0.1.0 direct path 24",
    "actionpack 7.1.3.2 transitive registry 30",
    "actionview 7.1.3.2 transitive registry 35",
    "activesupport 7.1.3.2 transitive registry 37",
    "bcrypt 3.1.20 transitive registry 41",
    "concurrent-ruby 1.2.3 transitive registry 42",
    "i18n 1.14.4 transitive registry 43",
    "mini_portile2 2.8.5 transitive registry 45",
    "nio4r 2.7.1 transitive registry 46",
    "nokogiri 1.16.2 direct registry 47",
    "nokogiri 1.16.2 direct registry 50",
    "nokogiri 1.16.2 direct registry 52",
    "orm_adapter 0.5.0 transitive registry 54",
    "pg 1.5.6 direct registry 55",
    "puma 6.4.2 direct registry 56",
    "racc 1.7.3 transitive registry 58",
    "rack 3.0.9.1 transitive registry 59",
    "railties 7.1.3.2 transitive registry 60",
    "responders 3.1.1 transitive registry 63",
    "rspec-rails 6.1.1 direct registry 66",
    "tzinfo 2.0.6 transitive registry 68",
    "warden 1.2.9 transitive registry 70",
    "sidekiq-pro 7.2.0 direct registry 76",
  ]);
  const nokogiri = result.dependencies.filter((d) => d.name === "nokogiri");
  assert.deepEqual(
    nokogiri.map((d) => [d.purl, d.integrity]),
    [
      ["pkg:gem/nokogiri@1.16.2", "sha256=6a1c5e9a1f6e4d2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809123"],
      ["pkg:gem/nokogiri@1.16.2?platform=arm64-darwin", undefined],
      ["pkg:gem/nokogiri@1.16.2?platform=x86_64-linux", "sha256=0b2a1c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"],
    ],
  );
  assert.deepEqual(find(result, "devise"), {
    ecosystem: "rubygems",
    name: "devise",
    version: "4.9.3",
    direct: true,
    source: "git",
    resolved: "https://github.com/heartcombo/devise.git#a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
    purl: "pkg:gem/devise@4.9.3",
    path: "Gemfile.lock",
    line: 14,
  });
  assert.equal(find(result, "puma").requirement, ">= 5.0, < 7");
  assert.equal(find(result, "billing").resolved, "engines/billing");
  assert.equal(find(result, "sidekiq-pro").resolved, "https://gems.contribsys.com/");
});

await test("Gemfile.lock: an unknown section is skipped with a diagnostic; credentials leave remote URLs", () => {
  const text = `GEM
  remote: https://ci:${PASSWORD}@gems.acme.example/
  specs:
    acme-core (1.0.0)

FUTURE SECTION
  something new

DEPENDENCIES
  acme-core

BUNDLED WITH
   2.6.2
`;
  const result = parse("Gemfile.lock", { text });
  assert.deepEqual(result.dependencies.map(summary), ["acme-core 1.0.0 direct registry 4"]);
  assert.equal(find(result, "acme-core").resolved, "https://gems.acme.example/");
  assert.deepEqual(result.diagnostics, [{ path: "Gemfile.lock", line: 6, message: "unknown section FUTURE SECTION; it was skipped" }]);
});

await test("Gemfile.lock with more gems than any real project is read to the cap, with a diagnostic", () => {
  const specs = Array.from({ length: 200_005 }, (_, i) => `    gem${i} (1.0.${i})\n`).join("");
  const result = parse("Gemfile.lock", { text: `GEM\n  remote: https://rubygems.org/\n  specs:\n${specs}\nDEPENDENCIES\n  gem0\n` });
  assert.equal(result.dependencies.length, 200_000);
  assert.deepEqual(result.diagnostics, [{ path: "Gemfile.lock", message: "more than 200000 entries; the rest of the file was not read" }]);
});

await test("malformed Bundler files are rejected with the file, the line and what to do", () => {
  rejects("Gemfile.lock", "conflict.Gemfile.lock", 'Gemfile.lock:55: an unresolved merge conflict marker; resolve the conflict, then regenerate it with "bundle lock"');
  rejects("Gemfile.lock", "broken.Gemfile.lock", 'Gemfile.lock:56: unexpected line "puma 6.4.2" in the GEM section; regenerate it with "bundle lock"');
  rejects("Gemfile.lock", "garbage.bin", 'Gemfile.lock:1: binary data, not a Gemfile.lock; regenerate it with "bundle lock"');
  rejects("Gemfile", "garbage.bin", "Gemfile:1: binary data, not a Gemfile; fix the Gemfile so that Ruby can load it");
  rejects("Gemfile.lock", { text: '{"packages": []}\n' }, 'Gemfile.lock:1: unexpected text "{\\"packages\\": []}" where a section such as GEM or DEPENDENCIES should start; regenerate it with "bundle lock"');
  rejects("Gemfile.lock", { text: "PLATFORMS\n  ruby\n" }, 'Gemfile.lock:1: not a Gemfile.lock: there is no GEM, GIT or PATH section; regenerate it with "bundle lock"');
  rejects("Gemfile", { text: `${"group :a do\n".repeat(100)}gem "x"\n` }, "Gemfile:65: blocks nested deeper than 64 levels; fix the Gemfile so that Ruby can load it");
});
