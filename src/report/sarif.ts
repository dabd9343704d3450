// SARIF 2.1.0 as code-scanning services expect it (see docs/formats.md for the contract).
import type { RuleMeta } from "../analyzers/types.js";
import type { Finding, Severity } from "../core/types.js";
import { TOOL_NAME, VERSION } from "../core/version.js";

const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

export function cweTag(cwe: string): string {
  return `external/cwe/${cwe.toLowerCase()}`;
}

function analyzerOf(ruleId: string): string {
  return ruleId.split("/")[0] ?? "external";
}

function ruleDescriptor(rule: RuleMeta) {
  return {
    id: rule.id,
    name: rule.id.replace(/[/-](.)/g, (_m, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.title },
    help: { text: rule.help, markdown: rule.help },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["security", analyzerOf(rule.id), ...rule.cwe.map(cweTag)],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      precision: "high",
      ...(rule.owasp.length > 0 ? { owasp: rule.owasp } : {}),
    },
  };
}

/** A rule reported by a finding but not in the registry (imported results): described from the finding. */
function ruleFromFinding(finding: Finding): RuleMeta {
  return { id: finding.ruleId, title: finding.message, severity: finding.severity, cwe: finding.cwe, owasp: [], help: finding.message };
}

/** Builds the SARIF log. `rules` describes every rule the findings name (unknown ones are synthesised). */
export function toSarif(findings: Finding[], lookupRule: (id: string) => RuleMeta | undefined): Record<string, unknown> {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    const meta = lookupRule(id) ?? ruleFromFinding(findings.find((f) => f.ruleId === id) as Finding);
    return ruleDescriptor(meta);
  });
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.location.path), uriBaseId: "%SRCROOT%" },
          region: {
            startLine: f.location.startLine,
            startColumn: f.location.startColumn,
            endLine: f.location.endLine,
            endColumn: f.location.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { "custodyFingerprint/v1": f.fingerprint },
    properties: { severity: f.severity, aiAttributed: f.aiAttributed, evidence: f.evidence, ...(f.commit === undefined ? {} : { commit: f.commit }) },
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: VERSION, semanticVersion: VERSION, rules } },
        automationDetails: { id: "custody/" },
        results,
      },
    ],
  };
}
