// Maps the results of another tool's SARIF 2.1.0 log to findings: `external/<tool>/<rule>`, severity from
// `security-severity` or the SARIF level, CWE from the rule's tags, the first physical location, and a
// fingerprint from the tool's own partial fingerprints when it gives them.
import { readFile, stat } from "node:fs/promises";
import type { z } from "zod";
import { CustodyError } from "../../core/errors.js";
import type { Severity } from "../../core/types.js";
import type { TaggedFinding } from "../run.js";
import { artifactPath } from "./paths.js";
import { redactSecrets } from "./redact.js";
import { sarifLog, type SarifLevel, type SarifResult, type SarifRule, type SarifRun } from "./schema.js";

/** SARIF logs from whole-repository CodeQL runs get large; beyond this, something is wrong. */
export const MAX_SARIF_BYTES = 256 * 1024 * 1024;
const MAX_MESSAGE = 500;

export interface SarifImport {
  /** The file as the user named it. */
  source: string;
  /** Kebab-case names of the tools whose runs the log holds. */
  tools: string[];
  findings: TaggedFinding[];
  /** Results with no location inside the scanned root, which no report could place. */
  unplaced: number;
}

const LEVEL_SEVERITY: Record<SarifLevel, Severity> = { error: "high", warning: "medium", note: "low", none: "info" };

export function toolSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "unknown";
}

/** GitHub's reading of `security-severity`: 9.0 and up critical, 7.0 high, 4.0 medium, above 0 low. */
function fromScore(value: unknown): Severity | undefined {
  const score = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  if (!Number.isFinite(score)) return undefined;
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return score > 0 ? "low" : "info";
}

function severityOf(result: SarifResult, rule: SarifRule | undefined): Severity {
  const scored = fromScore(result.properties?.["security-severity"]) ?? fromScore(rule?.properties?.["security-severity"]);
  if (scored) return scored;
  const level = result.level ?? rule?.defaultConfiguration?.level ?? "warning";
  return LEVEL_SEVERITY[level];
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** `external/cwe/cwe-89`, `CWE-89`, `CWE-89: Improper Neutralization…` all name CWE-89. */
function cwesOf(result: SarifResult, rule: SarifRule | undefined): string[] {
  const bags = [result.properties, rule?.properties];
  const candidates = bags.flatMap((bag) => [...strings(bag?.tags), ...strings(bag?.cwe)]);
  const found = new Set<string>();
  for (const text of candidates) {
    const match = /^(?:external\/cwe\/)?cwe[-_ ]?(\d+)\b/i.exec(text.trim());
    if (match?.[1]) found.add(`CWE-${String(Number(match[1]))}`);
  }
  return [...found].sort();
}

function ruleOf(run: SarifRun, result: SarifResult): { id: string; rule: SarifRule | undefined } {
  const componentIndex = result.rule?.toolComponent?.index;
  const component = componentIndex !== undefined ? run.tool.extensions?.[componentIndex] : run.tool.driver;
  const index = result.rule?.index ?? result.ruleIndex;
  const byIndex = index !== undefined && index >= 0 ? component?.rules?.[index] : undefined;
  const id = result.ruleId ?? result.rule?.id ?? byIndex?.id;
  const all = [run.tool.driver, ...(run.tool.extensions ?? [])].flatMap((c) => c.rules ?? []);
  const rule = byIndex ?? (id !== undefined ? all.find((r) => r.id === id) : undefined);
  return { id: id ?? "result", rule };
}

/** Results the tool itself reports as passing, suppressed or gone are not findings. */
function isOpen(result: SarifResult): boolean {
  if (result.kind === "pass" || result.kind === "notApplicable") return false;
  if (result.baselineState === "absent") return false;
  return !(result.suppressions ?? []).some((s) => s.status === undefined || s.status === "accepted");
}

function messageOf(result: SarifResult, rule: SarifRule | undefined, id: string): string {
  const text = result.message?.text ?? result.message?.markdown ?? rule?.shortDescription?.text ?? rule?.fullDescription?.text ?? id;
  const oneLine = text.replace(/\s+/g, " ").trim();
  return redactSecrets(oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine);
}

/** The tool's own stable identity for the result, else its message (the pipeline numbers repeats). */
function fingerprintTextOf(result: SarifResult, message: string): string {
  const prints = result.partialFingerprints ?? result.fingerprints;
  if (prints && Object.keys(prints).length > 0) {
    return Object.entries(prints)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join("\n");
  }
  return message;
}

function toFinding(run: SarifRun, tool: string, result: SarifResult, root: string): TaggedFinding | undefined {
  const physical = (result.locations ?? []).map((l) => l.physicalLocation).find((p) => p?.artifactLocation?.uri !== undefined);
  const artifact = physical?.artifactLocation;
  if (artifact?.uri === undefined) return undefined;
  const path = artifactPath(artifact.uri, artifact.uriBaseId, run.originalUriBaseIds, root);
  if (path === undefined) return undefined;
  const { id, rule } = ruleOf(run, result);
  const region = physical?.region;
  const startLine = region?.startLine ?? 1;
  const startColumn = region?.startColumn ?? 1;
  const message = messageOf(result, rule, id);
  return {
    ruleId: `external/${tool}/${id.trim().replace(/\s+/g, "-")}`,
    analyzer: "external",
    severity: severityOf(result, rule),
    cwe: cwesOf(result, rule),
    message,
    location: {
      path,
      startLine,
      startColumn,
      endLine: Math.max(region?.endLine ?? startLine, startLine),
      endColumn: region?.endColumn ?? startColumn,
    },
    // Other tools' snippets can hold the very secret they found; only our own masked evidence is shown.
    evidence: "",
    fingerprintText: fingerprintTextOf(result, message),
  };
}

function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${jsonPath(i.path)}: ${i.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return `${shown.join("; ")}${more}`;
}

/** Parses a SARIF log; `source` names it in errors, `root` is what finding paths are relative to. */
export function importSarif(text: string, source: string, root: string): SarifImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CustodyError("sarif-invalid", `${source}: not valid JSON (${reason}); pass a SARIF 2.1.0 file`);
  }
  const parsed = sarifLog.safeParse(raw);
  if (!parsed.success) {
    throw new CustodyError("sarif-invalid", `${source}: not SARIF 2.1.0 at ${describeIssues(parsed.error.issues)}`);
  }
  const tools = new Set<string>();
  const findings: TaggedFinding[] = [];
  let unplaced = 0;
  for (const run of parsed.data.runs) {
    const tool = toolSlug(run.tool.driver.name);
    tools.add(tool);
    for (const result of (run.results ?? []).filter(isOpen)) {
      const finding = toFinding(run, tool, result, root);
      if (finding) findings.push(finding);
      else unplaced += 1;
    }
  }
  return { source, tools: [...tools].sort(), findings, unplaced };
}

/** Reads and imports a SARIF file; `source` is the name the user gave it. */
export async function readSarifFile(path: string, source: string, root: string): Promise<SarifImport> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new CustodyError("file-unreadable", `--import-sarif ${source}: no such file; check the path`);
  if (info.size > MAX_SARIF_BYTES) {
    throw new CustodyError("input-too-large", `--import-sarif ${source}: ${info.size} bytes is over the ${MAX_SARIF_BYTES}-byte bound`);
  }
  return importSarif(await readFile(path, "utf8"), source, root);
}
