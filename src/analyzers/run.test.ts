import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_FILE_LIMITS } from "../core/files.js";
import { runBatch } from "./run.js";

// A made-up Stripe live key in the provider's format, and a password that matches no provider.
const STRIPE_KEY = ["sk", "live", "4eC39HqLyjWDarjtT1zdp7dc"].join("_");

describe("runBatch", () => {
  it("reports a provider key written into code once, as a secret, and keeps other credential findings", async () => {
    const text = [
      "package config",
      "",
      "func Load() Config {",
      "\tcfg := Config{}",
      `\tcfg.StripeKey = envOr("STRIPE_SECRET_KEY", "${STRIPE_KEY}")`,
      '\tcfg.DBPassword = envOr("DB_PASSWORD", "Tr0ub4dor-and-3")',
      "\treturn cfg",
      "}",
      "",
    ].join("\n");
    const result = await runBatch({ tasks: [{ path: "config/config.go", text }], analyzers: ["sast", "secrets"], limits: DEFAULT_FILE_LIMITS });
    const onLine = (line: number) => result.findings.filter((f) => f.location.startLine === line).map((f) => f.ruleId);
    assert.deepEqual(onLine(5), ["secrets/stripe-secret-key"]);
    assert.ok(onLine(6).includes("sast/go-hardcoded-credentials"), `line 6: ${onLine(6).join(", ")}`);
  });
});
