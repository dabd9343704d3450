// Shell command shapes shared by the instruction scan and the settings checks: a download piped
// into an interpreter, decoded data executed, and commands that reach the network. Every pattern is
// bounded (`{0,n}` gaps that stop at a pipe or line end), so a line costs linear time.

export interface CommandPattern {
  regex: RegExp;
  /** What running it does, completing "…" in a finding message. */
  does: string;
}

// The interpreter a pipe feeds: any POSIX shell (optionally through sudo), PowerShell's iex, or a
// scripting runtime reading a program from stdin.
const SHELL = String.raw`(?:sudo\s+(?:-\S+\s+){0,3})?(?:(?:ba|z|da|k|fi|tc|c)?sh|pwsh|powershell)\b`;
const INTERPRETER = String.raw`(?:${SHELL}|iex\b|invoke-expression\b|(?:python[0-9.]*|perl|ruby|node|php)\b(?!\s+-m\s+json\.tool))`;
const DOWNLOADER = String.raw`(?:curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod)`;

export const REMOTE_SCRIPT_PATTERNS: readonly CommandPattern[] = [
  {
    regex: new RegExp(String.raw`(?<![\w-])${DOWNLOADER}\b[^|\n]{0,300}\|\s*${INTERPRETER}`, "i"),
    does: "pipes a downloaded script straight into an interpreter",
  },
  {
    regex: new RegExp(String.raw`(?<![\w-])(?:(?:ba|z|k)?sh|eval)\s+(?:-[a-z]+\s+){0,3}["']?\$\(\s*${DOWNLOADER}\b`, "i"),
    does: "runs the output of a download as a shell command",
  },
  {
    regex: new RegExp(String.raw`(?:(?<![\w-])(?:(?:ba|z|k)?sh|source)|(?:^|\s)\.)\s+<\(\s*${DOWNLOADER}\b`, "i"),
    does: "sources a downloaded script",
  },
  {
    regex: /\biex\s*\(?\s*\(?\s*(?:new-object\s+(?:system\.)?net\.webclient\)?\.downloadstring|iwr|irm|invoke-webrequest|invoke-restmethod)\b/i,
    does: "executes a downloaded PowerShell script",
  },
];

export const ENCODED_PAYLOAD_PATTERNS: readonly CommandPattern[] = [
  {
    regex: new RegExp(String.raw`\bbase64\s+(?:-d|--decode|-D)\b[^|\n]{0,200}\|\s*${SHELL}`, "i"),
    does: "decodes base64 and pipes it into a shell",
  },
  {
    regex: /\b(?:eval|exec)\b[^\n]{0,20}\$\(\s*(?:echo|printf)\s[^)\n]{0,400}\|\s*base64\s+(?:-d|--decode|-D)\b/i,
    does: "evaluates base64-decoded text as a shell command",
  },
  {
    regex: /\b(?:eval|exec|Function|execSync|spawnSync|system)\s*\(\s*(?:atob\s*\(|Buffer\.from\s*\(|base64\.b64decode\s*\(|base64\.decodebytes\s*\(|codecs\.decode\s*\(|bytes\.fromhex\s*\(|__import__\s*\(\s*['"]base64)/,
    does: "executes decoded data as code",
  },
  {
    regex: /\b(?:ba|z)?sh\s+-c\s+["']?\$\(\s*(?:echo|printf)\s[^)\n]{0,400}\|\s*base64\s+(?:-d|--decode|-D)\b|\biex\b[^\n]{0,200}FromBase64String|FromBase64String[^\n]{0,200}\|\s*iex\b/i,
    does: "runs base64-decoded text as a command",
  },
  {
    regex: /\b(?:powershell|pwsh)(?:\.exe)?\b[^\n|]{0,80}\s-(?:e|ec|en|enc|enco|encodedcommand)\s+[A-Za-z0-9+/]{16,}={0,2}/i,
    does: "runs a base64-encoded PowerShell command",
  },
  {
    regex: new RegExp(String.raw`\b(?:xxd\s+-r\s+-p|printf\s+["']?(?:\\x[0-9a-f]{2}){8,})[^|\n]{0,200}\|\s*${SHELL}`, "i"),
    does: "decodes hex and pipes it into a shell",
  },
];

/** The first pattern that matches, with where. */
export function firstCommandMatch(
  text: string,
  patterns: readonly CommandPattern[],
): { pattern: CommandPattern; index: number; length: number } | undefined {
  for (const pattern of patterns) {
    const match = pattern.regex.exec(text);
    if (match) return { pattern, index: match.index, length: match[0].length };
  }
  return undefined;
}

const NETWORK_TOOL =
  /(?<![\w-])(?:curl|wget|nc|ncat|netcat|socat|telnet|ssh|scp|sftp|ftp|tftp|invoke-webrequest|invoke-restmethod|iwr|irm)(?![\w-])/i;
const URL = /\b(?:https?|ftp|wss?):\/\/([^\s/"'`:?#]+)/gi;
const RAW_SOCKET = /\/dev\/(?:tcp|udp)\//;

/** Hosts on this machine; talking to them does not send data anywhere. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h.endsWith(".localhost") || /^127(?:\.\d{1,3}){3}$/.test(h) || h === "::1" || h === "0.0.0.0";
}

const HTTP_CLIENT = /^(?:curl|wget|invoke-webrequest|invoke-restmethod|iwr|irm)$/i;

/** What network access a command has, or `undefined` when it stays on this machine. */
export function networkAccess(command: string): string | undefined {
  if (RAW_SOCKET.test(command)) return "opens a raw network socket";
  const hosts = [...command.matchAll(URL)].map((m) => m[1] ?? "");
  const remote = hosts.find((host) => !isLoopbackHost(host));
  const tool = NETWORK_TOOL.exec(command)?.[0];
  // An HTTP client whose every URL is on this machine (a local dev server, a health check) stays local.
  if (tool !== undefined && !(HTTP_CLIENT.test(tool) && hosts.length > 0 && remote === undefined)) return `calls \`${tool}\``;
  return remote === undefined ? undefined : `contacts ${remote}`;
}
