// Line claims made from a commit's own Custody note or from a note reconciled from other commits'.
import type { Attribution, Evidence } from "../../core/types.js";
import type { RangeClaim } from "../claims.js";
import type { DerivedFile } from "./derive.js";
import type { CustodyNote, NoteRange } from "./format.js";
import { pickLabel } from "./lines.js";

export const RECONCILE_METHODS = ["patch-id", "content"] as const;
export type ReconcileMethod = (typeof RECONCILE_METHODS)[number];

// A note written at commit time is first-hand; a matched patch carries the same lines; matching by text
// alone can pick up a line someone else wrote the same way.
const CONFIDENCE = { note: 0.95, "patch-id": 0.85, content: 0.75 } as const;

function attribution(range: NoteRange, evidence: Evidence, confidence: number): Attribution {
  return { ...pickLabel(range), evidence: [evidence], confidence };
}

function byPosition(a: RangeClaim, b: RangeClaim): number {
  return a.path.localeCompare(b.path) || a.lines.start - b.lines.start;
}

/** Claims from the note on `sha` itself. */
export function noteClaims(sha: string, note: CustodyNote): RangeClaim[] {
  const evidence: Evidence = { source: "custody-note", detail: `note on ${sha.slice(0, 12)}` };
  return note.files
    .flatMap((file) => file.ranges.map((range) => ({ commit: sha, path: file.path, lines: { start: range.start, end: range.end }, attribution: attribution(range, evidence, CONFIDENCE.note) })))
    .sort(byPosition);
}

/** Claims from the ranges reconciled for `sha`, each naming the commit whose note it came from. */
export function reconciledClaims(sha: string, method: ReconcileMethod, files: readonly DerivedFile[]): RangeClaim[] {
  return files
    .flatMap((file) =>
      file.ranges.map((range) => {
        const evidence: Evidence = { source: "custody-note", detail: `reconciled from ${range.from.slice(0, 12)} by ${method}` };
        return { commit: sha, path: file.path, lines: { start: range.start, end: range.end }, attribution: attribution(range, evidence, CONFIDENCE[method]) };
      }),
    )
    .sort(byPosition);
}
