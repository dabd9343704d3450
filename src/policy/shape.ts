// The shape of the CEL context that policy expressions see. One description serves three purposes:
// the static check of field names at load time, the empty context for the dry run, and a test that
// the context built from a real change has exactly this shape.

export type ScalarShape = "string" | "int" | "double" | "bool" | "dyn";

export interface ListShape {
  readonly kind: "list";
  readonly element: Shape;
}

export interface ObjectShape {
  readonly kind: "object";
  readonly fields: Readonly<Record<string, Shape>>;
}

export type Shape = ScalarShape | ListShape | ObjectShape;

function list(element: Shape): ListShape {
  return { kind: "list", element };
}

function object(fields: Record<string, Shape>): ObjectShape {
  return { kind: "object", fields };
}

export const FILE_SHAPE = object({
  path: "string",
  status: "string",
  risk: "string",
  addedLines: "int",
  aiLines: "int",
  agentConfig: "bool",
  dataClass: "string",
  aiTools: list("string"),
  aiModels: list("string"),
});

export const FINDING_SHAPE = object({
  ruleId: "string",
  analyzer: "string",
  severity: "string",
  cwe: list("string"),
  path: "string",
  line: "int",
  aiAttributed: "bool",
});

export const CLASS_VIOLATION_SHAPE = object({ path: "string", dataClass: "string", tool: "string", model: "string" });

export const VULNERABLE_SHAPE = object({ package: "string", advisory: "string", severity: "string", aliases: list("string") });

/** The risk score's factors by name (see risk.ts); rules read them as `risk.factors['ai-share']`. */
export const RISK_FACTOR_NAMES = [
  "ai-share",
  "ai-critical-lines",
  "ai-high-lines",
  "findings-critical",
  "findings-high",
  "findings-medium",
  "findings-low",
  "new-dependencies",
  "suspicious-dependencies",
  "change-size",
] as const;

/** Top-level variables: each field is one CEL variable. */
export const CONTEXT_SHAPE = object({
  change: object({
    id: "string",
    base: "string",
    head: "string",
    files: list(FILE_SHAPE),
    paths: list("string"),
    addedLines: "int",
    deletedLines: "int",
    commits: "int",
  }),
  ai: object({
    lines: "int",
    share: "double",
    tools: list("string"),
    models: list("string"),
    criticalLines: "int",
    unapprovedTools: list("string"),
    unapprovedModels: list("string"),
    classViolations: list(CLASS_VIOLATION_SHAPE),
    commits: "int",
  }),
  findings: list(FINDING_SHAPE),
  deps: object({
    added: list("string"),
    malicious: list("string"),
    hallucinated: list("string"),
    typosquat: list("string"),
    vulnerable: list(VULNERABLE_SHAPE),
  }),
  author: object({ name: "string", email: "string" }),
  labels: list("string"),
  risk: object({ score: "int", factors: object(Object.fromEntries(RISK_FACTOR_NAMES.map((name) => [name, "int"] as const))) }),
});

export function fieldShape(shape: ObjectShape, name: string): Shape | undefined {
  return Object.hasOwn(shape.fields, name) ? shape.fields[name] : undefined;
}

export function describeShape(shape: Shape): string {
  if (typeof shape === "string") return shape;
  if (shape.kind === "list") return `list(${describeShape(shape.element)})`;
  return "object";
}

export type EmptyValue = string | bigint | number | boolean | null | EmptyValue[] | { [key: string]: EmptyValue };

/** The zero value of a shape: what a change with nothing in it looks like to an expression. */
export function emptyValue(shape: Shape): EmptyValue {
  if (shape === "string") return "";
  if (shape === "int") return 0n;
  if (shape === "double") return 0;
  if (shape === "bool") return false;
  if (shape === "dyn") return null;
  if (shape.kind === "list") return [];
  const result: Record<string, EmptyValue> = {};
  for (const [name, field] of Object.entries(shape.fields)) result[name] = emptyValue(field);
  return result;
}
