// Inline suppressions: `custody-ignore <rule-id>[, <rule-id>…]: <reason>` in a comment on the line of a
// finding, or alone on the line above it. The reason is required — a suppression is an accepted risk
// someone must be able to read later — so one without a reason suppresses nothing and is reported.
import { extname, basename } from "node:path";
import { redactSecrets } from "../analyzers/external/redact.js";
import type { Finding, Severity } from "./types.js";

export interface SuppressedFinding {
  ruleId: string;
  severity: Severity;
  path: string;
  line: number;
  reason: string;
  fingerprint: string;
  /** The finding's own masked evidence, so a suppression never hides what was accepted. */
  evidence: string;
}

export interface InvalidSuppression {
  path: string;
  line: number;
  problem: string;
}

export interface Suppression {
  /** 1-based line of the comment. */
  line: number;
  ruleIds: string[];
  reason: string;
  /** The comment is alone on its line, so it also covers the next code line. */
  standalone: boolean;
}

const MAX_REASON = 300;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._/@+-]*$/;

const HASH = ["#"];
const SLASH = ["//", "/*", "*"];
const MARKERS_BY_EXTENSION: Record<string, string[]> = {
  ...Object.fromEntries(
    ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "java", "go", "c", "h", "cc", "cpp", "hpp", "cs", "kt", "kts", "swift", "rs", "scala", "dart", "jsonc", "json5", "groovy", "gradle"].map(
      (e) => [e, SLASH],
    ),
  ),
  ...Object.fromEntries(
    ["py", "pyi", "rb", "sh", "bash", "zsh", "yaml", "yml", "toml", "pl", "r", "ps1", "tf", "hcl", "conf", "cfg", "env", "properties", "mk", "cmake", "nix", "ex", "exs"].map((e) => [e, HASH]),
  ),
  php: [...SLASH, "#"],
  sql: ["--", "/*"],
  lua: ["--"],
  hs: ["--"],
  ini: [";", "#"],
  html: ["<!--"],
  htm: ["<!--"],
  xml: ["<!--"],
  md: ["<!--"],
  mdx: ["<!--", "{/*"],
  vue: ["<!--", ...SLASH],
  svelte: ["<!--", ...SLASH],
  tex: ["%"],
  erl: ["%"],
};
const MARKERS_BY_NAME: Record<string, string[]> = { dockerfile: HASH, makefile: HASH, gemfile: HASH, rakefile: HASH };
const ALL_MARKERS = ["//", "/*", "*", "#", "--", "<!--", ";", "%"];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The comment markers of a file, by extension or name; every common one for files we do not know. */
export function commentMarkers(path: string): string[] {
  const name = basename(path).toLowerCase();
  return MARKERS_BY_NAME[name] ?? MARKERS_BY_EXTENSION[extname(name).slice(1)] ?? ALL_MARKERS;
}

function patternFor(markers: string[]): RegExp {
  const alternatives = [...markers].sort((a, b) => b.length - a.length).map(escape).join("|");
  return new RegExp(`^(\\s*)(?:.*?(?:^|\\s|[;,{}()]))?(?:${alternatives})\\s*custody-ignore(?=[\\s:]|$)(.*)$`);
}

/** Reads every `custody-ignore` comment in a file, valid or not. */
export function parseSuppressions(path: string, text: string): { suppressions: Suppression[]; invalid: InvalidSuppression[] } {
  if (!text.includes("custody-ignore")) return { suppressions: [], invalid: [] };
  const markers = commentMarkers(path);
  const pattern = patternFor(markers);
  const suppressions: Suppression[] = [];
  const invalid: InvalidSuppression[] = [];
  text.split("\n").forEach((raw, index) => {
    if (!raw.includes("custody-ignore")) return;
    const match = pattern.exec(raw);
    if (!match) return;
    const line = index + 1;
    const standalone = markers.some((m) => raw.trimStart().startsWith(m));
    // A block comment ends the suppression; code after it on the same line is not part of the reason.
    const rest = (match[2] ?? "").replace(/\s*(?:\*\/|-->).*$/, "").trim();
    const colon = rest.indexOf(":");
    const ids = (colon === -1 ? rest : rest.slice(0, colon)).split(",").map((s) => s.trim()).filter((s) => s !== "");
    const reason = colon === -1 ? "" : rest.slice(colon + 1).trim();
    if (ids.length === 0) {
      invalid.push({ path, line, problem: "custody-ignore names no rule; write `custody-ignore <rule-id>: <reason>`" });
      return;
    }
    const bad = ids.find((id) => !RULE_ID.test(id));
    if (bad !== undefined) {
      invalid.push({ path, line, problem: `custody-ignore: '${bad}' is not a rule id; write \`custody-ignore <rule-id>: <reason>\`` });
      return;
    }
    if (reason === "") {
      invalid.push({ path, line, problem: `custody-ignore ${ids.join(", ")} has no reason, so it suppresses nothing; add \`: <why this is acceptable>\`` });
      return;
    }
    const clipped = reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
    suppressions.push({ line, ruleIds: ids, reason: redactSecrets(clipped), standalone });
  });
  return { suppressions, invalid };
}

/** Which suppression covers a line: one on the line itself, or standalone ones directly above it. */
function coveringLines(suppressions: Suppression[]): Map<number, Suppression[]> {
  const byLine = new Map<number, Suppression[]>();
  const add = (line: number, s: Suppression) => {
    byLine.set(line, [...(byLine.get(line) ?? []), s]);
  };
  const standaloneAt = new Set(suppressions.filter((s) => s.standalone).map((s) => s.line));
  for (const s of suppressions) {
    add(s.line, s);
    if (!s.standalone) continue;
    // Stacked comments all reach the first line below them that is not itself a suppression.
    let target = s.line + 1;
    while (standaloneAt.has(target)) target += 1;
    add(target, s);
  }
  return byLine;
}

export interface SuppressionResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  invalid: InvalidSuppression[];
}

/**
 * Moves findings covered by a valid suppression out of `findings`. Only files with findings are read
 * (`readText` returns undefined for a file it cannot read, which then suppresses nothing).
 */
export async function applySuppressions(findings: Finding[], readText: (path: string) => Promise<string | undefined>): Promise<SuppressionResult> {
  const result: SuppressionResult = { findings: [], suppressed: [], invalid: [] };
  const paths = [...new Set(findings.map((f) => f.location.path))].sort();
  const covering = new Map<string, Map<number, Suppression[]>>();
  for (const path of paths) {
    const text = await readText(path);
    if (text === undefined) continue;
    const parsed = parseSuppressions(path, text);
    result.invalid.push(...parsed.invalid);
    covering.set(path, coveringLines(parsed.suppressions));
  }
  for (const finding of findings) {
    const { path, startLine } = finding.location;
    const match = covering.get(path)?.get(startLine)?.find((s) => s.ruleIds.includes(finding.ruleId));
    if (!match) {
      result.findings.push(finding);
      continue;
    }
    result.suppressed.push({
      ruleId: finding.ruleId,
      severity: finding.severity,
      path,
      line: startLine,
      reason: match.reason,
      fingerprint: finding.fingerprint,
      evidence: finding.evidence,
    });
  }
  return result;
}
