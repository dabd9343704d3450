import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { maskSecret } from "./mask.js";

const token = "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";
const digest = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 8);

await test("maskSecret shows the 4-character prefix, an ellipsis and a sha256 prefix", () => {
  assert.equal(maskSecret(token), `ghp_… (sha256:${digest(token)})`);
});

await test("maskSecret never shows more than a quarter of a short secret", () => {
  assert.equal(maskSecret("Zp9vQ2rL"), `Zp… (sha256:${digest("Zp9vQ2rL")})`);
  assert.equal(maskSecret("abc"), `… (sha256:${digest("abc")})`);
});

await test("maskSecret honours a smaller visible prefix and caps a larger one at 4", () => {
  assert.equal(maskSecret(token, 0), `… (sha256:${digest(token)})`);
  assert.equal(maskSecret(token, 12), `ghp_… (sha256:${digest(token)})`);
});

await test("maskSecret counts characters, not UTF-16 units", () => {
  const secret = "🔑🔑🔑🔑🔑rest-of-a-long-secret";
  assert.ok(maskSecret(secret).startsWith("🔑🔑🔑🔑…"));
});

await test("different secrets with the same prefix get different masks", () => {
  assert.notEqual(maskSecret(`${token}A`), maskSecret(`${token}B`));
});
