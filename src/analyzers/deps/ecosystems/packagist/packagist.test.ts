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

await test("composer.json and composer.lock are claimed, copies under vendor/ are not", () => {
  const names = (path: string): string[] => PARSERS.filter((parser) => parser.matches(path)).map((parser) => parser.name);
  assert.deepEqual(names("composer.json"), ["composer.json"]);
  assert.deepEqual(names("apps/api/composer.lock"), ["composer.lock"]);
  assert.deepEqual(names("vendor/monolog/monolog/composer.json"), []);
  assert.deepEqual(names("shop.composer.json"), []);
});

await test("composer.json: require and require-dev, platform requirements left out, names lower-cased", () => {
  const result = parse("composer.json", "shop.composer.json");
  assert.deepEqual(result.dependencies.map(summary), [
    "acme/billing @dev direct registry 9",
    // Defined inline by a `package` repository, so the manifest alone says it is a download.
    "acme/fonts ^2.0 direct url 10",
    "acme/legacy-sdk dev-main direct registry 11",
    "brick/math ^0.12 direct registry 12",
    "guzzlehttp/guzzle ^7.8 direct registry 13",
    "monolog/monolog ^3.5 direct registry 14",
    "twig/twig ^3.8 direct registry 15",
    "mockery/mockery ^1.6 direct dev registry 18",
    "phpunit/phpunit ^11.0 direct dev registry 19",
  ]);
  assert.equal(find(result, "brick/math").purl, "pkg:composer/brick/math");
  assert.equal(find(result, "acme/fonts").resolved, "https://downloads.example.com/acme-fonts-2.0.0.zip");
  // Path and VCS repositories may serve any required package; only the lockfile says which.
  assert.deepEqual(result.diagnostics, [
    { path: "composer.json", line: 21, message: "packages may come from the path repository packages/billing rather than Packagist; composer.lock records which" },
    { path: "composer.json", line: 21, message: "packages may come from the vcs repository https://github.com/acme/legacy-sdk rather than Packagist; composer.lock records which" },
  ]);
});

await test("composer.lock: packages and packages-dev, from Packagist, a path, a VCS repository and a plain download", () => {
  const result = parse("composer.lock", "shop.composer.lock");
  assert.deepEqual(result.diagnostics, []);
  // composer.lock does not record what composer.json requires, so `direct` is unknown.
  assert.deepEqual(result.dependencies.map(summary), [
    "acme/billing dev-main ? path 10",
    "acme/fonts 2.0.0 ? url 35",
    "acme/legacy-sdk dev-main ? git 45",
    "brick/math 0.12.1 ? registry 75",
    "guzzlehttp/guzzle 7.8.1 ? registry 104",
    "guzzlehttp/promises 2.0.2 ? registry 138",
    "guzzlehttp/psr7 2.6.2 ? registry 167",
    "monolog/monolog 3.5.0 ? registry 199",
    "psr/log 3.0.0 ? registry 229",
    "symfony/polyfill-mbstring v1.29.0 ? registry 258",
    "twig/twig v3.8.0 ? registry 287",
    "hamcrest/hamcrest-php v2.0.1 ? dev registry 320",
    "mockery/mockery 1.6.7 ? dev registry 349",
    "phpunit/phpunit 11.0.3 ? dev registry 380",
  ]);
  assert.deepEqual(find(result, "twig/twig"), {
    ecosystem: "packagist",
    name: "twig/twig",
    version: "v3.8.0",
    dev: false,
    source: "registry",
    resolved: "https://api.github.com/repos/twigphp/Twig/zipball/25561a9505ddb8c73c0b8b3f9f9b1601a54020ee",
    license: "(BSD-3-Clause OR MIT)",
    purl: "pkg:composer/twig/twig@v3.8.0",
    path: "composer.lock",
    line: 287,
  });
  assert.equal(find(result, "acme/legacy-sdk").resolved, "https://github.com/acme/legacy-sdk.git#4f2a1c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39");
  assert.equal(find(result, "acme/billing").resolved, "packages/billing");
  assert.equal(find(result, "acme/fonts").integrity, "sha1:3c363836cf4e16666669a25da280a1865c2d2874");
});

await test("composer.lock: credentials in URLs are removed; entries without a name are reported", () => {
  const text = `{
    "packages": [
        {
            "name": "Acme/Private",
            "version": "1.4.0",
            "dist": {
                "type": "zip",
                "url": "https://token:${PASSWORD}@repo.acme.example/dist/acme/private/1.4.0.zip?key=abc"
            },
            "notification-url": "https://repo.acme.example/downloads/"
        },
        {
            "version": "1.0.0"
        }
    ]
}
`;
  const result = parse("composer.lock", { text });
  assert.deepEqual(result.dependencies.map(summary), ["acme/private 1.4.0 ? registry 4"]);
  assert.equal(find(result, "acme/private").resolved, "https://repo.acme.example/dist/acme/private/1.4.0.zip");
  assert.equal(find(result, "acme/private").purl, "pkg:composer/acme/private@1.4.0");
  assert.deepEqual(result.diagnostics, [{ path: "composer.lock", line: 13, message: 'entry 1 of "packages" has no package name; it was skipped' }]);
});

await test("malformed Composer files are rejected with the file, the line and what to do", () => {
  rejects("composer.lock", "truncated.composer.lock", 'composer.lock:138: the JSON ends early, so the composer.lock looks truncated; regenerate it with "composer update --lock"');
  rejects("composer.json", "broken.composer.json", "composer.json:15: the composer.json is not valid JSON (Expected double-quoted property name); fix the JSON syntax of composer.json");
  rejects("composer.lock", "no-packages.composer.lock", 'composer.lock:1: not a Composer lockfile: there is no "packages" list; regenerate it with "composer update --lock"');
  rejects("composer.lock", "garbage.bin", 'composer.lock:1: binary data, not a composer.lock; regenerate it with "composer update --lock"');
  rejects("composer.json", { text: '"acme/shop"\n' }, "composer.json:1: composer.json is not a JSON object; fix the JSON syntax of composer.json");
});
