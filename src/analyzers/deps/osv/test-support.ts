// Test support: rewrites archive headers the way a hostile archive would, so the reader's limits can be
// checked against sizes that lie.

/** Sets the uncompressed size that the local and central headers of entry `name` declare. */
export function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = Buffer.from(zip);
  const wanted = Buffer.from(name, "utf8");
  const named = (at: number): boolean => bytes.subarray(at, at + wanted.length).equals(wanted);
  for (let at = 0; at + 46 <= bytes.length; at++) {
    const signature = bytes.readUInt32LE(at);
    if (signature === 0x04034b50 && bytes.readUInt16LE(at + 26) === wanted.length && named(at + 30)) {
      bytes.writeUInt32LE(size, at + 22);
    }
    if (signature === 0x02014b50 && bytes.readUInt16LE(at + 28) === wanted.length && named(at + 46)) {
      bytes.writeUInt32LE(size, at + 24);
    }
  }
  return bytes;
}
