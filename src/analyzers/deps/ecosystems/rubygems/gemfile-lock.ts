// Gemfile.lock (and gems.locked): Bundler's line format. Source sections (GEM, GIT, PATH) carry
// `remote:` and the like, then `specs:` with one gem per 4-space line (`name (version[-platform])`)
// and its own requirements at 6 spaces. DEPENDENCIES lists what the Gemfile declares (`name!` when
// it comes from a GIT or PATH source); CHECKSUMS, when present, one checksum per gem.

import type { Dependency, DependencySource, EcosystemParser, ParseResult } from "../../types.js";
import { atCapacity, cleanUrl, diagnostic, invalidFile, purl, rejectUnreadable } from "../npm/support.js";

const REMEDY = 'regenerate it with "bundle lock"';
const SOURCE_SECTIONS = new Set(["GEM", "GIT", "PATH", "PLUGIN SOURCE"]);
const OTHER_SECTIONS = new Set(["PLATFORMS", "DEPENDENCIES", "CHECKSUMS", "RUBY VERSION", "BUNDLED WITH"]);

const SECTION = /^[A-Z][A-Z ]*$/;
const ATTRIBUTE = /^ {2}([a-z_]+): ?(.*)$/;
const SPEC = /^ {4}([^\s(]+) \(([^)]+)\)$/;
const SPEC_DEPENDENCY = /^ {6}\S/;
// `name`, `name (>= 1, < 2)`, and either with `!` after when the gem has a non-default source.
const DECLARED = /^ {2}([^\s(!]+)(?: \(([^)]*)\))?(!)?$/;
const CHECKSUM = /^ {2}([^\s(]+) \(([^)]+)\)(?: (\S+))?$/;
const INDENTED_VALUE = /^ {2,3}\S/;

export function isVendored(path: string): boolean {
  return /(?:^|\/)vendor\/bundle\//.test(path);
}

export const gemfileLockParser: EcosystemParser = {
  ecosystem: "rubygems",
  name: "Gemfile.lock",
  matches: (path) => /(?:^|\/)(?:Gemfile\.lock|gems\.locked|[^/]+\.gemfile\.lock)$/.test(path) && !isVendored(path),
  parse: parseGemfileLock,
};

interface SourceBlock {
  kind: string;
  attributes: Map<string, string>;
  inSpecs: boolean;
}

interface Spec {
  name: string;
  version: string;
  platform?: string;
  block: SourceBlock;
  line: number;
}

interface Lockfile {
  specs: Spec[];
  declared: Map<string, string | undefined>;
  checksums: Map<string, string>;
  sawSource: boolean;
  unknownSections: { name: string; line: number }[];
}

export function parseGemfileLock(path: string, text: string): ParseResult {
  rejectUnreadable(path, text, "Gemfile.lock", REMEDY);
  const lock = readSections(path, text);
  const result: ParseResult = { dependencies: [], diagnostics: [] };
  for (const { name, line } of lock.unknownSections) result.diagnostics.push(diagnostic(path, line, `unknown section ${name}; it was skipped`));
  for (const spec of lock.specs) {
    if (atCapacity(result, path)) break;
    result.dependencies.push(lockedGem(path, spec, lock));
  }
  return result;
}

function readSections(path: string, text: string): Lockfile {
  const lock: Lockfile = { specs: [], declared: new Map(), checksums: new Map(), sawSource: false, unknownSections: [] };
  let section: string | undefined;
  let block: SourceBlock | undefined;
  const rows = text.split("\n");
  for (const [index, row] of rows.entries()) {
    const raw = row.endsWith("\r") ? row.slice(0, -1) : row;
    const line = index + 1;
    if (raw.trim() === "") continue;
    if (SECTION.test(raw)) {
      section = raw;
      block = SOURCE_SECTIONS.has(raw) ? { kind: raw, attributes: new Map(), inSpecs: false } : undefined;
      if (block !== undefined) lock.sawSource = true;
      else if (!OTHER_SECTIONS.has(raw)) lock.unknownSections.push({ name: raw, line });
      continue;
    }
    if (section === undefined || !raw.startsWith(" ")) {
      throw invalidFile(path, line, `unexpected text ${excerpt(raw)} where a section such as GEM or DEPENDENCIES should start`, REMEDY);
    }
    if (block !== undefined) readSourceLine(path, line, raw, block, lock);
    else if (section === "DEPENDENCIES") readDeclared(path, line, raw, lock);
    else if (section === "CHECKSUMS") readChecksum(raw, lock);
    else if (OTHER_SECTIONS.has(section) && !INDENTED_VALUE.test(raw)) {
      throw invalidFile(path, line, `unexpected indentation in the ${section} section`, REMEDY);
    }
  }
  if (!lock.sawSource) throw invalidFile(path, 1, "not a Gemfile.lock: there is no GEM, GIT or PATH section", REMEDY);
  return lock;
}

function readSourceLine(path: string, line: number, raw: string, block: SourceBlock, lock: Lockfile): void {
  if (raw === "  specs:") {
    block.inSpecs = true;
    return;
  }
  const attribute = ATTRIBUTE.exec(raw);
  if (attribute?.[1] !== undefined && !block.inSpecs) {
    // GEM sections of old lockfiles repeat `remote:` once per source; the first is the main one.
    if (!block.attributes.has(attribute[1])) block.attributes.set(attribute[1], attribute[2] ?? "");
    return;
  }
  if (block.inSpecs && SPEC_DEPENDENCY.test(raw)) return;
  const spec = SPEC.exec(raw);
  if (block.inSpecs && spec?.[1] !== undefined && spec[2] !== undefined) {
    // Bundler's own split: a version holds no `-`, so what follows the first one is the platform.
    const dash = spec[2].indexOf("-");
    const entry: Spec = { name: spec[1], version: dash === -1 ? spec[2] : spec[2].slice(0, dash), block, line };
    if (dash !== -1) entry.platform = spec[2].slice(dash + 1);
    lock.specs.push(entry);
    return;
  }
  throw invalidFile(path, line, `unexpected line ${excerpt(raw)} in the ${block.kind} section`, REMEDY);
}

function readDeclared(path: string, line: number, raw: string, lock: Lockfile): void {
  const declared = DECLARED.exec(raw);
  if (declared?.[1] === undefined) throw invalidFile(path, line, `unexpected line ${excerpt(raw)} in the DEPENDENCIES section`, REMEDY);
  lock.declared.set(declared[1], declared[2]);
}

function readChecksum(raw: string, lock: Lockfile): void {
  const checksum = CHECKSUM.exec(raw);
  // A gem whose checksum Bundler could not compute is listed without one.
  if (checksum?.[1] === undefined || checksum[2] === undefined || checksum[3] === undefined) return;
  lock.checksums.set(`${checksum[1]} (${checksum[2]})`, checksum[3]);
}

function excerpt(raw: string): string {
  const trimmed = raw.trim();
  return JSON.stringify(trimmed.length > 60 ? `${trimmed.slice(0, 60)}…` : trimmed);
}

const SOURCE_OF: Readonly<Record<string, DependencySource>> = { GEM: "registry", GIT: "git", PATH: "path", "PLUGIN SOURCE": "registry" };

function lockedGem(path: string, spec: Spec, lock: Lockfile): Dependency {
  const qualifiers: Record<string, string> = spec.platform === undefined ? {} : { platform: spec.platform };
  const source = SOURCE_OF[spec.block.kind] ?? "registry";
  const dependency: Dependency = {
    ecosystem: "rubygems",
    name: spec.name,
    version: spec.version,
    direct: lock.declared.has(spec.name),
    source,
    purl: purl("gem", undefined, spec.name, spec.version, qualifiers),
    path,
    line: spec.line,
  };
  const requirement = lock.declared.get(spec.name);
  if (requirement !== undefined) dependency.requirement = requirement;
  const resolved = resolvedOf(spec.block, source);
  if (resolved !== undefined) dependency.resolved = resolved;
  const full = spec.platform === undefined ? spec.version : `${spec.version}-${spec.platform}`;
  const checksum = lock.checksums.get(`${spec.name} (${full})`);
  if (checksum !== undefined) dependency.integrity = checksum;
  return dependency;
}

function resolvedOf(block: SourceBlock, source: DependencySource): string | undefined {
  const remote = block.attributes.get("remote");
  if (remote === undefined || remote === "") return undefined;
  if (source === "path") return remote;
  const revision = block.attributes.get("revision");
  if (source === "git" && revision !== undefined) return cleanUrl(`${remote}#${revision}`);
  return cleanUrl(remote);
}
