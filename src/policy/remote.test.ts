import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { isCustodyError } from "../core/errors.js";
import { formatIssue } from "./document.js";
import { loadPolicyChain } from "./extends.js";
import { fetchPolicyText } from "./remote.js";

const ORG = "version: 1\nextends: shared/core.yaml\nrules:\n  - name: org-rule\n    if: 'false'\n    then: block\n";
const CORE = "version: 1\ngroups:\n  security: { members: [sam@example.com] }\n";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const ROUTES: Record<string, Handler> = {
  "/org.yaml": (_request, response) => response.writeHead(200, { "content-type": "application/yaml" }).end(ORG),
  "/shared/core.yaml": (_request, response) => response.writeHead(200).end(CORE),
  "/moved.yaml": (_request, response) => response.writeHead(302, { location: "http://elsewhere.example/org.yaml" }).end(),
  "/huge.yaml": (_request, response) => {
    response.writeHead(200);
    response.end(`version: 1\n# ${"x".repeat(2000)}\n`);
  },
  // Answers the headers and never sends the body.
  "/stalled.yaml": (_request, response) => {
    response.writeHead(200);
    response.write("version: 1\n");
  },
};

let server: ReturnType<typeof createServer>;
let base = "";
const requests: string[] = [];

before(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    const handler = ROUTES[request.url ?? ""];
    if (handler) handler(request, response);
    else response.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

async function refusal(url: string, options = {}): Promise<string> {
  try {
    await fetchPolicyText(url, options);
  } catch (error) {
    assert.ok(isCustodyError(error), String(error));
    return `${error.code}: ${error.message}`;
  }
  assert.fail(`expected ${url} to be refused`);
}

void describe("fetchPolicyText", () => {
  void test("returns the body of a policy served over loopback http", async () => {
    assert.equal(await fetchPolicyText(`${base}/org.yaml`), ORG);
  });

  void test("refuses what it cannot use, saying why", async () => {
    assert.match(await refusal(`${base}/missing.yaml`), /^policy-unreachable: .*missing\.yaml: cannot fetch this policy \(the server answered HTTP 404\)/);
    assert.match(await refusal(`${base}/moved.yaml`), /the server redirects to http:\/\/elsewhere\.example\/org\.yaml; write the final https:\/\/ URL in extends:/);
    assert.match(await refusal(`${base}/huge.yaml`, { maxBytes: 1000 }), /the policy is larger than 1000 bytes/);
    assert.match(await refusal(`${base}/stalled.yaml`, { timeoutMs: 300 }), /no answer within 300 ms/);
  });

  void test("says the connection failed when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    assert.match(await refusal(`http://127.0.0.1:${port}/org.yaml`), /cannot connect \(ECONNREFUSED\)/);
  });
});

void describe("extends by URL", () => {
  void test("a policy on a server is merged, and its relative references resolve against its URL", async () => {
    requests.length = 0;
    const text = `version: 1\nextends: ${base}/org.yaml\nrules:\n  - name: repo-rule\n    if: 'false'\n    then: pass\n`;
    const result = await loadPolicyChain(text, { kind: "file", path: "/repo/policy.yaml", display: "policy.yaml" }, { fetchUrl: (url) => fetchPolicyText(url) });
    assert.ok(result.ok, result.ok ? "" : result.errors.map(formatIssue).join("\n"));
    assert.deepEqual(result.policy.sources, [`${base}/shared/core.yaml`, `${base}/org.yaml`, "policy.yaml"]);
    assert.deepEqual(result.policy.rules.map((rule) => rule.name), ["org-rule", "repo-rule"]);
    assert.deepEqual(result.policy.groups.security?.members.map((member) => member.id), ["sam@example.com"]);
    assert.deepEqual(requests.sort(), ["/org.yaml", "/shared/core.yaml"]);
  });

  void test("a policy on a server cannot name a file on the machine that reads it", async () => {
    const remote = { kind: "url" as const, url: `${base}/org.yaml` };
    const result = await loadPolicyChain("version: 1\nextends: /etc/custody/org.yaml\n", remote, { fetchUrl: (url) => fetchPolicyText(url) });
    assert.ok(!result.ok);
    assert.match(formatIssue(result.errors[0] ?? { source: "", line: 0, col: 0, field: "", message: "" }), /cannot name a file on this machine/);
  });
});
