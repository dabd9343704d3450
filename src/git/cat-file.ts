// Many objects read with two git processes, however many there are: `cat-file --batch-check` learns
// each object's type and size, then `cat-file --batch` reads only the blobs small enough to keep.
import { CustodyError } from "../core/errors.js";
import { runGit } from "./run.js";

export interface BlobBatch {
  /** Contents by the name asked for; names of missing objects and of trees or commits are absent. */
  blobs: Map<string, Buffer>;
  /** Names of blobs over the size limit, left unread, in the order asked. */
  oversized: string[];
}

interface Found {
  oid: string;
  type: string;
  size: number;
}

// `<oid> <type> <size>`; anything else (`<name> missing`, `<name> ambiguous`) means no object.
const CHECK_LINE = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (\S+) (\d+)$/;

function checkNames(names: readonly string[]): void {
  // The batch protocol is one name per line; such a name cannot be asked for and must not be misread.
  const bad = names.find((name) => name === "" || /[\n\r\0]/.test(name));
  if (bad !== undefined) {
    throw new CustodyError("usage", `object name ${JSON.stringify(bad)} cannot be read in a batch; names must be non-empty and hold no line break`);
  }
}

async function lookUp(repo: string, names: readonly string[]): Promise<(Found | undefined)[]> {
  const output = await runGit(repo, ["cat-file", "--batch-check"], { input: `${names.join("\n")}\n` });
  const lines = output.toString("utf8").split("\n");
  return names.map((_, index) => {
    const match = CHECK_LINE.exec(lines[index] ?? "");
    if (!match) return undefined;
    return { oid: match[1] ?? "", type: match[2] ?? "", size: Number(match[3]) };
  });
}

function header(found: Found): string {
  return `${found.oid} ${found.type} ${found.size}\n`;
}

/** Splits `cat-file --batch` output for `wanted`, asked in this order: header, content, newline each. */
function splitContents(repo: string, output: Buffer, wanted: readonly Found[]): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  let offset = 0;
  for (const found of wanted) {
    const expected = header(found);
    const end = offset + Buffer.byteLength(expected) + found.size;
    if (output.toString("utf8", offset, offset + Buffer.byteLength(expected)) !== expected || end + 1 > output.length) {
      throw new CustodyError("git-failed", `git cat-file in ${repo} did not return object ${found.oid} as announced; is the repository being rewritten?`);
    }
    contents.set(found.oid, output.subarray(end - found.size, end));
    offset = end + 1;
  }
  return contents;
}

/**
 * The contents of many blobs, named by object id or as `<rev>:<path>`, in two git processes. Blobs over
 * `maxBytesEach` are not read and are listed in `oversized`, so one huge file cannot exhaust memory.
 */
export async function readBlobsBatch(repo: string, names: readonly string[], maxBytesEach: number): Promise<BlobBatch> {
  const unique = [...new Set(names)];
  const result: BlobBatch = { blobs: new Map(), oversized: [] };
  if (unique.length === 0) return result;
  checkNames(unique);
  const found = await lookUp(repo, unique);
  const wanted = new Map<string, Found>();
  for (const [index, entry] of found.entries()) {
    if (entry?.type !== "blob") continue;
    if (entry.size > maxBytesEach) result.oversized.push(unique[index] ?? "");
    else wanted.set(entry.oid, entry);
  }
  if (wanted.size === 0) return result;
  const list = [...wanted.values()];
  const expectedBytes = list.reduce((sum, entry) => sum + Buffer.byteLength(header(entry)) + entry.size + 1, 0);
  const output = await runGit(repo, ["cat-file", "--batch"], {
    input: `${list.map((entry) => entry.oid).join("\n")}\n`,
    maxBytes: Math.max(expectedBytes, 1),
  });
  const contents = splitContents(repo, output, list);
  for (const [index, entry] of found.entries()) {
    const content = entry === undefined ? undefined : contents.get(entry.oid);
    if (content !== undefined) result.blobs.set(unique[index] ?? "", content);
  }
  return result;
}

