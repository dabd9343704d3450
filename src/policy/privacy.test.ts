import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePolicy } from "./loader.js";
import { readPrivacy } from "./privacy.js";

describe("privacy settings", () => {
  it("stores prompts only when the policy says so; anything unreadable means no", () => {
    assert.deepEqual(readPrivacy("version: 1\nprivacy:\n  storePrompts: true\n"), { storePrompts: true });
    assert.deepEqual(readPrivacy("version: 1\n"), { storePrompts: false });
    assert.deepEqual(readPrivacy(undefined), { storePrompts: false });
    assert.deepEqual(readPrivacy("version: 1\nprivacy:\n  storePrompts: yes please\n"), { storePrompts: false });
    assert.deepEqual(readPrivacy("version: [\n"), { storePrompts: false });
  });

  it("is part of the validated policy, with a clear error for a wrong type", () => {
    assert.equal(parsePolicy("version: 1\nprivacy:\n  storePrompts: true\n", "p.yaml").privacy.storePrompts, true);
    assert.equal(parsePolicy("version: 1\n", "p.yaml").privacy.storePrompts, false);
    assert.throws(() => parsePolicy("version: 1\nprivacy:\n  storePrompts: 3\n", "p.yaml"), /p\.yaml:3:\d+: privacy\.storePrompts/);
  });
});
