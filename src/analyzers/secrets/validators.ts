// Format checks that turn "looks like a token" into "is a token": checksums and decodable structure.
import { crc32 } from "node:zlib";

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const total = Array.from(text).length;
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / total;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62Encode(value: number, width: number): string {
  let rest = value;
  let out = "";
  do {
    out = (BASE62[rest % 62] ?? "0") + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, "0");
}

/**
 * GitHub's prefixed tokens (ghp_, gho_, ghu_, ghs_, ghr_) and npm's (npm_) end in the CRC32 of the
 * random part, base62-encoded and zero-padded to 6 characters. A random 36-character string
 * passes by chance about once in 2^32, so a failing checksum means "not a real token".
 */
export function hasValidCrc32Checksum(token: string): boolean {
  const body = token.slice(token.lastIndexOf("_") + 1);
  if (body.length <= 6 || !/^[0-9A-Za-z]+$/.test(body)) return false;
  const payload = body.slice(0, -6);
  return base62Encode(crc32(payload), 6) === body.slice(-6);
}

function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, "base64");
}

const PEM_BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/;
const OPENSSH_MAGIC = Buffer.from("openssh-key-v1\0", "latin1");

/**
 * A private key block counts only if its body is base64 that decodes to the expected container:
 * DER (a SEQUENCE, 0x30) for PKCS#1/SEC1/PKCS#8, the `openssh-key-v1` magic for OpenSSH, and an
 * OpenPGP packet header for PGP. Bodies such as `...` or `<your key here>` fail.
 */
export function isDecodablePrivateKey(block: string): boolean {
  const match = PEM_BLOCK.exec(block.replace(/\\r/g, "").replace(/\\n/g, "\n"));
  if (!match?.[1] || match[2] === undefined) return false;
  const kind = match[1];
  // Keys pasted into source code arrive wrapped in quotes, commas and `+` concatenations.
  const lines = match[2]
    .split(/\r?\n/)
    // A bare `+` is base64, not concatenation: only a `+` (or PHP's `.`) next to a quote is stripped,
    // whether it closes a line (`"…" +`) or opens the next one (`+ "…"`).
    .map((line) => line.trim().replace(/^(?:[+.]\s*)?["'`]/, "").replace(/["'`]\s*[,+.]?$/, "").replace(/[,\\]+$/, ""))
    .filter((line) => line.length > 0);
  const isHeader = (line: string): boolean => /^[A-Za-z-]+:\s/.test(line);
  // An armoured PGP block ends with a `=XXXX` CRC24 line that is not part of the packet data.
  const isArmorChecksum = (line: string): boolean => kind.startsWith("PGP") && /^=[A-Za-z0-9+/]{4}$/.test(line);
  const data = lines.filter((line) => !isHeader(line) && !isArmorChecksum(line));
  const bytes = decodeBase64Strict(data.join(""));
  if (!bytes || bytes.length < 32) return false;
  if (kind === "OPENSSH PRIVATE KEY") return bytes.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC);
  if (kind.startsWith("PGP")) return ((bytes[0] ?? 0) & 0x80) !== 0;
  // Legacy encrypted PEM (Proc-Type/DEK-Info headers) carries ciphertext, not DER.
  if (lines.some(isHeader)) return true;
  return bytes[0] === 0x30;
}

function decodeBase64Url(segment: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  return Buffer.from(segment, "base64url").toString("utf8");
}

/** A JWT counts only if its header decodes to a JSON object that names a signing algorithm. */
export function isJwtWithAlgorithm(token: string): boolean {
  const [header, payload] = token.split(".");
  if (header === undefined || payload === undefined) return false;
  const headerText = decodeBase64Url(header);
  if (headerText === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(headerText);
    if (typeof parsed !== "object" || parsed === null || !("alg" in parsed)) return false;
    return typeof parsed.alg === "string" && parsed.alg.length > 0;
  } catch {
    return false;
  }
}
