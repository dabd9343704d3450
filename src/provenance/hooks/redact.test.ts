import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_SCANNED_LINE } from "../../analyzers/secrets/index.js";
import { redactPrompt } from "./redact.js";
import { sha256 } from "./store.js";

const SLACK = "xoxb-375289835463-6483349231966-UaJ22WGHZJytyN1l32JyDpzG";

describe("redactPrompt", () => {
  it("masks every secret and hashes the redacted text", () => {
    const result = redactPrompt(`post with ${SLACK}\nand again ${SLACK}`);
    assert.equal(result.secrets, 2);
    assert.ok(!result.text.includes(SLACK));
    assert.equal(result.ref, sha256(result.text));
  });
  it("leaves a prompt without secrets as it is", () => {
    const result = redactPrompt("rename total to sum");
    assert.equal(result.text, "rename total to sum");
    assert.equal(result.secrets, 0);
  });
  it("finds secrets far along a very long line, even across a wrapping point", () => {
    for (const padding of [MAX_SCANNED_LINE * 2, MAX_SCANNED_LINE - 20]) {
      const prompt = `${"x ".repeat(padding / 2)}token ${SLACK} end`;
      const result = redactPrompt(prompt);
      assert.ok(!result.text.includes(SLACK), `padding ${padding}`);
      assert.ok(result.text.endsWith(" end"));
    }
  });
});
