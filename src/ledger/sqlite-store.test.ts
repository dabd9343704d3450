import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { CustodyError } from "../core/errors.js";
import { leafHash } from "./merkle.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "custody-sqlite-store-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;
function freshPath(): string {
  return join(dir, `ledger-${files++}.sqlite`);
}

async function ledgerWithEntries(): Promise<string> {
  const path = freshPath();
  const store = openSqliteStore(path);
  const entry = Buffer.from("{}");
  await store.append(0, [{ entry, leafHash: leafHash(entry) }], { size: 1, note: "n\n" });
  await store.close();
  return path;
}

function isLedgerError(code: string, path: string) {
  return (error: unknown): boolean => error instanceof CustodyError && error.code === code && error.message.includes(path);
}

void describe("sqlite ledger store", () => {
  void it("refuses a file that is not a database, naming it", () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "these are my notes, not a ledger\n".repeat(200));
    assert.throws(() => openSqliteStore(path), isLedgerError("ledger-invalid", path));
    assert.throws(() => openSqliteStore(path, { readonly: true }), isLedgerError("ledger-invalid", path));
  });

  void it("refuses an SQLite database that is not a ledger and leaves it untouched", () => {
    const path = freshPath();
    const other = new Database(path);
    other.exec("CREATE TABLE users (name TEXT)");
    other.close();
    assert.throws(() => openSqliteStore(path), isLedgerError("ledger-invalid", path));
    const check = new Database(path);
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    check.close();
    assert.deepEqual(tables, [{ name: "users" }]);
  });

  void it("does not create a ledger when asked to open an existing one", () => {
    const path = freshPath();
    assert.throws(() => openSqliteStore(path, { create: false }), isLedgerError("file-unreadable", path));
    assert.throws(() => openSqliteStore(path, { readonly: true }), isLedgerError("file-unreadable", path));
  });

  void it("forbids UPDATE and DELETE on entries and checkpoints inside the database", async () => {
    const path = await ledgerWithEntries();
    const raw = new Database(path);
    const attempts = [
      "UPDATE entries SET entry = x'00'",
      "DELETE FROM entries",
      "UPDATE checkpoints SET note = 'forged'",
      "DELETE FROM checkpoints",
    ];
    for (const sql of attempts) assert.throws(() => raw.exec(sql), /append-only/, sql);
    raw.close();
    const store = openSqliteStore(path, { readonly: true });
    assert.equal(await store.countEntries(), 1);
    await store.close();
  });

  void it("uses write-ahead logging", async () => {
    const path = await ledgerWithEntries();
    const raw = new Database(path, { readonly: true });
    assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
    raw.close();
  });

  void it("cannot append through a read-only store", async () => {
    const path = await ledgerWithEntries();
    const store = openSqliteStore(path, { readonly: true });
    const entry = Buffer.from("{}");
    await assert.rejects(store.append(1, [{ entry, leafHash: leafHash(entry) }]), CustodyError);
    assert.equal(await store.nextIndex(), 1);
    await store.close();
  });

  void it("hands back the stored bytes even when a column was rewritten as text", async () => {
    const path = await ledgerWithEntries();
    const raw = new Database(path);
    raw.exec("DROP TRIGGER entries_append_only_update");
    raw.exec("UPDATE entries SET entry = 'not a blob'");
    raw.close();
    const store = openSqliteStore(path, { readonly: true });
    for await (const batch of store.entries()) {
      assert.equal(Buffer.from(batch[0]?.entry ?? []).toString(), "not a blob");
    }
    await store.close();
  });
});
