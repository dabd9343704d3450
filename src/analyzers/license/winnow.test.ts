import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allKgrams, fingerprints, K, kgramHashes, tokenize, W, winnow } from "./winnow.js";

/** A deterministic pseudo-random program of `n` statements, so runs of tokens are unique. */
function program(seed: number, n: number): string {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  return Array.from({ length: n }, () => `let v${next() % 997} = f${next() % 89}(a${next() % 53}, ${next() % 1000});`).join("\n");
}

const hashesOf = (text: string, path = "a.js"): Set<number> => new Set(fingerprints(text, path).fingerprints.map((f) => f.hash));
const shared = (a: Set<number>, b: Set<number>): number => [...a].filter((h) => b.has(h)).length;

void describe("tokenize", () => {
  it("drops comments, whitespace and case, and keeps strings whole", () => {
    const a = tokenize('// note\nconst  X = "Hello World"; /* block\ncomment */ return x;', "a.js");
    const b = tokenize('const x="hello   world";\n\n\nreturn X;', "b.js");
    assert.deepEqual(a.map((t) => t.hash), b.map((t) => t.hash));
    assert.deepEqual(a.map((t) => t.line), [2, 2, 2, 2, 2, 3, 3, 3]);
  });

  it("knows '#' comments by extension, and can ignore identifiers", () => {
    assert.equal(tokenize("x = 1  # set x\n", "a.py").length, 3);
    assert.equal(tokenize("#include <x.h>\n", "a.c").length > 1, true, "a C preprocessor line is code");
    const renamed = (name: string) => tokenize(`function ${name}(count) { return count + 1; }`, "a.js", { ignoreIdentifiers: true }).map((t) => t.hash);
    assert.deepEqual(renamed("next"), renamed("increment"));
    assert.notDeepEqual(tokenize("function a() {}", "a.js").map((t) => t.hash), tokenize("function b() {}", "a.js").map((t) => t.hash));
  });
});

void describe("winnowing", () => {
  it("selects a fingerprint in every window of W k-grams, each position once", () => {
    const hashes = kgramHashes(tokenize(program(1, 200), "a.js"));
    const selected = winnow(hashes);
    assert.deepEqual(selected, [...new Set(selected)].sort((a, b) => a - b));
    for (let start = 0; start + W <= hashes.length; start += 1) {
      assert.ok(selected.some((p) => p >= start && p < start + W), `window at ${start} has no fingerprint`);
    }
    // Density of winnowing: about 2 / (W + 1) of positions for random hashes.
    const density = selected.length / hashes.length;
    assert.ok(density > 1 / W && density < 3 / (W + 1), `density ${density.toFixed(3)}`);
  });

  it("finds any shared run of K + W − 1 tokens, whatever surrounds it", () => {
    const copied = program(7, 4);
    const tokens = tokenize(copied, "a.js").length;
    assert.ok(tokens >= K + W - 1, `the copied run has ${tokens} tokens`);
    for (let seed = 10; seed < 30; seed += 1) {
      const a = `${program(seed, 5)}\n${copied}\n${program(seed + 100, 5)}`;
      const b = `${program(seed + 200, 3)}\n${copied}\n${program(seed + 300, 7)}`;
      assert.ok(shared(hashesOf(a), hashesOf(b)) > 0, `seed ${seed}: no shared fingerprint`);
    }
  });

  it("never matches runs shorter than K tokens", () => {
    const a = program(40, 60);
    const b = program(41, 60);
    assert.equal(shared(hashesOf(a), hashesOf(b)), 0);
  });

  it("positions carry the lines of the k-gram", () => {
    const text = program(3, 30);
    for (const f of allKgrams(text, "a.js")) {
      assert.ok(f.startLine <= f.endLine && f.endLine - f.startLine <= 3, JSON.stringify(f));
      assert.ok(Number.isSafeInteger(f.hash) && f.hash >= 0);
    }
  });
});
