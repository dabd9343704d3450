// The decide stage: policy file schema and loader (with `extends:`), CEL rules, built-in defaults, data
// classification, risk score, decision, and the usage-policy document.

export { MAX_POLICY_BYTES, parsePolicy, loadPolicy, defaultPolicy, policyDigest, sourceLabel } from "./loader.js";
export { MAX_EXTENDS_DEPTH, MAX_POLICY_FILES, loadPolicyChain, originLabel } from "./extends.js";
export type { ChainResult, PolicyOrigin, PolicyReaders } from "./extends.js";
export { formatIssue, invalidPolicy } from "./document.js";
export type { LocatedIssue } from "./document.js";
export { POLICY_FETCH_TIMEOUT_MS, fetchPolicyText, readPolicyFile } from "./remote.js";
export { BUILTIN_GROUPS, DEFAULT_PATHS, NO_RULE_FIRED, PolicyFileSchema, toPolicy } from "./schema.js";
export type { AllowEntry, GroupMember, Policy, PolicyFile, PolicyRule } from "./schema.js";
export { DATA_CLASSES, classAllows, classifier } from "./classification.js";
export type { Classification, DataClass } from "./classification.js";
export { judge } from "./tools.js";
export type { ToolsPolicy, Verdict } from "./tools.js";
export { pathMatcher } from "./globs.js";
export { AUTH_GLOBS, BUILTIN_RULES, BUILTIN_RULE_NAMES, builtinRules, enabledBuiltinRules } from "./defaults.js";
export type { BuiltinRule, BuiltinRuleName } from "./defaults.js";
export { checkExpression, evaluate } from "./cel.js";
export type { CelContext, Evaluation, ExpressionKind, ExpressionProblem } from "./cel.js";
export { CONTEXT_SHAPE, RISK_FACTOR_NAMES } from "./shape.js";
export type { Shape } from "./shape.js";
export { buildContext, toCelContext } from "./context.js";
export type { PolicyContext } from "./context.js";
export { RISK_CLASSES, classifyPath, countsAsAi, deriveFacts } from "./facts.js";
export type { ChangeFacts, ClassViolation, DecideInput, DepsFacts, RiskClass, VulnerableDependency } from "./facts.js";
export { MAX_RISK_SCORE, scoreRisk } from "./risk.js";
export type { RiskAssessment } from "./risk.js";
export { MAX_EVIDENCE_ITEMS, decide } from "./decide.js";
export { policyWarnings } from "./warnings.js";
export { policyDocument } from "./doc.js";
