// The secrets engine: keyword prefilter, then each candidate rule's regex, then validators.
import { CustodyError } from "../../core/errors.js";
import { isPlaceholder } from "./allowlist.js";
import { buildKeywordIndex } from "./keywords.js";
import { buildLineIndex, scannableText } from "./text.js";
import type { SecretMatch, SecretRule } from "./types.js";
import { shannonEntropy } from "./validators.js";

export interface SecretScanner {
  readonly rules: readonly SecretRule[];
  /** The rules whose keywords occur in `text`: the only ones whose regex will run on it. */
  candidates(text: string): SecretRule[];
  /** Validated secrets in `text`, in text order. Lines are scanned up to `MAX_SCANNED_LINE` characters. */
  scan(text: string): SecretMatch[];
}

interface CompiledRule {
  rule: SecretRule;
  regex: RegExp;
}

const RULE_ID = /^secrets\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

function invalid(rule: SecretRule, problem: string): CustodyError {
  return new CustodyError("rule-invalid", `Secrets rule "${rule.id}": ${problem}.`);
}

function compile(rule: SecretRule): CompiledRule {
  if (!RULE_ID.test(rule.id)) throw invalid(rule, "the id must look like secrets/<kebab-case-name>");
  if (rule.keywords.length === 0) throw invalid(rule, "list at least one keyword for the prefilter");
  for (const keyword of rule.keywords) {
    if (!/^[\x20-\x7e]+$/.test(keyword) || keyword !== keyword.toLowerCase()) {
      throw invalid(rule, `keyword "${keyword}" must be lower-case printable ASCII`);
    }
  }
  // A pattern that also matches the empty string reveals its group names without running on input.
  const probe = new RegExp(`${rule.regex.source}|`, rule.regex.flags.replace(/[gy]/g, "")).exec("");
  if (!probe?.groups || !("secret" in probe.groups)) throw invalid(rule, "the regex needs a named group `secret`");
  // `g` to walk every match, `d` for the secret group's offsets; `y` would skip matches.
  return { rule, regex: new RegExp(rule.regex.source, `${rule.regex.flags.replace(/[gdy]/g, "")}gd`) };
}

function secretGroup(match: RegExpExecArray): { secret: string; start: number; end: number } | undefined {
  const groups = match.groups ?? {};
  const ranges = match.indices?.groups ?? {};
  for (const name of Object.keys(groups).filter((n) => /^secret\d*$/.test(n)).sort()) {
    const secret = groups[name];
    const range = ranges[name];
    if (secret !== undefined && range) return { secret, start: range[0], end: range[1] };
  }
  return undefined;
}

function accepts(rule: SecretRule, secret: string, groups: Record<string, string | undefined>): boolean {
  if (isPlaceholder(secret)) return false;
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return false;
  return rule.validate ? rule.validate(secret, groups) : true;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export function createSecretScanner(rules: readonly SecretRule[]): SecretScanner {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw invalid(rule, "the id is used by another rule");
    seen.add(rule.id);
  }
  const compiled = rules.map(compile);
  const keywordOwners: number[] = [];
  const keywords: string[] = [];
  compiled.forEach((entry, index) => {
    for (const keyword of entry.rule.keywords) {
      keywords.push(keyword);
      keywordOwners.push(index);
    }
  });
  const index = buildKeywordIndex(keywords);

  function candidateIndexes(text: string): number[] {
    const owners = new Set<number>();
    for (const id of index.find(text)) owners.add(keywordOwners[id] ?? -1);
    return [...owners].filter((i) => i >= 0).sort((a, b) => a - b);
  }

  return {
    rules,
    candidates(text: string): SecretRule[] {
      return candidateIndexes(text).flatMap((i) => compiled[i]?.rule ?? []);
    },
    scan(text: string): SecretMatch[] {
      const scanned = scannableText(text);
      const specific: Omit<SecretMatch, "location">[] = [];
      const generic: Omit<SecretMatch, "location">[] = [];
      // Text a specific rule matched, valid or not: a token whose checksum fails is known not to
      // be a token, so the generic rule must not report it either.
      const claimed: { start: number; end: number }[] = [];
      for (const i of candidateIndexes(scanned)) {
        const entry = compiled[i];
        if (!entry) continue;
        entry.regex.lastIndex = 0;
        for (let match = entry.regex.exec(scanned); match; match = entry.regex.exec(scanned)) {
          if (match[0].length === 0) entry.regex.lastIndex += 1;
          const found = secretGroup(match);
          if (!found) continue;
          if (!entry.rule.generic) claimed.push(found);
          if (!accepts(entry.rule, found.secret, match.groups ?? {})) continue;
          (entry.rule.generic ? generic : specific).push({ rule: entry.rule, ...found });
        }
      }
      const kept = [...specific, ...generic.filter((g) => !claimed.some((c) => overlaps(c, g)))];
      if (kept.length === 0) return [];
      const lines = buildLineIndex(scanned);
      return kept
        .map((m) => {
          const start = lines.position(m.start);
          const end = lines.position(m.end);
          return {
            ...m,
            location: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
          };
        })
        .sort((a, b) => a.start - b.start || a.end - b.end || a.rule.id.localeCompare(b.rule.id));
    },
  };
}
