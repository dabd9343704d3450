// A whole-repository scan of a generated 100,000-file tree with every offline analyzer, plus the
// files that break scanners: a 10 MB minified bundle, binaries and files with invalid syntax. Peak
// memory is compared with a tree a quarter the size: a scan whose memory grew with the number of
// files would show it here.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { measured } from "./measure.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Small files in every scanned language; one in 499 carries a finding. */
const TEMPLATES: readonly { ext: string; safe: string; unsafe: string }[] = [
  { ext: "js", safe: "export function add(a, b) {\n  return a + b;\n}\n", unsafe: "export function run(req) {\n  return eval(req.query.code);\n}\n" },
  { ext: "ts", safe: "export const greet = (name: string): string => `hello ${name}`;\n", unsafe: "import { exec } from 'node:child_process';\nexport const run = (req: { body: { cmd: string } }) => exec(req.body.cmd);\n" },
  { ext: "py", safe: "def area(w, h):\n    return w * h\n", unsafe: "import pickle\n\ndef load(request):\n    return pickle.loads(request.data)\n" },
  { ext: "go", safe: "package util\n\nfunc Max(a, b int) int {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n", unsafe: "package util\n\nimport \"crypto/md5\"\n\nfunc Sum(b []byte) [16]byte { return md5.Sum(b) }\n" },
  { ext: "java", safe: "class Point {\n  final int x;\n  Point(int x) { this.x = x; }\n}\n", unsafe: "class Token {\n  String next() { return Long.toString(new java.util.Random().nextLong()); }\n}\n" },
  { ext: "rb", safe: "def total(items)\n  items.sum(&:price)\nend\n", unsafe: "def show\n  eval(params[:expr])\nend\n" },
  { ext: "md", safe: "# Notes\n\nNothing to see here.\n", unsafe: "# Setup\n\nexport DATABASE_URL=postgres://admin:Vq8zLm2xT4pR@db.internal:5432/app\n" },
  { ext: "json", safe: '{ "name": "pkg", "version": "1.0.0" }\n', unsafe: '{ "name": "pkg", "version": "1.0.0" }\n' },
];

/** Builds the tree once (bench/corpus is not committed) and returns its directory. */
function ensureTree(files: number): string {
  const dir = join(ROOT, "bench", "corpus", `tree-${files}`);
  if (existsSync(join(dir, ".complete"))) return dir;
  for (let i = 0; i < files; i++) {
    const template = TEMPLATES[i % TEMPLATES.length] ?? TEMPLATES[0];
    if (!template) break;
    const folder = join(dir, `pkg${Math.floor(i / 1000)}`, `mod${Math.floor((i % 1000) / 100)}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `f${i}.${template.ext}`), i % 499 === 7 ? template.unsafe : template.safe);
  }
  const hostile = join(dir, "hostile");
  mkdirSync(hostile, { recursive: true });
  const chunk = "var a=function(b){return b*2},c=[1,2,3].map(a);";
  writeFileSync(join(hostile, "bundle.min.js"), chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length)));
  writeFileSync(join(hostile, "image.png"), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.alloc(4096, 7)]));
  writeFileSync(join(hostile, "broken.py"), "def f(:\n    pass\nimport pickle\npickle.loads(data)\n");
  writeFileSync(join(hostile, "broken.ts"), "const x: = ;\nfunction (( {\n");
  writeFileSync(join(hostile, "one-line.js"), `${"var q=1;".repeat(200_000)}\n`);
  writeFileSync(join(dir, ".complete"), "");
  return dir;
}

export interface TreeRun {
  files: number;
  ms: number;
  maxRssKiB: number | undefined;
  scannedFiles: number;
  findings: number;
  skipped: Record<string, number>;
}

function scanTree(files: number): TreeRun {
  const dir = ensureTree(files);
  const bin = join(ROOT, "bin", "custody.js");
  // Exit 1: findings at or above --fail-on, expected here.
  const out = measured(process.execPath, [bin, "scan", dir, "--format", "json"], [0, 1]);
  const report = JSON.parse(out.stdout) as { findings: unknown[]; scannedFiles: number; skipped: { reason: string }[] };
  const skipped: Record<string, number> = {};
  for (const s of report.skipped) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
  return { files, ms: out.ms, maxRssKiB: out.maxRssKiB, scannedFiles: report.scannedFiles, findings: report.findings.length, skipped };
}

export function benchTree(): TreeRun[] {
  if (!existsSync(join(ROOT, "dist", "cli", "bin.js"))) throw new Error("run `npm run build` before the benchmark");
  return [25_000, 100_000].map(scanTree);
}

export function formatTreeBench(runs: readonly TreeRun[]): string {
  return runs
    .map((r) => {
      const peak = r.maxRssKiB === undefined ? "?" : `${Math.round(r.maxRssKiB / 1024)} MiB`;
      const skipped = Object.entries(r.skipped).map(([reason, n]) => `${n} ${reason}`).join(", ");
      return `  ${r.files.toLocaleString("en-US")} files: ${(r.ms / 1000).toFixed(1)} s = ${Math.round(r.scannedFiles / (r.ms / 1000))} files/s, peak ${peak}, ${r.findings} findings, skipped ${skipped || "none"}`;
    })
    .join("\n");
}
