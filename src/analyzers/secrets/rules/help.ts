/** The shared "why AI writes this, how to fix it" text for credentials, with provider specifics. */
export function credentialHelp(what: string, revoke: string): string {
  return [
    `Coding assistants paste a working ${what} into code or config so that an example runs at once, and they repeat credentials they saw earlier in a session or in nearby files.`,
    "",
    `**Fix:** ${revoke} Then read the value at run time from the environment or a secret manager, and commit only a placeholder such as \`\${VAR}\`.`,
    "Deleting the line is not enough: the value stays in git history and in every clone.",
  ].join("\n");
}
