// Per-line labels and the arithmetic that carries them from one version of a file to the next.
import { createHash } from "node:crypto";
import { diffArrays } from "diff";
import type { NoteRange } from "./format.js";

/** Who wrote one line: a note range without its position and hash. */
export type LineLabel = Omit<NoteRange, "start" | "end" | "hash">;

/** One label per line; undefined = nothing to record (old content, or no evidence). */
export type Labels<L extends LineLabel = LineLabel> = (L | undefined)[];

export interface LabelledRange<L extends LineLabel = LineLabel> {
  start: number;
  end: number;
  label: L;
}

/** Lines of a text file; the newline ending the last line does not start another one. */
export function splitLines(content: string): string[] {
  if (content === "") return [];
  const lines = content.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Labels for `toLines`: lines the diff keeps from `fromLines` keep their label; inserted lines get
 * `inserted`.
 */
export function carryLabels<L extends LineLabel>(fromLines: string[], fromLabels: Labels<L>, toLines: string[], inserted: L | undefined): Labels<L> {
  const labels: Labels<L> = [];
  let from = 0;
  for (const part of diffArrays(fromLines, toLines)) {
    const count = part.value.length;
    if (part.removed) {
      from += count;
      continue;
    }
    for (let i = 0; i < count; i++) labels.push(part.added ? inserted : fromLabels[from + i]);
    if (!part.added) from += count;
  }
  return labels;
}

/** sha256 of the lines joined with "\n": how a range is found again after a rebase or squash. */
export function rangeHash(lines: string[]): string {
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

export function sameLabel(a: LineLabel, b: LineLabel): boolean {
  return (
    a.contributor === b.contributor &&
    a.tool === b.tool &&
    a.model === b.model &&
    a.sessionId === b.sessionId &&
    a.promptRef === b.promptRef &&
    a.humanOfRecord === b.humanOfRecord
  );
}

/** Consecutive lines with the same label merged into ranges; unlabelled lines are left out. */
export function labelledRanges<L extends LineLabel>(labels: Labels<L>, same: (a: L, b: L) => boolean = sameLabel): LabelledRange<L>[] {
  const ranges: LabelledRange<L>[] = [];
  labels.forEach((label, index) => {
    if (label === undefined) return;
    const line = index + 1;
    const last = ranges[ranges.length - 1];
    if (last?.end === line - 1 && same(last.label, label)) {
      last.end = line;
      return;
    }
    ranges.push({ start: line, end: line, label });
  });
  return ranges;
}

/** Only the label's fields, and only those that are set (a note never holds `undefined`). */
export function pickLabel(source: LineLabel): LineLabel {
  const label: LineLabel = { contributor: source.contributor };
  if (source.tool !== undefined) label.tool = source.tool;
  if (source.model !== undefined) label.model = source.model;
  if (source.sessionId !== undefined) label.sessionId = source.sessionId;
  if (source.promptRef !== undefined) label.promptRef = source.promptRef;
  if (source.humanOfRecord !== undefined) label.humanOfRecord = source.humanOfRecord;
  return label;
}

/** The note ranges for a file's labelled lines, each with the hash of its lines as committed. */
export function noteRanges(lines: string[], ranges: LabelledRange[]): NoteRange[] {
  return ranges.map(({ start, end, label }) => ({ start, end, ...pickLabel(label), hash: rangeHash(lines.slice(start - 1, end)) }));
}
