import type { RuleMeta } from "../types.js";

const OWASP = ["LLM01:2025 Prompt Injection"];

const WHY =
  "Agent instruction files are read verbatim by coding agents but rendered by editors and code review tools, which show nothing for these characters. Text that an agent obeys and a reviewer cannot see is how rules-file backdoors work; an agent may also copy such characters in from a web page or a package it was shown.";

export const UNICODE_TAG_RULE: RuleMeta = {
  id: "agent-config/unicode-tag-characters",
  title: "Invisible Unicode tag characters spell out hidden text in an agent instruction file",
  severity: "critical",
  cwe: ["CWE-451"],
  owasp: OWASP,
  help: `${WHY}\n\nTag characters (U+E0000–U+E007F) map one-to-one onto ASCII, so they can carry whole instructions.\n\n**Fix:** delete the characters (the message shows what they spell), find out how they got into the file, and review every change the agent made while the file was in place.`,
};

export const ZERO_WIDTH_RULE: RuleMeta = {
  id: "agent-config/zero-width-characters",
  title: "Zero-width characters in an agent instruction file",
  severity: "high",
  cwe: ["CWE-1007", "CWE-451"],
  owasp: OWASP,
  help: `${WHY}\n\nZero-width spaces, joiners and fillers split words so that filters miss them, or encode data bit by bit. Joiners inside emoji and in scripts that spell with them are not reported.\n\n**Fix:** delete the characters; \`grep -nP '[\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}]'\` shows where they are.`,
};

export const BIDI_RULE: RuleMeta = {
  id: "agent-config/bidi-control-characters",
  title: "Bidirectional control characters reorder text in an agent instruction file",
  severity: "high",
  cwe: ["CWE-451"],
  owasp: OWASP,
  help: `${WHY}\n\nBidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) and direction marks make a line display in a different order from the one an agent reads ("Trojan Source"). Hebrew or Arabic prose needs none of them.\n\n**Fix:** delete the control characters and re-read the line as it really is.`,
};

export const AGENT_CONFIG_RULES: readonly RuleMeta[] = [UNICODE_TAG_RULE, ZERO_WIDTH_RULE, BIDI_RULE];
