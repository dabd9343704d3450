// Values that have the shape of a secret but are not one. Every rule consults `isPlaceholder`;
// the generic assignment rule also rejects references, digests and identifiers, which provider
// rules cannot match in the first place.

const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /example/i,
  /placeholder/i,
  /change[_-]?(?:me|it)\b/i,
  /dummy|redacted|sample[_-]?(?:key|token|secret)/i,
  /(?:^|[^a-z])your[_-]?[a-z_-]*(?:key|token|secret|password|pass|pwd)/i,
  /[_-]here$/i,
  /^insert[_-]/i,
  /x{5,}|X{5,}|\*{3,}|\.{3}|…/,
  /^[xX*#._-]+$/,
  /^<[^<>]*>$|<[A-Za-z_ -]+>/,
  /^\{\{.*\}\}$|^\$\{.*\}$|^%[A-Za-z_]+%$/,
  /^(.)\1+$/,
  /0123456789|abcdefghij/i,
];

/** Documentation values that are public by design, so finding them is noise. */
const KNOWN_PUBLIC_VALUES: ReadonlySet<string> = new Set([
  // The signature of the token jwt.io shows on its front page.
  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
]);

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(value))) return true;
  return value.split(/[.:/@]/).some((part) => KNOWN_PUBLIC_VALUES.has(part));
}

const REFERENCE_PATTERNS: readonly RegExp[] = [
  // ${VAR}, $VAR, %VAR%, {{ var }}, #{var}
  /^\$[A-Za-z_{(]/,
  /^%[A-Za-z_(]/,
  /\{\{|\}\}|#\{/,
  /^\{[A-Za-z_][\w.]*\}$/,
  /process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|env\(|ENV\[|System\.getenv|secrets\./,
  // a.b.c or a::b: a variable or member access, not a literal
  /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+$/,
];

/** A value that names where a secret comes from instead of containing it. */
export function isReference(value: string): boolean {
  return REFERENCE_PATTERNS.some((pattern) => pattern.test(value));
}

const DIGEST_LENGTHS = new Set([32, 40, 56, 64, 96, 128]);

/** Hashes, UUIDs and integrity strings: random-looking, yet public by nature. */
export function isDigestOrIdentifier(value: string): boolean {
  if (/^[0-9a-f]+$/i.test(value) && DIGEST_LENGTHS.has(value.length)) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return true;
  if (/^(?:sha1|sha256|sha384|sha512|md5)[-:]/i.test(value)) return true;
  return false;
}

/** Paths and URLs assigned to `token_file`-style keys. */
export function isPathOrUrl(value: string): boolean {
  if (value.includes("://")) return true;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(value)) return true;
  return /\.(?:txt|json|ya?ml|pem|key|crt|env|toml|ini|cfg|conf)$/i.test(value);
}
