// Finds runs of hidden characters: consecutive code points of one kind on one line.
import { bidiBalanced, hiddenKind, isEmojiTagSequence, isLegitimateUse, MAY_HIDE } from "./unicode.js";
import type { HiddenKind } from "./unicode.js";

export interface HiddenRun {
  kind: HiddenKind;
  codePoints: number[];
  /** 1-based line. */
  line: number;
  /** 1-based column of the first hidden character, counted in code points. */
  column: number;
  /** Column just after the last hidden character of the run. */
  endColumn: number;
  /** The line without its hidden characters, for a fingerprint that survives moves. */
  visibleLine: string;
  /** For bidi runs: whether the line's bidi controls all close again. */
  balanced: boolean;
}

function runsOnLine(chars: readonly string[], lineNumber: number): HiddenRun[] {
  const codePoints = chars.map((ch) => ch.codePointAt(0) ?? 0);
  const visibleLine = chars.filter((ch) => hiddenKind(ch.codePointAt(0) ?? 0) === undefined).join("").trim();
  const balanced = bidiBalanced(codePoints);
  const runs: HiddenRun[] = [];
  let current: HiddenRun | undefined;
  codePoints.forEach((cp, index) => {
    const kind = hiddenKind(cp);
    const hidden = kind !== undefined && !isLegitimateUse(chars, index, lineNumber === 1);
    if (!hidden) {
      current = undefined;
      return;
    }
    if (current?.kind === kind && current.endColumn === index + 1) {
      current.codePoints.push(cp);
      current.endColumn = index + 2;
      return;
    }
    current = { kind, codePoints: [cp], line: lineNumber, column: index + 1, endColumn: index + 2, visibleLine, balanced };
    runs.push(current);
  });
  return runs.filter((run) => run.kind !== "tag" || !isEmojiTagSequence(codePoints[run.column - 2], run.codePoints));
}

/** Every run of hidden characters in `text`, in reading order. */
export function findHiddenRuns(text: string): HiddenRun[] {
  if (!MAY_HIDE.test(text)) return [];
  return text.split("\n").flatMap((line, index) => (MAY_HIDE.test(line) ? runsOnLine(Array.from(line), index + 1) : []));
}
