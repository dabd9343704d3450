import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { ERROR_CODES } from "./errors.js";

it("docs/errors.md explains every error code a user can see", () => {
  const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const missing = ERROR_CODES.filter((code) => !doc.includes(`| \`${code}\` |`));
  assert.deepEqual(missing, []);
});
