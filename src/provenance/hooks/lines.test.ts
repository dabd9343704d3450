import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { changedLines, undoEdits } from "./lines.js";

describe("changedLines", () => {
  it("marks inserted and replaced lines of the new content", () => {
    assert.deepEqual(changedLines("a\nb\nc\n", "a\nB\nc\nd\n"), [
      { start: 2, end: 2 },
      { start: 4, end: 4 },
    ]);
  });
  it("marks every line of a new file and none of an unchanged one", () => {
    assert.deepEqual(changedLines("", "x\ny"), [{ start: 1, end: 2 }]);
    assert.deepEqual(changedLines("x\n", "x\n"), []);
  });
  it("marks nothing when lines are only removed", () => {
    assert.deepEqual(changedLines("a\nb\nc\n", "a\nc\n"), []);
  });
});

describe("undoEdits", () => {
  it("undoes replacements last first", () => {
    const edits = [
      { path: "f", oldText: "one", newText: "two" },
      { path: "f", oldText: "two", newText: "three" },
    ];
    assert.equal(undoEdits("x three y", edits), "x one y");
  });
  it("gives up when the new text is missing or ambiguous", () => {
    assert.equal(undoEdits("no match", [{ path: "f", oldText: "a", newText: "b" }]), undefined);
    assert.equal(undoEdits("b and b", [{ path: "f", oldText: "a", newText: "b" }]), undefined);
  });
});
