import type { Evidence, Person, Tool } from "../../core/types.js";

/** One piece of evidence about who wrote a commit, before the pieces are weighed together. */
export interface Signal {
  /** What this piece alone says about the lines. */
  contributor: "ai" | "mixed" | "human";
  tool?: Tool;
  model?: string;
  sessionId?: string;
  /** Where the evidence sits in the commit; the human of record depends on it. */
  role: "author" | "committer" | "trailer";
  evidence: Evidence;
  /** 0..1 */
  confidence: number;
  /** A person the tool wrote under, when the tool marks a human's identity rather than using its own. */
  humanOfRecord?: Person;
}

/** Evidence details name tools outside the `Tool` list, which are otherwise only `other`. */
export function detailFor(quote: string, tool: Tool | undefined, product: string): string {
  return tool === "other" ? `${quote} (${product})` : quote;
}
