import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { ECOSYSTEMS } from "../types.js";
import type { Ecosystem } from "../types.js";
import { EXISTS_TTL_MS, MISSING_TTL_MS } from "./cache.js";
import { createRegistryClient } from "./client.js";
import type { RegistryClientOptions } from "./client.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A registry on the loopback interface: routes by exact path (query included), counts requests. */
class FakeRegistry {
  readonly routes = new Map<string, Handler>();
  readonly seen: { path: string; userAgent: string | undefined; authorization: string | undefined }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server: Server | undefined;
  base = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = req.url ?? "";
      this.seen.push({ path, userAgent: req.headers["user-agent"], authorization: req.headers.authorization });
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on("close", () => this.inFlight--);
      const handler = this.routes.get(path);
      if (handler === undefined) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
        return;
      }
      handler(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server?.close(() => {
        resolve();
      });
    });
  }

  reset(): void {
    this.routes.clear();
    this.seen.length = 0;
    this.maxInFlight = 0;
  }

  json(path: string, body: unknown, status = 200): void {
    this.routes.set(path, (_req, res) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body)));
  }

  text(path: string, body: string, status = 200): void {
    this.routes.set(path, (_req, res) => res.writeHead(status, { "content-type": "text/plain" }).end(body));
  }

  baseUrls(): Record<Ecosystem, string> {
    return Object.fromEntries(ECOSYSTEMS.map((e) => [e, this.base])) as Record<Ecosystem, string>;
  }

  requests(): number {
    return this.seen.length;
  }
}

const registry = new FakeRegistry();
let dir = "";

function client(extra: RegistryClientOptions = {}) {
  return createRegistryClient({ baseUrls: registry.baseUrls(), timeoutMs: 2000, ...extra });
}

before(async () => {
  await registry.start();
});
after(async () => {
  await registry.stop();
});
beforeEach(() => {
  registry.reset();
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(join(tmpdir(), "custody-registry-"));
});
after(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

describe("registry client: packages that exist", () => {
  it("npm: reads the full document's creation time and latest tag, with the scope's slash encoded", async () => {
    registry.json("/@acme%2fwidget", {
      name: "@acme/widget",
      "dist-tags": { latest: "2.1.0" },
      time: { created: "2019-04-02T10:00:00.000Z", modified: "2024-01-01T00:00:00.000Z", "2.1.0": "2024-01-01T00:00:00.000Z" },
      versions: { "2.1.0": {} },
    });
    const result = await client().lookup("npm", "@acme/widget");
    assert.deepEqual(result, { status: "exists", firstPublished: "2019-04-02T10:00:00.000Z", latestVersion: "2.1.0" });
    assert.match(registry.seen[0]?.userAgent ?? "", /^custody\/\d/);
    assert.equal(registry.seen[0]?.authorization, undefined);
  });

  it("PyPI: takes the earliest upload across all releases, by the PEP 503 name", async () => {
    registry.json("/pypi/python-dateutil/json", {
      info: { version: "2.9.0" },
      releases: {
        "2.9.0": [{ upload_time_iso_8601: "2024-03-01T12:00:00.000000Z" }],
        "1.4": [{ upload_time: "2011-07-20T08:30:00" }, { upload_time: "2011-07-19T09:00:00" }],
        "0.1": [],
      },
    });
    const result = await client().lookup("pypi", "Python_Dateutil");
    assert.deepEqual(result, { status: "exists", firstPublished: "2011-07-19T09:00:00.000Z", latestVersion: "2.9.0" });
  });

  it("crates.io: reads created_at and sends a User-Agent", async () => {
    registry.json("/api/v1/crates/serde", { crate: { created_at: "2014-12-05T20:20:39.487502+00:00", max_version: "1.0.200", max_stable_version: "1.0.200" } });
    assert.deepEqual(await client().lookup("cargo", "serde"), { status: "exists", firstPublished: "2014-12-05T20:20:39.487Z", latestVersion: "1.0.200" });
    assert.match(registry.seen[0]?.userAgent ?? "", /custody/);
  });

  it("RubyGems: takes the earliest version's created_at and the newest release", async () => {
    registry.json("/api/v1/versions/rails.json", [
      { number: "8.0.0.rc1", created_at: "2024-10-01T00:00:00.000Z", prerelease: true },
      { number: "7.2.0", created_at: "2024-08-09T00:00:00.000Z", prerelease: false },
      { number: "0.8.0", created_at: "2004-10-25T00:00:00.000Z", prerelease: false },
    ]);
    assert.deepEqual(await client().lookup("rubygems", "rails"), { status: "exists", firstPublished: "2004-10-25T00:00:00.000Z", latestVersion: "7.2.0" });
  });

  it("Packagist: takes the earliest release time from the p2 metadata", async () => {
    registry.json("/p2/monolog/monolog.json", {
      packages: {
        "monolog/monolog": [
          { version: "3.5.0", time: "2023-10-27T15:32:31+00:00" },
          { version: "1.0.0", time: "2011-07-07T16:21:02+00:00" },
        ],
      },
      minified: "composer/2.0",
    });
    assert.deepEqual(await client().lookup("packagist", "Monolog/Monolog"), {
      status: "exists",
      firstPublished: "2011-07-07T16:21:02.000Z",
      latestVersion: "3.5.0",
    });
  });

  it("Go: lists versions with capital letters escaped and asks for the lowest tag's time", async () => {
    registry.text("/github.com/!burnt!sushi/toml/@v/list", "v1.3.2\nv0.2.0\nv1.4.0-beta\nv0.3.1\n");
    registry.json("/github.com/!burnt!sushi/toml/@v/v0.2.0.info", { Version: "v0.2.0", Time: "2014-02-22T04:41:35Z" });
    assert.deepEqual(await client().lookup("go", "github.com/BurntSushi/toml"), {
      status: "exists",
      firstPublished: "2014-02-22T04:41:35.000Z",
      latestVersion: "v1.3.2",
    });
  });

  it("Go: a module with no tags exists as of its latest pseudo-version, first release unknown", async () => {
    registry.text("/example.com/tool/@v/list", "");
    registry.json("/example.com/tool/@latest", { Version: "v0.0.0-20240101000000-abcdefabcdef", Time: "2024-01-01T00:00:00Z" });
    assert.deepEqual(await client().lookup("go", "example.com/tool"), {
      status: "exists",
      latestVersion: "v0.0.0-20240101000000-abcdefabcdef",
      publishedBefore: "2024-01-01T00:00:00.000Z",
    });
  });

  it("Maven: exists with the latest version; the first release is unknown, bounded by the latest's time", async () => {
    const query = new URLSearchParams({ q: 'g:"org.slf4j" AND a:"slf4j-api"', rows: "1", wt: "json" });
    registry.json(`/solrsearch/select?${query.toString()}`, {
      response: { numFound: 1, docs: [{ id: "org.slf4j:slf4j-api", latestVersion: "2.0.13", timestamp: 1712000000000 }] },
    });
    const result = await client().lookup("maven", "org.slf4j:slf4j-api");
    assert.deepEqual(result, { status: "exists", latestVersion: "2.0.13", publishedBefore: new Date(1712000000000).toISOString() });
  });
});

describe("registry client: packages that do not exist", () => {
  it("reports 404 as missing on every registry", async () => {
    const names: Record<Ecosystem, string> = {
      npm: "reqeusts-helper",
      pypi: "reqeusts",
      cargo: "serde-jsno",
      rubygems: "railz",
      packagist: "acme/nothing",
      go: "github.com/acme/nothing",
      maven: "org.acme:nothing",
    };
    // Maven Central's search answers 200 with no hits rather than 404.
    const query = new URLSearchParams({ q: 'g:"org.acme" AND a:"nothing"', rows: "1", wt: "json" });
    registry.json(`/solrsearch/select?${query.toString()}`, { response: { numFound: 0, docs: [] } });
    const c = client();
    for (const ecosystem of ECOSYSTEMS) assert.deepEqual(await c.lookup(ecosystem, names[ecosystem]), { status: "missing" }, ecosystem);
  });

  it("reports a Go module the proxy calls gone (410) as missing", async () => {
    registry.text("/github.com/acme/gone/@v/list", "not found: repository does not exist", 410);
    assert.deepEqual(await client().lookup("go", "github.com/acme/gone"), { status: "missing" });
  });

  it("reports a fully unpublished npm package as missing", async () => {
    registry.json("/left-pad-2", { name: "left-pad-2", time: { created: "2016-03-22T00:00:00.000Z", unpublished: { time: "2016-03-23T00:00:00.000Z" } } });
    assert.deepEqual(await client().lookup("npm", "left-pad-2"), { status: "missing" });
  });

  it("does not call a Google Maven group missing when Central lacks it", async () => {
    const query = new URLSearchParams({ q: 'g:"androidx.core" AND a:"core-ktx"', rows: "1", wt: "json" });
    registry.json(`/solrsearch/select?${query.toString()}`, { response: { numFound: 0, docs: [] } });
    const result = await client().lookup("maven", "androidx.core:core-ktx");
    assert.equal(result.status, "unknown");
  });
});

describe("registry client: when the registry cannot answer", () => {
  it("turns a 5xx answer into unknown, never missing", async () => {
    registry.json("/lodash", { error: "internal" }, 500);
    registry.json("/pypi/requests/json", { error: "unavailable" }, 503);
    const c = client();
    assert.deepEqual(await c.lookup("npm", "lodash"), { status: "unknown", reason: "the registry answered HTTP 500" });
    assert.deepEqual(await c.lookup("pypi", "requests"), { status: "unknown", reason: "the registry answered HTTP 503" });
  });

  it("turns a request that gets no answer in time into unknown", async () => {
    registry.routes.set("/slow-package", () => {
      // Never answers; the server closes the socket when the tests end.
    });
    const result = await client({ timeoutMs: 150 }).lookup("npm", "slow-package");
    assert.deepEqual(result, { status: "unknown", reason: "no answer within 150 ms" });
  });

  it("turns a refused connection into unknown", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const result = await createRegistryClient({ baseUrls: { npm: `http://127.0.0.1:${port}` } }).lookup("npm", "lodash");
    assert.ok(result.status === "unknown", result.status);
    assert.match(result.reason, /network error.*ECONNREFUSED/);
  });

  it("turns an answer that is not JSON, or too large, into unknown", async () => {
    registry.text("/api/v1/crates/garbled", "<html>maintenance</html>");
    registry.json("/big-package", { time: { created: "2020-01-01T00:00:00.000Z" }, padding: "x".repeat(5000) });
    const c = client({ maxResponseBytes: 1000 });
    assert.deepEqual(await c.lookup("cargo", "garbled"), { status: "unknown", reason: "crates.io answered with something that is not JSON" });
    assert.deepEqual(await c.lookup("npm", "big-package"), { status: "unknown", reason: "the answer is larger than 1000 bytes" });
  });

  it("offline: answers unknown without a request", async () => {
    registry.json("/lodash", { time: { created: "2012-04-23T00:00:00.000Z" } });
    const result = await client({ offline: true }).lookup("npm", "lodash");
    assert.deepEqual(result, { status: "unknown", reason: "offline: the npm registry was not asked" });
    assert.equal(registry.requests(), 0);
  });

  it("does not put an invalid or private name into a URL", async () => {
    const c = client({ isPrivate: (ecosystem, name) => ecosystem === "go" && name.startsWith("corp.example.com/") });
    assert.equal((await c.lookup("npm", "../../-/user/org.couchdb.user:admin")).status, "unknown");
    assert.equal((await c.lookup("packagist", "no-vendor")).status, "unknown");
    assert.equal((await c.lookup("go", "github.com/acme/../../secret")).status, "unknown");
    assert.equal((await c.lookup("go", "corp.example.com/internal/auth")).status, "unknown");
    assert.equal(registry.requests(), 0);
  });
});

describe("registry client: requests", () => {
  it("asks once for two simultaneous lookups of the same package", async () => {
    registry.json("/chalk", { time: { created: "2013-08-03T00:00:00.000Z" } });
    const c = client();
    const [a, b] = await Promise.all([c.lookup("npm", "chalk"), c.lookup("npm", "chalk")]);
    assert.deepEqual(a, b);
    assert.equal(registry.requests(), 1);
  });

  it("keeps no more requests in flight than the concurrency limit", async () => {
    const names = ["p1", "p2", "p3", "p4", "p5", "p6"];
    for (const name of names) {
      registry.routes.set(`/${name}`, (_req, res) => {
        setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end('{"time":{"created":"2020-01-01T00:00:00Z"}}'), 30);
      });
    }
    const shared = client({ concurrency: 2 });
    const results = await Promise.all(names.map((name) => shared.lookup("npm", name)));
    assert.ok(results.every((r) => r.status === "exists"));
    assert.equal(registry.requests(), 6);
    assert.ok(registry.maxInFlight <= 2, `${registry.maxInFlight} requests in flight at once`);
  });
});

describe("registry cache", () => {
  function cachePath(): string {
    return join(dir, "custody", "registry-cache.json");
  }

  it("answers a repeated lookup from the cache, across runs, until the answer expires", async () => {
    registry.json("/express", { "dist-tags": { latest: "5.0.0" }, time: { created: "2010-12-29T19:38:25.450Z" } });
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const first = client({ cachePath: cachePath(), now: () => clock });
    const fresh = await first.lookup("npm", "express");
    assert.equal(fresh.status, "exists");
    await first.save();
    assert.ok(existsSync(cachePath()));
    assert.deepEqual(readdirSync(join(dir, "custody")), ["registry-cache.json"], "no temporary file is left behind");

    const second = client({ cachePath: cachePath(), now: () => clock });
    assert.deepEqual(await second.lookup("npm", "express"), fresh);
    assert.equal(registry.requests(), 1);

    clock += EXISTS_TTL_MS + 1;
    const third = client({ cachePath: cachePath(), now: () => clock });
    assert.deepEqual(await third.lookup("npm", "express"), fresh);
    assert.equal(registry.requests(), 2);
  });

  it("keeps a missing answer for an hour only, and never keeps unknown", async () => {
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const c = client({ cachePath: cachePath(), now: () => clock });
    assert.deepEqual(await c.lookup("npm", "not-yet-registered"), { status: "missing" });
    assert.deepEqual(await c.lookup("npm", "not-yet-registered"), { status: "missing" });
    assert.equal(registry.requests(), 1);
    clock += MISSING_TTL_MS + 1;
    registry.json("/not-yet-registered", { time: { created: "2026-01-01T00:30:00.000Z" } });
    assert.equal((await c.lookup("npm", "not-yet-registered")).status, "exists");
    assert.equal(registry.requests(), 2);

    registry.json("/flaky", { error: "down" }, 502);
    await c.lookup("npm", "flaky");
    await c.lookup("npm", "flaky");
    assert.equal(registry.requests(), 4);
    await c.save();
    const stored = JSON.parse(readFileSync(cachePath(), "utf8")) as { entries: Record<string, unknown> };
    assert.deepEqual(Object.keys(stored.entries).sort(), ["npm:not-yet-registered"]);
  });

  it("uses the cache when offline", async () => {
    registry.json("/react", { time: { created: "2011-10-26T17:46:21.942Z" } });
    const online = client({ cachePath: cachePath() });
    await online.lookup("npm", "react");
    await online.save();
    const offline = client({ cachePath: cachePath(), offline: true });
    assert.equal((await offline.lookup("npm", "react")).status, "exists");
    assert.equal((await offline.lookup("npm", "vue")).status, "unknown");
  });

  it("does not reuse answers that came from another registry URL", async () => {
    registry.json("/axios", { time: { created: "2014-08-29T00:00:00.000Z" } });
    const c = client({ cachePath: cachePath() });
    await c.lookup("npm", "axios");
    await c.save();
    const elsewhere = createRegistryClient({ cachePath: cachePath(), offline: true, baseUrls: { npm: "http://127.0.0.1:1/mirror" } });
    assert.equal((await elsewhere.lookup("npm", "axios")).status, "unknown");
  });

  it("ignores a corrupt cache file with a diagnostic, still answers, and rewrites the file", async () => {
    const path = cachePath();
    const seen: string[] = [];
    registry.json("/debug", { time: { created: "2011-11-29T00:00:00.000Z" } });
    for (const content of ['{"version": 1, "entries": {', '{"version": 9, "entries": {}}']) {
      mkdirSync(join(dir, "custody"), { recursive: true });
      writeFileSync(path, content);
      const c = client({ cachePath: path, onDiagnostic: (m) => seen.push(m) });
      assert.equal(c.diagnostics.length, 1);
      assert.match(c.diagnostics[0] ?? "", /registry cache .* (not valid JSON|not in the expected format)/);
      assert.equal((await c.lookup("npm", "debug")).status, "exists");
      await c.save();
      const rewritten = JSON.parse(readFileSync(path, "utf8")) as { version: number; entries: Record<string, unknown> };
      assert.equal(rewritten.version, 1);
      assert.ok("npm:debug" in rewritten.entries);
    }
    assert.equal(seen.length, 2);
  });
});
