// verifyLedger over a PostgreSQL ledger written by createLedger, and what it finds after a superuser
// disables the append-only triggers and edits, reorders or deletes rows.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { dropSchemas, freshSchemaName, urlWithSchema, withSuperuser } from "../../test/helpers/postgres.js";
import type { LedgerEvent } from "../core/types.js";
import { createLedger } from "./ledger.js";
import { leafHash } from "./merkle.js";
import { generateSigner, parseSignerKey } from "./note-keys.js";
import { openPostgresStore } from "./postgres-store.js";
import type { VerifyOptions } from "./verify.js";
import { verifyLedger } from "./verify.js";
import type { VerifyProblem, VerifyReport } from "./verify-report.js";

const ORIGIN = "custody.example/pg-audit";
const SIZE = 40;
const BATCH = 5;
const keys = generateSigner(ORIGIN);
const signer = parseSignerKey(keys.signerKey);
const schemas: string[] = [];
after(() => dropSchemas(schemas));

function event(i: number): LedgerEvent {
  return {
    type: i % 3 === 0 ? "decision.made" : "scan.completed",
    time: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    actor: "alice",
    subject: `change:${i.toString(16).padStart(4, "0")}`,
    payload: { index: i },
  };
}

/** A fresh ledger of SIZE events in batches of BATCH (checkpoints at 5, 10, …, 40); returns its schema. */
async function writtenLedger(): Promise<{ schema: string; notes: Map<number, string> }> {
  const schema = freshSchemaName("custody_pgv");
  schemas.push(schema);
  const store = await openPostgresStore({ url: urlWithSchema(schema) });
  const notes = new Map<number, string>();
  try {
    const ledger = await createLedger(store, { origin: ORIGIN, signer });
    for (let from = 0; from < SIZE; from += BATCH) {
      const { checkpoint } = await ledger.append(Array.from({ length: BATCH }, (_, i) => event(from + i)));
      notes.set(from + BATCH, checkpoint);
    }
  } finally {
    await store.close();
  }
  return { schema, notes };
}

/** What a superuser bent on rewriting history does: switch the guards off, then edit. */
async function tamper(schema: string, statements: string[]): Promise<void> {
  await withSuperuser(async (client) => {
    for (const table of ["entries", "checkpoints"]) await client.query(`ALTER TABLE "${schema}".${table} DISABLE TRIGGER USER`);
    for (const sql of statements) await client.query(sql.replaceAll("$schema", `"${schema}"`));
  });
}

async function verify(schema: string, options?: VerifyOptions): Promise<VerifyReport> {
  const store = await openPostgresStore({ url: urlWithSchema(schema), readonly: true });
  try {
    return await verifyLedger(store, keys.verifierKey, options);
  } finally {
    await store.close();
  }
}

function find(report: VerifyReport, kind: VerifyProblem["kind"]): VerifyProblem {
  const problem = report.problems.find((p) => p.kind === kind);
  assert.ok(problem, `expected a ${kind} problem, got ${JSON.stringify(report.problems, null, 1)}`);
  return problem;
}

function hex(bytes: Uint8Array): string {
  return `'\\x${Buffer.from(bytes).toString("hex")}'`;
}

void describe("verifyLedger on a postgresql ledger", () => {
  void it("accepts the log createLedger wrote and checks every checkpoint", async () => {
    const { schema } = await writtenLedger();
    assert.deepEqual(await verify(schema), { ok: true, size: SIZE, checkedCheckpoints: SIZE / BATCH, problems: [] });
  });

  void it("names an entry whose bytes were edited", async () => {
    const { schema } = await writtenLedger();
    const forged = Buffer.from(JSON.stringify(event(12)).replace('"alice"', '"mallo"'));
    await tamper(schema, [`UPDATE $schema.entries SET entry = ${hex(forged)} WHERE idx = 12`]);
    const report = await verify(schema);
    assert.equal(report.ok, false);
    assert.equal(find(report, "leaf-hash-mismatch").index, 12);
    assert.deepEqual(find(report, "root-mismatch").range, { first: 10, last: 14 });
  });

  void it("finds the batch of an entry rewritten together with its leaf hash", async () => {
    const { schema } = await writtenLedger();
    const forged = Buffer.from(JSON.stringify(event(23)).replace('"alice"', '"mallo"'));
    await tamper(schema, [`UPDATE $schema.entries SET entry = ${hex(forged)}, leaf_hash = ${hex(leafHash(forged))} WHERE idx = 23`]);
    const report = await verify(schema);
    assert.equal(report.problems.some((p) => p.kind === "leaf-hash-mismatch"), false);
    assert.deepEqual(find(report, "root-mismatch").range, { first: 20, last: 24 });
  });

  void it("detects two entries swapped, hashes and all", async () => {
    const { schema } = await writtenLedger();
    await tamper(schema, [
      "UPDATE $schema.entries SET idx = 1000 WHERE idx = 31",
      "UPDATE $schema.entries SET idx = 31 WHERE idx = 32",
      "UPDATE $schema.entries SET idx = 32 WHERE idx = 1000",
    ]);
    const report = await verify(schema);
    assert.equal(report.ok, false);
    assert.deepEqual(find(report, "root-mismatch").range, { first: 30, last: 34 });
  });

  void it("names an entry deleted from the middle", async () => {
    const { schema } = await writtenLedger();
    await tamper(schema, ["DELETE FROM $schema.entries WHERE idx = 7"]);
    const report = await verify(schema);
    assert.deepEqual(find(report, "entry-missing").range, { first: 7, last: 7 });
  });

  void it("detects a forged checkpoint note", async () => {
    const { schema } = await writtenLedger();
    await tamper(schema, ["UPDATE $schema.checkpoints SET note = replace(note, '\n15\n', '\n16\n') WHERE size = 15"]);
    const report = await verify(schema);
    assert.equal(find(report, "checkpoint-unverified").checkpointSize, 15);
  });

  void it("detects a clean cut of entries and checkpoints, given a checkpoint the auditor kept", async () => {
    const { schema, notes } = await writtenLedger();
    await tamper(schema, ["DELETE FROM $schema.entries WHERE idx >= 30", "DELETE FROM $schema.checkpoints WHERE size > 30"]);
    assert.equal((await verify(schema)).ok, true, "without outside help a clean cut looks like a shorter log");
    const report = await verify(schema, { trustedCheckpoint: notes.get(35) ?? "" });
    assert.deepEqual(find(report, "truncated").range, { first: 30, last: 34 });
  });
});
