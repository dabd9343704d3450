import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { zipSync } from "fflate";
import type { Zippable } from "fflate";
import { CustodyError } from "../../../core/errors.js";
import { declareSize } from "./test-support.js";
import { openZip } from "./zip.js";
import type { ZipEntryResult, ImportLimits } from "./zip.js";

const dir = mkdtempSync(join(tmpdir(), "custody-osv-zip-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let written = 0;
function writeZip(bytes: Uint8Array): string {
  const path = join(dir, `archive-${written++}.zip`);
  writeFileSync(path, bytes);
  return path;
}

const LIMITS: ImportLimits = { maxEntries: 50, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 };
const all = (): boolean => true;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (entry: ZipEntryResult): string => ("data" in entry ? new TextDecoder().decode(entry.data) : `error: ${entry.error}`);

function expectTooLarge(work: () => void, pattern: RegExp): void {
  assert.throws(work, (error: unknown) => {
    assert.ok(error instanceof CustodyError);
    assert.equal(error.code, "input-too-large");
    assert.match(error.message, pattern);
    return true;
  });
}

void describe("openZip", () => {
  void it("reads stored and deflated entries, skipping unwanted names and directories", () => {
    const path = writeZip(
      zipSync({
        "a.json": [text('{"id":"A"}'), { level: 0 }],
        "nested/b.json": [text('{"id":"B"}'.repeat(50)), { level: 9 }],
        "README.md": text("not wanted"),
        "empty/": new Uint8Array(0),
      }),
    );
    const archive = openZip(path, (name) => name.endsWith(".json"), LIMITS);
    assert.equal(archive.count, 2);
    const entries = [...archive.read()];
    assert.deepEqual(entries.map((entry) => entry.name), ["a.json", "nested/b.json"]);
    assert.equal(decode(entries[0] as ZipEntryResult), '{"id":"A"}');
    assert.equal(decode(entries[1] as ZipEntryResult), '{"id":"B"}'.repeat(50));
  });

  void it("refuses an archive with more entries than the limit before reading any", () => {
    const files: Zippable = {};
    for (let i = 0; i < 60; i++) files[`r${i}.json`] = text("{}");
    const path = writeZip(zipSync(files));
    expectTooLarge(() => openZip(path, all, LIMITS), /60 entries exceeds the limit of 50/);
  });

  void it("reads every entry of an archive past 65,535 entries, whose count field has wrapped", () => {
    const files: Zippable = {};
    const total = 65_536 + 10;
    for (let i = 0; i < total; i++) files[`r${i}.json`] = new Uint8Array(0);
    files["last.json"] = text('{"id":"LAST"}');
    const path = writeZip(zipSync(files, { level: 0 }));
    const archive = openZip(path, (name) => name === "last.json" || name === "r65540.json", { ...LIMITS, maxEntries: 100_000 });
    assert.equal(archive.count, 2);
    assert.deepEqual([...archive.read()].map(decode), ["", '{"id":"LAST"}']);
    expectTooLarge(() => openZip(path, all, { ...LIMITS, maxEntries: 65_540 }), /number of entries exceeds the limit of 65,540/);
  });

  void it("refuses an entry that declares more than the per-entry limit", () => {
    const path = writeZip(zipSync({ "big.json": new Uint8Array(2 * 1024 * 1024) }));
    expectTooLarge(() => openZip(path, all, LIMITS), /entry big\.json exceeds the limit of 1,048,576/);
  });

  void it("refuses archives whose entries together declare more than the total limit", () => {
    const chunk = new Uint8Array(800 * 1024);
    const path = writeZip(zipSync({ "1.json": chunk, "2.json": chunk, "3.json": chunk }));
    expectTooLarge(() => openZip(path, all, LIMITS), /total uncompressed size exceeds the limit/);
  });

  void it("stops a zip bomb that lies about its size once inflation passes the limit", () => {
    // 8 MiB of zeros deflates to about 8 KiB; the headers claim 100 bytes.
    const bomb = declareSize(zipSync({ "bomb.json": [new Uint8Array(8 * 1024 * 1024), { level: 9 }] }), "bomb.json", 100);
    assert.ok(bomb.length < 64 * 1024);
    const archive = openZip(writeZip(bomb), all, LIMITS);
    expectTooLarge(() => [...archive.read()], /entry bomb\.json exceeds the limit of 1,048,576/);
  });

  void it("reports a damaged entry and still reads the others", () => {
    const zip = Buffer.from(zipSync({ "good.json": [text('{"ok":true}'), { level: 0 }], "bad.json": [text('{"ok":false}'), { level: 0 }] }));
    // Flip a byte of the second entry's stored data so its CRC-32 no longer matches.
    const at = zip.indexOf('{"ok":false}');
    zip[at + 2] = "X".charCodeAt(0);
    const entries = [...openZip(writeZip(zip), all, LIMITS).read()];
    assert.deepEqual(entries.map(decode), ['{"ok":true}', "error: the CRC-32 check failed"]);
  });

  void it("says plainly when the file is not a ZIP archive", () => {
    const path = join(dir, "not-a-zip.zip");
    writeFileSync(path, "PK\u0003\u0004 but nothing else");
    assert.throws(() => openZip(path, all, LIMITS), (error: unknown) => {
      assert.ok(error instanceof CustodyError);
      assert.equal(error.code, "file-unreadable");
      assert.match(error.message, /not a readable ZIP archive: no end-of-central-directory record/);
      return true;
    });
  });
});
