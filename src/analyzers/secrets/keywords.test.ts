import assert from "node:assert/strict";
import { test } from "node:test";
import { buildKeywordIndex } from "./keywords.js";

const found = (keywords: string[], text: string): number[] => [...buildKeywordIndex(keywords).find(text)].sort();

await test("finds overlapping keywords and keywords inside other keywords", () => {
  assert.deepEqual(found(["he", "she", "his", "hers"], "ushers"), [0, 1, 3]);
});

await test("matches case-insensitively against lower-case keywords", () => {
  assert.deepEqual(found(["akia", "ghp_"], "KEY=AKIAABC and GHP_x"), [0, 1]);
});

await test("reports nothing when no keyword occurs", () => {
  assert.deepEqual(found(["xoxb-", "glpat-"], "just some ordinary text, xox b- glpat"), []);
});

await test("a non-ASCII character breaks a partial match", () => {
  assert.deepEqual(found(["npm_"], "npé_ np_m npm\u00a0_"), []);
  assert.deepEqual(found(["npm_"], "ünpm_"), [0]);
});

await test("the same keyword listed twice reports both ids", () => {
  assert.deepEqual(found(["token", "token"], "my_token"), [0, 1]);
});
