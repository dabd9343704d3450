import type { SecretRule } from "../types.js";
import { isDecodablePrivateKey, isJwtWithAlgorithm } from "../validators.js";
import { credentialHelp } from "./help.js";

export const KEY_RULES: SecretRule[] = [
  {
    id: "secrets/private-key",
    title: "Private key block",
    severity: "critical",
    cwe: ["CWE-321", "CWE-798"],
    keywords: ["private key"],
    regex:
      /(?<secret>-----BEGIN (?<kind>(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:[^-]|-(?!----)){32,8192}-----END \k<kind>-----)/,
    // The body stops at the first "-----", so a BEGIN line without its END costs one short scan.
    validate: isDecodablePrivateKey,
    // The block starts with a fixed "-----BEGIN" line; a prefix would show nothing useful.
    visiblePrefix: 0,
    help: credentialHelp(
      "private key (for tests, fixtures or a quick TLS setup)",
      "Treat the key as compromised: revoke any certificate or authorized_keys entry that uses it and generate a new pair.",
    ),
  },
  {
    id: "secrets/jwt",
    title: "JSON Web Token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["eyj"],
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/,
    validate: isJwtWithAlgorithm,
    help: credentialHelp(
      "bearer token copied from a request or a service dashboard (some services issue long-lived JWTs as API keys)",
      "Rotate the signing key or the service key that issued it, since a JWT stays valid until it expires.",
    ),
  },
];
