// MCP server definitions: how each server is started or reached, and what it is given. The same
// shape appears under `mcpServers` (Claude Code, Cursor, Gemini CLI, Roo, Kiro, Continue),
// `servers` (VS Code) and `mcp_servers` (Codex).
import { defaultSecretScanner, maskSecret, shannonEntropy } from "../secrets/index.js";
import { isLoopbackHost } from "./commands.js";
import { at, entriesOf, isTrue, itemsOf, stringOf } from "./config-tree.js";
import type { ConfigNode } from "./config-tree.js";
import { dangerousCommand } from "./directive-patterns.js";
import type { SettingIssue } from "./findings.js";
import { APPROVALS_DISABLED_RULE, MCP_INLINE_SECRET_RULE, MCP_INSECURE_TRANSPORT_RULE, MCP_UNPINNED_RULE } from "./rules.js";

export interface McpServer {
  name: string;
  /** Dotted path of the server in the file, for evidence: `mcpServers.github`. */
  path: string;
  node: ConfigNode;
}

/** Every server definition in a configuration tree. */
export function mcpServers(root: ConfigNode, allowServersKey: boolean): McpServer[] {
  const servers: McpServer[] = [];
  const keys = ["mcpServers", "mcp_servers", ...(allowServersKey ? ["servers"] : [])];
  for (const key of keys) {
    const container = at(root, key);
    for (const entry of entriesOf(container)) servers.push({ name: entry.key, path: `${key}.${entry.key}`, node: entry.value });
    // Continue lists servers, each with a `name`.
    itemsOf(container).forEach((item, index) => {
      const name = stringOf(at(item, "name")) ?? String(index);
      servers.push({ name, path: `${key}[${index}]`, node: item });
    });
  }
  return servers.filter((s) => s.node.kind === "map");
}

// --- Launch commands ---

interface Word {
  text: string;
  node: ConfigNode;
}

/** The command line as words, each tied to the node it came from for the finding's location. */
function launchWords(server: ConfigNode): Word[] {
  const command = at(server, "command");
  const commandText = stringOf(command);
  if (command === undefined || commandText === undefined) return [];
  const args = itemsOf(at(server, "args")).flatMap((node) => {
    const text = stringOf(node);
    return text === undefined ? [] : [{ text, node }];
  });
  // Some configurations put the whole command line in `command`.
  const head = commandText.trim().split(/\s+/).map((text) => ({ text, node: command }));
  return [...head, ...args];
}

function programName(word: string): string {
  return (word.split(/[\\/]/).at(-1) ?? word).replace(/\.(?:cmd|exe|bat|ps1)$/i, "").toLowerCase();
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/;

/** Whether an npm package spec names an exact version (or a commit). */
function npmSpecPinned(spec: string): boolean {
  if (/^(?:\.{0,2}\/|file:|[A-Za-z]:\\)/.test(spec)) return true;
  if (/^(?:git\+|github:|https?:)/.test(spec)) return /#[0-9a-f]{7,40}$/.test(spec);
  const at = spec.lastIndexOf("@");
  if (at <= 0) return false;
  return EXACT_VERSION.test(spec.slice(at + 1));
}

/** Whether a Python package spec names an exact version (or a commit). */
function pySpecPinned(spec: string): boolean {
  if (/^(?:\.{0,2}\/|file:)/.test(spec)) return true;
  if (/^git\+/.test(spec)) return /@[0-9a-f]{7,40}$/.test(spec);
  return /===?\s*v?\d+(?:\.\d+)*(?:[\w.+-]*)$/.test(spec) || /@v?\d+\.\d+(?:\.\d+)?$/.test(spec);
}

/** The first word after `from` that is not an option, honouring options that take a value. */
function firstOperand(words: readonly Word[], from: number, valued: ReadonlySet<string>): number {
  for (let i = from; i < words.length; i += 1) {
    const text = words[i]?.text ?? "";
    if (!text.startsWith("-")) return i;
    if (valued.has(text)) i += 1;
  }
  return -1;
}

const NPX_VALUED: ReadonlySet<string> = new Set(["-p", "--package", "-c", "--call", "--registry", "--cache", "--prefix"]);
const UVX_VALUED: ReadonlySet<string> = new Set(["--python", "-p", "--with", "--index", "--index-url", "--extra-index-url", "--constraint", "-c"]);
const DOCKER_VALUED: ReadonlySet<string> = new Set([
  "-e", "--env", "--env-file", "-v", "--volume", "--mount", "--name", "--network", "--net", "-p", "--publish", "-w", "--workdir",
  "-u", "--user", "-l", "--label", "--entrypoint", "--add-host", "--platform", "-m", "--memory", "--cpus", "--pull", "--cap-add",
  "--cap-drop", "--security-opt", "--device", "-h", "--hostname", "--ulimit", "--shm-size", "--tmpfs", "--restart", "--log-driver",
]);

interface Unpinned {
  word: Word;
  reason: string;
}

/** `npx -p pkg cmd` and `npx --package=pkg cmd` name the package apart from the command. */
function explicitPackage(words: readonly Word[], from: number): Word | undefined {
  for (const [i, word] of words.entries()) {
    if (i < from) continue;
    if (word.text === "-p" || word.text === "--package") return words[i + 1];
    if (word.text.startsWith("--package=")) return { text: word.text.slice("--package=".length), node: word.node };
  }
  return undefined;
}

function npmRunner(words: readonly Word[], from: number, runner: string): Unpinned | undefined {
  const explicit = explicitPackage(words, from);
  const index = firstOperand(words, from, NPX_VALUED);
  const word = explicit ?? (index === -1 ? undefined : words[index]);
  if (!word || npmSpecPinned(word.text)) return undefined;
  const version = word.text.lastIndexOf("@") > 0 ? word.text.slice(word.text.lastIndexOf("@") + 1) : "";
  const why = version ? `the tag or range \`${version}\` moves` : "no version is given";
  return { word, reason: `\`${runner} ${word.text}\` runs whatever version the registry serves at start-up (${why})` };
}

/** The package or image an MCP launch command fetches without pinning it, if any. */
export function unpinnedLaunch(words: readonly Word[]): Unpinned | undefined {
  const program = programName(words[0]?.text ?? "");
  const sub = words[1]?.text ?? "";
  if (program === "npx" || program === "bunx" || program === "pnpx") return npmRunner(words, 1, program);
  if ((program === "npm" && (sub === "exec" || sub === "x")) || (program === "bun" && sub === "x")) return npmRunner(words, 2, `${program} ${sub}`);
  if ((program === "pnpm" || program === "yarn") && sub === "dlx") return npmRunner(words, 2, `${program} dlx`);
  const uvTool = program === "uv" && sub === "tool" && words[2]?.text === "run";
  if (program === "uvx" || uvTool || (program === "pipx" && sub === "run")) {
    const from = program === "uvx" ? 1 : uvTool ? 3 : 2;
    const fromIndex = words.findIndex((w, i) => i >= from && (w.text === "--from" || w.text === "--spec"));
    const index = fromIndex !== -1 ? fromIndex + 1 : firstOperand(words, from, UVX_VALUED);
    const word = index === -1 ? undefined : words[index];
    if (!word || pySpecPinned(word.text)) return undefined;
    return { word, reason: `\`${program === "uvx" ? "uvx" : uvTool ? "uv tool run" : "pipx run"} ${word.text}\` installs the newest release at start-up (pin it with \`==\`)` };
  }
  if ((program === "docker" || program === "podman") && sub === "run") {
    const index = firstOperand(words, 2, DOCKER_VALUED);
    const word = index === -1 ? undefined : words[index];
    if (!word || /@sha256:[0-9a-f]{64}$/.test(word.text)) return undefined;
    const tag = /:([\w][\w.-]{0,127})$/.exec(word.text.split("/").at(-1) ?? "")?.[1];
    const why = tag === undefined || tag === "latest" ? "which means `latest`" : `and the tag \`${tag}\` can be re-pushed`;
    return { word, reason: `the image \`${word.text}\` is not pinned by digest, ${why}` };
  }
  return undefined;
}

// --- Secrets ---

// Names that hold credentials: *_TOKEN, *PASSWORD, API keys, Authorization and X-…-Key headers.
const SECRET_NAME =
  /(?:token|secret|password|passwd|apikey|credentials?)$|(?:^|[_-])(?:pwd|pat)$|^authorization$|api[-_]?key|access[-_]?(?:key|token)|private[-_]?key|client[-_]?secret|auth[-_]?token|^x-[\w-]*(?:key|token)$/i;
const REFERENCE = /\$\{[^}]*\}|^\$[A-Za-z_][\w]*$|\{\{[^}]*\}\}|^%[A-Za-z_]+%$/;
const PLACEHOLDER = /^<.*>$|\byour[-_ ]|x{4,}|\*{3,}|\.{3}|…|example|placeholder|changeme|change[-_]me|redacted|dummy|replace|insert[-_ ]|todo|^(?:true|false|null|none|undefined)$/i;
const AUTH_SCHEME = /^(?:bearer|basic|token|apikey)\s+/i;
const SECRET_FLAG = /^--?[\w-]*(?:key|token|secret|password|passwd|pat)[\w-]*$/i;

interface FoundSecret {
  /** What to mask in the evidence. */
  secret: string;
  visible?: number;
  why: string;
}

/** A credential written as a literal, by provider format or by the name it is stored under. */
export function literalSecret(name: string, value: string): FoundSecret | undefined {
  if (REFERENCE.test(value)) return undefined;
  const provider = defaultSecretScanner().scan(value)[0];
  if (provider) return { secret: provider.secret, ...(provider.rule.visiblePrefix === undefined ? {} : { visible: provider.rule.visiblePrefix }), why: provider.rule.title };
  if (!SECRET_NAME.test(name)) return undefined;
  const bare = value.replace(AUTH_SCHEME, "").trim();
  if (bare.length < 8 || PLACEHOLDER.test(bare) || /\s/.test(bare)) return undefined;
  // A name like CACHE_KEY can hold a plain word; a credential looks random.
  if (!/^authorization$/i.test(name) && (bare.length < 12 || shannonEntropy(bare) < 3)) return undefined;
  return { secret: bare, why: `a literal value under the secret-like name \`${name}\`` };
}

function secretIssue(server: McpServer, where: string, node: ConfigNode, found: FoundSecret): SettingIssue {
  const masked = maskSecret(found.secret, found.visible);
  return {
    rule: MCP_INLINE_SECRET_RULE,
    span: node.span,
    message: `The MCP server \`${server.name}\` is given a credential in plain text at \`${where}\` (${found.why}). Revoke it and reference it from the environment instead.`,
    evidence: `${where} = ${masked}`,
    identity: `${where}\0${found.secret}`,
  };
}

function secretIssues(server: McpServer): SettingIssue[] {
  const issues: SettingIssue[] = [];
  for (const key of ["env", "headers", "http_headers", "environment"]) {
    for (const entry of entriesOf(at(server.node, key))) {
      const value = stringOf(entry.value);
      const found = value === undefined ? undefined : literalSecret(entry.key, value);
      if (found) issues.push(secretIssue(server, `${server.path}.${key}.${entry.key}`, entry.value, found));
    }
  }
  for (const entry of entriesOf(at(server.node, "requestOptions", "headers"))) {
    const value = stringOf(entry.value);
    const found = value === undefined ? undefined : literalSecret(entry.key, value);
    if (found) issues.push(secretIssue(server, `${server.path}.requestOptions.headers.${entry.key}`, entry.value, found));
  }
  const args = itemsOf(at(server.node, "args"));
  args.forEach((node, index) => {
    const text = stringOf(node);
    if (text === undefined) return;
    const assignment = /^(--?[\w-]+)=(.+)$/.exec(text);
    const previous = stringOf(args[index - 1]);
    const name = assignment?.[1] ?? (previous !== undefined && SECRET_FLAG.test(previous) ? previous : "");
    const value = assignment?.[2] ?? text;
    const found = literalSecret(name.replace(/^-+/, ""), value);
    if (found) issues.push(secretIssue(server, `${server.path}.args[${index}]`, node, found));
  });
  const urlNode = serverUrlNode(server.node);
  const url = stringOf(urlNode);
  if (urlNode && url) {
    for (const [, name = "", value = ""] of url.matchAll(/[?&]([\w-]+)=([^&#\s]+)/g)) {
      const found = literalSecret(name, decodeURIComponentSafe(value));
      if (found) issues.push(secretIssue(server, `${server.path}.url?${name}`, urlNode, found));
    }
  }
  return issues;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function serverUrlNode(server: ConfigNode): ConfigNode | undefined {
  for (const key of ["url", "httpUrl", "serverUrl", "uri", "endpoint"]) {
    const node = at(server, key);
    if (stringOf(node) !== undefined) return node;
  }
  return undefined;
}

// --- All checks of one server ---

function transportIssue(server: McpServer): SettingIssue | undefined {
  const node = serverUrlNode(server.node);
  const url = stringOf(node);
  if (!node || url === undefined) return undefined;
  const match = /^http:\/\/(\[[^\]]*\]|[^/:?#\s]+)/i.exec(url.trim());
  const host = match?.[1];
  if (host === undefined || isLoopbackHost(host) || host.includes("${")) return undefined;
  return {
    rule: MCP_INSECURE_TRANSPORT_RULE,
    span: node.span,
    message: `The MCP server \`${server.name}\` is reached over plain HTTP at ${host}: its tool calls, results and credentials can be read and altered on the way.`,
    evidence: `${server.path} → http://${host}`,
    identity: `${server.path}\0${url}`,
  };
}

function launchIssues(server: McpServer): SettingIssue[] {
  const words = launchWords(server.node);
  if (words.length === 0) return [];
  const issues: SettingIssue[] = [];
  const unpinned = unpinnedLaunch(words);
  if (unpinned) {
    issues.push({
      rule: MCP_UNPINNED_RULE,
      span: unpinned.word.node.span,
      message: `The MCP server \`${server.name}\` is started from an unpinned package: ${unpinned.reason}.`,
      evidence: `${server.path}: ${words.map((w) => w.text).join(" ").slice(0, 160)}`,
      identity: `${server.path}\0${unpinned.word.text}`,
    });
  }
  const line = words.map((w) => w.text).join(" ");
  const hit = dangerousCommand(line);
  if (hit) {
    issues.push({
      rule: hit.pattern.rule,
      span: wordAt(words, hit.index)?.node.span ?? server.node.span,
      message: `Starting the MCP server \`${server.name}\` would ${hit.pattern.asks}.`,
      evidence: `${server.path}: ${line.slice(hit.index, hit.index + hit.length).slice(0, 160)}`,
      identity: `${server.path}\0${line}`,
    });
  }
  return issues;
}

/** The word of a space-joined command line that contains the character at `offset`. */
function wordAt(words: readonly Word[], offset: number): Word | undefined {
  let start = 0;
  for (const word of words) {
    if (offset < start + word.text.length) return word;
    start += word.text.length + 1;
  }
  return words.at(-1);
}

function trustIssue(server: McpServer): SettingIssue | undefined {
  const node = at(server.node, "trust");
  if (!isTrue(node) || node === undefined) return undefined;
  return {
    rule: APPROVALS_DISABLED_RULE,
    span: node.span,
    message: `\`trust: true\` on the MCP server \`${server.name}\` skips the confirmation prompt for every tool it offers.`,
    evidence: `${server.path}.trust = true`,
    identity: `${server.path}.trust`,
  };
}

export function checkMcpServers(root: ConfigNode, allowServersKey: boolean): SettingIssue[] {
  return mcpServers(root, allowServersKey).flatMap((server) => [
    ...launchIssues(server),
    ...[transportIssue(server), trustIssue(server)].filter((i): i is SettingIssue => i !== undefined),
    ...secretIssues(server),
  ]);
}
