// Merging a policy with the policies it extends. The files are applied in order, outermost first, each
// one only able to tighten what the files before it say: their rules, groups and allow entries always
// apply; a later file adds rules, groups, allow entries and path patterns, and may narrow the approved
// tools and models or raise a data class, but may not redefine a rule or group, turn a built-in back off,
// or widen anything. A conflict names both files and lines.

import { isDeepStrictEqual } from "node:util";
import type { Tool } from "../core/types.js";
import { DATA_CLASSES, classRank, defaultClassification } from "./classification.js";
import type { DataClass } from "./classification.js";
import { where } from "./document.js";
import type { FieldPath, LocatedIssue, PolicyDocument } from "./document.js";
import { DEFAULT_PATHS } from "./schema.js";
import type { PolicyFile } from "./schema.js";
import { toAllowanceSection, toClassification, toToolsPolicy } from "./schema-tools.js";
import type { ClassificationSection, ToolEntry } from "./schema-tools.js";
import { patternWithin } from "./tools.js";
import type { ToolsPolicy } from "./tools.js";

export interface MergedFile {
  file: PolicyFile;
  /** Which file defines each rule. */
  ruleSources: Map<string, string>;
}

interface Origin {
  document: PolicyDocument;
  path: FieldPath;
}

type Section = Record<string, unknown>;

/** Sections merged field by field below; any other section is inherited and may not be changed. */
const MERGED_KEYS = new Set(["version", "extends", "tools", "classification", "paths", "groups", "defaults", "rules", "allow", "privacy"]);

export function mergeDocuments(documents: readonly PolicyDocument[]): { ok: true; merged: MergedFile } | { ok: false; errors: LocatedIssue[] } {
  const [first, ...rest] = documents;
  if (first === undefined) throw new Error("mergeDocuments needs at least one document");
  const state = new MergeState(first);
  for (const document of rest) state.overlay(document);
  return state.errors.length > 0 ? { ok: false, errors: state.errors } : { ok: true, merged: { file: state.file, ruleSources: state.ruleSources } };
}

class MergeState {
  file: PolicyFile;
  readonly ruleSources = new Map<string, string>();
  readonly errors: LocatedIssue[] = [];
  private readonly origins = new Map<string, Origin>();
  private readonly sources: string[] = [];

  constructor(first: PolicyDocument) {
    // `extends:` has done its work once the files are in order.
    const file = { ...first.file };
    delete file.extends;
    this.file = file;
    this.record(first);
  }

  /** Remembers where `document` sets each thing a later file may conflict with. */
  private record(document: PolicyDocument): void {
    const { file } = document;
    this.sources.push(document.source);
    const set = (key: string, path: FieldPath) => this.origins.set(key, { document, path });
    (file.rules ?? []).forEach((rule, index) => {
      set(`rule:${rule.name}`, ["rules", index, "name"]);
      this.ruleSources.set(rule.name, document.source);
    });
    for (const name of Object.keys(file.groups ?? {})) set(`group:${name}`, ["groups", name]);
    if (file.tools?.approved !== undefined) set("tools.approved", ["tools", "approved"]);
    if (file.tools?.models !== undefined) set("tools.models", ["tools", "models"]);
    (file.tools?.approved ?? []).forEach((entry, index) => {
      if (typeof entry !== "string" && entry.models !== undefined) set(`tools.tool:${entry.name}`, ["tools", "approved", index, "models"]);
    });
    if (file.classification?.default !== undefined) set("class.default", ["classification", "default"]);
    for (const dataClass of DATA_CLASSES) {
      if (file.classification?.classes?.[dataClass]) set(`class:${dataClass}`, ["classification", "classes", dataClass]);
    }
    if (file.privacy?.storePrompts !== undefined) set("privacy.storePrompts", ["privacy", "storePrompts"]);
    for (const [key, value] of Object.entries(file as Section)) {
      if (!MERGED_KEYS.has(key) && value !== null && value !== undefined) set(`section:${key}`, [key]);
    }
  }

  /** `org.yaml:4:3`, or `fallback` when the earlier files leave it to the built-in default. */
  private originOf(key: string, fallback = "the built-in defaults"): string {
    const origin = this.origins.get(key);
    return origin === undefined ? `${fallback} (not set in ${this.sources.join(", ")})` : where(origin.document, origin.path);
  }

  private conflict(document: PolicyDocument, path: FieldPath, message: string): void {
    this.errors.push(document.issue(path, message));
  }

  overlay(document: PolicyDocument): void {
    const child = document.file;
    const merged: PolicyFile = { ...this.file };
    if (child.tools) merged.tools = this.mergeTools(document);
    if (child.classification) merged.classification = this.mergeClassification(document);
    if (child.paths) merged.paths = mergePaths(this.file.paths, child.paths);
    if (child.groups) merged.groups = this.mergeGroups(document);
    if (child.defaults?.disable) this.checkDisabled(document);
    if (child.rules) merged.rules = this.mergeRules(document);
    if (child.allow) merged.allow = [...(this.file.allow ?? []), ...child.allow];
    if (child.privacy?.storePrompts === true && this.file.privacy?.storePrompts === false) {
      this.conflict(document, ["privacy", "storePrompts"], `${this.originOf("privacy.storePrompts")} keeps prompt text out; a later policy cannot turn storing it on`);
    }
    if (child.privacy) merged.privacy = { ...(this.file.privacy ?? {}), ...child.privacy };
    const mergedSections = merged as Section;
    for (const [key, value] of Object.entries(child as Section)) {
      if (MERGED_KEYS.has(key) || value === null || value === undefined) continue;
      const inherited = (this.file as Section)[key];
      if (inherited !== null && inherited !== undefined && !isDeepStrictEqual(inherited, value)) {
        this.conflict(document, [key], `\`${key}\` is already set by ${this.originOf(`section:${key}`)}; a later policy cannot change it (remove it here, or change it there)`);
        continue;
      }
      mergedSections[key] = value;
    }
    this.file = merged;
    this.record(document);
  }

  private mergeTools(document: PolicyDocument): NonNullable<PolicyFile["tools"]> {
    const base = toToolsPolicy(this.file.tools?.approved, this.file.tools?.models);
    const section = document.file.tools ?? {};
    const child = toToolsPolicy(section.approved, section.models);
    const what = "the approved tools and models";
    const merged = this.narrow(document, ["tools"], "approved", base, child, what, (key) => `tools.${key}`);
    const written = toAllowanceSection(merged);
    return { ...(written.tools ? { approved: written.tools } : {}), ...(written.models ? { models: written.models } : {}) };
  }

  /**
   * The tighter of two tool lists, reporting every way `child` would widen `base`. `listKey` is the
   * field that lists tools (`approved` or `tools`).
   */
  private narrow(
    document: PolicyDocument,
    at: FieldPath,
    listKey: string,
    base: ToolsPolicy,
    child: ToolsPolicy,
    what: string,
    originKey: (key: string) => string,
  ): ToolsPolicy {
    const entries: ToolEntry[] = listKey === "approved" ? (document.file.tools?.approved ?? []) : classEntries(document.file.classification, at);
    child.approved?.forEach((tool) => {
      if (base.approved === undefined || base.approved.includes(tool)) return;
      const index = entries.findIndex((entry) => (typeof entry === "string" ? entry : entry.name) === tool);
      this.conflict(document, [...at, listKey, index], `${tool} is not among ${what} of ${this.originOf(originKey("approved"), "the built-in default")}; a later policy can only narrow them`);
    });
    child.models?.forEach((pattern, index) => {
      if (base.models === undefined || patternWithin(pattern, base.models)) return;
      this.conflict(document, [...at, "models", index], `"${pattern}" is not within the model patterns of ${this.originOf(originKey("models"))} (${base.models.join(", ")}); a later policy can only narrow them`);
    });
    for (const [tool, patterns] of Object.entries(child.toolModels ?? {})) {
      const inherited = base.toolModels?.[tool as Tool];
      if (inherited === undefined) continue;
      const index = entries.findIndex((entry) => typeof entry !== "string" && entry.name === tool);
      patterns.forEach((pattern, patternIndex) => {
        if (patternWithin(pattern, inherited)) return;
        this.conflict(document, [...at, listKey, index, "models", patternIndex], `"${pattern}" is not within the ${tool} model patterns of ${this.originOf(originKey(`tool:${tool}`))} (${inherited.join(", ")}); a later policy can only narrow them`);
      });
    }
    const approved = child.approved ?? base.approved;
    const merged: ToolsPolicy = {};
    if (approved !== undefined) merged.approved = approved;
    const models = child.models ?? base.models;
    if (models !== undefined) merged.models = models;
    const toolModels: NonNullable<ToolsPolicy["toolModels"]> = {};
    for (const tool of approved ?? []) {
      const patterns = child.toolModels?.[tool] ?? base.toolModels?.[tool];
      if (patterns !== undefined) toolModels[tool] = patterns;
    }
    if (Object.keys(toolModels).length > 0) merged.toolModels = toolModels;
    return merged;
  }

  private mergeClassification(document: PolicyDocument): ClassificationSection {
    const base = toClassification(this.file.classification);
    const section = document.file.classification ?? {};
    let dataClass: DataClass = base.default;
    if (section.default !== undefined) {
      if (this.origins.has("class.default") && classRank(section.default) < classRank(base.default)) {
        this.conflict(document, ["classification", "default"], `${this.originOf("class.default")} classifies the repository as ${base.default}; a later policy can raise the class, not lower it`);
      } else {
        dataClass = section.default;
      }
    }
    const paths = defaultClassification().paths;
    const classes: NonNullable<ClassificationSection["classes"]> = {};
    for (const name of DATA_CLASSES) {
      paths[name] = unique([...base.paths[name], ...(section.paths?.[name] ?? [])]);
      const allowance = section.classes?.[name];
      const child = allowance ? toToolsPolicy(allowance.tools, allowance.models) : {};
      const what = `the tools and models ${name} paths allow`;
      classes[name] = toAllowanceSection(this.narrow(document, ["classification", "classes", name], "tools", base.allow[name], child, what, () => `class:${name}`));
    }
    return { default: dataClass, paths, classes };
  }

  private mergeGroups(document: PolicyDocument): NonNullable<PolicyFile["groups"]> {
    const merged = { ...(this.file.groups ?? {}) };
    for (const [name, group] of Object.entries(document.file.groups ?? {})) {
      const inherited = merged[name];
      if (inherited !== undefined && !isDeepStrictEqual(inherited, group)) {
        this.conflict(document, ["groups", name], `group "${name}" is already defined by ${this.originOf(`group:${name}`)}; a later policy cannot change its members — define a group of its own`);
        continue;
      }
      merged[name] = group;
    }
    return merged;
  }

  private checkDisabled(document: PolicyDocument): void {
    const off = new Set<string>(this.file.defaults?.disable ?? []);
    (document.file.defaults?.disable ?? []).forEach((name, index) => {
      if (off.has(name)) return;
      this.conflict(document, ["defaults", "disable", index], `${name} is on in ${this.sources.join(", ")}, which this policy extends; a later policy cannot turn off a built-in rule the earlier ones keep on`);
    });
  }

  private mergeRules(document: PolicyDocument): NonNullable<PolicyFile["rules"]> {
    const rules = [...(this.file.rules ?? [])];
    (document.file.rules ?? []).forEach((rule, index) => {
      if (this.origins.has(`rule:${rule.name}`)) {
        this.conflict(document, ["rules", index, "name"], `"${rule.name}" is already defined by ${this.originOf(`rule:${rule.name}`)}; a rule of a policy this one extends cannot be redefined or removed — give this rule another name`);
        return;
      }
      rules.push(rule);
    });
    return rules;
  }
}

function classEntries(section: ClassificationSection | null | undefined, at: FieldPath): ToolEntry[] {
  const name = at[2] as DataClass;
  return section?.classes?.[name]?.tools ?? [];
}

function mergePaths(base: PolicyFile["paths"], child: NonNullable<PolicyFile["paths"]>): NonNullable<PolicyFile["paths"]> {
  const inherited = base ? { critical: base.critical ?? [], high: base.high ?? [], low: base.low ?? [] } : DEFAULT_PATHS;
  return {
    critical: unique([...inherited.critical, ...(child.critical ?? [])]),
    high: unique([...inherited.high, ...(child.high ?? [])]),
    low: unique([...inherited.low, ...(child.low ?? [])]),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
