// The parts of SARIF 2.1.0 an import reads. Everything the specification makes optional is optional
// here too, and unknown properties are ignored; what is present must have the specification's type,
// so a broken file is refused with the JSON path at fault rather than half-imported.
import { z } from "zod";

const message = z.object({ text: z.string().optional(), markdown: z.string().optional(), id: z.string().optional() });

const propertyBag = z.record(z.string(), z.unknown());

export const LEVELS = ["none", "note", "warning", "error"] as const;

const reportingDescriptor = z.object({
  id: z.string(),
  name: z.string().optional(),
  shortDescription: message.optional(),
  fullDescription: message.optional(),
  defaultConfiguration: z.object({ level: z.enum(LEVELS).optional() }).optional(),
  properties: propertyBag.optional(),
});

const toolComponent = z.object({
  name: z.string().min(1),
  rules: z.array(reportingDescriptor).optional(),
});

const artifactLocation = z.object({
  uri: z.string().optional(),
  uriBaseId: z.string().optional(),
  index: z.number().int().optional(),
});

const region = z.object({
  startLine: z.number().int().min(1).optional(),
  startColumn: z.number().int().min(1).optional(),
  endLine: z.number().int().min(1).optional(),
  endColumn: z.number().int().min(1).optional(),
});

const location = z.object({
  physicalLocation: z
    .object({
      artifactLocation: artifactLocation.optional(),
      region: region.optional(),
    })
    .optional(),
});

const result = z.object({
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().min(-1).optional(),
  rule: z
    .object({
      id: z.string().optional(),
      index: z.number().int().min(-1).optional(),
      toolComponent: z.object({ index: z.number().int().min(0).optional(), name: z.string().optional() }).optional(),
    })
    .optional(),
  level: z.enum(LEVELS).optional(),
  kind: z.string().optional(),
  message: message.optional(),
  locations: z.array(location).optional(),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
  fingerprints: z.record(z.string(), z.string()).optional(),
  suppressions: z.array(z.object({ status: z.string().optional() })).optional(),
  baselineState: z.string().optional(),
  properties: propertyBag.optional(),
});

const run = z.object({
  tool: z.object({ driver: toolComponent, extensions: z.array(toolComponent).optional() }),
  originalUriBaseIds: z.record(z.string(), z.object({ uri: z.string().optional() })).optional(),
  results: z.array(result).nullable().optional(),
});

export const sarifLog = z.object({
  version: z.literal("2.1.0", { error: "expected SARIF version \"2.1.0\"" }),
  runs: z.array(run),
});

export type SarifLog = z.infer<typeof sarifLog>;
export type SarifRun = z.infer<typeof run>;
export type SarifResult = z.infer<typeof result>;
export type SarifRule = z.infer<typeof reportingDescriptor>;
export type SarifLevel = (typeof LEVELS)[number];
