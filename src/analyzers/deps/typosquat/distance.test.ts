import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifySingleEdit, editDistance, typingDistance } from "./distance.js";
import { foldToAscii, nameKey, nameSegments, ownerDepth, visualSkeleton } from "./names.js";
import { stripAffixes, comboCores } from "./tricks.js";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and a swap of neighbours as one edit each", () => {
    assert.equal(editDistance("lodash", "lodash"), 0);
    assert.equal(editDistance("lodash", "lodas"), 1);
    assert.equal(editDistance("lodash", "lodashh"), 1);
    assert.equal(editDistance("lodash", "lodasj"), 1);
    assert.equal(editDistance("lodash", "loadsh"), 1);
    assert.equal(editDistance("electron", "electorn"), 1);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("", "abc"), 3);
  });

  it("stops at the limit and says so with limit + 1", () => {
    assert.equal(editDistance("kitten", "sitting", 1), 2);
    assert.equal(editDistance("abcdefgh", "hgfedcba", 2), 3);
    assert.equal(editDistance("short", "a much longer name", 3), 4);
    assert.equal(editDistance("requests", "reqeusts", 2), 1);
  });

  it("agrees with the unbounded distance whenever that is within the limit", () => {
    const words = ["lodash", "lodahs", "loadsh", "lodash-es", "lo-dash", "dashlo", "l", "", "odash", "lodashlodash"];
    for (const a of words) {
      for (const b of words) {
        const full = editDistance(a, b);
        for (const limit of [0, 1, 2, 3]) assert.equal(editDistance(a, b, limit), full > limit ? limit + 1 : full, `${a}/${b}/${limit}`);
      }
    }
  });
});

describe("typingDistance", () => {
  it("charges one edit for a neighbouring key or a look-alike, two for any other letter", () => {
    assert.equal(typingDistance("requests", "requesys"), 1); // t and y are neighbours
    assert.equal(typingDistance("django", "diango"), 1); // j sits below i
    assert.equal(typingDistance("lodash", "iodash"), 1); // l and i look alike
    assert.equal(typingDistance("jsdom", "jsdoc"), 2);
    assert.equal(typingDistance("flatted", "flatten"), 2);
    assert.equal(typingDistance("electron", "electorn"), 1);
  });
});

describe("classifySingleEdit", () => {
  it("names the slip", () => {
    assert.equal(classifySingleEdit("loadsh", "lodash"), "transposition");
    assert.equal(classifySingleEdit("expresss", "express"), "repeated-character");
    assert.equal(classifySingleEdit("colourama", "colorama"), "extra-character");
    assert.equal(classifySingleEdit("request", "requests"), "omitted-character");
    assert.equal(classifySingleEdit("lodasj", "lodash"), "substitution");
    assert.equal(classifySingleEdit("axios", "lodash"), undefined);
  });
});

describe("name forms", () => {
  it("compares names the way each registry does", () => {
    assert.equal(nameKey("pypi", "Python_Dateutil"), "python-dateutil");
    assert.equal(nameKey("pypi", "zope.interface"), "zope-interface");
    assert.equal(nameKey("cargo", "Serde_JSON"), "serde-json");
    assert.equal(nameKey("npm", " JSONStream "), "jsonstream");
  });

  it("folds look-alike characters into the letters they imitate", () => {
    assert.equal(foldToAscii("r\u0435qu\u0435sts"), "requests");
    assert.equal(foldToAscii("l\u00f3dash"), "lodash");
    assert.equal(foldToAscii("\uff41xios"), "axios");
    assert.equal(visualSkeleton("jeIlyfish"), visualSkeleton("jellyfish"));
    assert.equal(visualSkeleton("rnocha"), visualSkeleton("mocha"));
    assert.equal(visualSkeleton("vvebpack"), visualSkeleton("webpack"));
    assert.equal(visualSkeleton("l0dash"), visualSkeleton("lodash"));
    assert.notEqual(visualSkeleton("jeilyfish"), visualSkeleton("jellyfish"));
  });

  it("splits structured names and knows who owns them", () => {
    assert.deepEqual(nameSegments("npm", "@types/node"), ["@types", "node"]);
    assert.deepEqual(nameSegments("maven", "org.slf4j:slf4j-api"), ["org.slf4j", "slf4j-api"]);
    assert.equal(ownerDepth("go", nameSegments("go", "github.com/spf13/cobra")), 2);
    assert.equal(ownerDepth("go", nameSegments("go", "golang.org/x/net")), 1);
    assert.equal(ownerDepth("npm", ["lodash"]), 0);
  });

  it("removes known affixes and finds combo words", () => {
    assert.deepEqual(stripAffixes("lodash-js").sort(), ["lodash"]);
    assert.deepEqual(stripAffixes("python3-dateutil"), ["dateutil"]);
    assert.deepEqual(stripAffixes("node-chalk-cli").sort(), ["chalk", "chalk-cli", "node-chalk"]);
    assert.deepEqual(stripAffixes("reactjs"), ["react"]);
    assert.deepEqual(stripAffixes("lodash"), []);
    assert.deepEqual(comboCores("requests-secure"), ["requests"]);
    assert.deepEqual(comboCores("official-cross-env"), ["cross-env"]);
    assert.deepEqual(comboCores("cross-env"), []);
  });
});
