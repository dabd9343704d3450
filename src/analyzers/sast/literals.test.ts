import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requiredLiterals, type LiteralSet } from "./literals.js";

function texts(set: LiteralSet | undefined): string[] | undefined {
  return set?.map((l) => `${l.folded ? "i:" : ""}${l.text}`);
}

/** Whether `text` contains one of the literals, the way the prefilter looks for them. */
function holds(set: LiteralSet, text: string): boolean {
  return set.some((l) => (l.folded ? text.toLowerCase() : text).includes(l.text));
}

void describe("requiredLiterals", () => {
  void it("takes the alternatives of an anchored name list", () => {
    assert.deepEqual(texts(requiredLiterals("^(query|execute|raw)$")), ["query", "execute", "raw"]);
    assert.deepEqual(texts(requiredLiterals("^\\$?(exec|execSync)$")), ["exec", "execSync"]);
  });

  void it("drops optional parts and keeps the most selective required part", () => {
    assert.deepEqual(texts(requiredLiterals("^(Query|QueryFirst)(Async)?(<.*>)?$")), ["Query", "QueryFirst"]);
    assert.deepEqual(texts(requiredLiterals("(^|\\.)CommandText$")), ["CommandText"]);
    assert.deepEqual(texts(requiredLiterals("ab?c")), ["a"]);
  });

  void it("folds case only for characters whose case-insensitive match is plain ASCII", () => {
    // `k` and `s` also match the Kelvin sign and the long s, which lower-casing does not produce.
    assert.deepEqual(texts(requiredLiterals("(?i)^(child_?process)$")), ["i:child"]);
    assert.deepEqual(texts(requiredLiterals("(?i)token")), ["i:to"]);
  });

  void it("gives up rather than guess when an alternative or a construct needs no literal", () => {
    assert.equal(requiredLiterals("^[A-Z]"), undefined);
    assert.equal(requiredLiterals("^(get[A-Z]\\w*|[a-z]\\w*)$"), undefined);
    assert.equal(requiredLiterals("\\x41BC|D"), undefined);
    assert.equal(requiredLiterals("(?x) a b c"), undefined);
    assert.equal(requiredLiterals("(unclosed"), undefined);
  });

  void it("names a literal present in every text the expression matches", () => {
    const cases: [string, string[]][] = [
      ["^(?:(?:req|request)\\s*\\.\\s*(?:query|body)|ctx\\s*\\.\\s*params)\\b", ["req.query", "request . body", "ctx.params"]],
      ["(?i)^(password|secret_key|api_?key)$", ["PASSWORD", "Secret_Key", "apikey", "API_KEY"]],
      ["^[''\"]?\\$where[''\"]?$", ["$where", "'$where'"]],
      ["a+b", ["aaab", "ab"]],
      ["^(Sql|MySql)(Command|DataAdapter)$", ["SqlCommand", "MySqlDataAdapter"]],
      ["foo(?i)bar", ["fooBAR", "foobar"]],
    ];
    for (const [source, samples] of cases) {
      const set = requiredLiterals(source);
      assert.ok(set, `${source} should require a literal`);
      const js = new RegExp(source.replace(/^\(\?i\)/, "").replace("(?i)", ""), source.startsWith("(?i)") ? "i" : "");
      for (const sample of samples) {
        if (!source.includes("(?i)bar")) assert.ok(js.test(sample), `${sample} should match ${source}`);
        assert.ok(holds(set, sample), `${sample} matches ${source} but holds none of ${JSON.stringify(texts(set))}`);
      }
    }
  });
});
