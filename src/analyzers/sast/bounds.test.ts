import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { walkFiles } from "../../core/files.js";
import { scanTasks } from "../../core/scan.js";
import { sastAnalyzer } from "./index.js";

const root = mkdtempSync(join(tmpdir(), "custody-sast-bounds-"));

after(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(path: string, content: string | Buffer): string {
  const abs = join(root, path);
  mkdirSync(join(abs, ".."), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

void describe("sast on hostile input", () => {
  void it("skips a 10 MB minified file and a binary file with a diagnostic and still scans the rest", async () => {
    const chunk = "var a=function(b){return b*2},c=[1,2,3].map(a);";
    const minified = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length)) + "eval(location.hash);";
    const binary = Buffer.concat([Buffer.from("eval(x);\n"), Buffer.alloc(64), Buffer.from([0xff, 0xfe, 0x00, 0x01])]);
    const tasks = [
      { path: "dist/app.min.js", absPath: write("dist/app.min.js", minified) },
      { path: "assets/blob.js", absPath: write("assets/blob.js", binary) },
      { path: "src/run.js", absPath: write("src/run.js", "export function run(code) {\n  return eval(code);\n}\n") },
    ];
    const result = await scanTasks(tasks, { analyzers: ["sast"], threads: 1 });
    assert.deepEqual(
      [...result.skipped].sort((a, b) => a.path.localeCompare(b.path)),
      [
        { path: "assets/blob.js", reason: "binary" },
        { path: "dist/app.min.js", reason: "too-large" },
      ],
    );
    assert.equal(result.scannedFiles, 1);
    assert.deepEqual(result.findings.map((f) => `${f.location.path}:${f.location.startLine} ${f.ruleId}`), ["src/run.js:2 sast/js-code-injection"]);
    assert.deepEqual(result.failures, []);
  });

  void it("scans a long minified line under the size limit without failing", () => {
    const line = `${"var q=1;".repeat(40_000)}eval(location.hash);`;
    const findings = sastAnalyzer.analyzeFile({ path: "bundle.min.js", text: line });
    assert.ok(findings.some((f) => f.ruleId === "sast/js-code-injection" && f.location.startLine === 1));
  });

  void it("reports what it can in files with invalid syntax, in every language, and never throws", () => {
    const broken: Record<string, string> = {
      "a.js": "const x = ;\neval(userInput);\nfunction (( {\n",
      "b.ts": "const x: = ;\neval(userInput);\n",
      "c.py": "def f(:\n    pass\nimport pickle\npickle.loads(data)\n",
      "d.java": "class { void f( }",
      "e.go": "package main\nfunc {",
      "f.php": "<?php function ( {",
      "g.rb": "def (\nend end",
      "h.cs": "class { void F( }",
    };
    for (const [path, text] of Object.entries(broken)) {
      assert.doesNotThrow(() => sastAnalyzer.analyzeFile({ path, text }), path);
    }
    assert.ok(sastAnalyzer.analyzeFile({ path: "a.js", text: broken["a.js"] ?? "" }).length > 0);
    assert.ok(sastAnalyzer.analyzeFile({ path: "c.py", text: broken["c.py"] ?? "" }).some((f) => f.ruleId === "sast/py-pickle-load"));
  });

  void it("walks a generated tree of thousands of files and stops at the file limit with a diagnostic", async () => {
    const tree = join(root, "tree");
    for (let dir = 0; dir < 30; dir++) {
      mkdirSync(join(tree, `pkg${dir}`, "src"), { recursive: true });
      for (let file = 0; file < 100; file++) writeFileSync(join(tree, `pkg${dir}`, "src", `m${file}.js`), "export {};\n");
    }
    const all = await walkFiles(tree, []);
    assert.equal(all.files.length, 3000);
    assert.deepEqual(all.skipped, []);
    const limited = await walkFiles(tree, [], { maxFileBytes: 1024, maxFiles: 1000 });
    assert.equal(limited.files.length, 1000);
    assert.deepEqual(limited.skipped, [{ path: "2000 files", reason: "limit-reached" }]);
  });
});
