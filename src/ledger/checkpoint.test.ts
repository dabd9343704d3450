import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toHex } from "./bytes.js";
import { formatCheckpoint, parseCheckpoint } from "./checkpoint.js";

// The example checkpoint of c2sp.org/tlog-checkpoint.
const EXAMPLE = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

void describe("checkpoint", () => {
  void it("parses the C2SP example and formats it back byte for byte", () => {
    const checkpoint = parseCheckpoint(EXAMPLE);
    assert.equal(checkpoint.origin, "example.com/behind-the-sofa");
    assert.equal(checkpoint.size, 20852163);
    assert.equal(toHex(checkpoint.rootHash), "0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62");
    assert.deepEqual(checkpoint.extensions, []);
    assert.equal(formatCheckpoint(checkpoint), EXAMPLE);
  });

  void it("keeps extension lines", () => {
    const text = `${EXAMPLE}extension one\nextension two\n`;
    assert.deepEqual(parseCheckpoint(text).extensions, ["extension one", "extension two"]);
    assert.equal(formatCheckpoint(parseCheckpoint(text)), text);
  });

  void it("accepts the empty tree", () => {
    const text = "log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
    assert.equal(parseCheckpoint(text).size, 0);
  });

  void it("rejects every non-canonical or malformed checkpoint", () => {
    const root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    const bad = {
      "no final newline": EXAMPLE.slice(0, -1),
      "too few lines": "origin\n5\n",
      "empty origin": `\n5\n${root}\n`,
      "leading zero": `log\n05\n${root}\n`,
      "signed size": `log\n+5\n${root}\n`,
      "not a number": `log\nfive\n${root}\n`,
      "unsafe integer": `log\n9007199254740993\n${root}\n`,
      "bad base64": `log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n`,
      "non-canonical padding bits": `log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n`,
      "short root": "log\n5\nAAAA\n",
      "empty extension": `log\n5\n${root}\n\n`,
    };
    for (const [name, text] of Object.entries(bad)) {
      assert.throws(() => parseCheckpoint(text), { code: "checkpoint-invalid" }, name);
    }
  });

  void it("refuses to format a checkpoint that could not be parsed back", () => {
    const rootHash = new Uint8Array(32);
    assert.throws(() => formatCheckpoint({ origin: "a\nb", size: 1, rootHash, extensions: [] }), {
      code: "checkpoint-invalid",
    });
    assert.throws(() => formatCheckpoint({ origin: "log", size: -1, rootHash, extensions: [] }));
    assert.throws(() => formatCheckpoint({ origin: "log", size: 1, rootHash: new Uint8Array(31), extensions: [] }));
  });
});
