// What an agent hook leaves under `.git/custody/` until the next commit turns it into a note.
import { z } from "zod";
import { TOOLS } from "../../core/types.js";

export const PENDING_SCHEMA = "custody.pending/v1";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const range = z.strictObject({ start: z.number().int().min(1), end: z.number().int().min(1) });

/**
 * One AI edit of one file. `before`/`after` name content-addressed snapshots in
 * `.git/custody/snapshots/<sha256>` (absent `before` = the file did not exist). `aiLines` are the lines of
 * the `after` content the agent wrote; every other line of `after` is carried over from `before`.
 */
export const pendingEditSchema = z.strictObject({
  schema: z.literal(PENDING_SCHEMA),
  id: z.string().min(1),
  /** UTC ISO-8601; edits of one file apply in this order. */
  time: z.string(),
  tool: z.enum(TOOLS),
  model: z.string().optional(),
  sessionId: z.string().optional(),
  promptRef: sha256Hex.optional(),
  humanOfRecord: z.string().optional(),
  /** The agent's own name for the event, e.g. `PostToolUse:Edit`, `afterFileEdit`. */
  event: z.string(),
  path: z.string().min(1),
  before: sha256Hex.optional(),
  after: sha256Hex.optional(),
  aiLines: z.array(range),
});

export type PendingEdit = z.infer<typeof pendingEditSchema>;
