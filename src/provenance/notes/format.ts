// The Custody note: per file and line range of a commit, who wrote the lines. Stored as JSON in
// `refs/notes/custody` on the commit the line numbers refer to.
import { z } from "zod";
import { CustodyError } from "../../core/errors.js";
import { CONTRIBUTORS, TOOLS } from "../../core/types.js";

export const CUSTODY_NOTES_REF = "refs/notes/custody";
export const NOTE_SCHEMA = "custody.note/v1";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a lower-case hex sha256");

export const noteRangeSchema = z.strictObject({
  start: z.number().int().min(1),
  end: z.number().int().min(1),
  contributor: z.enum(CONTRIBUTORS),
  tool: z.enum(TOOLS).optional(),
  model: z.string().min(1).optional(),
  sessionId: z.string().min(1).optional(),
  /** sha256 of the redacted prompt; the text itself is never in the note unless policy allows. */
  promptRef: sha256Hex.optional(),
  humanOfRecord: z.string().min(1).optional(),
  /** sha256 of the range's lines as committed, joined with "\n": lets a squash or rebase find them again. */
  hash: sha256Hex,
});

export const custodyNoteSchema = z.strictObject({
  schema: z.literal(NOTE_SCHEMA),
  files: z.array(z.strictObject({ path: z.string().min(1), ranges: z.array(noteRangeSchema) })),
  /** Redacted prompts by reference, present only when the repository's policy stores prompts in git. */
  prompts: z.record(sha256Hex, z.string()).optional(),
});

export type NoteRange = z.infer<typeof noteRangeSchema>;
export type CustodyNote = z.infer<typeof custodyNoteSchema>;

export function parseCustodyNote(text: string, where: string): CustodyNote {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CustodyError("note-invalid", `${where}: the Custody note is not JSON`);
  }
  const parsed = custodyNoteSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CustodyError("note-invalid", `${where}: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid note"}`);
  }
  for (const file of parsed.data.files) {
    for (const range of file.ranges) {
      if (range.end < range.start) throw new CustodyError("note-invalid", `${where}: ${file.path}: range ${range.start}-${range.end} ends before it starts`);
    }
  }
  return parsed.data;
}

/** Stable text: files sorted by path, ranges by start line, two-space indentation. */
export function formatCustodyNote(note: CustodyNote): string {
  const files = [...note.files]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((f) => ({ path: f.path, ranges: [...f.ranges].sort((a, b) => a.start - b.start) }));
  return `${JSON.stringify({ ...note, files }, null, 2)}\n`;
}
