// The snippet index and matching: incremental indexing, license labels, and the thresholds that keep
// short common code from being reported.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, unlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { buildLicenseIndex } from "./index-build.js";
import { LicenseIndex } from "./index-store.js";
import { createSnippetMatcher, MAX_DOCUMENT_FREQUENCY } from "./snippets.js";
import { K, W } from "./winnow.js";

async function temp(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "custody-snippets-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function put(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** A function of `n` distinct statements: code nobody else writes the same way. */
function distinctive(name: string, n: number): string {
  const body = Array.from({ length: n }, (_, i) => `  total = mix_${name}(total, ${i * 7 + 3}, table[${(i * 13) % 31}]) ^ ${i * 104729};`);
  return [`unsigned ${name}(const unsigned *table) {`, "  unsigned total = 0;", ...body, "  return total;", "}"].join("\n");
}

const open = (path: string) => LicenseIndex.open(path, { create: { k: K, w: W, ignoreIdentifiers: false } });

void describe("license index", () => {
  it("indexes a tree, then only what changed; labels files from their header, --license or the LICENSE file above them", async (t) => {
    const dir = await temp(t);
    const corpus = join(dir, "corpus");
    await put(corpus, {
      COPYING: "GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991\n",
      "lib/a.c": distinctive("alpha", 20),
      "lib/b.c": `// SPDX-License-Identifier: MIT\n${distinctive("beta", 20)}`,
      "vendor/LICENSE": "Permission is hereby granted, free of charge, to any person obtaining a copy of this software\n",
      "vendor/c.c": distinctive("gamma", 20),
      "bin/blob.dat": "\u0000\u0001binary",
    });
    const index = open(join(dir, "index.db"));
    t.after(() => {
      index.close();
    });
    const first = await buildLicenseIndex(index, corpus);
    assert.deepEqual([first.files, first.added, first.unchanged, first.skipped.binary], [3, 3, 0, 1]);
    const label = (path: string) => {
      const f = index.file(first.root, path);
      return `${f?.license ?? "none"} (${f?.license_source ?? ""})`;
    };
    assert.equal(label("lib/a.c"), "GPL-2.0-only (license-file:COPYING)");
    assert.equal(label("lib/b.c"), "MIT (file)");
    assert.equal(label("vendor/c.c"), "MIT (license-file:vendor/LICENSE)");

    const again = await buildLicenseIndex(index, corpus);
    assert.deepEqual([again.added, again.updated, again.unchanged, again.removed], [0, 0, 3, 0]);

    await writeFile(join(corpus, "lib/a.c"), distinctive("alpha2", 20));
    await unlink(join(corpus, "vendor/c.c"));
    // Touched but not changed: read again, found identical, not re-fingerprinted.
    const later = new Date(Date.now() + 5000);
    await utimes(join(corpus, "lib/b.c"), later, later);
    const third = await buildLicenseIndex(index, corpus, { license: "AGPL-3.0-only" });
    assert.deepEqual([third.added, third.updated, third.unchanged, third.removed, third.files], [0, 1, 1, 1, 2]);
    assert.equal(label("lib/a.c"), "AGPL-3.0-only (option)", "--license wins over the LICENSE file");
    assert.equal(label("lib/b.c"), "MIT (file)", "a file's own tag wins over --license");
  });

  it("refuses a file that is not an index, naming the fix", async (t) => {
    const dir = await temp(t);
    await writeFile(join(dir, "other.db"), "");
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(join(dir, "other.db"));
    db.exec("CREATE TABLE x (y INTEGER)");
    db.close();
    assert.throws(() => LicenseIndex.open(join(dir, "other.db")), (error: Error & { code?: string }) => {
      assert.equal(error.code, "license-index-invalid");
      assert.match(error.message, /is not a Custody license index; build a new index with `custody license index DIR --index FILE`/);
      return true;
    });
  });
});

void describe("snippet matching", () => {
  async function indexed(t: TestContext, files: Record<string, string>) {
    const dir = await temp(t);
    await put(join(dir, "corpus"), files);
    const index = open(join(dir, "index.db"));
    t.after(() => {
      index.close();
    });
    await buildLicenseIndex(index, join(dir, "corpus"), { license: "GPL-3.0-only" });
    return createSnippetMatcher(index);
  }

  it("reports a copied function with both spans and the share, but not a few shared lines", async (t) => {
    const source = distinctive("delta", 30);
    const matcher = await indexed(t, { "src/delta.c": `#include <stdio.h>\n\n${source}\n` });
    const pasted = `int unrelated(void) { return 4; }\n\n${source}\n`;
    const [finding, ...rest] = matcher.match({ path: "new.c", text: pasted });
    assert.ok(finding);
    assert.deepEqual(rest, []);
    assert.equal(finding.ruleId, "license/snippet-match");
    assert.equal(finding.severity, "high");
    assert.equal(finding.location.startLine, 3);
    assert.match(finding.message, /^Lines 3–\d+ match lines 3–\d+ of corpus\/src\/delta\.c \(GPL-3\.0-only, strong copyleft, given when indexed\): \d+ of \d+ lines/);

    // Five lines of the same function: under the threshold.
    const few = source.split("\n").slice(4, 9).join("\n");
    assert.deepEqual(matcher.match({ path: "small.c", text: `${few}\n` }), []);
  });

  it("with added lines, only code the change adds is compared", async (t) => {
    const source = distinctive("epsilon", 30);
    const matcher = await indexed(t, { "e.c": source });
    const lines = source.split("\n").length;
    assert.equal(matcher.match({ path: "x.c", text: source, addedLines: [{ start: 1, end: lines }] }).length, 1);
    assert.deepEqual(matcher.match({ path: "x.c", text: source, addedLines: [{ start: 1, end: 3 }] }), []);
    assert.deepEqual(matcher.match({ path: "x.c", text: source, addedLines: [] }), []);
  });

  it(`ignores code found in more than ${MAX_DOCUMENT_FREQUENCY} indexed files as boilerplate`, async (t) => {
    const common = distinctive("zeta", 30);
    const files = Object.fromEntries(Array.from({ length: MAX_DOCUMENT_FREQUENCY + 1 }, (_, i) => [`copy${i}.c`, `${common}\n// ${i}\n`]));
    const matcher = await indexed(t, files);
    assert.deepEqual(matcher.match({ path: "x.c", text: common }), []);
  });
});
