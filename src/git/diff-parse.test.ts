import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createPatchReader, parseNumstat, parseRaw } from "./diff-parse.js";
import { unquoteCPath } from "./quote.js";

function readPatch(text: string, maxHunks = 100, chunkSize = 7) {
  const reader = createPatchReader(maxHunks);
  const bytes = Buffer.from(text, "utf8");
  // Small chunks: lines must be reassembled across chunk boundaries.
  for (let i = 0; i < bytes.length; i += chunkSize) reader.push(bytes.subarray(i, i + chunkSize));
  return reader.finish(false);
}

void describe("unquoteCPath", () => {
  void it("decodes C escapes and octal UTF-8 bytes", () => {
    assert.equal(unquoteCPath('"caf\\303\\251/new\\nline \\"q\\" \\\\ \\t"'), 'café/new\nline "q" \\ \t');
    assert.equal(unquoteCPath("plain name.txt"), "plain name.txt");
  });
});

void describe("parseRaw and parseNumstat", () => {
  void it("read renames as two paths and binary counts as dashes", () => {
    const raw = Buffer.from(":100644 100644 aaa bbb R090\0old name\0new name\0:000000 160000 000 ccc A\0sub\0", "utf8");
    const numstat = Buffer.from("3\t1\t\0old name\0new name\0-\t-\tpic.png\0", "utf8");

    assert.deepEqual(parseRaw(raw), [
      { oldMode: "100644", newMode: "100644", status: "renamed", path: "new name", oldPath: "old name" },
      { oldMode: "000000", newMode: "160000", status: "added", path: "sub" },
    ]);
    assert.deepEqual(parseNumstat(numstat), [
      { path: "new name", binary: false, added: 3, deleted: 1 },
      { path: "pic.png", binary: true, added: 0, deleted: 0 },
    ]);
  });

  void it("drop a record cut off at the end of the output", () => {
    assert.deepEqual(parseRaw(Buffer.from(":100644 100644 a b M\0complete\0:100644 100644 a b M\0cut-o", "utf8")), [
      { oldMode: "100644", newMode: "100644", status: "modified", path: "complete" },
    ]);
  });
});

void describe("createPatchReader", () => {
  void it("reads the added ranges of each new-side path, across a type change split in two sections", () => {
    const patch = [
      "diff --git a/link b/link",
      "deleted file mode 120000",
      "--- a/link",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-target",
      "\\ No newline at end of file",
      "diff --git a/link b/link",
      "new file mode 100644",
      "--- /dev/null",
      "+++ b/link",
      "@@ -0,0 +1,2 @@",
      "+now a file",
      "++++ b/fake",
      'diff --git "a/caf\\303\\251 x" "b/caf\\303\\251 x"',
      '--- "a/caf\\303\\251 x"',
      '+++ "b/caf\\303\\251 x"',
      "@@ -3 +3 @@ context",
      "-old",
      "+new",
      "@@ -9,0 +10,3 @@",
      "+a",
      "+b",
      "+c",
      "diff --git a/sp ace.txt b/sp ace.txt",
      "--- a/sp ace.txt\t",
      "+++ b/sp ace.txt\t",
      "@@ -1,2 +0,0 @@",
      "-x",
      "-y",
      "",
    ].join("\n");

    const result = readPatch(patch);

    assert.deepEqual(Object.fromEntries(result.hunks), {
      link: [{ added: { start: 1, end: 2 } }],
      "café x": [{ added: { start: 3, end: 3 } }, { added: { start: 10, end: 12 } }],
    });
    assert.deepEqual([...result.complete].sort(), ["café x", "link", "sp ace.txt"]);
    assert.equal(result.cut, undefined);
  });

  void it("counts the hunks past the per-file limit instead of keeping them", () => {
    const patch = ["diff --git a/f b/f", "--- a/f", "+++ b/f", "@@ -1 +1 @@", "-a", "+b", "@@ -5 +5 @@", "-c", "+d", ""].join("\n");

    const result = readPatch(patch, 1);

    assert.deepEqual(result.hunks.get("f"), [{ added: { start: 1, end: 1 } }]);
    assert.equal(result.dropped.get("f"), 1);
  });
});
