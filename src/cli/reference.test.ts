import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { cliReference } from "./reference.js";

it("docs/cli.md matches the commands the binary offers (run `npm run docs` after changing options)", async () => {
  const written = readFileSync(new URL("../../docs/cli.md", import.meta.url), "utf8");
  assert.equal(written, await cliReference());
});
