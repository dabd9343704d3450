// The gate's approval step: read the signed records from the ledger, work out what changed since each
// earlier tree an approval names, and evaluate. Reads the ledger and git; prints nothing.
import type { Decision } from "../core/types.js";
import type { Policy } from "../policy/schema.js";
import { evaluateApprovals, type EvaluatedChange, type Evaluation } from "./evaluate.js";
import { changesSinceTrees, readLedgerEvents } from "./ledger-read.js";
import { concernsChange, signedRecords, statedApproval } from "./records.js";

export interface ReviewInput {
  repo: string;
  /** The ledger file; a missing file means nothing was approved yet. */
  ledgerPath: string;
  policy: Policy;
  decision: Decision;
  change: EvaluatedChange;
}

export async function reviewChange(input: ReviewInput): Promise<Evaluation> {
  const records = signedRecords(await readLedgerEvents(input.ledgerPath));
  const trees = records.filter((r) => concernsChange(r, input.change)).flatMap((r) => statedApproval(r)?.headTree ?? []);
  const changedSince = await changesSinceTrees(input.repo, trees, input.change.headTree);
  return evaluateApprovals({ decision: input.decision, policy: input.policy, change: input.change, records, changedSince });
}
