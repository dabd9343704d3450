// The C2SP tlog-checkpoint note text (c2sp.org/tlog-checkpoint):
//   <origin>\n<tree size in decimal>\n<base64 root hash>\n[<extension line>\n ...]
// Parsing is strict so that one tree head has exactly one spelling.
import { CustodyError } from "../core/errors.js";
import { decodeBase64Strict, encodeBase64 } from "./bytes.js";
import { HASH_SIZE } from "./merkle.js";

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Opaque extra lines; each non-empty. */
  extensions: string[];
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint;
  if (!isValidLine(origin)) throw invalid(`origin ${JSON.stringify(origin)} must be one non-empty line`);
  if (!Number.isSafeInteger(size) || size < 0) throw invalid(`size ${size} must be a non-negative integer`);
  if (rootHash.byteLength !== HASH_SIZE) throw invalid(`root hash must be ${HASH_SIZE} bytes, not ${rootHash.byteLength}`);
  for (const line of extensions) {
    if (!isValidLine(line)) throw invalid(`extension line ${JSON.stringify(line)} must be one non-empty line`);
  }
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join("");
}

/** Parses checkpoint note text (the signed part of the note, not the signatures). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith("\n")) throw invalid("the text must end in a newline");
  const lines = text.slice(0, -1).split("\n");
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    throw invalid("it needs at least three lines: origin, tree size and root hash");
  }
  if (!isValidLine(origin)) throw invalid("the origin line is empty");
  if (!DECIMAL.test(sizeLine)) {
    throw invalid(`tree size ${JSON.stringify(sizeLine)} is not a decimal number without leading zeros`);
  }
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw invalid(`tree size ${sizeLine} is too large`);
  const rootHash = decodeBase64Strict(rootLine);
  if (!rootHash) throw invalid(`root hash ${JSON.stringify(rootLine)} is not canonical base64`);
  if (rootHash.byteLength !== HASH_SIZE) {
    throw invalid(`root hash is ${rootHash.byteLength} bytes; a SHA-256 root is ${HASH_SIZE}`);
  }
  if (extensions.some((line) => line === "")) throw invalid("extension lines must not be empty");
  return { origin, size, rootHash, extensions };
}

function isValidLine(line: string): boolean {
  return line !== "" && !line.includes("\n");
}

function invalid(why: string): CustodyError {
  return new CustodyError("checkpoint-invalid", `checkpoint is not valid: ${why}`);
}
