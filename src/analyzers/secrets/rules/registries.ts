import { isPlaceholder, isReference } from "../allowlist.js";
import type { SecretRule } from "../types.js";
import { shannonEntropy } from "../validators.js";
import { credentialHelp } from "./help.js";

/** A prefixed token: the prefix, a body of a fixed alphabet and length, and token boundaries. */
function prefixed(prefix: string, body: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_-])(?<secret>${prefix}${body})(?![A-Za-z0-9_-])`);
}

/**
 * PyPI tokens are macaroons (binary format v2) in base64url: version byte 2, the location field
 * naming the index, the identifier field, and at the end a 32-byte signature field. Checking both
 * ends turns "starts with the right 20 characters" into "is a serialized macaroon".
 */
function isMacaroonFor(location: string): (token: string) => boolean {
  const header = Buffer.concat([Buffer.from([2, 1, location.length]), Buffer.from(location, "latin1")]);
  return (token) => {
    const bytes = Buffer.from(token.slice("pypi-".length), "base64url");
    const identifierField = bytes[header.length];
    return bytes.subarray(0, header.length).equals(header) && identifierField === 2 && bytes.at(-34) === 6 && bytes.at(-33) === 32;
  };
}

/** JFrog reference tokens are base64 of `reftkn:<version>:<expiry>:<random>`. */
function isJFrogReferenceToken(token: string): boolean {
  const decoded = Buffer.from(token, "base64").toString("latin1");
  return /^reftkn:[0-9]{2}:[0-9]{10}:[A-Za-z0-9]{16,48}$/.test(decoded);
}

/** Random bodies contain digits and letters; long identifiers that share a prefix seldom do both. */
function hasDigitsAndLetters(token: string): boolean {
  return /[0-9]/.test(token.slice(3)) && /[A-Za-z]/.test(token.slice(3));
}

function decodedText(base64: string): string | undefined {
  if (base64.length % 4 !== 0) return undefined;
  const text = Buffer.from(base64, "base64").toString("latin1");
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

/** A password worth reporting: not empty-ish, not a placeholder, not a `${VAR}` reference. */
function isRealPassword(password: string): boolean {
  return password.length >= 6 && !isPlaceholder(password) && !isReference(password);
}

/** `user:password`, with a real password. */
function isUserAndPassword(pair: string): boolean {
  const colon = pair.indexOf(":");
  return colon > 0 && isRealPassword(pair.slice(colon + 1));
}

/** `.npmrc` `_auth` holds base64 of `user:password`; `_password` holds base64 of the password. */
function isNpmrcCredential(value: string, groups: Readonly<Record<string, string | undefined>>): boolean {
  const decoded = decodedText(value);
  if (decoded === undefined) return false;
  if (groups.kind === "_auth") return isUserAndPassword(decoded);
  // `_password` is too common a name in code to trust anywhere but after a registry URL's `:`.
  return groups.lead === ":" && isRealPassword(decoded);
}

/** `npmAuthToken` is any registry's token; `npmAuthIdent` is `user:password`, plain or base64. */
function isYarnCredential(value: string, groups: Readonly<Record<string, string | undefined>>): boolean {
  if (groups.secret !== undefined) return shannonEntropy(value) >= 3 && !isReference(value);
  if (value.includes(":")) return isUserAndPassword(value);
  const decoded = decodedText(value);
  return decoded !== undefined && isUserAndPassword(decoded);
}

/** Package registry and artifact repository tokens. */
export const REGISTRY_RULES: SecretRule[] = [
  {
    id: "secrets/pypi-token",
    title: "PyPI API token",
    severity: "critical",
    cwe: ["CWE-798"],
    // "AgEIcHlwaS5vcmc" is the macaroon header for location "pypi.org".
    keywords: ["pypi-ageichlwas5vcmc"],
    regex: prefixed("pypi-AgEIcHlwaS5vcmc", "[A-Za-z0-9_-]{50,1000}"),
    validate: isMacaroonFor("pypi.org"),
    help: credentialHelp(
      "PyPI upload token",
      "Remove it under Account settings → API tokens on pypi.org, and publish from CI with trusted publishing (OIDC) instead.",
    ),
  },
  {
    id: "secrets/test-pypi-token",
    title: "TestPyPI API token",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["pypi-agendgvzdc5wexbplm9yzw"],
    regex: prefixed("pypi-AgENdGVzdC5weXBpLm9yZw", "[A-Za-z0-9_-]{50,1000}"),
    validate: isMacaroonFor("test.pypi.org"),
    help: credentialHelp(
      "TestPyPI upload token (often the same account, and the same habits, as the real index)",
      "Remove it under Account settings → API tokens on test.pypi.org.",
    ),
  },
  {
    id: "secrets/rubygems-api-key",
    title: "RubyGems API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["rubygems_"],
    regex: prefixed("rubygems_", "[0-9a-f]{48}"),
    minEntropy: 3.3,
    help: credentialHelp(
      "RubyGems API key",
      "Delete it under Settings → API keys on rubygems.org, and push gems from CI with trusted publishing.",
    ),
  },
  {
    id: "secrets/docker-hub-pat",
    title: "Docker Hub personal access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["dckr_pat_"],
    regex: prefixed("dckr_pat_", "[A-Za-z0-9_-]{27}"),
    minEntropy: 3.5,
    help: credentialHelp(
      "Docker Hub token (it can push images that others pull)",
      "Delete it under Account settings → Personal access tokens on Docker Hub.",
    ),
  },
  {
    id: "secrets/docker-hub-oat",
    title: "Docker Hub organization access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["dckr_oat_"],
    regex: prefixed("dckr_oat_", "[A-Za-z0-9_-]{32}"),
    minEntropy: 3.5,
    help: credentialHelp(
      "Docker Hub organization token",
      "Delete it under the organization's Settings → Access tokens on Docker Hub.",
    ),
  },
  {
    id: "secrets/nuget-api-key",
    title: "NuGet API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["oy2"],
    // Lower-case base32 after the fixed `oy2`.
    regex: new RegExp("(?<![A-Za-z0-9_-])(?<secret>oy2[a-z2-7]{43})(?![A-Za-z0-9_-])"),
    minEntropy: 3.8,
    help: credentialHelp(
      "NuGet API key",
      "Delete or regenerate it under API Keys on nuget.org, and push packages from CI with trusted publishing.",
    ),
  },
  {
    id: "secrets/crates-io-token",
    title: "crates.io API token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["cio"],
    regex: prefixed("cio", "[A-Za-z0-9]{32}"),
    minEntropy: 4,
    validate: hasDigitsAndLetters,
    help: credentialHelp(
      "crates.io token (from `~/.cargo/credentials.toml`)",
      "Revoke it under Account Settings → API Tokens on crates.io, and publish from CI with trusted publishing.",
    ),
  },
  {
    id: "secrets/artifactory-api-key",
    title: "JFrog Artifactory API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["akcp"],
    regex: prefixed("AKCp", "[A-Za-z0-9]{69}"),
    minEntropy: 4,
    help: credentialHelp(
      "Artifactory API key",
      "Revoke the API key in the JFrog Platform user profile, and move to scoped access tokens (API keys are deprecated).",
    ),
  },
  {
    id: "secrets/artifactory-reference-token",
    title: "JFrog Platform reference token",
    severity: "critical",
    cwe: ["CWE-798"],
    // Base64 of "reftkn".
    keywords: ["cmvmdgtu"],
    regex: /(?<![A-Za-z0-9+/_-])(?<secret>cmVmdGtu[A-Za-z0-9+/]{40,80}={0,2})(?![A-Za-z0-9+/=_-])/,
    validate: isJFrogReferenceToken,
    help: credentialHelp(
      "JFrog access token",
      "Revoke it under Administration → User Management → Access Tokens in the JFrog Platform.",
    ),
  },
  {
    id: "secrets/clojars-deploy-token",
    title: "Clojars deploy token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["clojars_"],
    regex: prefixed("CLOJARS_", "[a-z0-9]{60}"),
    minEntropy: 3.5,
    help: credentialHelp("Clojars deploy token", "Disable it under Deploy Tokens on clojars.org."),
  },
  {
    id: "secrets/npmrc-auth-token",
    title: "Registry auth token (UUID) in an .npmrc",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["_authtoken"],
    // Tokens from before `npm_` (and from registries such as Verdaccio or Nexus) are bare UUIDs,
    // which are everywhere; only the `.npmrc` key makes one a credential. `npm_` tokens are
    // `secrets/npm-token`.
    regex:
      /_authToken[ \t]{0,3}=[ \t]{0,3}["']?(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9A-Za-z-])/i,
    minEntropy: 3,
    help: credentialHelp(
      "registry token in `.npmrc`",
      "Revoke it at the registry that issued it (`npm token revoke` for npmjs.com), and write `_authToken=${NPM_TOKEN}` instead.",
    ),
  },
  {
    id: "secrets/npmrc-basic-auth",
    title: "Registry username and password (base64) in an .npmrc",
    severity: "critical",
    cwe: ["CWE-798", "CWE-522"],
    keywords: ["_auth", "_password"],
    // base64 is an encoding, not protection: `_auth` decodes to `user:password`.
    regex: /(?<lead>^|:)(?<kind>_auth|_password)[ \t]{0,3}=[ \t]{0,3}["']?(?<secret>[A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=])/m,
    validate: isNpmrcCredential,
    help: credentialHelp(
      "registry password, base64-encoded in `.npmrc` (base64 hides nothing)",
      "Change the password at the registry (or revoke the token it stands for), and keep credentials in a user-level `.npmrc` or the environment.",
    ),
  },
  {
    id: "secrets/yarnrc-npm-auth",
    title: "Registry token or credentials in a .yarnrc.yml",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["npmauthtoken", "npmauthident"],
    // Tokens with a format of their own (npm_, GitHub, GitLab, JFrog, JWTs) are left to their rules.
    regex:
      /(?<![\w-])npmAuth(?:Token[ \t]{0,3}:[ \t]{0,3}["']?(?<secret>(?!npm_|gh[pousr]_|github_pat_|glpat-|AKCp|cmVmdGtu|eyJ)[A-Za-z0-9._~+/-]{16,400}={0,2})(?![A-Za-z0-9._~+/=-])|Ident[ \t]{0,3}:[ \t]{0,3}["']?(?<secret2>[A-Za-z0-9._@-]{1,100}:[^\s"'#]{6,200}|[A-Za-z0-9+/]{12,400}={0,2})(?=["'\s]|$))/m,
    validate: isYarnCredential,
    help: credentialHelp(
      "registry credential in `.yarnrc.yml`",
      "Revoke it at the registry that issued it, and write `npmAuthToken: \"${NPM_TOKEN}\"` so Yarn reads it from the environment.",
    ),
  },
];
