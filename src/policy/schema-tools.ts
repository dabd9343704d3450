// `tools:` and `classification:` in the policy file. Both name tools the same way: a tool id, or
// `{ name, models }` when one tool may only use some models. Tool versions are not part of the form:
// no attribution source Custody reads records the version of the tool that wrote a line.

import { z } from "zod";
import { TOOLS } from "../core/types.js";
import type { Tool } from "../core/types.js";
import { DATA_CLASSES, defaultAllowance, defaultClassification } from "./classification.js";
import type { Classification, DataClass } from "./classification.js";
import { PathGlobs } from "./globs.js";
import type { ToolsPolicy } from "./tools.js";

export const ModelPatterns = z.array(z.string().trim().min(1));

export const ToolEntrySchema = z.union([z.enum(TOOLS), z.strictObject({ name: z.enum(TOOLS), models: ModelPatterns.optional() })]);
export type ToolEntry = z.output<typeof ToolEntrySchema>;

export const ToolsSchema = z.strictObject({ approved: z.array(ToolEntrySchema).optional(), models: ModelPatterns.optional() });
export type ToolsSection = z.output<typeof ToolsSchema>;

export const AllowanceSchema = z.strictObject({ tools: z.array(ToolEntrySchema).optional(), models: ModelPatterns.optional() });
export type AllowanceSection = z.output<typeof AllowanceSchema>;

export const ClassPathsSchema = z.strictObject({
  public: PathGlobs.optional(),
  internal: PathGlobs.optional(),
  confidential: PathGlobs.optional(),
  secret: PathGlobs.optional(),
});

export const ClassesSchema = z.strictObject({
  public: AllowanceSchema.nullish(),
  internal: AllowanceSchema.nullish(),
  confidential: AllowanceSchema.nullish(),
  secret: AllowanceSchema.nullish(),
});

export const ClassificationSchema = z.strictObject({
  default: z.enum(DATA_CLASSES).optional(),
  paths: ClassPathsSchema.nullish(),
  classes: ClassesSchema.nullish(),
});
export type ClassificationSection = z.output<typeof ClassificationSchema>;

export function toolName(entry: ToolEntry): Tool {
  return typeof entry === "string" ? entry : entry.name;
}

/** A tools list as written (`approved:` or a class's `tools:`) with its models, as the effective form. */
export function toToolsPolicy(entries: readonly ToolEntry[] | undefined, models: readonly string[] | undefined): ToolsPolicy {
  const result: ToolsPolicy = {};
  if (entries !== undefined) {
    result.approved = [...new Set(entries.map(toolName))];
    const toolModels: Partial<Record<Tool, string[]>> = {};
    for (const entry of entries) {
      if (typeof entry !== "string" && entry.models !== undefined) toolModels[entry.name] = [...entry.models];
    }
    if (Object.keys(toolModels).length > 0) result.toolModels = toolModels;
  }
  if (models !== undefined) result.models = [...models];
  return result;
}

/** The effective tools section; undefined when the file has none (every tool and model allowed). */
export function toTools(section: ToolsSection | null | undefined): ToolsPolicy | undefined {
  if (section === null || section === undefined) return undefined;
  return toToolsPolicy(section.approved, section.models);
}

export function toClassification(section: ClassificationSection | null | undefined): Classification {
  const result = defaultClassification();
  if (section === null || section === undefined) return result;
  if (section.default !== undefined) result.default = section.default;
  for (const dataClass of DATA_CLASSES) {
    result.paths[dataClass] = [...(section.paths?.[dataClass] ?? [])];
    const allowance = section.classes?.[dataClass];
    result.allow[dataClass] = allowance ? toToolsPolicy(allowance.tools, allowance.models) : defaultAllowance(dataClass);
  }
  return result;
}

/** The written form of an effective allowance, for merging files and writing documents. */
export function toAllowanceSection(policy: ToolsPolicy): AllowanceSection {
  const section: AllowanceSection = {};
  if (policy.approved !== undefined) {
    section.tools = policy.approved.map((name) => {
      const models = policy.toolModels?.[name];
      return models === undefined ? name : { name, models: [...models] };
    });
  }
  if (policy.models !== undefined) section.models = [...policy.models];
  return section;
}

export type { Classification, DataClass };
