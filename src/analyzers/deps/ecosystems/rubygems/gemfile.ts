// Gemfile (and gems.rb): the gems a project declares, read line by line without running Ruby.
// `gem` statements give the name and requirements; `group`, `platforms`, `git`, `path` and
// `source` blocks and the `group:`/`git:`/`github:`/`path:`/`source:` options say which group a
// gem belongs to and where it comes from. What only evaluation could tell (a computed name,
// `gemspec`, `eval_gemfile`) is reported as a diagnostic.

import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { atCapacity, cleanUrl, diagnostic, invalidFile, purl, rejectUnreadable } from "../npm/support.js";
import { isVendored } from "./gemfile-lock.js";
import { continues, namesOf, parseCall, stripComment } from "./ruby-args.js";
import type { Call, RubyValue } from "./ruby-args.js";

const REMEDY = "fix the Gemfile so that Ruby can load it";
const DEV_GROUPS = new Set(["development", "test"]);
/** A `gem` statement spread over more lines than this is read only this far. */
const MAX_STATEMENT_LINES = 50;
/** Blocks nest rarely past three; deeper is unreadable input, not a Gemfile. */
const MAX_BLOCKS = 64;

const HOSTED: Readonly<Record<string, (repo: string) => string>> = {
  github: (repo) => `https://github.com/${repo.includes("/") ? repo : `${repo}/${repo}`}.git`,
  gitlab: (repo) => `https://gitlab.com/${repo.includes("/") ? repo : `${repo}/${repo}`}.git`,
  bitbucket: (repo) => `https://bitbucket.org/${repo.includes("/") ? repo : `${repo}/${repo}`}.git`,
  gist: (id) => `https://gist.github.com/${id}.git`,
};

export const gemfileParser: EcosystemParser = {
  ecosystem: "rubygems",
  name: "Gemfile",
  matches: (path) => /(?:^|\/)(?:Gemfile|gems\.rb|[^/]+\.gemfile)$/.test(path) && !isVendored(path),
  parse: parseGemfile,
};

interface Block {
  groups: string[];
  source?: DependencySource;
  resolved?: string;
}

interface Statement {
  text: string;
  line: number;
}

interface State {
  path: string;
  blocks: Block[];
  /** Option names `git_source(:name)` defined, beyond the built-in github/gitlab/bitbucket/gist. */
  gitSources: Set<string>;
  result: ParseResult;
}

export function parseGemfile(path: string, text: string): ParseResult {
  rejectUnreadable(path, text, "Gemfile", REMEDY);
  const state: State = { path, blocks: [], gitSources: new Set(), result: { dependencies: [], diagnostics: [] } };
  for (const statement of statements(text)) {
    if (atCapacity(state.result, path)) break;
    readStatement(state, statement);
  }
  return state.result;
}

/** Logical statements with their first line; heredoc bodies and `=begin` comments are skipped. */
function statements(text: string): Statement[] {
  const rows = text.split("\n").map((row) => (row.endsWith("\r") ? row.slice(0, -1) : row));
  const found: Statement[] = [];
  let heredoc: string | undefined;
  let blockComment = false;
  for (let index = 0; index < rows.length; index += 1) {
    const raw = rows[index] ?? "";
    if (blockComment) {
      if (raw.startsWith("=end")) blockComment = false;
      continue;
    }
    if (heredoc !== undefined) {
      if (raw.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (raw.startsWith("=begin")) {
      blockComment = true;
      continue;
    }
    if (raw.trim() === "__END__") break;
    let statement = stripComment(raw).trim();
    const line = index + 1;
    let joined = 1;
    while (continues(statement) && joined < MAX_STATEMENT_LINES && index + 1 < rows.length) {
      index += 1;
      joined += 1;
      statement = `${statement} ${stripComment(rows[index] ?? "").trim()}`;
    }
    heredoc = /<<[~-]?(['"]?)([A-Z_]+)\1/.exec(statement)?.[2];
    if (statement !== "") found.push({ text: statement, line });
  }
  return found;
}

const OPENERS = /^(?:if|unless|case|while|until|begin|def|class|module)\b/;

function readStatement(state: State, statement: Statement): void {
  const { text, line } = statement;
  if (/^end\b/.test(text)) {
    state.blocks.pop();
    return;
  }
  if (OPENERS.test(text) && !/\bend$/.test(text)) {
    pushBlock(state, line, { groups: [] });
    return;
  }
  const call = parseCall(text);
  if (call === undefined) {
    if (/\bdo(?:\s*\|[^|]*\|)?$/.test(text)) pushBlock(state, line, { groups: [] });
    return;
  }
  switch (call.method) {
    case "gem":
      readGem(state, line, call);
      break;
    case "git_source":
      for (const name of namesOf(call.positional[0])) state.gitSources.add(name);
      break;
    case "gemspec":
      note(state, line, "gemspec: the gems the .gemspec declares are not read from the Gemfile");
      break;
    case "eval_gemfile":
    case "instance_eval":
    case "eval":
      note(state, line, `${call.method}: the gems of the evaluated file are not read from here`);
      break;
    default:
      break;
  }
  if (call.opensBlock) pushBlock(state, line, blockFor(state, call));
}

function pushBlock(state: State, line: number, block: Block): void {
  if (state.blocks.length >= MAX_BLOCKS) {
    throw invalidFile(state.path, line, `blocks nested deeper than ${MAX_BLOCKS} levels`, REMEDY);
  }
  state.blocks.push(block);
}

function blockFor(state: State, call: Call): Block {
  const first = call.positional[0];
  switch (call.method) {
    case "group":
      return { groups: call.positional.flatMap(namesOf) };
    case "git":
    case "path":
    case "source": {
      const url = first?.kind === "string" ? first.value : undefined;
      const source: DependencySource = call.method === "git" ? "git" : call.method === "path" ? "path" : "registry";
      return url === undefined ? { groups: [], source } : { groups: [], source, resolved: call.method === "path" ? url : cleanUrl(url) };
    }
    default: {
      const expand = HOSTED[call.method];
      if (expand !== undefined && first?.kind === "string") return { groups: [], source: "git", resolved: expand(first.value) };
      if (state.gitSources.has(call.method)) return { groups: [], source: "git" };
      return { groups: [] };
    }
  }
}

function readGem(state: State, line: number, call: Call): void {
  const [first, ...requirements] = call.positional;
  if (first?.kind !== "string") {
    note(state, line, `gem name ${describe(first)} is computed, not written; the entry was skipped`);
    return;
  }
  const name = first.value;
  const written: string[] = [];
  for (const requirement of requirements) {
    if (requirement.kind === "string") written.push(requirement.value);
    else note(state, line, `gem "${name}": requirement ${describe(requirement)} is computed, not written; it was left out`);
  }
  const groups = [...state.blocks.flatMap((b) => b.groups), ...namesOf(call.options.get("group")), ...namesOf(call.options.get("groups"))];
  const origin = originOf(state, call);
  const dependency: Dependency = {
    ecosystem: "rubygems",
    name,
    direct: true,
    dev: groups.length > 0 && groups.every((g) => DEV_GROUPS.has(g)),
    source: origin.source,
    purl: purl("gem", undefined, name),
    path: state.path,
    line,
  };
  if (written.length > 0) dependency.requirement = written.join(", ");
  if (origin.resolved !== undefined) dependency.resolved = origin.resolved;
  state.result.dependencies.push(dependency);
}

/** Where a gem comes from: its own options first, then the innermost enclosing source block. */
function originOf(state: State, call: Call): { source: DependencySource; resolved?: string } {
  const option = (key: string): string | undefined => {
    const value = call.options.get(key);
    return value?.kind === "string" ? value.value : undefined;
  };
  const ref = option("ref") ?? option("tag") ?? option("branch");
  const withRef = (url: string): string => cleanUrl(ref === undefined ? url : `${url}#${ref}`);
  const git = option("git");
  if (git !== undefined) return { source: "git", resolved: withRef(git) };
  for (const [key, expand] of Object.entries(HOSTED)) {
    const repo = option(key);
    if (repo !== undefined) return { source: "git", resolved: withRef(expand(repo)) };
  }
  for (const key of state.gitSources) if (call.options.has(key)) return { source: "git" };
  const path = option("path");
  if (path !== undefined) return { source: "path", resolved: path };
  const source = option("source");
  if (source !== undefined) return { source: "registry", resolved: cleanUrl(source) };
  for (let i = state.blocks.length - 1; i >= 0; i -= 1) {
    const block = state.blocks[i];
    if (block?.source === undefined) continue;
    return block.resolved === undefined ? { source: block.source } : { source: block.source, resolved: block.resolved };
  }
  return { source: "registry" };
}

function note(state: State, line: number, message: string): void {
  const entry: ParseDiagnostic = diagnostic(state.path, line, message);
  state.result.diagnostics.push(entry);
}

function describe(value: RubyValue | undefined): string {
  if (value === undefined) return "(missing)";
  if (value.kind === "dynamic") return `\`${value.text.length > 60 ? `${value.text.slice(0, 60)}…` : value.text}\``;
  if (value.kind === "list") return `[${value.values.join(", ")}]`;
  return `\`${value.value}\``;
}
