// `npm run bench`: prints figures; nothing here is asserted (speed targets live in DESIGN.md §9).
import { availableParallelism, cpus } from "node:os";
import { benchGate } from "./gate.js";
import { benchLedgerStores, formatLedgerBench } from "./ledger.js";
import { benchProofs, formatProofsBench } from "./proofs.js";
import { benchSast, formatSastBench } from "./sast.js";
import { benchDeps, formatDepsBench } from "./deps.js";
import { benchSecrets, formatSecretsBench } from "./secrets.js";
import { benchStats } from "./stats.js";
import { benchTree, formatTreeBench } from "./tree.js";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

console.log(`custody benchmarks — node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown cpu"})\n`);

const gate = await benchGate(5);
console.log(`gate, cold process, ${gate.files} files / ${gate.addedLines} added lines, every offline analyzer:`);
console.log(`  median ${ms(median(gate.runs))}, min ${ms(Math.min(...gate.runs))}, max ${ms(Math.max(...gate.runs))} over ${gate.runs.length} runs (target: well under 2000 ms)\n`);

console.log(`${formatLedgerBench(await benchLedgerStores(50_000, [1000, 100], process.env.CUSTODY_BENCH_POSTGRES_URL))}\n`);
console.log(`${formatProofsBench(await benchProofs())}\n`);

const stats = await benchStats(3);
console.log(`stats, cold process, ${stats.commits.toLocaleString("en-US")}-commit history${stats.buildMs > 0 ? ` (corpus built in ${ms(stats.buildMs)})` : ""}:`);
console.log(`  median ${ms(median(stats.runs))}, min ${ms(Math.min(...stats.runs))}, max ${ms(Math.max(...stats.runs))} over ${stats.runs.length} runs (target: seconds)`);

console.log("\nsast, full scan of a real corpus with every rule, custody vs the ast-grep CLI on the same rules and files:");
console.log(formatSastBench(benchSast()));

console.log("");
console.log(formatSecretsBench(benchSecrets()));

console.log("\nwhole-tree scan, every offline analyzer, generated tree plus a 10 MB minified bundle, a binary and files with invalid syntax:");
console.log(formatTreeBench(benchTree()));

console.log("");
console.log(formatDepsBench(benchDeps()));
