// Data classification (control DP-001): how sensitive the code in each path is, and which AI tools and
// models each class allows. Every path is at least the repository's class; a path glob can only raise
// it, and the highest class whose globs match wins, so adding globs never lowers a class.

import type { Tool } from "../core/types.js";
import { pathMatcher } from "./globs.js";
import { judge, restricts } from "./tools.js";
import type { ToolsPolicy } from "./tools.js";

export const DATA_CLASSES = ["public", "internal", "confidential", "secret"] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export interface Classification {
  /** The repository's class: every path is at least this. */
  default: DataClass;
  /** Globs of paths in a higher class than the default. */
  paths: Record<DataClass, string[]>;
  /** What each class allows, on top of the `tools:` section. */
  allow: Record<DataClass, ToolsPolicy>;
}

/** What a class allows when the policy does not say: `secret` allows no AI tool at all. */
export function defaultAllowance(dataClass: DataClass): ToolsPolicy {
  return dataClass === "secret" ? { approved: [] } : {};
}

export function defaultClassification(): Classification {
  return {
    default: "internal",
    paths: { public: [], internal: [], confidential: [], secret: [] },
    allow: { public: {}, internal: {}, confidential: {}, secret: defaultAllowance("secret") },
  };
}

export function classRank(dataClass: DataClass): number {
  return DATA_CLASSES.indexOf(dataClass);
}

export function higherClass(a: DataClass, b: DataClass): DataClass {
  return classRank(a) >= classRank(b) ? a : b;
}

/** The class of each repository path. */
export function classifier(classification: Classification): (path: string) => DataClass {
  const matchers = DATA_CLASSES.map((dataClass) => ({ dataClass, matches: pathMatcher(classification.paths[dataClass]) }));
  return (path) => matchers.reduce<DataClass>((current, { dataClass, matches }) => (matches(path) ? higherClass(current, dataClass) : current), classification.default);
}

/** Classes whose allowance restricts anything, so AI-written code there is checked against it. */
export function restrictedClasses(classification: Classification): DataClass[] {
  return DATA_CLASSES.filter((dataClass) => restricts(classification.allow[dataClass]));
}

/**
 * Whether code in a path of this class may come from this tool and model. Unknown tools and models
 * fail wherever the class restricts them: nothing shows that sensitive code stayed within bounds.
 */
export function classAllows(classification: Classification, dataClass: DataClass, tool: Tool | undefined, model: string | undefined) {
  return judge(classification.allow[dataClass], tool, model, "strict");
}
