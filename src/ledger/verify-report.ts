// What `verifyLedger` returns. Problems are data, not exceptions: an auditor wants the whole list.

export const VERIFY_PROBLEM_KINDS = [
  "entry-invalid",
  "leaf-hash-mismatch",
  "entry-missing",
  "checkpoint-invalid",
  "checkpoint-unverified",
  "origin-mismatch",
  "root-mismatch",
  "truncated",
  "unsigned-entries",
  "trusted-checkpoint-invalid",
  "trusted-checkpoint-mismatch",
  "tile-invalid",
  "tile-mismatch",
  "witness-missing",
  "cosignature-invalid",
] as const;
export type VerifyProblemKind = (typeof VERIFY_PROBLEM_KINDS)[number];

export interface EntryRange {
  /** Inclusive 0-based entry indexes. */
  first: number;
  last: number;
}

export interface VerifyProblem {
  kind: VerifyProblemKind;
  /** The entry at fault, when one can be named. */
  index?: number;
  /** The entries at fault, when only a range can be named. */
  range?: EntryRange;
  /** The tree size of the checkpoint at fault, for checkpoint problems. */
  checkpointSize?: number;
  /** The file at fault in a C2SP tiles export, e.g. `tile/0/x001/234` or `tile/entries/005.p/17`. */
  tile?: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Entries found in the log. */
  size: number;
  /** Stored checkpoints whose signature and root were checked. */
  checkedCheckpoints: number;
  problems: VerifyProblem[];
}

/** Keeps the report readable on a badly damaged log: the first few problems of each kind, then a count. */
export class ProblemList {
  readonly #limit: number;
  readonly #problems: VerifyProblem[] = [];
  readonly #counts = new Map<VerifyProblemKind, number>();

  constructor(limitPerKind: number) {
    this.#limit = limitPerKind;
  }

  add(problem: VerifyProblem): void {
    const count = (this.#counts.get(problem.kind) ?? 0) + 1;
    this.#counts.set(problem.kind, count);
    if (count <= this.#limit) this.#problems.push(problem);
  }

  get size(): number {
    return this.#problems.length;
  }

  list(): VerifyProblem[] {
    const overflow = [...this.#counts]
      .filter(([, count]) => count > this.#limit)
      .map(([kind, count]): VerifyProblem => ({
        kind,
        message: `${count - this.#limit} more ${kind} problems not listed (${count} in all)`,
      }));
    return [...this.#problems, ...overflow];
  }
}

export function describeRange(range: EntryRange): string {
  return range.first === range.last ? `entry ${range.first}` : `entries ${range.first}..${range.last}`;
}
