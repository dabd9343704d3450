import { crc32 } from "node:zlib";
import type { Severity } from "../../../core/types.js";
import type { SecretRule } from "../types.js";
import { hasValidCrc32Checksum, isJwtWithAlgorithm } from "../validators.js";
import { credentialHelp } from "./help.js";

/**
 * A pattern for keys that carry no prefix of their own: the value counts only where a provider
 * name sits in the variable, key, header or call it is assigned to, a few characters before it
 * (`COHERE_API_KEY=…`, `"giteaToken": "…"`, `cohere.Client(api_key="…")`). `names` is a regex
 * alternation of literal names; every alternative must contain one of the rule's keywords.
 */
export function assignedTo(names: string, value: string, group = "secret"): RegExp {
  return new RegExp(
    `(?:${names})[\\w.-]{0,30}?["'\\]]{0,2}[ \\t]{0,3}(?::=|=>|=|:|\\()[ \\t]{0,3}` +
      `(?:\\w{1,20}[ \\t]{0,2}=[ \\t]{0,2})?["'\`]?(?<${group}>${value})(?![A-Za-z0-9_-])`,
    "i",
  );
}

/**
 * GitHub's current installation tokens are `ghs_<app id>_<JWT>`; the classic ones end in a CRC32
 * like every other `gh?_` token. The JWT form has no checksum, so its header must decode instead.
 */
function isGitHubInstallationToken(token: string): boolean {
  const stateless = /^ghs_[0-9]{1,12}_(eyJ[\s\S]*)$/.exec(token);
  if (stateless?.[1] !== undefined) return isJwtWithAlgorithm(stateless[1]);
  return hasValidCrc32Checksum(token);
}

/**
 * GitLab's routable tokens end in `.<version>.<payload length><CRC32>` (the version field is
 * missing in the first release): the length is two base-36 digits and the CRC32 of everything
 * before it is seven. Tokens from before routing are 20 random characters with no checksum.
 */
export function hasValidGitLabChecksum(token: string): boolean {
  const routable = /^([^.]+)\.(?:[0-9a-z]{2}\.)?([0-9a-z]{2})([0-9a-z]{7})$/.exec(token);
  if (!routable) return !token.includes(".");
  const [, head = "", length = "", crc = ""] = routable;
  const payloadLength = Number.parseInt(length, 36);
  if (payloadLength < 27 || payloadLength >= head.length) return false;
  return crc32(token.slice(0, -7)).toString(36).padStart(7, "0") === crc;
}

/**
 * Atlassian's newer credentials (Bitbucket app passwords, API and access tokens) end in the
 * CRC32 of all that precedes it, as eight upper-case hex digits.
 */
export function hasValidAtlassianChecksum(token: string): boolean {
  const body = token.slice(0, -8);
  return crc32(body).toString(16).toUpperCase().padStart(8, "0") === token.slice(-8);
}

interface GitHubKind {
  id: string;
  title: string;
  prefix: string;
  /** Characters after the prefix, the last six being the checksum. */
  length: number;
  severity: Severity;
  revoke: string;
}

function githubTokenRule(kind: GitHubKind): SecretRule {
  return {
    id: `secrets/${kind.id}`,
    title: kind.title,
    severity: kind.severity,
    cwe: ["CWE-798"],
    keywords: [kind.prefix],
    regex: new RegExp(`(?<![A-Za-z0-9_])(?<secret>${kind.prefix}[A-Za-z0-9]{${kind.length}})(?![A-Za-z0-9_])`),
    validate: hasValidCrc32Checksum,
    help: credentialHelp(kind.title, kind.revoke),
  };
}

// Routable GitLab tokens: base64url payload, then the version and length/CRC fields.
const GITLAB_ROUTABLE = "[A-Za-z0-9_-]{27,300}\\.(?:[0-9a-z]{2}\\.)?[0-9a-z]{9}";

interface GitLabKind {
  id: string;
  title: string;
  prefix: string;
  /** The body of the token before GitLab made it routable (regex source). */
  legacy: string;
  severity: Severity;
  revoke: string;
  /** Characters (a regex class body) that may not touch either end; the default includes `-`. */
  boundary?: string;
}

function gitlabTokenRule(kind: GitLabKind): SecretRule {
  const prefix = kind.prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const boundary = kind.boundary ?? "A-Za-z0-9_-";
  return {
    id: `secrets/${kind.id}`,
    title: kind.title,
    severity: kind.severity,
    cwe: ["CWE-798"],
    keywords: [kind.prefix.toLowerCase()],
    // A token may end a sentence, so a dot ends it unless a routable suffix follows the dot.
    regex: new RegExp(
      `(?<![${boundary}])(?<secret>${prefix}(?:${GITLAB_ROUTABLE}|${kind.legacy}))(?![${boundary}])(?!\\.[0-9a-z])`,
    ),
    minEntropy: 3,
    validate: hasValidGitLabChecksum,
    help: credentialHelp(kind.title, kind.revoke),
  };
}

const GITHUB_RULES: SecretRule[] = [
  githubTokenRule({
    id: "github-token",
    title: "GitHub personal access token (classic)",
    prefix: "ghp_",
    length: 36,
    severity: "critical",
    revoke:
      "Delete it under Settings → Developer settings → Personal access tokens, and use `GITHUB_TOKEN` or OIDC in workflows.",
  }),
  githubTokenRule({
    id: "github-oauth-token",
    title: "GitHub OAuth app access token",
    prefix: "gho_",
    length: 36,
    severity: "critical",
    revoke:
      "Revoke the app under Settings → Applications → Authorized OAuth Apps (its owner can reset all of its tokens), or submit the token to GitHub's credential revocation API.",
  }),
  githubTokenRule({
    id: "github-user-to-server-token",
    title: "GitHub App user access token",
    prefix: "ghu_",
    length: 36,
    severity: "critical",
    revoke:
      "Revoke the app under Settings → Applications → Authorized GitHub Apps, or submit the token to GitHub's credential revocation API.",
  }),
  {
    id: "secrets/github-server-to-server-token",
    title: "GitHub App installation access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["ghs_"],
    regex:
      /(?<![A-Za-z0-9_])(?<secret>ghs_(?:[0-9]{1,12}_eyJ[A-Za-z0-9_-]{10,1000}\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{16,1000}|[A-Za-z0-9]{36}))(?![A-Za-z0-9_-])/,
    validate: isGitHubInstallationToken,
    help: credentialHelp(
      "GitHub App installation token (it lives for an hour, but it was minted with the app's private key)",
      "Revoke it with `DELETE /installation/token`, and check whether the app's private key leaked as well.",
    ),
  },
  githubTokenRule({
    id: "github-refresh-token",
    title: "GitHub App refresh token",
    prefix: "ghr_",
    length: 76,
    severity: "high",
    revoke:
      "Revoke the app under Settings → Applications → Authorized GitHub Apps, which invalidates its refresh tokens, and rotate the app's client secret if it is stored nearby.",
  }),
  {
    id: "secrets/github-fine-grained-pat",
    title: "GitHub fine-grained personal access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["github_pat_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/,
    minEntropy: 4,
    help: credentialHelp(
      "GitHub fine-grained token",
      "Revoke it under Settings → Developer settings → Fine-grained tokens.",
    ),
  },
  {
    id: "secrets/github-oauth-client-secret",
    title: "GitHub OAuth app or GitHub App client secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["github"],
    regex: assignedTo("github[\\w.-]{0,20}(?:client|oauth|app)[_-]?secret", "[0-9a-f]{40}"),
    minEntropy: 3,
    help: credentialHelp(
      "OAuth client secret (anyone holding it and the public client ID can act as the app)",
      "Generate a new client secret in the OAuth app's or GitHub App's settings and delete the old one.",
    ),
  },
];

const GITLAB_RULES: SecretRule[] = [
  gitlabTokenRule({
    id: "gitlab-pat",
    title: "GitLab personal, project or group access token",
    prefix: "glpat-",
    legacy: "[A-Za-z0-9_-]{20}",
    severity: "critical",
    revoke: "Revoke it under User settings → Access tokens (or the project's or group's Settings → Access tokens).",
  }),
  gitlabTokenRule({
    id: "gitlab-deploy-token",
    title: "GitLab deploy token",
    prefix: "gldt-",
    legacy: "[A-Za-z0-9_-]{20}",
    severity: "high",
    revoke: "Revoke it under the project's or group's Settings → Repository → Deploy tokens.",
  }),
  gitlabTokenRule({
    id: "gitlab-runner-auth-token",
    title: "GitLab runner authentication token",
    prefix: "glrt-",
    // Runners created in the UI carry their type (`t1_` instance, `t2_` group, `t3_` project).
    legacy: "(?:t[0-9]_)?[A-Za-z0-9_-]{20}",
    severity: "critical",
    revoke:
      "Reset the runner's authentication token (or delete the runner) under Settings → CI/CD → Runners, then re-register it; a runner token receives every job's CI/CD variables.",
  }),
  gitlabTokenRule({
    id: "gitlab-runner-registration-token",
    title: "GitLab runner registration token",
    prefix: "GR1348941",
    legacy: "[A-Za-z0-9_-]{20}",
    severity: "high",
    revoke:
      "Reset the registration token under Settings → CI/CD → Runners, and create runners with authentication tokens instead (registration tokens are deprecated).",
  }),
  gitlabTokenRule({
    id: "gitlab-pipeline-trigger-token",
    title: "GitLab pipeline trigger token",
    prefix: "glptt-",
    legacy: "(?:[0-9a-f]{40}|[A-Za-z0-9_-]{20})",
    severity: "high",
    revoke: "Revoke the trigger under the project's Settings → CI/CD → Pipeline trigger tokens.",
  }),
  gitlabTokenRule({
    id: "gitlab-feed-token",
    title: "GitLab feed token",
    prefix: "glft-",
    legacy: "[A-Za-z0-9_-]{20}(?:-[0-9]{1,12})?",
    severity: "medium",
    revoke: "Reset it under User settings → Access tokens → Feed token.",
  }),
  gitlabTokenRule({
    id: "gitlab-incoming-mail-token",
    title: "GitLab incoming email token",
    prefix: "glimt-",
    legacy: "[0-9a-z]{20,26}",
    // The token is part of the address that creates issues by email: `incoming+group-app-42-<token>-issue@`.
    boundary: "A-Za-z0-9_",
    severity: "medium",
    revoke: "Reset it under User settings → Access tokens → Incoming email token.",
  }),
  gitlabTokenRule({
    id: "gitlab-oauth-app-secret",
    title: "GitLab OAuth application secret",
    prefix: "gloas-",
    legacy: "[A-Za-z0-9_-]{64}",
    severity: "high",
    revoke:
      "Renew the secret in the application's settings (User settings, the group's Settings or Admin area → Applications) and update its clients.",
  }),
  {
    ...gitlabTokenRule({
      id: "gitlab-ci-job-token",
      title: "GitLab CI/CD job token",
      prefix: "glcbt-",
      // The partition ID in hex, then the token; current GitLab issues a JWT instead.
      legacy: "(?:[0-9a-f]{1,5}_)?[A-Za-z0-9_-]{20}",
      severity: "medium",
      revoke:
        "Cancel the job if it is still running (the token dies with it), and find out which log, artifact or file captured it.",
    }),
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>glcbt-(?:eyJ[A-Za-z0-9_-]{10,1000}\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{16,1000}|[A-Za-z0-9_-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}|(?:[0-9a-f]{1,5}_)?[A-Za-z0-9_-]{20}))(?![A-Za-z0-9_-])(?!\.[0-9a-z])/,
    validate: (token) =>
      token.startsWith("glcbt-eyJ") ? isJwtWithAlgorithm(token.slice("glcbt-".length)) : hasValidGitLabChecksum(token),
  },
  gitlabTokenRule({
    id: "gitlab-scim-token",
    title: "GitLab SCIM OAuth access token",
    prefix: "glsoat-",
    legacy: "[A-Za-z0-9_-]{20}",
    severity: "high",
    revoke: "Reset the SCIM token under the group's Settings → SAML SSO, and give the new one to the identity provider.",
  }),
  gitlabTokenRule({
    id: "gitlab-agent-token",
    title: "GitLab agent for Kubernetes token",
    prefix: "glagent-",
    legacy: "[A-Za-z0-9_-]{50}",
    severity: "critical",
    revoke:
      "Revoke it under Operate → Kubernetes clusters → the agent → Access tokens, and create a new one; the agent acts on the cluster with its own permissions.",
  }),
  gitlabTokenRule({
    id: "gitlab-feature-flags-client-token",
    title: "GitLab feature flags client token",
    prefix: "glffct-",
    legacy: "[A-Za-z0-9_-]{20}",
    severity: "medium",
    revoke: "Reset it under the project's Deploy → Feature flags → Configure.",
  }),
];

const ATLASSIAN_RULES: SecretRule[] = [
  {
    id: "secrets/bitbucket-app-password",
    title: "Bitbucket app password",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["atbb"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>ATBB[A-Za-z0-9]{24}[A-F0-9]{8})(?![A-Za-z0-9_-])/,
    validate: hasValidAtlassianChecksum,
    help: credentialHelp(
      "Bitbucket app password",
      "Revoke it under Personal Bitbucket settings → App passwords, and replace it with a scoped API token.",
    ),
  },
  {
    id: "secrets/bitbucket-access-token",
    title: "Bitbucket repository, project or workspace access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["atctt3"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>ATCTT3[A-Za-z0-9_-]{100,300}=[A-F0-9]{8})(?![A-Za-z0-9_=-])/,
    validate: hasValidAtlassianChecksum,
    help: credentialHelp(
      "Bitbucket access token",
      "Revoke it under the repository's, project's or workspace's Settings → Access tokens.",
    ),
  },
  {
    id: "secrets/atlassian-api-token",
    title: "Atlassian API token (Jira, Confluence, Bitbucket)",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["atatt3"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>ATATT3[A-Za-z0-9_-]{100,300}=[A-F0-9]{8})(?![A-Za-z0-9_=-])/,
    validate: hasValidAtlassianChecksum,
    help: credentialHelp(
      "Atlassian API token (it acts with all of its owner's Jira and Confluence permissions)",
      "Revoke it at id.atlassian.com under Security → API tokens.",
    ),
  },
];

export const SOURCE_CONTROL_RULES: SecretRule[] = [
  ...GITHUB_RULES,
  ...GITLAB_RULES,
  ...ATLASSIAN_RULES,
  {
    id: "secrets/gitea-access-token",
    title: "Gitea or Forgejo access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["gitea", "forgejo"],
    // Both issue 40 hex digits, the shape of a commit SHA: only a token-named key makes it one.
    regex: assignedTo("(?:gitea|forgejo)[\\w.-]{0,20}?(?:token|key|password|secret|pat)", "[0-9a-f]{40}"),
    minEntropy: 3,
    help: credentialHelp(
      "Gitea or Forgejo token",
      "Delete it under Settings → Applications → Access tokens on the instance that issued it.",
    ),
  },
  {
    id: "secrets/npm-token",
    title: "npm access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["npm_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
    validate: hasValidCrc32Checksum,
    help: credentialHelp(
      "npm token",
      "Revoke it with `npm token revoke` or on npmjs.com, and publish from CI with trusted publishing instead.",
    ),
  },
];
