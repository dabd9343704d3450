// DSSE envelopes (github.com/secure-systems-lab/dsse, protocol v1.0.0): the signature covers
// PAE(payloadType, payload) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, with LEN the ASCII
// decimal byte length, so neither the payload nor its type can be swapped without breaking it.
import { verify } from "node:crypto";
import { z } from "zod";
import type { PublicKey } from "./keys.js";
import type { SigningKey } from "./signing-key.js";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

export const EnvelopeSchema = z.strictObject({
  payload: z.string(),
  payloadType: z.string(),
  signatures: z.array(z.strictObject({ keyid: z.string().optional(), sig: z.string() })).min(1),
});
export type Envelope = z.output<typeof EnvelopeSchema>;

const encoder = new TextEncoder();

/** Pre-Authentication Encoding of DSSE v1. */
export function pae(payloadType: string, body: Uint8Array): Uint8Array {
  const type = encoder.encode(payloadType);
  const header = encoder.encode(`DSSEv1 ${type.byteLength} `);
  const middle = encoder.encode(` ${body.byteLength} `);
  return Buffer.concat([header, type, middle, body]);
}

export function signEnvelope(payloadType: string, body: Uint8Array, key: SigningKey): Envelope {
  const sig = key.sign(pae(payloadType, body));
  return {
    payload: Buffer.from(body).toString("base64"),
    payloadType,
    signatures: [{ keyid: key.publicKey.fingerprint, sig: Buffer.from(sig).toString("base64") }],
  };
}

/** DSSE allows standard and URL-safe base64; both are accepted, anything else is not. */
export function decodeDsseBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
}

/**
 * The keys among `candidates` that made a valid signature on the envelope, in signature order. The
 * `keyid` is a hint only (the spec forbids trusting it): every candidate is tried on every signature.
 */
export function verifyEnvelope(envelope: Envelope, candidates: readonly PublicKey[]): PublicKey[] {
  const body = decodeDsseBase64(envelope.payload);
  if (body === undefined) return [];
  const message = pae(envelope.payloadType, body);
  const signers: PublicKey[] = [];
  for (const signature of envelope.signatures) {
    const sig = decodeDsseBase64(signature.sig);
    if (sig?.byteLength !== 64) continue;
    // Trying the key the hint names first saves work; it never decides anything.
    const ordered = [...candidates].sort((a, b) => Number(b.fingerprint === signature.keyid) - Number(a.fingerprint === signature.keyid));
    const signer = ordered.find((key) => verify(null, message, key.keyObject, sig));
    if (signer && !signers.includes(signer)) signers.push(signer);
  }
  return signers;
}

/** The payload bytes, or undefined when they are not base64. */
export function envelopeBody(envelope: Envelope): Uint8Array | undefined {
  return decodeDsseBase64(envelope.payload);
}
