// Policy expressions in CEL: one environment (standard library plus the strings extension), checked at
// load time and evaluated per change. Evaluation never throws: an error comes back as data so the
// decide stage can fail closed.

import { celEnv, celType, isCelError, isCelList, parse, plan } from "@bufbuild/cel";
import type { CelInput, CelResult, CelValue } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { checkShapes } from "./cel-check.js";
import type { ExpressionProblem } from "./cel-check.js";
import { CONTEXT_SHAPE, emptyValue } from "./shape.js";

export type { ExpressionProblem } from "./cel-check.js";

/** `condition` must give a bool (a rule's `if`); `evidence` must give a list of strings. */
export type ExpressionKind = "condition" | "evidence";

export type CelContext = Readonly<Record<string, CelInput>>;

export type Evaluation = { ok: true; value: CelValue } | { ok: false; error: string };

const ENV = celEnv({ funcs: strings });
type Program = (context: CelContext) => CelResult;

/** The environment policy expressions run in; the conformance test runs the CEL spec's tests against it. */
export function policyCelEnv(): typeof ENV {
  return ENV;
}

const MAX_CACHED_PROGRAMS = 1000;
const programs = new Map<string, Program | ExpressionProblem>();

/** Everything wrong with an expression that can be known without a change: syntax, names, result type. */
export function checkExpression(source: string, kind: ExpressionKind): ExpressionProblem | undefined {
  const compiled = compile(source);
  if (typeof compiled !== "function") return compiled;
  const result = compiled(emptyValue(CONTEXT_SHAPE) as CelContext);
  if (isCelError(result)) {
    return {
      message: `fails on an empty change (no files, no findings): ${result.message}; guard it, e.g. \`size(findings) > 0 && …\``,
    };
  }
  return resultProblem(result, kind);
}

export function evaluate(source: string, context: CelContext): Evaluation {
  const compiled = compile(source);
  if (typeof compiled !== "function") return { ok: false, error: compiled.message };
  try {
    const result = compiled(context);
    return isCelError(result) ? { ok: false, error: result.message } : { ok: true, value: result };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/** A rule condition: `true`/`false`, or an error when it cannot be decided. */
export function evaluateCondition(source: string, context: CelContext): { ok: true; value: boolean } | { ok: false; error: string } {
  const evaluation = evaluate(source, context);
  if (!evaluation.ok) return evaluation;
  if (typeof evaluation.value === "boolean") return { ok: true, value: evaluation.value };
  return { ok: false, error: `expected a bool, got ${celType(evaluation.value).name}` };
}

/** An evidence expression: a list rendered as strings. */
export function evaluateEvidence(source: string, context: CelContext): { ok: true; value: string[] } | { ok: false; error: string } {
  const evaluation = evaluate(source, context);
  if (!evaluation.ok) return evaluation;
  const value = evaluation.value;
  if (!isCelList(value)) return { ok: false, error: `expected a list, got ${celType(value).name}` };
  const items: string[] = [];
  for (const item of value) items.push(renderItem(item));
  return { ok: true, value: items };
}

function compile(source: string): Program | ExpressionProblem {
  const cached = programs.get(source);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(source);
  if (programs.size >= MAX_CACHED_PROGRAMS) programs.clear();
  programs.set(source, compiled);
  return compiled;
}

function compileUncached(source: string): Program | ExpressionProblem {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    return syntaxProblem(error);
  }
  const problem = checkShapes(parsed, (name) => ENV.funcs.find(name) !== undefined);
  if (problem !== undefined) return problem;
  try {
    const program = plan(ENV, parsed);
    return (context) => program(context);
  } catch (error) {
    return { message: `cannot be planned: ${errorMessage(error)}` };
  }
}

function syntaxProblem(error: unknown): ExpressionProblem {
  const detail = syntaxDetail(error);
  const message = `CEL syntax error: ${truncate(detail.message, 160)}`;
  return detail.offset === undefined ? { message } : { message, offset: detail.offset };
}

function syntaxDetail(error: unknown): { message: string; offset?: number } {
  if (!(error instanceof Error)) return { message: String(error) };
  const raw: unknown = Reflect.get(error, "rawMessage");
  const location: unknown = Reflect.get(error, "location");
  const message = typeof raw === "string" ? raw : error.message;
  const start: unknown = typeof location === "object" && location !== null ? Reflect.get(location, "start") : undefined;
  const offset: unknown = typeof start === "object" && start !== null ? Reflect.get(start, "offset") : undefined;
  return typeof offset === "number" ? { message, offset } : { message };
}

function resultProblem(result: CelValue, kind: ExpressionKind): ExpressionProblem | undefined {
  if (kind === "condition" && typeof result !== "boolean") {
    return { message: `must give true or false but gives ${article(celType(result).name)}; compare it, e.g. \`ai.lines > 0\`` };
  }
  if (kind === "evidence" && !isCelList(result)) {
    return { message: `must give a list of strings but gives ${article(celType(result).name)}; e.g. \`change.files.map(f, f.path)\`` };
  }
  return undefined;
}

function renderItem(item: CelValue): string {
  if (typeof item === "string") return item;
  if (typeof item === "bigint" || typeof item === "number" || typeof item === "boolean") return String(item);
  return `(${celType(item).name})`;
}

function article(typeName: string): string {
  return `${/^[aeiou]/.test(typeName) ? "an" : "a"} ${typeName}`;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
