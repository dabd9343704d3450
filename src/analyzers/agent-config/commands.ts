// Shell command shapes shared by the instruction scan and the settings checks: a download piped
// into an interpreter, decoded data executed, commands that reach the network, cloud identities
// created or made admin, and the repository packed up for another host. Every pattern is bounded
// (`{0,n}` gaps that stop at a pipe or line end), so a line costs linear time.

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

// --- Cloud identities and credentials created from the command line ---

// Global options may sit between the CLI and its command group (`aws --profile prod iam …`).
const CLI_OPTIONS = String.raw`(?:\s+--?[\w-]+(?:[=\s]+["']?[\w.:/@-]+["']?)?){0,3}`;

/**
 * Commands that create a cloud or cluster identity, attach a policy to one, or mint a long-lived
 * credential for one. Routine for the people who run an account, but an agent told to run them in
 * an instruction file is being used to open a door the file's author can walk through later.
 */
export const CLOUD_IDENTITY_COMMANDS: readonly CommandPattern[] = [
  {
    regex: new RegExp(
      String.raw`\baws${CLI_OPTIONS}\s+iam\s+(?:create-(?:user|access-key|login-profile|service-specific-credential)|update-login-profile|attach-(?:user|group|role)-policy|put-(?:user|group|role)-policy|add-user-to-group|update-assume-role-policy)\b`,
      "i",
    ),
    does: "creates an AWS IAM identity, policy or access key",
  },
  {
    regex: new RegExp(
      String.raw`\bgcloud${CLI_OPTIONS}\s+(?:(?:alpha|beta)\s+)?(?:iam\s+service-accounts\s+(?:create|keys\s+create|add-iam-policy-binding)|(?:projects|organizations|resource-manager\s+folders)\s+add-iam-policy-binding)\b`,
      "i",
    ),
    does: "creates a Google Cloud service account, key or role binding",
  },
  {
    regex: new RegExp(String.raw`\baz${CLI_OPTIONS}\s+(?:ad\s+(?:sp\s+(?:create-for-rbac|credential\s+reset)|app\s+credential\s+reset|user\s+create)|role\s+assignment\s+create)\b`, "i"),
    does: "creates an Azure service principal, user, secret or role assignment",
  },
  {
    // Not `kubectl create token`: a short-lived token is what guides recommend over stored secrets.
    regex: new RegExp(String.raw`\b(?:kubectl|oc)${CLI_OPTIONS}\s+create\s+clusterrolebinding\b|\boc\s+adm\s+policy\s+add-cluster-role-to-(?:user|group)\b`, "i"),
    does: "binds a role across the whole cluster",
  },
];

// The grantee of a binding is the caller itself (`--user $(gcloud config get-value account)`): the
// usual first step of a cluster set-up guide, not a door for someone else.
const NOT_SELF = String.raw`(?![^\n]{0,300}--user[=\s]+["']?\$\()`;

/**
 * The part of the above that is dangerous even in a set-up snippet: full administrator rights and
 * grants to everyone. Minting a key (`aws iam create-access-key`) is left out here: set-up guides
 * copied into instruction files do it for the reader, and handing the key on is reported by itself.
 */
export const CLOUD_PRIVILEGE_COMMANDS: readonly CommandPattern[] = [
  {
    regex: new RegExp(
      String.raw`\baws${CLI_OPTIONS}\s+iam\s+(?:attach-(?:user|group|role)-policy\b[^\n]{0,200}?:policy\/(?:AdministratorAccess|IAMFullAccess|PowerUserAccess)\b|add-user-to-group\b[^\n]{0,120}?--group-name[=\s]+["']?[\w-]*admin)`,
      "i",
    ),
    does: "gives an AWS identity administrator rights",
  },
  {
    regex: new RegExp(
      String.raw`\bgcloud${CLI_OPTIONS}\s+(?:(?:alpha|beta)\s+)?(?:[^\n]{0,60}?add-iam-policy-binding\b[^\n]{0,300}?(?:--role[=\s]+["']?roles\/(?:owner|editor|iam\.(?:securityAdmin|serviceAccountKeyAdmin|serviceAccountTokenCreator|serviceAccountAdmin)|resourcemanager\.\w*Admin)\b|--member[=\s]+["']?all(?:Authenticated)?Users\b))`,
      "i",
    ),
    does: "grants owner-level or public access on Google Cloud",
  },
  {
    regex: new RegExp(
      String.raw`\baz${CLI_OPTIONS}\s+(?:ad\s+sp\s+create-for-rbac|role\s+assignment\s+create)\b[^\n]{0,200}?--role[=\s]+["']?(?:Owner|Contributor|User\s+Access\s+Administrator)\b`,
      "i",
    ),
    does: "grants owner-level access on Azure",
  },
  {
    regex: new RegExp(
      String.raw`\b(?:kubectl|oc)${CLI_OPTIONS}\s+create\s+(?:clusterrolebinding|rolebinding)\b${NOT_SELF}[^\n]{0,200}?(?:--clusterrole[=\s]+["']?cluster-admin\b|--(?:user|group)[=\s]+["']?system:(?:anonymous|unauthenticated|authenticated)\b)|\boc\s+adm\s+policy\s+add-cluster-role-to-(?:user|group)\s+cluster-admin\b`,
      "i",
    ),
    does: "grants cluster-admin or grants anonymous users a cluster role",
  },
];

// --- The working tree packed up and sent to another host ---

// The whole checkout (with its .git and .env), as opposed to a build folder: `.`, `./`, `*`, $PWD.
const WHOLE_TREE = String.raw`(?:\.\/?\*?|\*|["']?\$\{?PWD\}?["']?|["']?\$\(\s*(?:pwd|git\s+rev-parse\s+--show-toplevel)\s*\)["']?|\x60pwd\x60)(?=[\s|;&)]|$)`;
const NETWORK_SINK = String.raw`(?:curl|wget|nc|ncat|netcat|socat|ssh|openssl\s+s_client|aws\s+s3\s+cp|gsutil\s+cp|gcloud\s+storage\s+cp|az\s+storage\s+blob\s+upload|rclone\s+rcat)\b`;
// An archive written to a named file (captured, so the upload of that same file can be matched):
// the whole tree through tar, zip or 7z, or the whole history through `git bundle` / `git archive`.
const FILE = String.raw`["']?([\w./~$-]{1,120})["']?`;
const ARCHIVES_TO_FILE = [
  String.raw`tar\s+(?:-?[a-zA-Z]*f\s*|[^|\n]{0,40}?(?:-f|--file)[=\s]\s*)${FILE}(?:\s[^|\n]{0,80}?)?\s${WHOLE_TREE}`,
  String.raw`zip\s+(?:-[a-zA-Z0-9]+\s+){0,4}${FILE}(?:\s[^|\n]{0,80}?)?\s${WHOLE_TREE}`,
  String.raw`7za?\s+a\s+(?:-\S+\s+){0,4}${FILE}(?:\s[^|\n]{0,80}?)?\s${WHOLE_TREE}`,
  String.raw`git\s+bundle\s+create\s+${FILE}`,
  String.raw`git\s+archive\b[^|\n]{0,60}?(?:-o|--output)[=\s]\s*${FILE}`,
];
const UPLOAD_OF = String.raw`(?:(?:curl|wget)\b[^\n]{0,200}?(?:-T|--upload-file|-F|--form|--data-binary|-d|--data|--post-file|--body-file)[=\s]\s*["']?(?:[\w-]{0,40}=)?@?|(?:scp|rsync)\b[^\n]{0,80}?\s["']?|(?:aws\s+s3\s+cp|gsutil\s+cp|gcloud\s+storage\s+cp)\s+["']?)`;
// Each archiver is its own regex: a backreference to a group that did not take part matches "".
const ARCHIVE_THEN_UPLOAD = ARCHIVES_TO_FILE.map(
  (archive) => new RegExp(String.raw`(?<![\w-])${archive}[^\n]{0,200}?(?:&&|;|\|\|)\s*[^\n]{0,40}?${UPLOAD_OF}\1(?![\w./-])`, "i"),
);
// Another machine, unless the target is where a server runs an application from: copying a checkout
// into /var/www or /opt/app is how small sites deploy, not a copy for someone to take away.
const REMOTE_DEST = String.raw`\s["']?(?:rsync:\/\/|(?:[\w.-]+@)?[a-z0-9][\w.-]+:(?!\/\/)(?!["']?(?:\/var\/www|\/srv\/(?:www|http|app)|\/opt\/|\/usr\/share\/nginx|\/usr\/local\/|~?\/?(?:[\w.-]+\/)*(?:www|html|public_html|apps?|deploy\w*|releases?)\b|\$)))`;
// An option of rsync or scp, with its argument if it takes one (`--exclude .git`, `-e "ssh -p 22"`).
const COPY_OPTION = String.raw`\s+-{1,2}[\w-]+(?:=\S+|\s+(?:"[^"\n]{0,60}"|'[^'\n]{0,60}'|\.[\w.*/-]+|[^\s.'"-]\S*))?`;

/** Shell shapes that copy the whole repository (tree or history) to another machine. */
export const REPO_UPLOAD_PATTERNS: readonly CommandPattern[] = [
  {
    regex: new RegExp(
      String.raw`(?<![\w-])(?:tar|zip|7za?)\b[^|\n]{0,120}?\s${WHOLE_TREE}[^|\n]{0,80}\|\s*(?:(?:base64|gzip|xz|openssl\s+enc)\b[^|\n]{0,40}\|\s*)?${NETWORK_SINK}|\bgit\s+(?:archive|bundle\s+create)\b[^|\n]{0,120}\|\s*(?:(?:base64|gzip|xz)\b[^|\n]{0,40}\|\s*)?${NETWORK_SINK}`,
      "i",
    ),
    does: "packs up the repository and pipes it to a network command",
  },
  ...ARCHIVE_THEN_UPLOAD.map((regex) => ({ regex, does: "packs up the repository and uploads the archive" })),
  {
    // Leaving .git out (`--exclude .git`) or naming what ships (`--files-from`) is what a deploy does.
    regex: new RegExp(
      String.raw`(?<![\w-])(?:rsync|scp)\b(?![^\n]{0,300}(?:--exclude[=\s]+["']?(?:\.\/)?\.git\b|--(?:exclude|files|include)-from\b|--filter\b))(?:${COPY_OPTION}){0,8}\s+${WHOLE_TREE}(?:${COPY_OPTION}){0,4}${REMOTE_DEST}`,
      "i",
    ),
    does: "copies the whole working tree to another host",
  },
  {
    regex: /\bgit\s+push\b(?:\s+-{1,2}[\w-]+){0,3}\s+--(?:mirror|all)\b(?:\s+-{1,2}[\w-]+){0,3}\s+["']?(?:https?:\/\/|ssh:\/\/|git@)/i,
    does: "pushes every branch of the repository to an address written into the command",
  },
];
