// The dependency model every ecosystem parser returns. One parser plug-in per ecosystem folder under
// `ecosystems/`, each behind `EcosystemParser`; nothing here reads files or the network.

export const ECOSYSTEMS = ["npm", "pypi", "go", "cargo", "maven", "rubygems", "packagist"] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

/** Where a dependency's version comes from. */
export type DependencySource = "registry" | "git" | "path" | "url" | "workspace";

export interface Dependency {
  ecosystem: Ecosystem;
  /** The registry name (`@scope/pkg`, `requests` normalised per PEP 503, `github.com/x/y`, `group:artifact`). */
  name: string;
  /** The exact resolved version, when the file pins one (lockfiles); absent for an unpinned manifest entry. */
  version?: string;
  /** The requirement as declared (`^1.2.0`, `>=2,<3`, `~> 7.1`), for manifests. */
  requirement?: string;
  /** Declared by the project itself, as opposed to pulled in by another dependency. Unknown: absent. */
  direct?: boolean;
  /** Only needed to develop or test (devDependencies, dev groups, test scope). */
  dev?: boolean;
  source: DependencySource;
  /** For npm aliases (`"x": "npm:real@1"`): the name the project imports it as. */
  alias?: string;
  /** Registry or VCS URL as written in the file, credentials removed. */
  resolved?: string;
  /** Integrity or checksum as written (`sha512-…`, `h1:…`, `sha256:…`). */
  integrity?: string;
  /** License as the file states it (lockfiles rarely do), not yet normalised. */
  license?: string;
  /** License the registry states for this package, when the file states none and the registry was asked. */
  registryLicense?: string;
  /** Package URL (purl spec), e.g. `pkg:npm/%40scope/pkg@1.2.3`. */
  purl: string;
  /** The file and 1-based line that declares or pins it, so a finding points at it. */
  path: string;
  line: number;
}

export interface ParseDiagnostic {
  path: string;
  line?: number;
  message: string;
}

export interface ParseResult {
  dependencies: Dependency[];
  /** Entries skipped or understood only in part; a malformed file is an error, not a diagnostic. */
  diagnostics: ParseDiagnostic[];
}

export interface EcosystemParser {
  ecosystem: Ecosystem;
  /** A name for messages: `package-lock.json`, `poetry.lock`. */
  name: string;
  /** Whether this parser reads the file at `path` (repository-relative, forward slashes). */
  matches(path: string): boolean;
  /**
   * Parses the text. A file that cannot be parsed at all throws a CustodyError with code
   * `lockfile-invalid` whose message names the file, the line when known, and what is wrong.
   */
  parse(path: string, text: string): ParseResult;
}
