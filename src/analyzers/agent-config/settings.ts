// Settings that widen what an agent may do unattended: pre-approved shell commands, approval
// prompts turned off, hooks that reach the network, MCP servers started without review.
import { ENCODED_PAYLOAD_PATTERNS, firstCommandMatch, isLoopbackHost, networkAccess, REMOTE_SCRIPT_PATTERNS } from "./commands.js";
import { at, child, entriesOf, isTrue, itemsOf, parseConfig, stringOf } from "./config-tree.js";
import type { ConfigNode, Span } from "./config-tree.js";
import { dangerousCommand } from "./directive-patterns.js";
import type { SettingIssue } from "./findings.js";
import { checkMcpServers } from "./mcp.js";
import type { AgentFileKind, ConfigFormat } from "./paths.js";
import {
  APPROVALS_DISABLED_RULE,
  ENDPOINT_OVERRIDE_RULE,
  HOOK_NETWORK_RULE,
  PROJECT_MCP_AUTO_RULE,
  UNPARSABLE_CONFIG_RULE,
  UNRESTRICTED_SHELL_RULE,
} from "./rules.js";

/** Commands that reach the network, delete, escalate or run arbitrary programs. */
const DANGEROUS_COMMANDS: ReadonlySet<string> = new Set([
  "curl", "wget", "nc", "ncat", "netcat", "socat", "ssh", "scp", "rm", "sudo", "su", "doas", "dd", "chmod", "chown",
  "sh", "bash", "zsh", "dash", "fish", "pwsh", "powershell", "eval", "exec", "xargs", "env",
  "python", "python3", "node", "deno", "bun", "perl", "ruby", "php", "npx", "bunx", "pnpx", "uvx",
]);

interface ShellGrant {
  /** "any shell command" or "any `curl` command". */
  scope: string;
}

const ANY_PATTERN = /^(?:\*{1,2}|:\*|\*\s*\*|\*:\*)?$/;

/**
 * What a permission pattern for a shell tool allows. `Bash` alone, `Bash(*)` and `Bash(:*)` allow
 * everything; `Bash(curl:*)`, `Bash(curl *)` or `run_shell_command(curl)` allow every invocation of
 * one command, which is as good as everything when that command is an interpreter or a downloader.
 */
export function shellGrant(pattern: string, tool: RegExp, prefixMatching: boolean): ShellGrant | undefined {
  const match = new RegExp(String.raw`^\s*(?:${tool.source})\s*(?:\((.*)\))?\s*$`, "s").exec(pattern);
  if (!match) return undefined;
  const inner = (match[1] ?? "").trim();
  if (ANY_PATTERN.test(inner)) return { scope: "any shell command" };
  const viaSudo = /^sudo\b/.test(inner);
  const program = /^(?:sudo\s+)?([\w./+-]+)/.exec(inner)?.[1] ?? "";
  const name = program.split("/").at(-1) ?? program;
  const wildcard = /(?::\*|\s\*|\*)$/.test(inner) || (prefixMatching && !inner.includes(" "));
  if (!wildcard || !(viaSudo || DANGEROUS_COMMANDS.has(name))) return undefined;
  // Anything run through sudo with free arguments runs as root, whatever the command.
  return { scope: viaSudo ? "any command through `sudo`" : `any \`${name}\` command` };
}

const CLAUDE_BASH = /Bash/;
const GEMINI_SHELL = /run_shell_command|ShellTool/;

function permissionIssues(list: ConfigNode | undefined, where: string, tool: RegExp, prefixMatching: boolean, agent: string): SettingIssue[] {
  return itemsOf(list).flatMap((item, index) => {
    const pattern = stringOf(item);
    const grant = pattern === undefined ? undefined : shellGrant(pattern, tool, prefixMatching);
    if (!grant || pattern === undefined) return [];
    return [
      {
        rule: UNRESTRICTED_SHELL_RULE,
        span: item.span,
        message: `\`${pattern}\` in ${where} lets ${agent} run ${grant.scope} without asking.`,
        evidence: `${where}[${index}] = ${JSON.stringify(pattern)}`,
        identity: `${where}\0${pattern}`,
      },
    ];
  });
}

function approvalIssue(node: ConfigNode | undefined, where: string, message: string): SettingIssue[] {
  if (!node) return [];
  const value = node.kind === "scalar" ? node.value : "…";
  return [{ rule: APPROVALS_DISABLED_RULE, span: node.span, message, evidence: `${where} = ${JSON.stringify(value)}`, identity: `${where}\0${String(value)}` }];
}

/** `WebFetch` with no domain (or a wildcard one) can send anything to any URL without asking. */
function webFetchIssues(list: ConfigNode | undefined): SettingIssue[] {
  return itemsOf(list).flatMap((item, index) => {
    const pattern = stringOf(item);
    if (pattern === undefined || !/^\s*WebFetch\s*(?:\(\s*(?:\*|domain:\s*\*)?\s*\))?\s*$/.test(pattern)) return [];
    return [
      {
        rule: UNRESTRICTED_SHELL_RULE,
        span: item.span,
        message: `\`${pattern}\` in permissions.allow lets Claude Code fetch any URL without asking, which is also a way to send data out.`,
        evidence: `permissions.allow[${index}] = ${JSON.stringify(pattern)}`,
        identity: `permissions.allow\0${pattern}`,
      },
    ];
  });
}

/** Settings that name a command Claude Code runs by itself, like a hook. */
const CLAUDE_HELPER_COMMANDS: readonly (readonly string[])[] = [["apiKeyHelper"], ["statusLine", "command"], ["awsAuthRefresh"], ["awsCredentialExport"], ["otelHeadersHelper"]];

function helperCommandIssues(root: ConfigNode): SettingIssue[] {
  return CLAUDE_HELPER_COMMANDS.flatMap((path) => {
    const node = at(root, ...path);
    const command = stringOf(node);
    return node && command !== undefined ? commandIssue(path.join("."), node, command, `The \`${path.join(".")}\` command`) : [];
  });
}

const ENDPOINT_VARIABLES = /^(?:ANTHROPIC_BASE_URL|ANTHROPIC_BEDROCK_BASE_URL|ANTHROPIC_VERTEX_BASE_URL|OPENAI_BASE_URL|OPENAI_API_BASE|GOOGLE_GEMINI_BASE_URL|GEMINI_API_BASE_URL)$/;
// The model vendors' own API hosts (and cloud platforms that resell them).
const VENDOR_HOST = /(?:^|\.)(?:anthropic\.com|openai\.com|googleapis\.com|azure\.com|amazonaws\.com)$/i;

function endpointIssues(root: ConfigNode): SettingIssue[] {
  return entriesOf(at(root, "env")).flatMap((entry) => {
    const url = stringOf(entry.value);
    if (!ENDPOINT_VARIABLES.test(entry.key) || url === undefined) return [];
    const host = /^\s*[a-z]+:\/\/(\[[^\]]*\]|[^/:?#\s]+)/i.exec(url)?.[1];
    if (host === undefined || isLoopbackHost(host) || VENDOR_HOST.test(host) || host.includes("${")) return [];
    return [
      {
        rule: ENDPOINT_OVERRIDE_RULE,
        span: entry.value.span,
        message: `\`${entry.key}\` sends the agent's API key, prompts and the files it reads to ${host}.`,
        evidence: `env.${entry.key} = ${url.slice(0, 120)}`,
        identity: `${entry.key}\0${url}`,
      },
    ];
  });
}

function claudeIssues(root: ConfigNode): SettingIssue[] {
  const issues = [
    ...permissionIssues(at(root, "permissions", "allow"), "permissions.allow", CLAUDE_BASH, false, "Claude Code"),
    ...webFetchIssues(at(root, "permissions", "allow")),
    ...helperCommandIssues(root),
    ...endpointIssues(root),
  ];
  const mode = at(root, "permissions", "defaultMode");
  if (stringOf(mode) === "bypassPermissions") {
    issues.push(...approvalIssue(mode, "permissions.defaultMode", "`defaultMode: \"bypassPermissions\"` starts every Claude Code session in this repository with all permission prompts off."));
  }
  const all = at(root, "enableAllProjectMcpServers");
  if (isTrue(all) && all) {
    issues.push({
      rule: PROJECT_MCP_AUTO_RULE,
      span: all.span,
      message: "`enableAllProjectMcpServers: true` starts every MCP server in the project's .mcp.json without asking, including servers a later change adds.",
      evidence: "enableAllProjectMcpServers = true",
      identity: "enableAllProjectMcpServers",
    });
  }
  return issues;
}

function geminiIssues(root: ConfigNode): SettingIssue[] {
  // `tools.core` / `coreTools` only choose which tools exist; the confirmation prompt still guards
  // them. `tools.allowed` (formerly `allowedTools`) is what skips the prompt.
  const issues = [
    ...permissionIssues(at(root, "tools", "allowed"), "tools.allowed", GEMINI_SHELL, true, "Gemini CLI"),
    ...permissionIssues(at(root, "allowedTools"), "allowedTools", GEMINI_SHELL, true, "Gemini CLI"),
  ];
  for (const where of [["general", "defaultApprovalMode"], ["approvalMode"], ["defaultApprovalMode"]]) {
    const node = at(root, ...where);
    if (stringOf(node)?.toLowerCase() === "yolo") {
      issues.push(...approvalIssue(node, where.join("."), "The YOLO approval mode accepts every tool call Gemini CLI makes without asking."));
    }
  }
  for (const key of ["yolo", "yoloMode"]) {
    const node = at(root, key);
    if (isTrue(node)) issues.push(...approvalIssue(node, key, "YOLO mode accepts every tool call Gemini CLI makes without asking."));
  }
  return issues;
}

function codexIssues(root: ConfigNode): SettingIssue[] {
  const topApproval = at(root, "approval_policy");
  const topSandbox = at(root, "sandbox_mode");
  const tables: [string, ConfigNode][] = [["", root], ...entriesOf(at(root, "profiles")).map((e): [string, ConfigNode] => [`profiles.${e.key}.`, e.value])];
  return tables.flatMap(([prefix, table]) => {
    const ownApproval = at(table, "approval_policy");
    const ownSandbox = at(table, "sandbox_mode");
    const never = stringOf(ownApproval ?? topApproval) === "never";
    const unsandboxed = stringOf(ownSandbox ?? topSandbox) === "danger-full-access";
    const where = prefix ? ` in profile \`${prefix.slice("profiles.".length, -1)}\`` : "";
    const issues: SettingIssue[] = [];
    // The sandbox is what keeps commands off the network and outside the workspace; each setting
    // is reported where it is written, so a profile that inherits both is not reported twice.
    if (stringOf(ownSandbox) === "danger-full-access") {
      issues.push(
        ...approvalIssue(
          ownSandbox,
          `${prefix}sandbox_mode`,
          `\`sandbox_mode = "danger-full-access"\`${where} runs Codex's commands with full disk and network access${never ? ", and `approval_policy = \"never\"` means nobody is asked" : ""}.`,
        ),
      );
    }
    if (stringOf(ownApproval) === "never" && unsandboxed) {
      issues.push(...approvalIssue(ownApproval, `${prefix}approval_policy`, `\`approval_policy = "never"\`${where} with the sandbox off lets Codex run any command without asking.`));
    }
    return issues;
  });
}

function aiderIssues(root: ConfigNode): SettingIssue[] {
  const node = at(root, "yes-always");
  return isTrue(node) ? approvalIssue(node, "yes-always", "`yes-always: true` makes Aider answer yes to every confirmation, including running commands it proposes.") : [];
}

/** Any `dangerously…` switch set to true, whatever the tool calls it. */
function dangerousSwitches(node: ConfigNode, path: string, depth: number): SettingIssue[] {
  if (depth > 12) return [];
  if (node.kind === "list") return node.items.flatMap((item, i) => dangerousSwitches(item, `${path}[${i}]`, depth + 1));
  return entriesOf(node).flatMap((entry) => {
    const where = path ? `${path}.${entry.key}` : entry.key;
    if (/dangerous/i.test(entry.key) && isTrue(entry.value)) {
      return approvalIssue(entry.value, where, `\`${entry.key}: true\` switches off a safety prompt the agent would otherwise show.`);
    }
    return dangerousSwitches(entry.value, where, depth + 1);
  });
}

interface HookCommand {
  event: string;
  node: ConfigNode;
  command: string;
}

/** Every `command` string under `hooks`, at any depth (Claude/Gemini nest them; Cursor does not). */
function hookCommands(node: ConfigNode | undefined, event: string, depth: number): HookCommand[] {
  if (!node || depth > 8) return [];
  if (node.kind === "list") return node.items.flatMap((item) => hookCommands(item, event, depth + 1));
  return entriesOf(node).flatMap((entry) => {
    const command = stringOf(entry.value);
    if (entry.key === "command" && command !== undefined) return [{ event, node: entry.value, command }];
    return hookCommands(entry.value, depth === 0 ? entry.key : event, depth + 1);
  });
}

/** A command the agent runs by itself: reported when it reaches the network or runs fetched code. */
function commandIssue(where: string, node: ConfigNode, command: string, subject: string): SettingIssue[] {
  const pipe = firstCommandMatch(command, [...ENCODED_PAYLOAD_PATTERNS, ...REMOTE_SCRIPT_PATTERNS]);
  const access = pipe ? pipe.pattern.does : networkAccess(command);
  if (access === undefined) return [];
  return [
    {
      rule: HOOK_NETWORK_RULE,
      span: node.span,
      message: `${subject} runs a command that ${access}; it runs automatically for everyone using the agent here and can read what the agent handles.`,
      evidence: `${where}: ${command.slice(0, 160)}`,
      identity: `${where}\0${command}`,
    },
  ];
}

function hookIssues(root: ConfigNode): SettingIssue[] {
  return hookCommands(at(root, "hooks"), "", 0).flatMap(({ event, node, command }) => commandIssue(`hooks.${event}`, node, command, `The \`${event}\` hook`));
}

function environmentIssues(root: ConfigNode): SettingIssue[] {
  const commands: [string, ConfigNode | undefined][] = [
    ["install", at(root, "install")],
    ["start", at(root, "start")],
    ...itemsOf(at(root, "terminals")).map((t, i): [string, ConfigNode | undefined] => [`terminals[${i}].command`, at(t, "command")]),
  ];
  return commands.flatMap(([where, node]) => {
    const command = stringOf(node);
    const hit = command === undefined ? undefined : dangerousCommand(command);
    if (!node || command === undefined || !hit) return [];
    return [
      {
        rule: hit.pattern.rule,
        span: node.span,
        message: `The agent environment's \`${where}\` step, which runs on every agent start-up, would ${hit.pattern.asks}.`,
        evidence: `${where}: ${command.slice(hit.index, hit.index + hit.length).slice(0, 160)}`,
        identity: `${where}\0${command}`,
      },
    ];
  });
}

/** VS Code's workspace settings can switch Copilot's agent approvals off for everyone who opens the folder. */
function vscodeIssues(root: ConfigNode): SettingIssue[] {
  const issues: SettingIssue[] = [];
  for (const key of ["chat.tools.autoApprove", "chat.tools.global.autoApprove"]) {
    const node = child(root, key);
    if (isTrue(node)) issues.push(...approvalIssue(node, key, `\`${key}: true\` makes the VS Code agent run every tool, terminal commands included, without asking.`));
  }
  for (const entry of entriesOf(child(root, "chat.tools.terminal.autoApprove"))) {
    if (!isTrue(entry.value)) continue;
    const everything = /^\/\^?\.[*+]\$?\/[a-z]*$/.test(entry.key);
    const program = /^[\w./+-]+$/.test(entry.key) ? (entry.key.split("/").at(-1) ?? entry.key) : "";
    if (!everything && !DANGEROUS_COMMANDS.has(program)) continue;
    issues.push({
      rule: UNRESTRICTED_SHELL_RULE,
      span: entry.value.span,
      message: `\`"${entry.key}": true\` in chat.tools.terminal.autoApprove lets the VS Code agent run ${everything ? "any terminal command" : `any \`${program}\` command`} without asking.`,
      evidence: `chat.tools.terminal.autoApprove[${JSON.stringify(entry.key)}] = true`,
      identity: `vscode-terminal\0${entry.key}`,
    });
  }
  return issues;
}

function unparsable(format: ConfigFormat, message: string, span: Span): SettingIssue {
  return {
    rule: UNPARSABLE_CONFIG_RULE,
    span,
    message: `This ${format.toUpperCase()} agent configuration could not be parsed (${message}), so its settings were not checked.`,
    evidence: message,
    identity: message,
  };
}

/** Every settings problem in one structured agent configuration file. */
export function checkSettings(text: string, kind: AgentFileKind | "vscode-settings", format: ConfigFormat, path: string): SettingIssue[] {
  if (text.trim().length === 0) return [];
  const parsed = parseConfig(text, format);
  // VS Code settings are not an agent file; a broken one is VS Code's business.
  if (!parsed.ok) return kind === "vscode-settings" ? [] : [unparsable(format, parsed.message, parsed.span)];
  const { root } = parsed;
  if (kind === "vscode-settings") return vscodeIssues(root);
  const issues: SettingIssue[] = [...dangerousSwitches(root, "", 0), ...hookIssues(root)];
  if (kind === "claude-settings") issues.push(...claudeIssues(root));
  if (kind === "gemini-settings") issues.push(...geminiIssues(root));
  if (kind === "codex-config") issues.push(...codexIssues(root));
  if (kind === "aider-config") issues.push(...aiderIssues(root));
  if (kind === "cursor-environment") issues.push(...environmentIssues(root));
  issues.push(...checkMcpServers(root, /(?:^|\/)\.vscode\/mcp\.json$/.test(path)));
  return issues;
}
