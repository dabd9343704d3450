// The SSH wire encoding (RFC 4251 §5) that OpenSSH public keys, private key files and fingerprints are
// built from: big-endian uint32 lengths in front of byte strings.

export class WireReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  /** Raw bytes; undefined when the input is shorter than `length`. */
  take(length: number): Uint8Array | undefined {
    if (length < 0 || length > this.remaining) return undefined;
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  uint32(): number | undefined {
    const raw = this.take(4);
    if (!raw) return undefined;
    return Buffer.from(raw.buffer, raw.byteOffset, 4).readUInt32BE(0);
  }

  string(): Uint8Array | undefined {
    const length = this.uint32();
    return length === undefined ? undefined : this.take(length);
  }

  text(): string | undefined {
    const raw = this.string();
    return raw === undefined ? undefined : Buffer.from(raw).toString("utf8");
  }
}

export function wireString(value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.byteLength, 0);
  return Buffer.concat([length, bytes]);
}

export function wireUint32(value: number): Uint8Array {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value, 0);
  return out;
}
