// The decide stage: policy file schema and loader, CEL rules, built-in defaults, risk score, decision.

export { MAX_POLICY_BYTES, parsePolicy, defaultPolicy, policyDigest } from "./loader.js";
export { BUILTIN_GROUPS, DEFAULT_PATHS, NO_RULE_FIRED, PolicyFileSchema, toPolicy } from "./schema.js";
export type { Policy, PolicyFile, PolicyRule } from "./schema.js";
export { BUILTIN_RULES, BUILTIN_RULE_NAMES, enabledBuiltinRules } from "./defaults.js";
export type { BuiltinRule, BuiltinRuleName } from "./defaults.js";
export { checkExpression, evaluate } from "./cel.js";
export type { CelContext, Evaluation, ExpressionKind, ExpressionProblem } from "./cel.js";
export { CONTEXT_SHAPE } from "./shape.js";
export type { Shape } from "./shape.js";
export { buildContext, toCelContext } from "./context.js";
export type { PolicyContext } from "./context.js";
export { RISK_CLASSES, classifyPath, countsAsAi, deriveFacts } from "./facts.js";
export type { ChangeFacts, DecideInput, DepsFacts, RiskClass } from "./facts.js";
export { MAX_RISK_SCORE, scoreRisk } from "./risk.js";
export type { RiskAssessment } from "./risk.js";
export { MAX_EVIDENCE_ITEMS, decide } from "./decide.js";
