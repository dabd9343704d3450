// A static pass over a parsed CEL expression that knows the context's shape. A dry run alone cannot
// catch `f.aiLinez` inside `change.files.exists(f, …)`: over an empty list the body never runs, and
// `false && x` never evaluates `x`. Walking the tree catches every misspelt variable, field and
// function wherever it sits.

import type { parse } from "@bufbuild/cel";
import { CONTEXT_SHAPE, describeShape, fieldShape } from "./shape.js";
import type { Shape } from "./shape.js";
import { didYouMean } from "./suggest.js";

type ParsedExpr = ReturnType<typeof parse>;
type Expr = ParsedExpr["expr"];

export interface ExpressionProblem {
  message: string;
  /** 0-based character offset in the expression, when known. */
  offset?: number;
}

interface WalkState {
  readonly positions: Readonly<Record<string, number>>;
  readonly isFunction: (name: string) => boolean;
  readonly problems: ExpressionProblem[];
}

type Scope = ReadonlyMap<string, Shape>;

const VARIABLES = Object.keys(CONTEXT_SHAPE.fields);
// Type names are identifiers in CEL (`type(x) == string`).
const TYPE_NAMES = new Set(["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "dyn"]);
const RESULT_SHAPES: Readonly<Record<string, Shape>> = {
  size: "int",
  int: "int",
  double: "double",
  string: "string",
  bool: "bool",
  lowerAscii: "string",
  upperAscii: "string",
  trim: "string",
  replace: "string",
  substring: "string",
  charAt: "string",
  join: "string",
  split: { kind: "list", element: "string" },
};

export function checkShapes(parsed: ParsedExpr, isFunction: (name: string) => boolean): ExpressionProblem | undefined {
  const state: WalkState = { positions: parsed.sourceInfo?.positions ?? {}, isFunction, problems: [] };
  shapeOf(parsed.expr, new Map(), state);
  return state.problems[0];
}

function report(expr: Expr, message: string, state: WalkState): "dyn" {
  const offset = state.positions[expr.id.toString()];
  state.problems.push(offset === undefined ? { message } : { message, offset });
  return "dyn";
}

function shapeOf(expr: Expr, scope: Scope, state: WalkState): Shape {
  const kind = expr.exprKind;
  switch (kind.case) {
    case "constExpr":
      return constantShape(kind.value.constantKind.case);
    case "identExpr":
      return identShape(expr, kind.value.name, scope, state);
    case "selectExpr":
      return kind.value.operand === undefined ? "dyn" : selectShape(expr, kind.value.operand, kind.value.field, scope, state);
    case "callExpr":
      return callShape(expr, kind.value, scope, state);
    case "listExpr":
      return { kind: "list", element: kind.value.elements.map((element) => shapeOf(element, scope, state)).reduce(moreSpecific, "dyn") };
    case "structExpr":
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === "mapKey") shapeOf(entry.keyKind.value, scope, state);
        if (entry.value !== undefined) shapeOf(entry.value, scope, state);
      }
      return "dyn";
    case "comprehensionExpr":
      return comprehensionShape(kind.value, scope, state);
    default:
      return "dyn";
  }
}

function constantShape(kind: string | undefined): Shape {
  if (kind === "stringValue") return "string";
  if (kind === "int64Value") return "int";
  if (kind === "doubleValue") return "double";
  if (kind === "boolValue") return "bool";
  return "dyn";
}

function identShape(expr: Expr, name: string, scope: Scope, state: WalkState): Shape {
  const local = scope.get(name);
  if (local !== undefined) return local;
  const global = fieldShape(CONTEXT_SHAPE, name);
  if (global !== undefined) return global;
  if (TYPE_NAMES.has(name)) return "dyn";
  return report(expr, `unknown variable \`${name}\`${didYouMean(name, VARIABLES)}; the variables are ${VARIABLES.join(", ")}`, state);
}

function selectShape(expr: Expr, operand: Expr, field: string, scope: Scope, state: WalkState): Shape {
  const operandShape = shapeOf(operand, scope, state);
  if (operandShape === "dyn") return "dyn";
  const name = describeExpr(operand);
  if (typeof operandShape === "string" || operandShape.kind === "list") {
    return report(expr, `\`${name}\` is a ${describeShape(operandShape)} and has no field \`${field}\``, state);
  }
  const shape = fieldShape(operandShape, field);
  if (shape !== undefined) return shape;
  const fields = Object.keys(operandShape.fields);
  return report(expr, `\`${name}\` has no field \`${field}\`${didYouMean(field, fields)}; its fields are ${fields.join(", ")}`, state);
}

type Call = Extract<Expr["exprKind"], { case: "callExpr" }>["value"];

function callShape(expr: Expr, call: Call, scope: Scope, state: WalkState): Shape {
  if (call.target !== undefined) shapeOf(call.target, scope, state);
  const args = call.args.map((arg) => shapeOf(arg, scope, state));
  const name = call.function;
  // Operators (`_&&_`, `_[_]`, `@in`, `!_`) are planned specially; only named functions are looked up.
  if (/^[A-Za-z]/.test(name) && !state.isFunction(name)) {
    return report(expr, `unknown function \`${name}\``, state);
  }
  if (name === "_[_]") return indexShape(expr, call, args[0], state);
  if (name === "_?_:_") return moreSpecific(args[1] ?? "dyn", args[2] ?? "dyn");
  if (name === "_+_") return args.reduce(moreSpecific, "dyn");
  return Object.hasOwn(RESULT_SHAPES, name) ? (RESULT_SHAPES[name] ?? "dyn") : "dyn";
}

/** `list[i]` gives an element; `object['key']` with a literal key must name one of its fields. */
function indexShape(expr: Expr, call: Call, container: Shape | undefined, state: WalkState): Shape {
  if (container === undefined || typeof container === "string") return "dyn";
  if (container.kind === "list") return container.element;
  const key = call.args[1]?.exprKind;
  if (key?.case !== "constExpr" || key.value.constantKind.case !== "stringValue") return "dyn";
  const field = key.value.constantKind.value;
  const shape = fieldShape(container, field);
  if (shape !== undefined) return shape;
  const fields = Object.keys(container.fields);
  const name = call.args[0] === undefined ? "this expression" : describeExpr(call.args[0]);
  return report(expr, `\`${name}\` has no key '${field}'${didYouMean(field, fields)}; its keys are ${fields.join(", ")}`, state);
}

type Comprehension = Extract<Expr["exprKind"], { case: "comprehensionExpr" }>["value"];

function comprehensionShape(loop: Comprehension, scope: Scope, state: WalkState): Shape {
  const range = loop.iterRange === undefined ? "dyn" : shapeOf(loop.iterRange, scope, state);
  const init = loop.accuInit === undefined ? "dyn" : shapeOf(loop.accuInit, scope, state);
  const inner = new Map(scope);
  inner.set(loop.iterVar, elementShape(range));
  if (loop.iterVar2 !== "") inner.set(loop.iterVar2, "dyn");
  inner.set(loop.accuVar, init);
  if (loop.loopCondition !== undefined) shapeOf(loop.loopCondition, inner, state);
  const step = loop.loopStep === undefined ? init : shapeOf(loop.loopStep, inner, state);
  const outer = new Map(scope);
  outer.set(loop.accuVar, moreSpecific(step, init));
  return loop.result === undefined ? "dyn" : shapeOf(loop.result, outer, state);
}

function elementShape(range: Shape): Shape {
  if (typeof range === "string") return "dyn";
  // Iterating a map yields its keys.
  return range.kind === "list" ? range.element : "string";
}

/** Of two shapes for the same value, the one that says more (`list(file)` over `list(dyn)` over `dyn`). */
function moreSpecific(a: Shape, b: Shape): Shape {
  if (a === "dyn") return b;
  if (b === "dyn") return a;
  if (typeof a !== "string" && typeof b !== "string" && a.kind === "list" && b.kind === "list") {
    return { kind: "list", element: moreSpecific(a.element, b.element) };
  }
  return a;
}

function describeExpr(expr: Expr): string {
  const kind = expr.exprKind;
  if (kind.case === "identExpr") return kind.value.name;
  if (kind.case === "selectExpr" && kind.value.operand !== undefined) return `${describeExpr(kind.value.operand)}.${kind.value.field}`;
  if (kind.case === "callExpr" && kind.value.function === "_[_]" && kind.value.args[0] !== undefined) {
    return `${describeExpr(kind.value.args[0])}[…]`;
  }
  return "this expression";
}
