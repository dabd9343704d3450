// Turns schema problems into messages that say what is wrong and what to write instead.

import type { z } from "zod";
import { TOOLS } from "../core/types.js";
import { BUILTIN_RULE_NAMES } from "./defaults.js";
import { DATA_CLASSES } from "./classification.js";
import { DefaultsSchema, GroupSchema, PathsSchema, PolicyFileSchema, RuleSchema, ToolsSchema, isRecord } from "./schema.js";
import { AllowanceSchema, ClassPathsSchema, ClassesSchema, ClassificationSchema } from "./schema-tools.js";
import type { PolicyIssue } from "./schema.js";
import { didYouMean } from "./suggest.js";

type Segment = string | number;

const GLOBS = 'a list of globs such as "src/auth/**"';
const TOOL_ENTRY = `use a tool id from: ${TOOLS.join(", ")}; or { name: <tool id>, models: [provider/model globs] }`;
const MODEL_GLOBS = 'list provider/model globs such as "anthropic/*"';
const HINTS: Record<string, string> = {
  "": "the policy is a mapping that starts with `version: 1`",
  version: "write `version: 1`",
  tools: "write `tools:` with an `approved:` list and optionally a `models:` list",
  "tools.approved": `list tool ids from: ${TOOLS.join(", ")}`,
  "tools.approved[]": TOOL_ENTRY,
  "tools.approved[].name": `use a tool id from: ${TOOLS.join(", ")}`,
  "tools.approved[].models": MODEL_GLOBS,
  "tools.models": MODEL_GLOBS,
  "tools.models[]": 'write a provider/model glob such as "anthropic/*"',
  extends: "write a path relative to this file, an absolute path or an https:// URL (or a list of them)",
  "extends[]": "write a path relative to this file, an absolute path or an https:// URL",
  classification: "write `classification:` with `default:`, `paths:` and `classes:`",
  "classification.default": `write one of ${DATA_CLASSES.join(", ")}`,
  "classification.paths": `map classes (${DATA_CLASSES.join(", ")}) to glob lists`,
  "classification.classes": `map classes (${DATA_CLASSES.join(", ")}) to { tools: [...], models: [...] }`,
  paths: "write `paths:` with `critical:`, `high:` and `low:` glob lists",
  "paths.critical": GLOBS,
  "paths.high": GLOBS,
  "paths.low": GLOBS,
  "paths.critical[]": GLOBS,
  "paths.high[]": GLOBS,
  "paths.low[]": GLOBS,
  groups: "map each group name to `{ members: [...] }`",
  "groups.*": "write `members: [alice@example.com]` under the group name",
  "groups.*.members": 'list reviewer identities such as "alice@example.com"',
  "groups.*.members[]": 'write a reviewer identity such as "alice@example.com"',
  defaults: "write `defaults:` with a `disable:` list",
  "defaults.disable": `list built-in rule names from: ${BUILTIN_RULE_NAMES.join(", ")}`,
  "defaults.disable[]": `use a built-in rule name from: ${BUILTIN_RULE_NAMES.join(", ")}`,
  rules: "write a list of rules, each with `name`, `if` and `then`",
  "rules[]": "each rule is a mapping with `name`, `if` and `then`",
  "rules[].name": "write a kebab-case name such as no-ai-in-migrations",
  "rules[].if": 'write a CEL expression giving true or false, such as "ai.lines > 0"',
  "rules[].then": "write one of pass, review, escalate, block",
  "rules[].group": "name a group from groups: or security / senior",
  "rules[].count": "write how many distinct approvals are needed, e.g. `count: 2`",
  "rules[].explain": "write a sentence telling the author why the rule exists",
  "rules[].evidence": 'write a CEL expression giving a list of strings, such as "change.files.map(f, f.path)"',
  "rules[].paths": GLOBS,
  "rules[].paths[]": GLOBS,
};

for (const dataClass of DATA_CLASSES) {
  Object.assign(HINTS, {
    [`classification.paths.${dataClass}`]: GLOBS,
    [`classification.paths.${dataClass}[]`]: GLOBS,
    [`classification.classes.${dataClass}`]: "write `tools:` and `models:` lists",
    [`classification.classes.${dataClass}.tools`]: `list tool ids from: ${TOOLS.join(", ")}`,
    [`classification.classes.${dataClass}.tools[]`]: TOOL_ENTRY,
    [`classification.classes.${dataClass}.tools[].name`]: `use a tool id from: ${TOOLS.join(", ")}`,
    [`classification.classes.${dataClass}.models`]: MODEL_GLOBS,
  });
}

const ALLOWED_KEYS: Readonly<Record<string, readonly string[]>> = {
  "": Object.keys(PolicyFileSchema.shape),
  tools: Object.keys(ToolsSchema.shape),
  paths: Object.keys(PathsSchema.shape),
  "groups.*": Object.keys(GroupSchema.shape),
  defaults: Object.keys(DefaultsSchema.shape),
  "rules[]": Object.keys(RuleSchema.shape),
  "tools.approved[]": ["name", "models"],
  classification: Object.keys(ClassificationSchema.shape),
  "classification.paths": Object.keys(ClassPathsSchema.shape),
  "classification.classes": Object.keys(ClassesSchema.shape),
  ...Object.fromEntries(DATA_CLASSES.map((dataClass) => [`classification.classes.${dataClass}`, Object.keys(AllowanceSchema.shape)])),
  ...Object.fromEntries(DATA_CLASSES.map((dataClass) => [`classification.classes.${dataClass}.tools[]`, ["name", "models"]])),
};

/** `rules[0].if`: how a user finds the field. */
export function displayPath(path: readonly Segment[]): string {
  let text = "";
  for (const segment of path) {
    text += typeof segment === "number" ? `[${segment}]` : `${text === "" ? "" : "."}${segment}`;
  }
  return text === "" ? "(document)" : text;
}

/** `rules[].if`: the field's kind, without indexes or group names. */
function fieldKind(path: readonly Segment[]): string {
  let text = "";
  path.forEach((segment, index) => {
    if (typeof segment === "number") text += "[]";
    else if (index === 1 && path[0] === "groups") text += ".*";
    else text += `${text === "" ? "" : "."}${segment}`;
  });
  return text;
}

function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function withHint(what: string, path: readonly Segment[]): string {
  const hint = lookup(HINTS, fieldKind(path));
  return hint === undefined ? what : `${what}; ${hint}`;
}

export function valueAt(raw: unknown, path: readonly Segment[]): unknown {
  let value = raw;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === "number") value = value[segment];
    else if (isRecord(value) && typeof segment === "string" && Object.hasOwn(value, segment)) value = value[segment];
    else return undefined;
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a mapping";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return `${typeof value} ${String(value)}`;
  return typeof value;
}

function toSegments(path: readonly PropertyKey[]): Segment[] {
  return path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
}

/** One zod issue as one or more located messages (an unknown-keys issue names each key separately). */
export function issuesFromZod(issue: z.core.$ZodIssue, raw: unknown): PolicyIssue[] {
  const path = toSegments(issue.path);
  const value = valueAt(raw, path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = lookup(ALLOWED_KEYS, fieldKind(path)) ?? [];
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `unknown key \`${key}\`${didYouMean(key, allowed)}; the keys allowed here are ${allowed.join(", ")}`,
      }));
    }
    case "invalid_type":
      return [{ path, message: withHint(value === undefined ? "is required" : `expected ${issue.expected}, got ${describeValue(value)}`, path) }];
    case "invalid_value": {
      const allowed = issue.values.map((allowedValue) => String(allowedValue));
      const near = typeof value === "string" ? didYouMean(value, allowed) : "";
      const advice = lookup(HINTS, fieldKind(path)) ?? `write one of ${allowed.join(", ")}`;
      return [{ path, message: `${describeValue(value)} is not allowed${near}; ${advice}` }];
    }
    case "invalid_format":
      return [{ path, message: withHint(`${describeValue(value)} is not kebab-case (lowercase letters, digits, hyphens)`, path) }];
    case "too_small":
      return [{ path, message: withHint(issue.origin === "number" ? `must be ${String(issue.minimum)} or more` : "must not be empty", path) }];
    case "invalid_key":
      return [{ path, message: "names must not be empty" }];
    case "invalid_union": {
      // Report the problems of the form the value was written in (a name, or a mapping), not of every form.
      const branch =
        issue.errors.find((issues) => issues.every((inner) => inner.path.length > 0)) ??
        issue.errors.find((issues) => !issues.some((inner) => inner.code === "invalid_type" && inner.path.length === 0));
      if (branch === undefined) return [{ path, message: withHint(`${describeValue(value)} is not allowed here`, path) }];
      return branch.flatMap((inner) => issuesFromZod({ ...inner, path: [...issue.path, ...inner.path] }, raw));
    }
    case "custom": {
      const offset: unknown = issue.params?.celOffset;
      if (typeof offset === "number") return [{ path, message: issue.message, celOffset: offset }];
      // Expression problems carry their own advice; only the bare "empty" message needs the field's hint.
      return [{ path, message: issue.message === "must not be empty" ? withHint(issue.message, path) : issue.message }];
    }
    default:
      return [{ path, message: withHint(issue.message, path) }];
  }
}
