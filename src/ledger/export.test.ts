import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import type { LedgerEvent } from "../core/types.js";
import { encodeBase64 } from "./bytes.js";
import { parseCheckpoint } from "./checkpoint.js";
import { encodeEvent } from "./events.js";
import { exportLedger } from "./export.js";
import { leafHash, rootHash } from "./merkle.js";
import { generateSigner, parseSignerKey, parseVerifierKey } from "./note-keys.js";
import { openNote } from "./note.js";
import { openLedger } from "./ledger.js";
import { openSqliteStore } from "./sqlite-store.js";
import { parseBundle } from "./tiles.js";

const ORIGIN = "custody.example/export";
const signer = parseSignerKey(generateSigner(ORIGIN).signerKey);
const dir = mkdtempSync(join(tmpdir(), "custody-export-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let made = 0;
const fresh = (name: string): string => join(dir, `${name}-${made++}`);

function event(i: number): LedgerEvent {
  return {
    type: "scan.completed",
    time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actor: "ci",
    subject: `change:${i}`,
    payload: { findings: i % 7 },
  };
}

async function ledgerOf(size: number, batch = 1_000): Promise<string> {
  const path = fresh("ledger.sqlite");
  const ledger = await openLedger({ path, origin: ORIGIN, signer });
  for (let from = 0; from < size; from += batch) {
    await ledger.append(Array.from({ length: Math.min(batch, size - from) }, (_, i) => event(from + i)));
  }
  await ledger.close();
  return path;
}

async function exportOf(path: string, target = fresh("export")) {
  const store = openSqliteStore(path, { readonly: true });
  try {
    return await exportLedger(store, target);
  } finally {
    await store.close();
  }
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

void describe("exportLedger", () => {
  void it("writes the checkpoint, hash tiles and entry bundles of the C2SP tlog-tiles layout", async () => {
    const path = await ledgerOf(600, 250);
    const result = await exportOf(path);
    assert.deepEqual(listFiles(result.directory), [
      "checkpoint",
      "tile/0/000",
      "tile/0/001",
      "tile/0/002.p/88",
      "tile/1/000.p/2",
      "tile/entries/000",
      "tile/entries/001",
      "tile/entries/002.p/88",
    ]);
    assert.equal(result.size, 600);
    assert.equal(result.tiles, 4);
    assert.equal(result.bundles, 3);
    const entries = Array.from({ length: 600 }, (_, i) => encodeEvent(event(i)));
    const leaves = entries.map(leafHash);
    assert.equal(result.rootHash, encodeBase64(rootHash(leaves)));
    // The checkpoint is the ledger's newest signed note, byte for byte.
    const note = readFileSync(join(result.directory, "checkpoint"), "utf8");
    const opened = openNote(note, [parseVerifierKey(signer.verifierKey)]);
    assert.ok(opened.ok);
    assert.equal(parseCheckpoint(opened.text).size, 600);
    assert.deepEqual(readFileSync(join(result.directory, "tile/0/001")), Buffer.concat(leaves.slice(256, 512)));
    assert.deepEqual(readFileSync(join(result.directory, "tile/0/002.p/88")), Buffer.concat(leaves.slice(512)));
    const bundle = parseBundle(readFileSync(join(result.directory, "tile/entries/002.p/88")));
    assert.deepEqual(bundle.entries.map((e) => Buffer.from(e)), entries.slice(512).map((e) => Buffer.from(e)));
    // Level 1 holds the roots of the two full level-0 tiles.
    assert.deepEqual(
      readFileSync(join(result.directory, "tile/1/000.p/2")),
      Buffer.concat([rootHash(leaves.slice(0, 256)), rootHash(leaves.slice(256, 512))]),
    );
  });

  void it("writes the partial tiles of every level when the tree spans three levels", async () => {
    // 257 full level-0 tiles: no partial tile at level 0, a full and a partial one at level 1, a partial one at level 2.
    const size = 257 * 256;
    const result = await exportOf(await ledgerOf(size, 16_448));
    const files = listFiles(result.directory);
    assert.equal(files.filter((f) => f.startsWith("tile/entries/")).length, 257);
    assert.ok(files.includes("tile/entries/256"));
    assert.deepEqual(files.filter((f) => f.startsWith("tile/1/") || f.startsWith("tile/2/")), ["tile/1/000", "tile/1/001.p/1", "tile/2/000.p/1"]);
    assert.equal(files.filter((f) => f.includes(".p/")).length, 2);
    const leaves = Array.from({ length: size }, (_, i) => leafHash(encodeEvent(event(i))));
    assert.equal(result.rootHash, encodeBase64(rootHash(leaves)));
  });

  void it("refuses a ledger whose entries no longer match its latest checkpoint, and leaves nothing behind", async () => {
    const path = await ledgerOf(300, 100);
    const db = new Database(path);
    db.exec("DROP TRIGGER entries_append_only_update");
    db.prepare("UPDATE entries SET entry = CAST(replace(CAST(entry AS TEXT), '\"ci\"', '\"xx\"') AS BLOB) WHERE idx = 42").run();
    db.close();
    const parent = fresh("parent");
    mkdirSync(parent);
    await assert.rejects(exportOf(path, join(parent, "export")), (error: unknown) => {
      assert.ok(error instanceof Error && "code" in error);
      assert.equal(error.code, "ledger-invalid");
      assert.match(error.message, /do not hash to the root of its latest signed checkpoint \(size 300\).*custody ledger verify/);
      return true;
    });
    assert.deepEqual(readdirSync(parent), []);
  });

  void it("refuses a target directory that is not empty, and fills an empty one", async () => {
    const path = await ledgerOf(10, 10);
    const busy = fresh("busy");
    mkdirSync(busy);
    writeFileSync(join(busy, "keep.txt"), "mine");
    await assert.rejects(exportOf(path, busy), { code: "export-invalid" });
    assert.deepEqual(readdirSync(busy), ["keep.txt"]);
    const empty = fresh("empty");
    mkdirSync(empty);
    const result = await exportOf(path, empty);
    assert.deepEqual(listFiles(empty), ["checkpoint", "tile/0/000.p/10", "tile/entries/000.p/10"]);
    assert.equal(result.size, 10);
  });

  void it("refuses a ledger with no checkpoint", async () => {
    const path = fresh("empty.sqlite");
    const store = openSqliteStore(path);
    try {
      await assert.rejects(exportLedger(store, fresh("export")), { code: "ledger-invalid" });
    } finally {
      await store.close();
    }
  });
});
