// Which lines of the content after an edit the agent wrote, and rebuilding the content before an edit
// from the replacements an agent reports.
import { diffArrays } from "diff";
import type { LineRange } from "../../core/types.js";
import type { TextEdit } from "./event.js";

/** Lines without their terminators; a final newline does not start another line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Ranges of `after` lines (1-based, inclusive) that are not carried over from `before`. */
export function changedLines(before: string, after: string): LineRange[] {
  const ranges: LineRange[] = [];
  let line = 1;
  for (const part of diffArrays(splitLines(before), splitLines(after))) {
    const count = part.value.length;
    if (part.removed) continue;
    if (part.added && count > 0) ranges.push({ start: line, end: line + count - 1 });
    line += count;
  }
  return ranges;
}

/**
 * Undoes the replacements, last first, on the content after them. Undefined when one of them cannot be
 * found exactly once (a file rewritten in between, or a replace-all): guessing would misattribute.
 */
export function undoEdits(after: string, edits: readonly TextEdit[]): string | undefined {
  let text = after;
  for (const edit of [...edits].reverse()) {
    if (edit.newText === "") return undefined;
    const at = text.indexOf(edit.newText);
    if (at === -1 || text.indexOf(edit.newText, at + 1) !== -1) return undefined;
    text = text.slice(0, at) + edit.oldText + text.slice(at + edit.newText.length);
  }
  return text;
}
