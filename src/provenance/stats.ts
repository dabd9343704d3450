// Totals over line attributions: how much of a change each kind of contributor, tool and model wrote.
import type { LineAttribution } from "../core/types.js";

export interface AttributionStats {
  addedLines: number;
  ai: number;
  human: number;
  mixed: number;
  /** Never folded into `human`: no evidence is not evidence of a person. */
  unknown: number;
  /** `ai / addedLines`, 0 when no lines were added. */
  aiShare: number;
  /** Lines written (`ai`) or co-written (`mixed`) with each tool. */
  byTool: Record<string, number>;
  /** Lines written (`ai`) or co-written (`mixed`) with each model. */
  byModel: Record<string, number>;
}

export function summarize(lines: LineAttribution[]): AttributionStats {
  const stats = { addedLines: 0, ai: 0, human: 0, mixed: 0, unknown: 0 };
  const byTool = new Map<string, number>();
  const byModel = new Map<string, number>();
  for (const { lines: range, attribution } of lines) {
    const count = Math.max(0, range.end - range.start + 1);
    stats.addedLines += count;
    stats[attribution.contributor] += count;
    if (attribution.contributor !== "ai" && attribution.contributor !== "mixed") continue;
    if (attribution.tool !== undefined) add(byTool, attribution.tool, count);
    if (attribution.model !== undefined) add(byModel, attribution.model, count);
  }
  return {
    ...stats,
    aiShare: stats.addedLines === 0 ? 0 : stats.ai / stats.addedLines,
    byTool: sortedRecord(byTool),
    byModel: sortedRecord(byModel),
  };
}

function add(counts: Map<string, number>, key: string, count: number): void {
  counts.set(key, (counts.get(key) ?? 0) + count);
}

/** Keys in code-point order so JSON output is byte-identical between runs. */
function sortedRecord(counts: Map<string, number>): Record<string, number> {
  const keys = [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, counts.get(key) ?? 0]));
}
