// A bounded ZIP reader for OSV exports. It reads the central directory, then each wanted entry's bytes
// with positioned reads, so memory holds one entry at a time. Nothing is ever written to disk and
// entry names are only labels, never paths. Limits are enforced twice: on the sizes the directory
// declares (cheap, before any work) and on the bytes inflation actually produces, because a crafted
// archive can declare small sizes and still expand without bound.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { crc32, inflateRawSync } from "node:zlib";
import { CustodyError, isCustodyError } from "../../../core/errors.js";

/** Bounds on what an import reads, whether from an archive, a directory or a single file. */
export interface ImportLimits {
  /** Entries in an archive (wanted or not), or JSON files in a directory. */
  maxEntries: number;
  /** Uncompressed bytes of any one JSON document. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all JSON documents together. */
  maxTotalBytes: number;
}

// The largest OSV export (npm, with its malware reports) holds a few hundred thousand small records.
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxEntries: 2_000_000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
};

export type ZipEntryResult = { name: string; data: Uint8Array } | { name: string; error: string };

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

class Reader {
  readonly size: number;

  constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    this.size = fstatSync(fd).size;
  }

  read(position: number, length: number): Buffer {
    if (position < 0 || length < 0 || position + length > this.size) throw this.corrupt("a record points past the end of the file");
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, position + done);
      if (n === 0) throw this.corrupt("the file ended early");
      done += n;
    }
    return buffer;
  }

  corrupt(detail: string): CustodyError {
    return new CustodyError("file-unreadable", `${this.path} is not a readable ZIP archive: ${detail}`);
  }
}

function u64(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  // Beyond 2^53 no real file exists; treat it as corruption rather than lose precision.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function tooLarge(path: string, what: string, limit: number): CustodyError {
  return new CustodyError(
    "input-too-large",
    `${path}: ${what} exceeds the limit of ${limit.toLocaleString("en-US")}; the archive is not an OSV export or was crafted to exhaust memory`,
  );
}

interface Directory {
  count: number;
  offset: number;
  size: number;
}

function findDirectory(reader: Reader): Directory {
  // The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
  const tailLength = Math.min(reader.size, 22 + U16_MAX);
  const tail = reader.read(reader.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw reader.corrupt("no end-of-central-directory record");
  if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0) throw reader.corrupt("multi-volume archives are not supported");
  const directory: Directory = { count: tail.readUInt16LE(at + 10), size: tail.readUInt32LE(at + 12), offset: tail.readUInt32LE(at + 16) };
  const needs64 = directory.count === U16_MAX || directory.size === U32_MAX || directory.offset === U32_MAX;
  const locatorAt = reader.size - tailLength + at - 20;
  if (!needs64 || locatorAt < 0) return directory;
  const locator = reader.read(locatorAt, 20);
  if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) return directory;
  const record = reader.read(u64(locator, 8), 56);
  if (record.readUInt32LE(0) !== ZIP64_EOCD) throw reader.corrupt("the ZIP64 end record is missing");
  return { count: u64(record, 32), size: u64(record, 40), offset: u64(record, 48) };
}

/** Applies the ZIP64 extended-information field to whichever sizes were saturated. */
function applyZip64(entry: CentralEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    const end = Math.min(at + 4 + length, extra.length);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number | undefined => {
        if (field + 8 > end) return undefined;
        const value = u64(extra, field);
        field += 8;
        return value;
      };
      if (entry.size === U32_MAX) entry.size = next() ?? entry.size;
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localOffset === U32_MAX) entry.localOffset = next() ?? entry.localOffset;
      return;
    }
    at = end;
  }
}

function readDirectory(reader: Reader, directory: Directory, limits: ImportLimits): CentralEntry[] {
  if (directory.count > limits.maxEntries) throw tooLarge(reader.path, `its ${directory.count.toLocaleString("en-US")} entries`, limits.maxEntries);
  const bytes = reader.read(directory.offset, directory.size);
  const entries: CentralEntry[] = [];
  // Walk the directory by its size, not its count: writers without ZIP64 support store the count
  // modulo 65,536 once an archive has more entries than that, and the size is still right.
  for (let at = 0; at < bytes.length; ) {
    if (entries.length >= limits.maxEntries) throw tooLarge(reader.path, "its number of entries", limits.maxEntries);
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_HEADER) throw reader.corrupt("the central directory is damaged");
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) throw reader.corrupt("the central directory is damaged");
    const flags = bytes.readUInt16LE(at + 8);
    // Bit 11 marks UTF-8 names; older archivers wrote CP437, which latin1 approximates for labels.
    const name = bytes.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, at + 46 + nameLength);
    const entry: CentralEntry = {
      name,
      flags,
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    applyZip64(entry, bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at = end;
  }
  return entries;
}

/** Printable label for messages: names come from the archive and may hold control characters. */
function label(name: string): string {
  return name.replace(/[\p{Cc}\p{Cf}]/gu, "?");
}

class Budget {
  private total = 0;

  constructor(
    private readonly path: string,
    private readonly limits: ImportLimits,
  ) {}

  /** The most the next entry may inflate to before a limit is passed. */
  room(): number {
    return Math.max(0, Math.min(this.limits.maxEntryBytes, this.limits.maxTotalBytes - this.total));
  }

  /** Counts one entry's output; throws once a limit is passed. */
  spend(name: string, bytes: number): void {
    if (bytes > this.limits.maxEntryBytes) throw tooLarge(this.path, `entry ${label(name)}`, this.limits.maxEntryBytes);
    this.total += bytes;
    if (this.total > this.limits.maxTotalBytes) throw tooLarge(this.path, "the total uncompressed size", this.limits.maxTotalBytes);
  }
}

function isOutputTooLarge(error: unknown): boolean {
  return error instanceof RangeError && "code" in error && error.code === "ERR_BUFFER_TOO_LARGE";
}

function inflate(compressed: Buffer, name: string, budget: Budget): Buffer {
  // zlib stops as soon as its output passes `maxOutputLength`, so a bomb costs at most the limit's
  // worth of work, whatever its headers claim.
  const room = budget.room();
  let data: Buffer;
  try {
    data = inflateRawSync(compressed, { maxOutputLength: room + 1 });
  } catch (error) {
    if (isOutputTooLarge(error)) budget.spend(name, room + 1);
    throw error;
  }
  budget.spend(name, data.length);
  return data;
}

function readEntry(reader: Reader, entry: CentralEntry, budget: Budget): ZipEntryResult {
  const name = label(entry.name);
  if (entry.flags & 0x1) return { name, error: "the entry is encrypted" };
  if (entry.method !== 0 && entry.method !== 8) return { name, error: `unsupported compression method ${entry.method}` };
  const header = reader.read(entry.localOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL_HEADER) return { name, error: "the local header is missing" };
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const compressed = reader.read(start, entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    budget.spend(entry.name, compressed.length);
    data = compressed;
  } else {
    try {
      data = inflate(compressed, entry.name, budget);
    } catch (error) {
      if (isCustodyError(error)) throw error;
      return { name, error: `the compressed data is damaged (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  if (crc32(data) >>> 0 !== entry.crc) return { name, error: "the CRC-32 check failed" };
  return { name, data };
}

function openFile(path: string): number {
  try {
    return openSync(path, "r");
  } catch (error) {
    throw new CustodyError("file-unreadable", `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function withFile<T>(path: string, work: (reader: Reader) => T): T {
  const fd = openFile(path);
  try {
    return work(new Reader(path, fd));
  } finally {
    closeSync(fd);
  }
}

export interface ZipArchive {
  /** How many entries `read` will yield. */
  count: number;
  /**
   * The wanted entries in central-directory order. Damaged or unsupported entries come back with an
   * `error`; exceeding a limit throws a CustodyError (`input-too-large`).
   */
  read(): Generator<ZipEntryResult, void, undefined>;
}

/**
 * Reads the central directory of the archive at `path` and checks the declared sizes of the entries
 * whose names `wanted` accepts. An archive that cannot be read at all throws `file-unreadable`; one
 * over a limit throws `input-too-large`.
 */
export function openZip(path: string, wanted: (name: string) => boolean, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): ZipArchive {
  const entries = withFile(path, (reader) => readDirectory(reader, findDirectory(reader), limits)).filter(
    (entry) => !entry.name.endsWith("/") && wanted(entry.name),
  );
  let declared = 0;
  for (const entry of entries) {
    // Deflate grows incompressible data by 5 bytes per stored block of up to 64 KiB, so a compressed
    // size well past the limit cannot hold an entry within it; checking it first bounds what is read.
    const compressedLimit = limits.maxEntryBytes + Math.ceil(limits.maxEntryBytes / 8192) + 1024;
    if (entry.size > limits.maxEntryBytes || entry.compressedSize > compressedLimit) {
      throw tooLarge(path, `entry ${label(entry.name)}`, limits.maxEntryBytes);
    }
    declared += entry.size;
  }
  if (declared > limits.maxTotalBytes) throw tooLarge(path, "the total uncompressed size", limits.maxTotalBytes);
  return {
    count: entries.length,
    *read() {
      const budget = new Budget(path, limits);
      const fd = openFile(path);
      try {
        const reader = new Reader(path, fd);
        for (const entry of entries) yield readEntry(reader, entry, budget);
      } finally {
        closeSync(fd);
      }
    },
  };
}
