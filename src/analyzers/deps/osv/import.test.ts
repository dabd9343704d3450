import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { zipSync } from "fflate";
import type { Zippable } from "fflate";
import { CustodyError } from "../../../core/errors.js";
import { importOsv, openOsv } from "./index.js";
import type { OsvAdvisory, OsvDatabase, OsvImportProgress } from "./index.js";
import { MATCH_SQL } from "./query.js";
import { declareSize } from "./test-support.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "records");
const dir = mkdtempSync(join(tmpdir(), "custody-osv-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let made = 0;
const fresh = (name: string): string => join(dir, `${name}-${made++}`);

function fixtureFiles(root = FIXTURES): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const path = join(root, entry.name);
    return entry.isDirectory() ? fixtureFiles(path) : [path];
  });
}

function fixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, path), "utf8")) as Record<string, unknown>;
}

function fixtureZip(extra: Zippable = {}): string {
  const files: Zippable = { ...extra };
  for (const path of fixtureFiles()) files[`osv/${relative(FIXTURES, path)}`] = readFileSync(path);
  const zip = `${fresh("export")}.zip`;
  writeFileSync(zip, zipSync(files));
  return zip;
}

function withDb<T>(path: string, work: (db: OsvDatabase) => T): T {
  const db = openOsv(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const ids = (advisories: readonly OsvAdvisory[]): string[] => advisories.map((advisory) => advisory.id);

const EXPECTED_COUNTS = { documents: 12, records: 12, inserted: 10, updated: 0, skipped: 0, ignored: 1, invalid: 1 };

void describe("importOsv and openOsv", () => {
  const fromDirectory = fresh("dir.sqlite");
  const progress: OsvImportProgress[] = [];
  const result = importOsv(FIXTURES, fromDirectory, { onProgress: (step) => progress.push(step) });

  void it("imports a directory tree, counting what it stored, ignored and rejected", () => {
    const { documents, records, inserted, updated, skipped, ignored, invalid } = result;
    assert.deepEqual({ documents, records, inserted, updated, skipped, ignored, invalid }, EXPECTED_COUNTS);
    assert.equal(result.kind, "directory");
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]?.file, join("other", "invalid-record.json"));
    assert.match(result.problems[0].message, /^modified: /);
    assert.deepEqual(progress.at(-1), { done: 12, total: 12, inserted: 10, updated: 0, skipped: 0, invalid: 1 });
  });

  void it("answers for affected, fixed and unaffected versions in all seven ecosystems", () => {
    withDb(fromDirectory, (db) => {
      const cases: readonly (readonly [Parameters<OsvDatabase["query"]>, string[]])[] = [
        [["npm", "lodash", "4.17.20"], ["GHSA-35jh-r3h4-6jhm"]],
        [["npm", "lodash", "4.17.21"], []],
        [["pypi", "requests", "2.30.0"], ["GHSA-j8r2-6x86-q33q"]],
        [["pypi", "requests", "2.31.0"], []],
        [["pypi", "requests", "2.2.1"], []],
        [["pypi", "Jinja_2", "3.1.2"], []],
        [["pypi", "JINJA2", "3.1.2"], ["GHSA-h5c8-rqwp-cp95"]],
        [["pypi", "jinja2", "3.1.3"], []],
        [["go", "golang.org/x/net", "v0.16.0"], ["GO-2023-2102"]],
        [["go", "golang.org/x/net", "v0.0.0-20230101000000-abcdefabcdef"], ["GO-2023-2102"]],
        [["go", "golang.org/x/net", "v0.17.0"], []],
        [["cargo", "tokio", "0.1.13"], []],
        [["cargo", "tokio", "1.8.3"], ["RUSTSEC-2021-0124"]],
        [["cargo", "tokio", "1.8.4"], []],
        [["cargo", "tokio", "1.12.0"], ["RUSTSEC-2021-0124"]],
        [["cargo", "tokio", "1.13.1"], []],
        [["maven", "org.apache.logging.log4j:log4j-core", "2.0-beta8"], []],
        [["maven", "org.apache.logging.log4j:log4j-core", "2.0-beta9"], ["GHSA-jfh8-c2jp-5v3q"]],
        [["maven", "org.apache.logging.log4j:log4j-core", "2.3"], ["GHSA-jfh8-c2jp-5v3q"]],
        [["maven", "org.apache.logging.log4j:log4j-core", "2.3.1"], []],
        [["maven", "org.apache.logging.log4j:log4j-core", "2.12.1"], ["GHSA-jfh8-c2jp-5v3q"]],
        [["maven", "org.apache.logging.log4j:log4j-core", "2.14.1"], ["GHSA-jfh8-c2jp-5v3q"]],
        [["maven", "org.apache.logging.log4j:log4j-core", "2.15.0"], []],
        [["rubygems", "sample_markdown_renderer", "2.9.0"], []],
        [["rubygems", "sample_markdown_renderer", "3.0.0.beta1"], ["GHSA-9v3q-5m2x-7wrp"]],
        [["rubygems", "sample_markdown_renderer", "3.2.0"], ["GHSA-9v3q-5m2x-7wrp"]],
        [["rubygems", "sample_markdown_renderer", "3.2.1"], []],
        [["packagist", "guzzlehttp/guzzle", "6.5.5"], ["GHSA-cwmx-hcrq-mhc3"]],
        [["packagist", "guzzlehttp/guzzle", "v6.5.6"], []],
        [["packagist", "GuzzleHttp/Guzzle", "v7.4.2"], ["GHSA-cwmx-hcrq-mhc3"]],
        [["packagist", "guzzlehttp/guzzle", "7.4.3"], []],
        [["npm", "not-in-the-database", "1.0.0"], []],
      ];
      for (const [args, expected] of cases) assert.deepEqual(ids(db.query(...args)), expected, args.join(" "));
    });
  });

  void it("reports aliases, severity, fixed versions and malicious packages", () => {
    withDb(fromDirectory, (db) => {
      const [lodash] = db.query("npm", "lodash", "4.17.0");
      assert.deepEqual(lodash, {
        id: "GHSA-35jh-r3h4-6jhm",
        aliases: ["CVE-2021-23337"],
        summary: "Command Injection in lodash",
        severity: "high",
        cvssScore: 7.2,
        cvssVector: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H",
        fixedVersions: ["4.17.21"],
        malicious: false,
        published: "2021-05-06T16:05:51Z",
        modified: "2024-02-26T19:43:09Z",
        references: ["https://nvd.nist.gov/vuln/detail/CVE-2021-23337", "https://github.com/lodash/lodash"],
      });
      const [log4shell] = db.query("maven", "org.apache.logging.log4j:log4j-core", "2.14.1");
      assert.equal(log4shell?.severity, "critical");
      assert.equal(log4shell.cvssScore, 10);
      // Only fixes a user of the queried version can move to: above it and not themselves affected.
      assert.deepEqual(log4shell.fixedVersions, ["2.15.0"]);
      assert.deepEqual(db.query("maven", "org.apache.logging.log4j:log4j-core", "2.3")[0]?.fixedVersions, ["2.3.1", "2.12.2", "2.15.0"]);
      assert.deepEqual(db.query("cargo", "tokio", "0.2.0")[0]?.fixedVersions, ["1.8.4", "1.13.1"]);
      assert.deepEqual(db.query("cargo", "tokio", "1.9.0")[0]?.fixedVersions, ["1.13.1"]);
      // The CVSS vector outranks the database's own label ("MODERATE").
      assert.equal(db.query("pypi", "requests", "2.30.0")[0]?.severity, "medium");
      // CVSS 4.0 only: the database's label decides, the vector is kept for display.
      const [gem] = db.query("rubygems", "sample_markdown_renderer", "3.1.0");
      assert.equal(gem?.severity, "medium");
      assert.equal(gem.cvssScore, undefined);
      assert.match(gem.cvssVector ?? "", /^CVSS:4\.0\//);
      // Go's database publishes no severity at all.
      assert.equal(db.query("go", "golang.org/x/net", "v0.16.0")[0]?.severity, undefined);
      // Two affected entries for one package are one advisory, judged together.
      const guzzle = db.query("packagist", "guzzlehttp/guzzle", "6.5.5");
      assert.equal(guzzle.length, 1);
      assert.deepEqual(guzzle[0]?.fixedVersions, ["6.5.6", "7.4.3"]);
      assert.equal(guzzle[0].severity, "high");
      assert.deepEqual(db.query("packagist", "guzzlehttp/guzzle", "7.0.0")[0]?.fixedVersions, ["7.4.3"]);
      const [malware] = db.query("npm", "colors-helper-utils", "1.0.1");
      assert.equal(malware?.malicious, true);
      assert.deepEqual(malware.fixedVersions, []);
      assert.deepEqual(ids(db.query("npm", "colors-helper-utils", "7.0.0")), ["MAL-2024-9001"]);
    });
  });

  void it("keeps withdrawn advisories but never reports them", () => {
    withDb(fromDirectory, (db) => {
      assert.deepEqual(db.query("npm", "left-pad-plus", "1.0.0"), []);
      const stats = db.stats();
      assert.equal(stats.withdrawn, 1);
      assert.equal(stats.advisories, 9);
    });
  });

  void it("summarises the database per ecosystem", () => {
    withDb(fromDirectory, (db) => {
      const stats = db.stats();
      assert.deepEqual(stats.ecosystems, [
        { ecosystem: "npm", advisories: 2, malicious: 1 },
        { ecosystem: "pypi", advisories: 2, malicious: 0 },
        { ecosystem: "go", advisories: 1, malicious: 0 },
        { ecosystem: "cargo", advisories: 1, malicious: 0 },
        { ecosystem: "maven", advisories: 1, malicious: 0 },
        { ecosystem: "rubygems", advisories: 1, malicious: 0 },
        { ecosystem: "packagist", advisories: 1, malicious: 0 },
      ]);
      assert.equal(stats.lastModified, "2024-07-24T19:11:33Z");
      assert.ok(stats.importedAt !== undefined && !Number.isNaN(Date.parse(stats.importedAt)));
    });
  });

  void it("looks packages up through the (ecosystem, name) index", () => {
    const db = new Database(fromDirectory, { readonly: true });
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${MATCH_SQL}`).all("npm", "lodash") as { detail: string }[];
      assert.ok(plan.some((step) => /packages_by_name/.test(step.detail)), JSON.stringify(plan));
      assert.ok(!plan.some((step) => /^SCAN p\b/.test(step.detail)), JSON.stringify(plan));
    } finally {
      db.close();
    }
  });

  void it("skips records it already holds when the same export is imported again", () => {
    const again = importOsv(FIXTURES, fromDirectory);
    const { inserted, updated, skipped, ignored, invalid } = again;
    assert.deepEqual({ inserted, updated, skipped, ignored, invalid }, { inserted: 0, updated: 0, skipped: 10, ignored: 1, invalid: 1 });
  });

  void it("imports the same records from a ZIP export with the same answers", () => {
    const fromZip = fresh("zip.sqlite");
    const zipped = importOsv(fixtureZip(), fromZip);
    const { documents, records, inserted, updated, skipped, ignored, invalid } = zipped;
    assert.deepEqual({ documents, records, inserted, updated, skipped, ignored, invalid }, EXPECTED_COUNTS);
    assert.equal(zipped.kind, "zip");
    assert.equal(zipped.problems[0]?.file, "osv/other/invalid-record.json");
    const probes: readonly Parameters<OsvDatabase["query"]>[] = [
      ["npm", "lodash", "4.17.20"],
      ["cargo", "tokio", "1.12.0"],
      ["maven", "org.apache.logging.log4j:log4j-core", "2.3"],
      ["packagist", "guzzlehttp/guzzle", "7.0.0"],
    ];
    for (const probe of probes) {
      const zipAnswer = withDb(fromZip, (db) => db.query(...probe));
      const dirAnswer = withDb(fromDirectory, (db) => db.query(...probe));
      assert.equal(zipAnswer.length, 1, probe.join(" "));
      assert.deepEqual(zipAnswer, dirAnswer, probe.join(" "));
    }
  });

  void it("treats names inside the archive as labels, never as paths", () => {
    const outside = join(dir, "escaped.json");
    const record = JSON.stringify({ ...fixture("npm/GHSA-35jh-r3h4-6jhm.json"), id: "GHSA-path-test-0001" });
    const zip = `${fresh("paths")}.zip`;
    writeFileSync(zip, zipSync({ "../escaped.json": new TextEncoder().encode(record), "/abs/x.json": new TextEncoder().encode("{}") }));
    const db = fresh("paths.sqlite");
    const outcome = importOsv(zip, db);
    assert.equal(outcome.inserted, 1);
    assert.equal(outcome.invalid, 1);
    assert.equal(existsSync(outside), false);
    assert.deepEqual(readdirSync(dir).filter((name) => name.includes("escaped")), []);
  });

  void it("updates records that changed, skips older copies and adds new ones", () => {
    const db = fresh("incremental.sqlite");
    importOsv(FIXTURES, db);
    const update = fresh("update");
    mkdirSync(update);
    const lodash = fixture("npm/GHSA-35jh-r3h4-6jhm.json");
    const changed = {
      ...lodash,
      modified: "2025-01-01T00:00:00Z",
      affected: [{ package: { ecosystem: "npm", name: "lodash" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "4.17.22" }] }] }],
    };
    writeFileSync(join(update, "lodash.json"), JSON.stringify(changed));
    writeFileSync(join(update, "requests-old.json"), JSON.stringify({ ...fixture("pypi/GHSA-j8r2-6x86-q33q.json"), modified: "2023-06-01T00:00:00Z", summary: "stale copy" }));
    const malware = fixture("npm/MAL-2024-9001.json");
    writeFileSync(join(update, "malware-withdrawn.json"), JSON.stringify({ ...malware, modified: "2025-02-01T00:00:00.123456Z", withdrawn: "2025-02-01T00:00:00Z" }));
    writeFileSync(join(update, "new.json"), JSON.stringify({ ...lodash, id: "GHSA-new0-new0-new0", modified: "2025-01-02T00:00:00Z" }));
    const outcome = importOsv(update, db);
    const { inserted, updated, skipped, invalid } = outcome;
    assert.deepEqual({ inserted, updated, skipped, invalid }, { inserted: 1, updated: 2, skipped: 1, invalid: 0 });
    withDb(db, (osv) => {
      assert.deepEqual(ids(osv.query("npm", "lodash", "4.17.21")), ["GHSA-35jh-r3h4-6jhm"]);
      assert.deepEqual(osv.query("npm", "lodash", "4.17.21")[0]?.fixedVersions, ["4.17.22"]);
      assert.equal(osv.query("pypi", "requests", "2.30.0")[0]?.summary, "Unintended leak of Proxy-Authorization header in requests");
      assert.deepEqual(osv.query("npm", "colors-helper-utils", "1.0.1"), []);
      assert.deepEqual(ids(osv.query("npm", "lodash", "4.17.0")), ["GHSA-35jh-r3h4-6jhm", "GHSA-new0-new0-new0"]);
      assert.equal(osv.stats().withdrawn, 2);
    });
  });

  void it("does not follow symbolic links out of a directory source", () => {
    const outside = fresh("outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "lodash.json"), JSON.stringify(fixture("npm/GHSA-35jh-r3h4-6jhm.json")));
    const source = fresh("linked");
    mkdirSync(join(source, "inside"), { recursive: true });
    writeFileSync(join(source, "inside", "go.json"), JSON.stringify(fixture("go/GO-2023-2102.json")));
    symlinkSync(outside, join(source, "elsewhere"));
    symlinkSync(join(outside, "lodash.json"), join(source, "inside", "link.json"));
    const outcome = importOsv(source, fresh("linked.sqlite"));
    assert.deepEqual([outcome.documents, outcome.inserted], [1, 1]);
  });

  void it("imports a single JSON file, and an array of records in one file", () => {
    const db = fresh("single.sqlite");
    const single = importOsv(join(FIXTURES, "go", "GO-2023-2102.json"), db);
    assert.equal(single.kind, "file");
    assert.equal(single.inserted, 1);
    const list = join(dir, "list.json");
    writeFileSync(list, JSON.stringify([fixture("maven/GHSA-jfh8-c2jp-5v3q.json"), { id: "broken" }]));
    const many = importOsv(list, db);
    assert.deepEqual([many.records, many.inserted, many.invalid], [2, 1, 1]);
    assert.match(many.problems[0]?.file ?? "", /list\.json\[1\]$/);
    withDb(db, (osv) => {
      assert.equal(osv.stats().advisories, 2);
    });
  });

  void it("rolls the whole import back when an archive turns out to be a zip bomb", () => {
    const db = fresh("bomb.sqlite");
    importOsv(FIXTURES, db);
    const record = new TextEncoder().encode(JSON.stringify({ ...fixture("npm/GHSA-35jh-r3h4-6jhm.json"), id: "GHSA-bomb-bomb-bomb", modified: "2026-01-01T00:00:00Z" }));
    // The first entry is a valid new record; the second claims 100 bytes and inflates to 4 MiB, so
    // the limit trips only after the first record was written inside the transaction.
    const zip = `${fresh("bomb")}.zip`;
    const bomb = zipSync({ "a-first.json": record, "z-bomb.json": [new Uint8Array(4 * 1024 * 1024), { level: 9 }] });
    writeFileSync(zip, declareSize(bomb, "z-bomb.json", 100));
    assert.throws(
      () => importOsv(zip, db, { limits: { maxEntryBytes: 1024 * 1024 } }),
      (error: unknown) => error instanceof CustodyError && error.code === "input-too-large" && /entry z-bomb\.json exceeds/.test(error.message),
    );
    const files: Zippable = { "a-first.json": record };
    for (let i = 0; i < 20; i++) files[`filler-${i}.json`] = new TextEncoder().encode("{}");
    const crowded = `${fresh("crowded")}.zip`;
    writeFileSync(crowded, zipSync(files));
    assert.throws(
      () => importOsv(crowded, db, { limits: { maxEntries: 10 } }),
      (error: unknown) => error instanceof CustodyError && error.code === "input-too-large" && /21 entries exceeds the limit of 10/.test(error.message),
    );
    withDb(db, (osv) => {
      assert.equal(osv.stats().advisories, 9);
      assert.deepEqual(ids(osv.query("npm", "lodash", "4.17.0")), ["GHSA-35jh-r3h4-6jhm"]);
    });
  });

  void it("refuses databases that are missing or not its own, without creating or changing them", () => {
    const missing = fresh("missing.sqlite");
    assert.throws(() => openOsv(missing), (error: unknown) => error instanceof CustodyError && error.code === "file-unreadable" && /does not exist/.test(error.message));
    assert.equal(existsSync(missing), false);
    const foreign = fresh("foreign.sqlite");
    const other = new Database(foreign);
    other.exec("CREATE TABLE notes (text TEXT)");
    other.close();
    for (const attempt of [() => openOsv(foreign), () => importOsv(FIXTURES, foreign)]) {
      assert.throws(attempt, (error: unknown) => error instanceof CustodyError && /not a Custody advisory database/.test(error.message));
    }
    const check = new Database(foreign, { readonly: true });
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    check.close();
    assert.deepEqual(tables, [{ name: "notes" }]);
  });
});
