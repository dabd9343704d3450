// C2SP signed notes (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then one
// line per signature: "— <key name> <base64(key id ‖ signature)>". Signatures from keys the caller does
// not know (a witness cosignature, a rotated key) are skipped, never fatal; a signature from a known key
// that fails to verify rejects the whole note.
import { sign, verify } from "node:crypto";
import { CustodyError } from "../core/errors.js";
import { concatBytes, decodeBase64Strict, encodeBase64 } from "./bytes.js";
import { formatKeyId, isValidKeyName } from "./note-keys.js";
import type { NoteSigner, NoteVerifier } from "./note-keys.js";

const SIGNATURE_PREFIX = "\u2014 ";
/** The Go implementation's bound; C2SP requires accepting at least 16. */
const MAX_SIGNATURES = 100;
const LONE_SURROGATE = /\p{Cs}/u;

export type NoteFailureReason = "malformed" | "unverified" | "invalid-signature" | "ambiguous-key";

export interface OpenedNote {
  ok: true;
  /** The signed text, including its final newline. */
  text: string;
  /** Names of the keys whose signatures verified, in the order they appear. */
  verifiedBy: string[];
}

export interface NoteFailure {
  ok: false;
  reason: NoteFailureReason;
  message: string;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes without the key id. */
  signature: Uint8Array;
}

/** Signs `text` with each signer; `text` must be non-empty, end in "\n" and hold no control characters. */
export function signNote(text: string, signers: NoteSigner | readonly NoteSigner[]): string {
  const problem = textProblem(text);
  if (problem) throw new CustodyError("note-invalid", `cannot sign note: ${problem}`);
  const list = Array.isArray(signers) ? (signers as readonly NoteSigner[]) : [signers as NoteSigner];
  if (list.length === 0) throw new CustodyError("note-invalid", "cannot sign note: no signer given");
  const message = Buffer.from(text, "utf8");
  const lines = list.map((signer) => {
    const keyId = Buffer.alloc(4);
    keyId.writeUInt32BE(signer.keyId);
    const signature = sign(null, message, signer.privateKey);
    return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(concatBytes([keyId, signature]))}\n`;
  });
  return `${text}\n${lines.join("")}`;
}

/** Splits a note into text and signatures without verifying anything. */
export function parseNote(note: string | Uint8Array): { text: string; signatures: NoteSignature[] } | NoteFailure {
  const decoded = decodeUtf8(note);
  if (decoded === undefined) return malformed("it is not valid UTF-8");
  if (hasControlCharacter(decoded)) return malformed("it contains control characters");
  if (LONE_SURROGATE.test(decoded)) return malformed("it is not valid UTF-8");
  const split = decoded.lastIndexOf("\n\n");
  if (split < 0) return malformed("there is no blank line before the signatures");
  const text = decoded.slice(0, split + 1);
  const block = decoded.slice(split + 2);
  if (block === "" || !block.endsWith("\n")) return malformed("the signature lines must end in a newline");
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) return malformed(`it has more than ${MAX_SIGNATURES} signatures`);
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const signature = parseSignatureLine(line);
    if (!signature) return malformed(`bad signature line ${JSON.stringify(line.slice(0, 80))}`);
    signatures.push(signature);
  }
  return { text, signatures };
}

/** Verifies a note against the verifiers the caller trusts. */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote | NoteFailure {
  const parsed = parseNote(note);
  if ("ok" in parsed) return parsed;
  const message = Buffer.from(parsed.text, "utf8");
  const verifiedBy: string[] = [];
  const seen = new Set<string>();
  for (const { name, keyId, signature } of parsed.signatures) {
    const matches = verifiers.filter((v) => v.name === name && v.keyId === keyId);
    const label = `${name}+${formatKeyId(keyId)}`;
    if (matches.length === 0) continue;
    if (matches.length > 1 && new Set(matches.map((m) => m.verifierKey)).size > 1) {
      return { ok: false, reason: "ambiguous-key", message: `more than one trusted key is named ${label}` };
    }
    const verifier = matches[0];
    if (!verifier) continue;
    if (!verify(null, message, verifier.publicKey, signature)) {
      return { ok: false, reason: "invalid-signature", message: `the signature by key ${label} does not verify` };
    }
    if (seen.has(label)) continue;
    seen.add(label);
    verifiedBy.push(name);
  }
  if (verifiedBy.length === 0) {
    const names = parsed.signatures.map((s) => `${s.name}+${formatKeyId(s.keyId)}`).join(", ");
    return { ok: false, reason: "unverified", message: `the note has no signature from a trusted key (signed by: ${names})` };
  }
  return { ok: true, text: parsed.text, verifiedBy };
}

function parseSignatureLine(line: string): NoteSignature | undefined {
  if (!line.startsWith(SIGNATURE_PREFIX)) return undefined;
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(" ");
  if (space < 0) return undefined;
  const name = rest.slice(0, space);
  const bytes = decodeBase64Strict(rest.slice(space + 1));
  if (!isValidKeyName(name) || !bytes || bytes.byteLength < 5) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { name, keyId: view.getUint32(0), signature: bytes.subarray(4) };
}

function textProblem(text: string): string | undefined {
  if (!text.endsWith("\n")) return "the text must end in a newline";
  if (hasControlCharacter(text)) return "the text must not contain control characters other than newline";
  if (LONE_SURROGATE.test(text)) return "the text must be valid Unicode";
  return undefined;
}

/** Any character below U+0020 except newline. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

function decodeUtf8(note: string | Uint8Array): string | undefined {
  if (typeof note === "string") return note;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    return undefined;
  }
}

function malformed(why: string): NoteFailure {
  return { ok: false, reason: "malformed", message: `malformed signed note: ${why}` };
}
