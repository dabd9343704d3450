import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cvss3BaseScore, deriveSeverity, severityOfLabel, severityOfScore } from "./cvss.js";

// Scores as published for these vectors by the FIRST CVSS v3.1 calculator.
const KNOWN: readonly (readonly [string, number])[] = [
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8],
  ["CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1],
  ["CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4],
  ["CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N", 6.1],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3],
  ["CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 6.5],
  ["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N", 3.3],
  ["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8],
  ["CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
];

void describe("CVSS 3.x base score", () => {
  void it("matches published scores", () => {
    for (const [vector, score] of KNOWN) assert.equal(cvss3BaseScore(vector), score, vector);
  });

  void it("ignores temporal metrics and metric order", () => {
    assert.equal(cvss3BaseScore("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:P/RL:O/RC:C"), 9.8);
  });

  void it("rejects vectors that are not complete CVSS 3.x base vectors", () => {
    assert.equal(cvss3BaseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), undefined);
    assert.equal(cvss3BaseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P"), undefined);
    assert.equal(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"), undefined);
    assert.equal(cvss3BaseScore("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), undefined);
    assert.equal(cvss3BaseScore("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), undefined);
  });

  void it("rates scores on the CVSS scale", () => {
    assert.equal(severityOfScore(9.0), "critical");
    assert.equal(severityOfScore(8.9), "high");
    assert.equal(severityOfScore(7.0), "high");
    assert.equal(severityOfScore(6.9), "medium");
    assert.equal(severityOfScore(4.0), "medium");
    assert.equal(severityOfScore(3.9), "low");
    assert.equal(severityOfScore(0.1), "low");
    assert.equal(severityOfScore(0), undefined);
    assert.equal(severityOfLabel("MODERATE"), "medium");
    assert.equal(severityOfLabel("Critical"), "critical");
    assert.equal(severityOfLabel("UNKNOWN"), undefined);
  });

  void it("prefers a computed CVSS 3 score, then the database's label", () => {
    const v3 = { type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" };
    const v4 = { type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" };
    assert.deepEqual(deriveSeverity([v4, v3], "LOW"), { severity: "high", cvssScore: 7.5, cvssVector: v3.score });
    assert.deepEqual(deriveSeverity([v4], "MODERATE"), { severity: "medium", cvssVector: v4.score });
    assert.deepEqual(deriveSeverity([v4], undefined), { cvssVector: v4.score });
    assert.deepEqual(deriveSeverity([], "HIGH"), { severity: "high" });
  });
});
