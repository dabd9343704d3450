import type { SecretRule } from "../types.js";
import { hasValidCrc32Checksum } from "../validators.js";
import { credentialHelp } from "./help.js";

export const SOURCE_CONTROL_RULES: SecretRule[] = [
  {
    id: "secrets/github-token",
    title: "GitHub token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
    validate: hasValidCrc32Checksum,
    help: credentialHelp(
      "GitHub token",
      "Revoke it under Settings → Developer settings (or the app's installation), and use `GITHUB_TOKEN` or OIDC in workflows.",
    ),
  },
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
    id: "secrets/gitlab-pat",
    title: "GitLab personal access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["glpat-"],
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>glpat-(?:[A-Za-z0-9_-]{27,300}\.[0-9a-z]{9}|[A-Za-z0-9_-]{20}))(?![A-Za-z0-9_.-])/,
    minEntropy: 3,
    help: credentialHelp("GitLab token", "Revoke it under User settings → Access tokens."),
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
