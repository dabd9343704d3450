import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reachableUtils } from "./compile.js";

void describe("reachableUtils", () => {
  const utils = {
    "request-input": { any: [{ matches: "query-value" }, { pattern: "req.body" }] },
    "query-value": { pattern: "req.query" },
    "dom-input": { pattern: "location.hash" },
    "self-loop": { any: [{ matches: "self-loop" }, { kind: "identifier" }] },
  };

  void it("keeps the utilities a rule reaches directly or through other utilities, and no others", () => {
    const rule = { kind: "call_expression", has: { matches: "request-input" } };
    assert.deepEqual(Object.keys(reachableUtils(rule, undefined, utils)), ["query-value", "request-input"]);
  });

  void it("follows references from constraints and survives recursive utilities", () => {
    assert.deepEqual(Object.keys(reachableUtils({ pattern: "$A($B)" }, { A: { matches: "self-loop" } }, utils)), ["self-loop"]);
  });

  void it("leaves a reference to a missing utility for the compiler to report", () => {
    assert.deepEqual(reachableUtils({ matches: "nowhere" }, undefined, utils), {});
    assert.deepEqual(reachableUtils({ matches: "constructor" }, undefined, utils), {});
  });
});
