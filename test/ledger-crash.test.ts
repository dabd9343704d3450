// Crash safety: a writer process is killed with SIGKILL at random moments, again and again, while
// it appends; afterwards the ledger must verify and hold every event the writer acknowledged, at the
// index it was acknowledged with. Run against both stores.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { decodeEvent, loadOrCreateSigner, loadSigner, openLedgerStore, verifyLedger } from "../src/ledger/index.js";
import { dropSchemas, freshSchemaName, urlWithSchema } from "./helpers/postgres.js";

const KILLS = 20;
const WRITER = join(import.meta.dirname, "helpers", "ledger-writer.ts");
const ORIGIN = "crash.custody.test/ledger";
const schemas: string[] = [];
const dirs: string[] = [];
after(async () => {
  await dropSchemas(schemas);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Life {
  acks: Map<number, string>;
  /** The writer ended on its own (a failure) instead of being killed. */
  exitedOnItsOwn: boolean;
  stderr: string;
}

/**
 * Starts a writer and SIGKILLs it: usually up to a quarter second after its first acknowledged append, every
 * fourth time within moments of its opening the store (while it connects, reads and resumes the tree,
 * or, going the CLI's way, during its first append).
 */
function liveAndDie(location: string, keyFile: string, run: number): Promise<Life> {
  const mode = run % 3 === 0 ? "cli" : "ledger";
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, location, keyFile, `r${run}`, mode], {
    cwd: join(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acks = new Map<number, string>();
  let stdout = "";
  let stderr = "";
  let killed = false;
  const kill = (afterMs: number): void => {
    setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, afterMs);
  };
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
    const lines = stdout.split("\n");
    stdout = lines.pop() ?? "";
    for (const line of lines) {
      const [word, index, subject] = line.split(" ");
      if (word === "opening" && run % 4 === 3) kill(randomInt(0, 60));
      if (word === "ack" && index !== undefined && subject !== undefined) {
        if (acks.size === 0 && run % 4 !== 3) kill(randomInt(0, 250));
        acks.set(Number(index), subject);
      }
    }
  });
  return new Promise((resolve) => {
    child.on("close", () => {
      resolve({ acks, exitedOnItsOwn: !killed, stderr });
    });
  });
}

async function crashRepeatedly(location: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "custody-crash-"));
  dirs.push(dir);
  const keyFile = join(dir, "ledger.key");
  const setup = await openLedgerStore(location);
  await setup.setMeta("origin", ORIGIN);
  await setup.close();
  await loadOrCreateSigner(keyFile, ORIGIN);

  const acked = new Map<number, string>();
  for (let run = 0; run < KILLS; run++) {
    const life = await liveAndDie(location, keyFile, run);
    assert.equal(life.exitedOnItsOwn, false, `writer run ${run} failed by itself:\n${life.stderr}`);
    for (const [index, subject] of life.acks) {
      assert.equal(acked.has(index), false, `index ${index} acknowledged twice`);
      acked.set(index, subject);
    }
  }
  // Every life not killed while opening acknowledged at least one event before its kill was armed.
  const appendingLives = KILLS - Math.floor(KILLS / 4);
  assert.ok(acked.size >= appendingLives, `only ${acked.size} events acknowledged in ${KILLS} lives`);

  const store = await openLedgerStore(location, { readonly: true });
  try {
    const report = await verifyLedger(store, (await loadSigner(keyFile)).verifierKey);
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    const stored = new Map<number, string>();
    for await (const batch of store.entries()) for (const item of batch) stored.set(item.index, decodeEvent(item.entry).subject);
    for (const [index, subject] of acked) assert.equal(stored.get(index), subject, `acknowledged entry ${index}`);
    console.log(
      `${location.startsWith("postgres") ? "postgresql" : "sqlite"}: ${KILLS} kills, ${acked.size} acknowledged events all present, ` +
        `${report.size} entries and ${report.checkedCheckpoints} checkpoints verified`,
    );
  } finally {
    await store.close();
  }
}

void describe("ledger crash safety (SIGKILL while appending)", { concurrency: true }, () => {
  void it("sqlite: every acknowledged event survives and the log verifies", async () => {
    const dir = await mkdtemp(join(tmpdir(), "custody-crash-sqlite-"));
    dirs.push(dir);
    await crashRepeatedly(join(dir, "ledger.db"));
  });

  void it("postgresql: every acknowledged event survives and the log verifies", async () => {
    const schema = freshSchemaName("custody_crash");
    schemas.push(schema);
    await crashRepeatedly(urlWithSchema(schema));
  });
});
