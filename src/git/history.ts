// Every file version a range of history added, each distinct blob once: what a history scan reads.
// A secret deleted in a later commit is still in these blobs, and in every clone.
import { CustodyError } from "../core/errors.js";
import { splitNul } from "./diff-parse.js";
import { runGit } from "./run.js";

export interface AddedBlob {
  /** Object id of the file version. */
  oid: string;
  /** Path the blob had in the oldest commit that added it. */
  path: string;
  /** That commit. */
  commit: string;
}

/** Regular files and executables; symlinks (120000) and submodules (160000) hold no scannable text. */
const FILE_MODES = new Set(["100644", "100755"]);

/** `HEAD`, `main`, `v1.0..HEAD`, `A...B`: anything git log accepts that cannot be read as an option. */
function checkRange(range: string): void {
  if (range === "" || range.startsWith("-") || /[\0\n\r]/.test(range)) {
    throw new CustodyError("usage", `'${range}' is not a revision range; give e.g. HEAD, main or v1.0..HEAD`);
  }
}

/**
 * The blobs added or modified by the commits of `range` (all history reachable from HEAD by
 * default), oldest commit first, each object id once. Merges are compared with each parent, so a
 * blob that only a merge resolution created is included too.
 */
export async function listAddedBlobs(repo: string, range = "HEAD"): Promise<AddedBlob[]> {
  checkRange(range);
  const output = await runGit(repo, [
    "log",
    "-z",
    "--raw",
    "--no-abbrev",
    "--no-renames",
    "--diff-filter=AM",
    "-m",
    "--reverse",
    "--format=%x01%H",
    range,
    "--",
  ]);
  const seen = new Map<string, AddedBlob>();
  let commit = "";
  let meta: string | undefined;
  for (const raw of splitNul(output)) {
    const field = raw.replace(/^\n/, "");
    if (meta !== undefined) {
      // `:<old mode> <new mode> <old oid> <new oid> <status>` then the path.
      const [, newMode = "", , newOid = ""] = meta.slice(1).split(" ");
      meta = undefined;
      if (FILE_MODES.has(newMode) && !seen.has(newOid)) seen.set(newOid, { oid: newOid, path: field, commit });
      continue;
    }
    if (field.startsWith("\x01")) commit = field.slice(1).trim();
    else if (field.startsWith(":")) meta = field;
  }
  return [...seen.values()];
}
