// What an npm dependency spec (`^1.2.0`, `npm:real@1`, `github:x/y`, `file:../z`, a tarball URL)
// says about where the package comes from. package.json, lockfile roots, pnpm importers and Yarn
// descriptors all use these forms; the package managers resolve them, Custody only classifies.

import { validRange } from "semver";
import type { DependencySource } from "../../types.js";
import { cleanUrl, purl } from "./support.js";

export interface NpmSpec {
  source: DependencySource;
  /** For an `npm:` alias, the registry name actually installed. */
  target?: string;
  /** The range or tag (alias part removed), or the path, URL or git reference (credentials removed). */
  requirement: string;
}

const HOSTED_SHORTCUT = /^(?:github|gitlab|bitbucket|gist):/i;
const GIT_PROTOCOL = /^git(?:\+[a-z]+)?:/i;
// `git@github.com:owner/repo.git`, the scp-like form git itself accepts.
const SCP_LIKE = /^[\w.-]+@[\w.-]+:(?!\/\/)/;
// `owner/repo` or `owner/repo#ref`: a package name holds a slash only after an `@scope`.
const GITHUB_SHORTHAND = /^[\w.-]+\/[\w.-]+(?:#.*)?$/;
const LOCAL = /^(?:file:|link:|portal:|exec:|\.\.?(?:[/\\]|$)|\/|~[/\\]|[a-z]:[/\\])/i;
const HOSTS_OF_GIT = new Set(["github.com", "gitlab.com", "bitbucket.org"]);

export interface SpecOptions {
  /**
   * Yarn Berry writes plain ranges as `npm:^1.2.0` and tags as `npm:latest`, where npm reads
   * `npm:latest` as an alias of the package `latest`.
   */
  npmProtocolIsRange?: boolean;
}

export function classifySpec(spec: string, options: SpecOptions = {}): NpmSpec {
  const trimmed = spec.trim();
  if (trimmed.startsWith("npm:")) return aliasSpec(trimmed.slice(4), options);
  if (trimmed.startsWith("workspace:")) return { source: "workspace", requirement: trimmed };
  if (LOCAL.test(trimmed)) return { source: "path", requirement: trimmed };
  if (HOSTED_SHORTCUT.test(trimmed) || GIT_PROTOCOL.test(trimmed) || SCP_LIKE.test(trimmed) || GITHUB_SHORTHAND.test(trimmed)) {
    return { source: "git", requirement: cleanUrl(trimmed) };
  }
  if (/^https?:\/\//i.test(trimmed)) return { source: isGitUrl(trimmed) ? "git" : "url", requirement: cleanUrl(trimmed) };
  return { source: "registry", requirement: trimmed === "" ? "*" : trimmed };
}

function aliasSpec(rest: string, options: SpecOptions): NpmSpec {
  if (validRange(rest) !== null) return { source: "registry", requirement: rest };
  const at = rest.indexOf("@", rest.startsWith("@") ? 1 : 0);
  if (at === -1) {
    if (options.npmProtocolIsRange === true) return { source: "registry", requirement: rest };
    // npm installs the `latest` tag of a bare `npm:name`.
    return { source: "registry", target: rest, requirement: "latest" };
  }
  const range = rest.slice(at + 1);
  return { source: "registry", target: rest.slice(0, at), requirement: range === "" ? "latest" : range };
}

/** An http(s) URL that names a repository rather than a tarball. */
function isGitUrl(url: string): boolean {
  const withoutFragment = url.split("#", 1)[0] ?? url;
  if (/\.git\/?$/i.test(withoutFragment)) return true;
  let parsed: URL;
  try {
    parsed = new URL(withoutFragment);
  } catch {
    return false;
  }
  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  return HOSTS_OF_GIT.has(parsed.hostname.toLowerCase()) && segments.length === 2;
}

/** Whether a resolved URL is a GitHub/GitLab/Bitbucket archive of a commit, which git specs resolve to. */
export function isGitArchiveUrl(url: string): boolean {
  return /^https?:\/\/(?:codeload\.github\.com|gitlab\.com\/[^#]*\/-\/archive|bitbucket\.org\/[^#]*\/get)\//i.test(url);
}

/** Whether a tarball URL has the registry layout `…/<name>/-/<file>.tgz`. */
export function isRegistryTarball(url: string, name: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  const path = url.split(/[?#]/, 1)[0] ?? url;
  const encoded = name.replace("/", "%2f");
  const lower = path.toLowerCase();
  return lower.includes(`/${name.toLowerCase()}/-/`) || lower.includes(`/${encoded.toLowerCase()}/-/`);
}

/** `@scope/name` → `pkg:npm/%40scope/name@1.0.0`; npm names are lower-case in purls. */
export function npmPurl(name: string, version?: string): string {
  const lower = name.toLowerCase();
  const slash = lower.indexOf("/");
  if (lower.startsWith("@") && slash !== -1) return purl("npm", lower.slice(0, slash), lower.slice(slash + 1), version);
  return purl("npm", undefined, lower, version);
}

/** Splits `name@rest` where the name may be `@scope/name`; undefined when there is no `@`. */
export function splitAtName(value: string): { name: string; rest: string } | undefined {
  const at = value.indexOf("@", value.startsWith("@") ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: value.slice(0, at), rest: value.slice(at + 1) };
}
