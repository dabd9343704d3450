// pip requirements files (`requirements*.txt`, pip-tools `*.in`). Each logical line (with `\`
// continuations joined) is a PEP 508 specifier, a URL or path, or an option. Options that point at
// other files (`-r`, `-c`) are reported, never followed: Custody reads only the file it was given.
import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, capDiagnostic, checkText, cleanUrl, guarded, insideFolder, MAX_ENTRIES } from "../cargo/common.js";
import { INSTALLED_COPIES, normalizeName, pypiPurl } from "./names.js";
import { parseRequirement, pinnedVersion, splitLocation } from "./pep508.js";

interface LogicalLine {
  text: string;
  comment: string;
  line: number;
}

/** Options that stand on their own line and apply to the whole file. */
const GLOBAL_OPTIONS = new Set([
  "-i", "--index-url", "--extra-index-url", "--no-index", "-f", "--find-links", "--trusted-host",
  "--pre", "--prefer-binary", "--require-hashes", "--only-binary", "--no-binary", "--use-feature",
]);
const INCLUDE_OPTIONS = new Map([
  ["-r", "requirements"], ["--requirement", "requirements"], ["-c", "constraints"], ["--constraint", "constraints"],
]);
const EDITABLE_OPTIONS = new Set(["-e", "--editable"]);
/** Options that may follow a requirement on its line. */
const PER_REQUIREMENT_OPTION = /\s--(?:hash|config-settings|global-option|install-option)\b/;

export const requirementsParser: EcosystemParser = {
  ecosystem: "pypi",
  name: "requirements.txt",
  matches: (path) => isRequirementsPath(path) && !insideFolder(path, INSTALLED_COPIES),
  parse: guarded("requirements file", parseRequirementsFile),
};

/** `requirements.txt`, `requirements-dev.txt`, `dev-requirements.in`, `requirements/base.txt`. */
function isRequirementsPath(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (!/\.(?:txt|in)$/.test(name)) return false;
  return name.includes("requirements") || /(?:^|\/)requirements\/[^/]+$/.test(path.toLowerCase());
}

/** Whether the file, by its name, lists only development tools (`requirements-dev.txt`, `requirements/test.txt`). */
function isDevFile(path: string): boolean {
  const stem = baseName(path).toLowerCase().replace(/\.(?:txt|in)$/, "");
  return /(?:^|[-_.])(?:dev|develop|development|test|tests|testing|lint|docs)(?:[-_.]|$)/.test(stem);
}

function parseRequirementsFile(path: string, text: string): ParseResult {
  const body = checkText(path, text, "requirements file");
  const dev = isDevFile(path);
  const dependencies: Dependency[] = [];
  const diagnostics: ParseDiagnostic[] = [];
  // pip-compile output says where each pin comes from: `# via -r requirements.in` marks a direct one.
  const via = new Map<Dependency, string[]>();
  let current: Dependency | undefined;
  let indexUrl: string | undefined;
  for (const logical of logicalLines(body)) {
    if (logical.text === "") {
      const annotation = /^via\b\s*(.*)$/.exec(logical.comment);
      if (annotation !== null && current !== undefined) via.set(current, [annotation[1] ?? ""]);
      else if (current !== undefined && via.has(current) && logical.comment !== "") via.get(current)?.push(logical.comment);
      continue;
    }
    current = undefined;
    if (dependencies.length + diagnostics.length >= MAX_ENTRIES) {
      diagnostics.push(capDiagnostic(path, logical.line));
      break;
    }
    if (logical.text.startsWith("-")) {
      const option = readOption(path, logical, diagnostics);
      if (option.indexUrl !== undefined) indexUrl = option.indexUrl;
      if (option.dependency === undefined) continue;
      // An editable checkout carries pip-compile's `# via` annotation like any other pin.
      current = { ...option.dependency, dev };
      dependencies.push(current);
      continue;
    }
    const dependency = readRequirementLine(path, logical, diagnostics, indexUrl);
    if (dependency === undefined) continue;
    current = { ...dependency, dev };
    dependencies.push(current);
    const inline = /^via\b\s*(.*)$/.exec(logical.comment);
    if (inline !== null) via.set(current, [inline[1] ?? ""]);
  }
  if (via.size > 0) {
    for (const dependency of dependencies) {
      const sources = via.get(dependency);
      if (sources === undefined) delete dependency.direct;
      else dependency.direct = sources.some((source) => /(?:^|\s)-r\s/.test(source));
    }
  }
  return { dependencies, diagnostics };
}

/** Joins `\` continuations and splits off comments; `line` is where the logical line starts. */
function* logicalLines(text: string): Generator<LogicalLine> {
  const physical = text.split("\n");
  for (let index = 0; index < physical.length; index++) {
    const start = index + 1;
    const parts: string[] = [];
    let part = (physical[index] ?? "").replace(/\r$/, "");
    while (part.endsWith("\\") && index + 1 < physical.length) {
      parts.push(part.slice(0, -1));
      index++;
      part = (physical[index] ?? "").replace(/\r$/, "");
    }
    parts.push(part.endsWith("\\") ? part.slice(0, -1) : part);
    const joined = parts.join(" ");
    // A `#` starts a comment only at the start or after whitespace, so `#egg=` and `#sha256=` in URLs survive.
    const hash = /(?:^|\s)#/.exec(joined);
    const content = hash === null ? joined : joined.slice(0, hash.index);
    const comment = hash === null ? "" : joined.slice(hash.index).replace(/^\s*#\s*/, "").trim();
    yield { text: content.trim(), comment, line: start };
  }
}

function splitOption(text: string): { name: string; value: string } {
  const match = /^(--?[A-Za-z-]+)(?:=|\s+)?(.*)$/.exec(text);
  return { name: match?.[1] ?? text, value: (match?.[2] ?? "").trim() };
}

function readOption(
  path: string,
  logical: LogicalLine,
  diagnostics: ParseDiagnostic[],
): { dependency?: Dependency; indexUrl?: string } {
  const { name, value } = splitOption(logical.text);
  const line = logical.line;
  const include = INCLUDE_OPTIONS.get(name);
  if (include !== undefined) {
    diagnostics.push({ path, line, message: `includes ${include} from ${value || "(no file)"}; that file is read on its own when it is scanned` });
    return {};
  }
  if (EDITABLE_OPTIONS.has(name)) return readEditable(path, line, value, diagnostics);
  if ((name === "-i" || name === "--index-url") && value !== "") return { indexUrl: cleanUrl(value) };
  if (GLOBAL_OPTIONS.has(name)) return {};
  diagnostics.push({ path, line, message: `unknown option ${name}; line ignored` });
  return {};
}

function readEditable(path: string, line: number, target: string, diagnostics: ParseDiagnostic[]): { dependency?: Dependency } {
  const fromUrl = isUrl(target) ? urlDependency(path, line, target, undefined) : undefined;
  if (fromUrl !== undefined) return { dependency: fromUrl };
  diagnostics.push({ path, line, message: `editable install of ${target || "(nothing)"}: the package name is not written here; not listed` });
  return {};
}

function isUrl(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text) || text.startsWith("file:");
}

function isLocalPath(text: string): boolean {
  return /^(?:\.{1,2}[/\\]|[/\\]|~|[A-Za-z]:[/\\])/.test(text) || /\.(?:whl|tar\.gz|tgz|tar\.bz2|zip)$/i.test(text);
}

function sourceOfUrl(url: string): DependencySource {
  if (/^git\+/i.test(url)) return "git";
  if (/^file:/i.test(url)) return "path";
  return "url";
}

/** Name and version from a wheel (`name-1.0-py3-none-any.whl`) or sdist (`name-1.0.tar.gz`) file name. */
function archiveName(location: string): { name: string; version?: string } | undefined {
  const raw = location.replace(/[?#].*$/, "").split("/").pop() ?? "";
  let file = raw;
  try {
    file = decodeURIComponent(raw);
  } catch {
    // A stray `%` is not an escape; keep the name as written.
  }
  const wheel = /^([^-]+)-([^-]+)-.+\.whl$/i.exec(file);
  if (wheel?.[1] !== undefined) return { name: wheel[1], ...(wheel[2] === undefined ? {} : { version: wheel[2] }) };
  const sdist = /^(.+?)-(\d[^-]*)\.(?:tar\.gz|tgz|tar\.bz2|zip)$/i.exec(file);
  if (sdist?.[1] !== undefined) return { name: sdist[1], ...(sdist[2] === undefined ? {} : { version: sdist[2] }) };
  return undefined;
}

/** pip also checks a hash given in the URL fragment (`#sha256=…`, possibly after `egg=…&`), as `sha256:…`. */
function hashInFragment(url: string): string | undefined {
  const hash = url.indexOf("#");
  if (hash === -1) return undefined;
  for (const pair of url.slice(hash + 1).split("&")) {
    const match = /^(sha256|sha384|sha512)=([0-9a-f]+)$/i.exec(pair);
    if (match?.[1] !== undefined && match[2] !== undefined) return `${match[1].toLowerCase()}:${match[2]}`;
  }
  return undefined;
}

/** A dependency given by URL, named by `#egg=` or by the archive's file name. */
function urlDependency(path: string, line: number, url: string, declaredName: string | undefined): Dependency | undefined {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(url)?.[1];
  const archive = archiveName(url);
  const rawName = declaredName ?? egg ?? archive?.name;
  if (rawName === undefined) return undefined;
  const name = normalizeName(rawName);
  const version = archive !== undefined && normalizeName(archive.name) === name ? archive.version : undefined;
  const fragmentHash = hashInFragment(url);
  return {
    ecosystem: "pypi",
    name,
    ...(version === undefined ? {} : { version }),
    direct: true,
    source: sourceOfUrl(url),
    resolved: cleanUrl(url),
    ...(fragmentHash === undefined ? {} : { integrity: fragmentHash }),
    purl: pypiPurl(name, version),
    path,
    line,
  };
}

function readRequirementLine(path: string, logical: LogicalLine, diagnostics: ParseDiagnostic[], indexUrl: string | undefined): Dependency | undefined {
  const { line } = logical;
  const optionAt = PER_REQUIREMENT_OPTION.exec(logical.text);
  const spec = optionAt === null ? logical.text : logical.text.slice(0, optionAt.index);
  const options = optionAt === null ? "" : logical.text.slice(optionAt.index);
  const hashes = [...options.matchAll(/--hash(?:=|\s+)(\S+)/g)].map((match) => match[1] ?? "");
  const integrity = hashes.length > 0 ? { integrity: hashes.join(" ") } : {};

  // A bare URL or archive path, optionally followed by `; marker`.
  const { location } = splitLocation(spec);
  if (isUrl(location) || isLocalPath(location)) {
    const dependency = isUrl(location) ? urlDependency(path, line, location, undefined) : localArchive(path, line, location);
    if (dependency === undefined) diagnostics.push({ path, line, message: `${location}: the package name cannot be told from the URL or path; not listed` });
    return dependency === undefined ? undefined : { ...dependency, ...integrity };
  }
  const requirement = parseRequirement(spec);
  if (requirement === undefined) {
    diagnostics.push({ path, line, message: `"${spec.slice(0, 120)}" is not a requirement pip understands; line ignored` });
    return undefined;
  }
  const name = normalizeName(requirement.name);
  if (requirement.url !== undefined) {
    const dependency = urlDependency(path, line, requirement.url, requirement.name);
    return dependency === undefined ? undefined : { ...dependency, ...integrity };
  }
  const version = pinnedVersion(requirement.specifier);
  return {
    ecosystem: "pypi",
    name,
    ...(version === undefined ? {} : { version }),
    ...(requirement.specifier === "" ? {} : { requirement: requirement.specifier }),
    direct: true,
    source: "registry",
    ...(indexUrl === undefined ? {} : { resolved: indexUrl }),
    ...integrity,
    purl: pypiPurl(name, version),
    path,
    line,
  };
}

function localArchive(path: string, line: number, location: string): Dependency | undefined {
  const archive = archiveName(location);
  if (archive === undefined) return undefined;
  const name = normalizeName(archive.name);
  return {
    ecosystem: "pypi",
    name,
    ...(archive.version === undefined ? {} : { version: archive.version }),
    direct: true,
    source: "path",
    resolved: location,
    purl: pypiPurl(name, archive.version),
    path,
    line,
  };
}
