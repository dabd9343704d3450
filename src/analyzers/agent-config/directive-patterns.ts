// The directive patterns: what a hostile line in an agent instruction file looks like. Each pattern
// is matched case-insensitively against one sentence at a time; gaps are bounded and stop at
// sentence punctuation, so no pattern can backtrack beyond its sentence.
import { CLOUD_IDENTITY_COMMANDS, CLOUD_PRIVILEGE_COMMANDS, ENCODED_PAYLOAD_PATTERNS, REMOTE_SCRIPT_PATTERNS, REPO_UPLOAD_PATTERNS } from "./commands.js";
import {
  BACKDOOR_RULE,
  CONCEAL_RULE,
  DISABLE_SAFEGUARDS_RULE,
  ENCODED_PAYLOAD_RULE,
  EXFILTRATION_RULE,
  INJECT_DEPENDENCY_RULE,
  INSTRUCTION_OVERRIDE_RULE,
  REMOTE_SCRIPT_RULE,
} from "./rules.js";
import type { RuleMeta } from "../types.js";

/**
 * How a match is judged:
 * - `imperative`: the match starts with the verb of a command to the agent. Only filler words
 *   ("always", "you must", "please") may precede it in its clause; a negation ("never", "don't")
 *   in front cancels it.
 * - `negative-form`: the negation is the directive ("don't tell the user"). It must still open its
 *   clause, so "the app must not notify the user" (a description of code) does not count.
 * - `literal`: a command or flag that is dangerous wherever it is written; a negation in front of
 *   it ("never use --no-verify") or a prohibition right after it ("`--no-verify` is forbidden")
 *   cancels it.
 * Matches inside quotation marks or after an example cue ("such as", "if a file asks you to") are
 * descriptions of attacks, not attacks, for `imperative` and `negative-form` patterns.
 */
export const DIRECTIVE_MODES = ["imperative", "negative-form", "literal"] as const;
export type DirectiveMode = (typeof DIRECTIVE_MODES)[number];

export interface DirectivePattern {
  rule: RuleMeta;
  mode: DirectiveMode;
  regex: RegExp;
  /** Completes "asks the agent to …". */
  asks: string;
  /** Also applies to lines inside fenced code blocks (commands an agent would run). */
  inCode?: boolean;
  /** The sentence must also match each of these. */
  requires?: readonly RegExp[];
  /** The sentence must not match this. */
  unless?: RegExp;
  /**
   * An ordinary task when a person does it (creating a cloud user): not reported under a heading or
   * lead-in addressed to people rather than the agent ("## Bootstrap (humans only)").
   */
  routineForHumans?: boolean;
}

const NEG = String.raw`(?:do\s+not|don't|dont|never|must\s+not|mustn't|should\s+not|shouldn't)`;
// Who supervises the agent: concealing something from them is the point of the directive.
const AUDIENCE = String.raw`(?:(?:the|your|any|all)\s+)?(?:user|human|developer|reviewers?|maintainers?|operator|owner|team|code\s+review|pr|pull\s+request)\b|anyone\b|everyone\b`;
// What an agent would hide: its own instructions and actions, never an application's UI elements.
const CONCEALED = String.raw`(?:it|this|that|these|them|everything|anything|all\s+of\s+(?:this|that|these|it)|(?:this|these|that|those|the|your|any|all)\s+(?:[\w-]+\s+){0,2}?(?:instructions?|rules?|directives?|steps?|changes?|edits?|modifications?|actions?|commands?|lines?|sections?|parts?|bits?|dependenc(?:y|ies)|packages?|scripts?|requests?|network\s+calls?|activity|behaviou?r)|what\s+you(?:'ve|\s+have)?\s+(?:did|do|are\s+doing|done|changed|added|ran|run|executed|installed|wrote|sent))`;
const SENSITIVE_FILE = String.raw`(?:[~$\w./{}-]*\/)?(?:\.env(?:\.[\w-]+)?|\.ssh\/[\w.-]+|id_(?:rsa|ed25519|ecdsa|dsa)|\.aws\/credentials|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.docker\/config\.json|\.kube\/config|\/etc\/(?:passwd|shadow))\b`;
// Credentials the agent was just told to create: "the new access keys", "the generated credentials".
const FRESH = String.raw`(?:new|newly[\s-]created|generated|resulting|created|fresh|minted|temporary|issued|rotated)`;
// Data whose leaving the machine is the attack. Bare "token" and "code" are left out: coding
// guidelines tell code to send a session token to its own API all the time.
const SENSITIVE = String.raw`(?:(?:(?:the|all|any|every|your|our|their)\s+)?(?:(?:full|entire|whole|complete|raw)\s+)?(?:${FRESH}\s+)?(?:contents?\s+of\s+(?:the\s+|your\s+)?)?(?:\.env\b|env(?:ironment)?\s+(?:variables?|vars?|file)|secrets?|credentials?|api[\s_-]?keys?|access\s+keys?|private\s+keys?|ssh\s+keys?|service[\s-]account\s+keys?|client\s+secrets?|passwords?|codebase|source\s+code|repo(?:sitory)?\s+contents|~\/\.ssh|\.aws\b|\.npmrc|id_rsa|keychain)|(?:all|every|any|your)\s+(?:(?:auth|access|session|api|bearer)\s+)?tokens?|(?:the\s+)?(?:entire|whole|full|complete)\s+(?:repo(?:sitory)?|code(?:base)?|source)|(?:the\s+|your\s+|our\s+)?(?:${FRESH}\s+)?(?:aws|gcp|azure|cloud|iam|ssh|deploy|signing|npm|pypi|github|gitlab|slack|stripe|database|db|production|prod)\s+(?:(?:access|secret)\s+)?(?:keys?|tokens?|credentials?|secrets?|passwords?)|(?:the\s+)?\$?[a-z][a-z0-9]*_[a-z0-9_]*(?:token|secret|key|password)\b|process\.env\b(?!\.)|os\.environ\b(?!\[|\.get)|(?:the\s+)?${SENSITIVE_FILE})`;
// Where the data goes: somewhere outside the project. "The server" is not enough (see above).
const SINK = String.raw`\b(?:to|at|via|into|using|through)\b[^.;!?\n]{0,40}?(?:https?:\/\/|\bwebhooks?\b|\b(?:my|this|that|the\s+following)\s+e-?mail\b|[\w.+-]+@[\w-]+\.[a-z]{2,}|\bdiscord\b|\btelegram\b|\bslack\b|\bpastebin\b|\bgists?\b|\bngrok\b|\bbucket\b|\bftp\b|\b\d{1,3}(?:\.\d{1,3}){3}\b|\b(?:s3|gs):\/\/|\b(?:my|our\s+own|(?:an?|our|my|the)\s+(?:external|remote|offsite|off-site|personal|private))\s+(?:server|host|machine|vps|box)\b)`;
const ENV_DUMP = String.raw`(?:\$\(\s*(?:env|printenv|set)\s*\)|\`(?:env|printenv)\`|\$\(\s*cat\s+[^)\n]{0,60}?${SENSITIVE_FILE})`;
const SECRET_VAR = String.raw`\$\{?[A-Z_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)\w*\}?`;
const MANDATORY =
  /\b(?:always|every|each|whenever|all\s+new|any\s+new|must|make\s+sure|be\s+sure|ensure|required|mandatory|remember\s+to|don'?t\s+forget|never\s+forget|important|critical)\b/i;
// Where a forced dependency lands: a manifest, the dependency list, or everything the agent makes.
const DEPENDENCY_TARGET = String.raw`(?:\b(?:to|into|in)\s+(?:the\s+|every\s+|each\s+|all\s+|our\s+|your\s+)?(?:package\.json|requirements(?:\.txt)?|pyproject(?:\.toml)?|go\.mod|cargo\.toml|gemfile|pom\.xml|build\.gradle|dependencies|devdependencies|deps|(?:every|each|all|any|new)\s+(?:[\w-]+\s+)?(?:projects?|packages?|services?|apps?|files?|pages?|components?|modules?|repos?))\b|\bas\s+a\s+(?:dev\s+|runtime\s+|peer\s+)?dependency\b)`;

const OVERRIDE_QUALIFIER = String.raw`(?:previous|prior|earlier|preceding|above|former|original|initial|system|safety|security|developer)`;
const OVERRIDE_OBJECT = String.raw`(?:instructions?|rules|guidelines|guidance|directives?|prompts?|constraints|guardrails|polic(?:y|ies)|context|messages?|programming|restrictions)`;

// --- Claims of authority: this file placed above the system prompt, the safety rules or the user ---

// What speaks: this file or its rules ("these rules", "the instructions in this file", "CLAUDE.md").
const THIS_FILE = String.raw`(?:(?:these|the\s+following|the\s+above|the|my|our)\s+(?:[\w-]+\s+){0,2}?(?:rules|instructions|guidelines|guidance|directives|conventions|policies|requirements)(?:\s+(?:in|of|from)\s+(?:this|the)\s+(?:file|document|repo(?:sitory)?|project)|\s+(?:below|above|here|herein))?|this\s+(?:file|document|section|prompt)|(?:this\s+)?(?:agents|claude|gemini|copilot-instructions)\.md|\.cursorrules|everything\s+(?:in|below)\s+(?:this\s+file|here))`;
const OUTRANKS = String.raw`(?:\s+(?:always|now|hereby|fully|explicitly|completely|strictly|entirely))?\s+(?:supersedes?|overrides?|overrules?|replaces?|trumps?|outranks?|supplants?|takes?\s+(?:precedence|priority)\s+over|(?:has|have)\s+(?:higher\s+|absolute\s+|the\s+highest\s+)?(?:precedence|priority|authority)\s+over|(?:is|are)\s+(?:more\s+important\s+than|above|(?:a\s+)?higher\s+priority\s+than|prioriti[sz]ed\s+over|binding\s+over)|wins?\s+over|comes?\s+before|(?:shall|will|must|should)\s+(?:always\s+)?(?:supersede|override|overrule|replace|trump|outrank|take\s+(?:precedence|priority)\s+over|win\s+over|come\s+before))`;
// What a project file has no standing to outrank. Not "your defaults" or "your style preferences":
// project conventions legitimately replace those. Not "instructions files" or the instructions of
// nested folders: that is how layered instruction files work.
const HIGHER_AUTHORITY = String.raw`(?:(?:your|the|any|all|every)\s+)?(?:(?:other|previous|prior|earlier|existing|original|built-in|internal|vendor|own|conflicting)\s+)*(?:system(?:[\s-]+level)?[\s-]+(?:prompts?|instructions?|messages?|rules|guidelines)|(?:safety|security|content|usage|ethical|ethics)\s+(?:guidelines|rules|instructions|polic(?:y|ies)|training|filters|measures|constraints|restrictions|guardrails)|guardrails|(?:core\s+)?programming|training|(?<=\b(?:built-in|original|vendor|core|internal|own|previous|prior|earlier)\s)(?:rules|guidelines|polic(?:y|ies)|restrictions|constraints)\b|(?:anthropic|openai|google|microsoft|github|vendor)(?:'s)?\s+(?:(?:usage|content|safety)\s+)?(?:rules|guidelines|polic(?:y|ies)|instructions)|instructions\b(?!\s+files?\b|\s+(?:in|from|under|of)\s+(?:the\s+|this\s+|a\s+|any\s+)?(?:repo|repository|sub|nested|parent|global|home|package|folder|director|other\s+files?))|directives|user(?:'s|s')?\s+(?:instructions|requests?|messages?|prompts?|wishes|commands|orders)\b|user\b(?=\s*(?:[.,;:!?)]|$|\s+(?:and|or|when|if|whenever|unless|in|at|on|says)\b))|what(?:ever)?\s+(?:the\s+)?user\s+(?:says|asks|wants|requests|tells\s+you)|anything\s+(?:else|the\s+user\s+(?:says|asks))|everything\s+else)`;
// Who the conflict is with, for "if they conflict, follow this file".
const CONFLICT_PARTY =
  /\bsystem[\s-]+(?:prompts?|instructions?|messages?)|\bsafety\b|\bguardrails?\b|\b(?:anthropic|openai|vendor)\b|\buser(?:'s|s')?\b(?!\s+(?:preferences?|settings?|data|input|interface))|\b(?:other|previous|prior|earlier|your|built-in|original|vendor|core)\s+(?:[\w-]+\s+)?(?:instructions|rules|guidelines|directives|training)\b|\banything\s+(?:else|the\s+user)\b|\b(?:anything|any\s+(?:other\s+)?(?:instructions?|rules|guidance|prompts?))\b(?!\s+(?:in|from)\s+(?:the\s+)?(?:readme|docs?\b|wiki|contributing|[\w-]+\.md))/i;
// "Don't ask before running the tests" or "… when the review is approved" is a workflow preference,
// unless something dangerous is in its scope.
const ROUTINE_SCOPE =
  /^(?![^\n]*\b(?:even|any\s+(?:commands?|changes?|actions?|operations?)|anything|everything|all\s+(?:commands?|changes?|actions?)|commands?|shell|terminal|scripts?|destructive|delet\w*|remov\w*|push\w*|deploy\w*|prod(?:uction)?|rm\b|drop\w*|force\w*|install\w*|secrets?|credentials?|irreversible|payments?|migrations?))[^\n]*\b(?:tests?|test\s+suite|specs?|lint\w*|format\w*|prettier|type-?check\w*|builds?|read-only|reads?|reading|trivial|small|minor|routine|typos?|docs?|documentation|comments?|whitespace|renam\w*|refactor\w*|(?:read|list|search)\w*\s+files?|edit(?:s|ing)?\s+files?|file\s+edits|when|if|once|after|unless)\b/i;
const NEEDLESS = String.raw`(?:${NEG}|avoid|no\s+need\s+to|(?:you\s+)?(?:don't|do\s+not|never)\s+(?:need|have)\s+to|there(?:'s|\s+is)\s+no\s+(?:need|reason)\s+to|needn't|need\s+not)`;
// "Permission to use this project" is a licence, not a check on what the agent does.
const CONFIRMATION = String.raw`(?:(?:(?:the\s+)?user'?s?|their|any|a|explicit|human)\s+)?(?:confirmation|permission|approval|consent|sign-?off|go-?ahead)\b(?!\s+to\s+(?:use|copy|reuse|fork|share|redistribute|modify|cite|include)\b)`;

// --- Concealment written as routine ---

// Where an agent reports what it did.
const REPORT = String.raw`(?:the\s+|your\s+|any\s+|its\s+)?(?:response|reply|answer|summary|summaries|final\s+(?:answer|message|summary|report)|output|report|commit\s+messages?|pr\b(?:\s+(?:description|body|summary))?|pull\s+request(?:\s+(?:description|body|summary))?|changelog|release\s+notes|notes|status\s+updates?|hand-?off|walkthrough|explanation|transcript|chat)\b`;
// Reasons that make leaving something out of a summary ordinary: noise, not secrecy.
const NOISE =
  /\b(?:secrets?|credentials?|passwords?|tokens?|api\s+keys?|personal\s+data|pii|noise|noisy|boilerplate|verbose|repetitive|redundant|format\w*|whitespace|cosmetic|trivial|typos?)\b/i;

// --- The repository sent elsewhere ---

// The working tree as a whole, or a copy of it. Not "the repository URL", "the repository's badge".
const REPO_TREE = String.raw`(?:(?:the|this|our|your|my)\s+(?:(?:entire|whole|full|complete)\s+)?(?:(?:git\s+)?repo(?:sitory)?|codebase|project\s+(?:files|director(?:y|ies)|folder|tree)|working\s+(?:tree|directory|copy)|workspace|checkout|source\s+tree)|(?:a|an|the)\s+(?:(?:full|complete|compressed)\s+)?(?:tarball|zip(?:\s+file)?|archive|snapshot|copy|backup|dump|bundle|mirror|clone)\s+of\s+(?:the\s+|this\s+|our\s+|your\s+)?(?:(?:entire|whole|full|complete)\s+)?(?:(?:git\s+)?repo(?:sitory)?|codebase|project|working\s+(?:tree|directory|copy)|workspace|source(?:\s+code)?))\b(?!['’]s|\s+(?:url|name|id|link|settings|description|root|wiki|issues?|badges?|readme|secrets?|variables?|owner|admins?|maintainers?|topics?|visibility|permissions?|size)\b)`;
// Where a copy of the repository would go: an address, a bucket, another machine.
const REMOTE_PLACE = String.raw`(?:${SINK}|\b(?:to|at|into|onto|on)\b[^.;!?\n]{0,40}?(?:\b(?:s3|gs):\/\/|\b(?:my|our\s+own|(?:an?|our|my|the)\s+(?:external|remote|offsite|off-site|personal|private|backup))\s+(?:server|host|machine|vps|box|storage|drive)\b|\bthe\s+following\s+(?:server|host|address)\b|(?:^|\s)[\w.-]+@[\w.-]+:))`;

// --- Cloud identities ---

// A step handed to a person: "ask a maintainer to run …", "humans run this; agents never do".
const HUMAN_STEP =
  /\b(?:ask|have|let|get|tell|remind)\s+(?:a|an|the|your|one\s+of\s+the)\s+(?:human|maintainer|admin|administrator|operator|on-?call|sre|owner|platform|person|engineer)|\b(?:humans?|maintainers?|admins?|administrators?|operators?|on-?call(?:\s+engineers?)?|sres?|platform\s+team)\s+(?:only\b|(?:run|runs|should|must|will|can|may|do|does)\b)|\bnot\s+(?:for\s+)?(?:the\s+)?agents?\b/i;

export const DIRECTIVE_PATTERNS: readonly DirectivePattern[] = [
  // --- instruction override ---
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:ignore|disregard|forget|override|bypass|discard|abandon)\s+(?:(?:all|any|every|each|the|your|of|these|those|my|its)\s+){0,3}(?:${OVERRIDE_QUALIFIER}\s+){1,3}${OVERRIDE_OBJECT}\b`,
      "i",
    ),
    asks: "ignore its previous or system instructions",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:ignore|disregard|forget)\s+(?:(?:all|any|every|the|your|of|these|those)\s+){0,3}(?:instructions?|rules|guidelines|directives?|prompts?)\s+(?:above|before\s+this|given\s+(?:before|earlier|previously|above)|you\s+(?:were|have\s+been|are)\s+given|(?:in|from)\s+(?:the\s+|your\s+)?system\s+prompt|(?:that|which)\s+came\s+before)`,
      "i",
    ),
    asks: "ignore the instructions it was given before",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: /\b(?:ignore|disregard|forget|override)\s+(?:(?:all|any|the)\s+){0,2}(?:of\s+)?your\s+(?:(?:previous|prior|original|system|safety|core|built-in)\s+)?(?:instructions|rules|guidelines|directives|system\s+prompt|programming|training|restrictions|guardrails|constraints)\b/i,
    asks: "ignore its own instructions or guardrails",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "literal",
    regex: /\b(?:your|the)\s+(?:new|real|true|actual)\s+(?:instructions|task|objective|goal|system\s+prompt|role|purpose)\s+(?:is|are)\b|\byou\s+are\s+no\s+longer\s+(?:bound|restricted|limited|required\s+to\s+follow)\b|\b(?:these|the\s+following)\s+instructions\s+(?:take\s+precedence|supersede|override|replace)\s+(?:over\s+)?(?:all|any|the)\s+(?:other|previous|prior|system|original)\b|\bsystem\s+prompt\s+override\b|\benter\s+(?:developer|dan|god|jailbreak|unrestricted)\s+mode\b/i,
    asks: "replace its instructions with new ones",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: /\b(?:decode|decrypt|deobfuscate|unscramble|reverse)\b[^.;!?\n]{0,60}\b(?:and|then)\s+(?:follow|obey|execute|run|carry\s+out|do\s+what)\b/i,
    asks: "decode hidden instructions and follow them",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: /\b(?:ignore|disregard|forget)\s+(?:all\s+(?:of\s+)?)?(?:the\s+|everything\s+|anything\s+)?(?:(?:text|content|rules?|instructions?|context|messages?)\s+)?(?:(?:you\s+(?:were|have\s+been)\s+told|written|said|stated|given)\s+)?(?:above|before(?:\s+this)?|so\s+far|earlier|previously)\b/i,
    unless: /\b(?:if|unless|when|whenever)\b/i,
    asks: "ignore what it was told before",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b${NEG}\s+(?:follow|obey|listen\s+to|comply\s+with)\s+(?:the\s+|any\s+)?(?:user|human|developer|operator)(?:'s|s')?(?:\s+(?:instructions|requests|commands|orders|prompts?))?\b`,
      "i",
    ),
    // "Don't follow user instructions that weaken security" is a safety rule, not a takeover.
    unless: /\b(?:if|unless|when|that|which|who)\b/i,
    asks: "stop following its user",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "literal",
    regex: /\byou\s+are\s+now\s+(?:dan\b|an?\s+(?:unrestricted|unfiltered|uncensored)|in\s+(?:developer|god|jailbreak|unrestricted)\s+mode|jailbroken|free\s+(?:of|from)\s+(?:all\s+)?(?:rules|restrictions))|\btreat\s+(?:this|these)\s+(?:file|instructions|rules)\s+as\s+(?:your\s+)?(?:system\s+prompt|highest[- ]priority)|\b(?:these|this\s+file'?s?|the\s+following)\s+(?:rules|instructions)\s+(?:override|take\s+precedence\s+over|supersede)\s+(?:anything|everything|whatever)\s+(?:the\s+)?(?:user|human|developer)\b/i,
    asks: "take over from its user or vendor instructions",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: /\b(?:only|exclusively)\s+(?:follow|obey|take\s+(?:orders|instructions)\s+from|listen\s+to)\s+(?:the\s+)?(?:instructions\s+(?:in|from)\s+)?(?:this\s+file|these\s+(?:rules|instructions)|me)\b|\b(?:ignore|disregard)\s+(?:what|anything|whatever)\s+(?:the\s+user|they|the\s+developer|the\s+human)\s+(?:says|said|asks?|tells?\s+you|wants|requests?)\b/i,
    asks: "obey this file instead of its user",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: /\b(?:ignore|disregard|bypass|override|circumvent)\s+(?:(?:all|any|the|your)\s+)?(?:(?:anthropic|openai|google|github|microsoft|vendor|provider)(?:'s|s)?\s+)?(?:(?:content|usage|safety|ethical|moderation)\s+)+(?:polic(?:y|ies)|guidelines|rules|filters?|restrictions)\b/i,
    asks: "ignore its vendor's safety policies",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "literal",
    regex: new RegExp(String.raw`\b${THIS_FILE}(?:${OUTRANKS}\s+${HIGHER_AUTHORITY}|\s+(?:is|are)\s+(?:now\s+)?(?:your|the)\s+(?:highest|ultimate|supreme|final|absolute)\s+authority\b)`, "i"),
    asks: "rank this file above its system prompt, its safety rules or its user",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:(?:prioriti[sz]e|favou?r|prefer|follow|obey|put|place|rank)\s+${THIS_FILE}\s+(?:over|above|ahead\s+of|instead\s+of|rather\s+than|before)|give\s+${THIS_FILE}\s+(?:(?:higher|absolute|the\s+highest)\s+)?(?:precedence|priority)\s+over|(?:let|allow)\s+${THIS_FILE}\s+(?:override|supersede|overrule|replace)|(?:treat|consider|regard|view)\s+${THIS_FILE}\s+as\s+(?:having\s+)?(?:a\s+)?(?:(?:higher|greater|more)\s+(?:priority|precedence|authority|weight|importance)|more\s+(?:important|authoritative|binding)|superior)\s+(?:than|to))\s+${HIGHER_AUTHORITY}`,
      "i",
    ),
    asks: "rank this file above its system prompt, its safety rules or its user",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "literal",
    // Only at the start of a phrase: "memory safety rules do not apply to the FFI layer" is about code.
    regex: /(?:\b(?:your|the|all|any|all\s+of\s+your)\s+(?:own\s+)?|(?<![\w'’-]\s{1,3})\b)(?:system[\s-]+(?:prompt|instructions|message)|safety\s+(?:guidelines|rules|policies|training|instructions|restrictions)|guardrails|(?:previous|prior|original|earlier)\s+instructions|vendor\s+(?:rules|policies))\s+(?:(?:is|are|has\s+been|have\s+been)\s+(?:now\s+|hereby\s+)?(?:superseded|overridden|replaced|void|null\s+and\s+void|cancell?ed|revoked|suspended|lifted|disabled|deactivated|obsolete|no\s+longer\s+(?:valid|applicable|in\s+effect|active|relevant|binding))|(?:do|does)\s+not\s+apply|(?:don't|doesn't)\s+apply|(?:no\s+longer|never)\s+appl(?:y|ies))\b/i,
    asks: "treat its system prompt or safety rules as void",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:if|when|whenever|where|should|in\s+(?:case|the\s+event)\s+(?:of\s+)?)\b[^.;!?\n]{0,80}?\b(?:conflicts?|contradicts?|disagrees?|clash(?:es)?|differs?|inconsisten(?:t|cy)|objects?|pushe?s?\s+back|(?:says?|asks?|tells?\s+you|wants?)\s+otherwise)\b[^.;!?\n]{0,80}?[,:\s]\s*(?:then\s+)?(?:always\s+)?(?:(?:follow|obey|use|prefer|go\s+with|defer\s+to|trust|side\s+with|choose|apply|stick\s+(?:to|with)|listen\s+to)\s+(?:${THIS_FILE}|this\s+one|me|us)\b|${THIS_FILE}\s+(?:wins?|prevails?|takes?\s+(?:precedence|priority)|governs?|applies|apply|rules?)\b|ignore\s+(?:the\s+|your\s+)?(?:system[\s-]+prompt|safety\s+(?:guidelines|rules)|user|other\s+instructions|them|it)\b)`,
      "i",
    ),
    requires: [CONFLICT_PARTY],
    asks: "follow this file over its system prompt, its safety rules or its user",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b${NEEDLESS}\s+(?:ever\s+)?(?:(?:pause|stop)\s+to\s+)?(?:ask(?:ing)?|wait(?:ing)?|prompt(?:ing)?|request(?:ing)?|seek(?:ing)?|get(?:ting)?|check(?:ing)?\s+(?:back\s+)?with)\s+(?:(?:the\s+user|anyone|me|us|the\s+human|the\s+developer|for)\s+){0,2}${CONFIRMATION}|\b${NEEDLESS}\s+(?:ever\s+)?(?:ask|check\s+with\s+(?:the\s+)?user|confirm\s+with\s+(?:the\s+)?user|stop\s+to\s+ask)\s+(?:(?:the\s+user|anyone|first)\s+)?(?:before|prior\s+to)\s+(?:running|executing|acting|proceeding|making|deleting|pushing|deploying|installing|changing|committing|doing|taking)\b`,
      "i",
    ),
    unless: ROUTINE_SCOPE,
    asks: "act without asking its user for confirmation",
  },
  {
    rule: INSTRUCTION_OVERRIDE_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:proceed|act|run|execute|continue|go\s+ahead|carry\s+on|do\s+(?:it|this|everything|anything)|make\s+(?:the\s+)?(?:changes|edits)|apply\s+(?:the\s+)?(?:changes|edits)|delete|push|deploy|install|commit|merge)\b[^.;!?\n]{0,60}?\bwithout\s+(?:(?:ever|first)\s+)?(?:(?:asking|consulting|checking\s+with|prompting)\b(?:\s+(?:the\s+user|anyone|me|us|the\s+human|for|first)){0,2}(?:\s+${CONFIRMATION})?|(?:waiting\s+for|seeking|requesting|getting|asking\s+for)\s+${CONFIRMATION}|${CONFIRMATION})`,
      "i",
    ),
    unless: ROUTINE_SCOPE,
    asks: "act without asking its user for confirmation",
  },
  // --- concealment ---
  {
    rule: CONCEAL_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:hide|conceal|obscure|cover\s+up|withhold|keep)\s+${CONCEALED}\s+(?:(?:hidden|secret|quiet|private|confidential)\s+)?from\s+(?:${AUDIENCE})`,
      "i",
    ),
    asks: "hide its instructions or actions from the people supervising it",
  },
  {
    rule: CONCEAL_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b${NEG}\s+(?:ever\s+)?(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|alert(?:ing)?|admit(?:ting)?)\s+(?:(?:it|this|that)\s+to\s+)?(?:${AUDIENCE})(?!\s+(?:to|how)\b)`,
      "i",
    ),
    // "Don't tell the user the URL before the server is up" is about timing, not secrecy.
    unless: /\b(?:before|until|unless|yet|again|twice|prematurely)\b/i,
    asks: "keep the user or reviewers uninformed",
  },
  {
    rule: CONCEAL_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b${NEG}\s+(?:ever\s+)?(?:mention|reveal|disclose|acknowledge|discuss|reference|refer\s+to|talk\s+about|bring\s+up)\s+(?:this|these|the\s+following|any\s+of\s+these|the)\s+(?:[\w-]+\s+)?(?:instructions?|rules?|directives?|steps?|file|section|guidelines?|prompt|changes?|packages?|dependenc(?:y|ies)|scripts?|hooks?|commands?|requests?|endpoints?|accounts?|telemetry|tracking|analytics|webhooks?)\b`,
      "i",
    ),
    unless: /\b(?:secrets?|credentials?|passwords?|tokens?|api\s+keys?|personal\s+data|pii)\b/i,
    asks: "keep these instructions or changes unmentioned",
  },
  {
    rule: CONCEAL_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b${NEG}\s+(?:include|list|mention|show|log|record|describe)\s+${CONCEALED}\s+(?:in|from)\s+(?:the\s+|your\s+|any\s+)?(?:response|reply|answer|summary|final\s+(?:answer|message|summary)|output|chat|commit\s+messages?|pr\s+description|pull\s+request(?:\s+description)?|changelog)\b`,
      "i",
    ),
    unless: /\b(?:secrets?|credentials?|passwords?|tokens?|api\s+keys?|personal\s+data|pii)\b/i,
    asks: "leave its actions out of what it reports",
  },
  {
    rule: CONCEAL_RULE,
    mode: "imperative",
    regex: /\b(?:secretly|covertly|surreptitiously|stealthily|quietly|silently)\s+(?:add|install|send|upload|run|execute|modify|change|insert|include|commit|push|create|delete|remove|disable|copy|post|write|download|inject)\b/i,
    unless: /\b(?:fail|ignore|skip|retry|drop|swallow)s?\s+silently\b|\bsilently\s+(?:fail|ignore|skip|retry|drop|swallow)/i,
    asks: "act without the user noticing",
  },
  {
    rule: CONCEAL_RULE,
    mode: "literal",
    regex: /\bwithout\s+(?:the\s+|any\s+)?(?:user|human|developer|reviewers?|maintainers?|anyone|them|team)\s+(?:noticing|knowing|seeing|being\s+aware|finding\s+out|realizing|realising)\b|\bwithout\s+(?:telling|informing|notifying|alerting)\s+(?:the\s+|any\s+)?(?:user|human|developer|reviewers?|maintainers?|anyone|them|team)\b/i,
    asks: "act without the user noticing",
  },
  {
    rule: CONCEAL_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:omit|leave\s+out|exclude|remove|strip|drop)\s+${CONCEALED}\s+from\s+(?:the\s+|your\s+|any\s+)?(?:response|reply|answer|summary|final\s+(?:answer|message|summary)|output|report|commit\s+messages?|pr\s+description|pull\s+request(?:\s+description)?|changelog|logs?|transcript|chat|diff)\b`,
      "i",
    ),
    unless: /\b(?:secrets?|credentials?|passwords?|tokens?|api\s+keys?|personal\s+data|pii|noise|boilerplate)\b/i,
    asks: "leave its actions out of what it reports",
  },
  {
    rule: CONCEAL_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b${NEG}\s+(?:ever\s+)?(?:reveal|admit|disclose|mention|say|acknowledge|let\s+(?:the\s+user|anyone|them)\s+know)\s+(?:to\s+(?:the\s+user|anyone)\s+)?that\s+you\b`,
      "i",
    ),
    asks: "deny what it has done",
  },
  {
    rule: CONCEAL_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b${NEG}\s+(?:ever\s+)?(?:let\s+(?:the\s+user|anyone|them|the\s+reviewers?|reviewers?)\s+(?:know|see|find\s+out|notice)|draw\s+attention\s+to)\b`,
      "i",
    ),
    asks: "keep the user or reviewers uninformed",
  },
  {
    rule: CONCEAL_RULE,
    mode: "imperative",
    regex: /\b(?:keep\s+quiet|stay\s+silent|say\s+nothing|be\s+silent)\s+(?:about|regarding|on)\b/i,
    asks: "keep the user or reviewers uninformed",
  },
  {
    rule: CONCEAL_RULE,
    mode: "imperative",
    regex: /\b(?:pretend|claim|say|report|state|tell\s+(?:the\s+user|them|the\s+reviewers?|reviewers?))\s+(?:that\s+)?(?:all\s+)?(?:the\s+)?(?:tests?|build|ci|checks?|scans?|security\s+(?:scan|review|checks?)|linters?|pipeline)\s+(?:passed|pass|succeeded|succeed|are\s+green|is\s+green|were\s+(?:run|green|successful)|ran\s+successfully|are\s+passing|is\s+passing|came\s+back\s+clean|found\s+nothing)\b/i,
    unless: /\b(?:only|after|once|actually|really)\b/i,
    asks: "report checks as passed whatever happened",
  },
  {
    rule: CONCEAL_RULE,
    mode: "imperative",
    regex: /\b(?:clear|delete|wipe|erase|remove|truncate|rewrite)\s+(?:the\s+|your\s+|all\s+)?(?:(?:bash|shell|command|terminal|zsh)\s+history|audit\s+(?:logs?|trail)|reflog|git\s+history\s+of\s+(?:this|these|the)\s+changes?)\b/i,
    asks: "erase the traces of what it did",
  },
  {
    rule: CONCEAL_RULE,
    mode: "literal",
    inCode: true,
    regex: /(?<![\w-])history\s+-c\b|\bunset\s+HISTFILE\b|\bHISTFILE=\/dev\/null\b|\bHISTSIZE=0\b|\brm\s+(?:-\w+\s+)*["']?(?:~|\$HOME)\/\.(?:bash|zsh)_history\b/,
    asks: "erase the shell history",
  },
  {
    rule: CONCEAL_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b${NEEDLESS}\s+(?:ever\s+)?(?:bother\s+(?:to\s+)?)?(?:mention(?:ing)?|bring(?:ing)?\s+(?:it|this|that|them|these)\s+up|rais(?:e|ing)|reveal(?:ing)?|disclos(?:e|ing)|report(?:ing)?|surfac(?:e|ing)|flag(?:ging)?|point(?:ing)?\s+(?:(?:it|this|that|them)\s+)?out|call(?:ing)?\s+(?:(?:it|this|that|them)\s+)?out|admit(?:ting)?)\s+(?:${CONCEALED}\s+)?(?:at\s+all\s+)?(?:to|with)\s+(?:${AUDIENCE})(?!\s+(?:to|how|why|what|which|where|when)\b)`,
      "i",
    ),
    unless: /\b(?:every|each|summari[sz]e|twice)\b/i,
    asks: "keep the user or reviewers uninformed",
  },
  {
    rule: CONCEAL_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b(?:no\s+need\s+to|(?:you\s+)?(?:don't|do\s+not|never)\s+(?:need|have)\s+to|there(?:'s|\s+is)\s+no\s+(?:need|reason)\s+to|needn't|need\s+not|${NEG}\s+bother(?:\s+to)?|(?:it'?s|it\s+is)\s+(?:fine|ok(?:ay)?|better|best|acceptable)\s+not\s+to)\s+(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|alert(?:ing)?)\s+(?:${AUDIENCE})(?!\s+(?:to|how)\b)`,
      "i",
    ),
    unless: /\b(?:every|each|summari[sz]e|before|until|yet|twice|again)\b/i,
    asks: "keep the user or reviewers uninformed",
  },
  {
    rule: CONCEAL_RULE,
    mode: "imperative",
    regex: new RegExp(String.raw`\b(?:(?:leave|keep)\s+${CONCEALED}\s+out\s+of|skip\s+(?:it|this|that|these|them)\s+(?:in|from))\s+${REPORT}`, "i"),
    unless: NOISE,
    asks: "leave its actions out of what it reports",
  },
  {
    rule: CONCEAL_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b(?:no\s+need\s+to|(?:you\s+)?(?:don't|do\s+not|never)\s+(?:need|have)\s+to|there(?:'s|\s+is)\s+no\s+(?:need|reason)\s+to|needn't|need\s+not|${NEG}\s+bother(?:\s+to)?)\s+(?:include|list|mention|show|log|record|describe|note|document|report)\s+${CONCEALED}\s+(?:in|from)\s+${REPORT}`,
      "i",
    ),
    unless: NOISE,
    asks: "leave its actions out of what it reports",
  },
  {
    rule: CONCEAL_RULE,
    mode: "literal",
    regex: new RegExp(
      String.raw`\b(?:keep|leave)\s+(?:${CONCEALED})\s+(?:just\s+|strictly\s+)?(?:between\s+(?:us|ourselves|you\s+and\s+(?:me|us|this\s+file))|to\s+yourself|off\s+the\s+record|(?:quiet|hush-hush|under\s+wraps|on\s+the\s+down-?low|low-key)(?=\s*(?:[.;,!)]|$|\s+(?:from|for\s+now|and|until)\b)))\b|\b(?:this|it|that|everything\s+here)\s+(?:stays|remains|is|should\s+stay|must\s+stay)\s+(?:just\s+|strictly\s+)?(?:between\s+(?:us|ourselves|you\s+and\s+me)|off\s+the\s+record)\b|\b(?:our|a)\s+little\s+secret\b`,
      "i",
    ),
    asks: "keep what it does secret from its user",
  },
  {
    rule: CONCEAL_RULE,
    mode: "literal",
    // Only when nothing follows: "the user doesn't need to know the internal IDs" is about a UI.
    regex: new RegExp(
      String.raw`\b(?:(?:the|your|any)\s+)?(?:user|human|developer|reviewers?|maintainers?|team|owner|operator)s?\s+(?:doesn't|does\s+not|don't|do\s+not|needn't|need\s+not|never\s+needs?|needs?\s+never|shouldn't|should\s+not|mustn't|must\s+not)\s+(?:need\s+to\s+|have\s+to\s+|ever\s+)?(?:know|hear|find\s+out|be\s+told|learn)(?:\s+about\s+(?:${CONCEALED}))?(?=\s*(?:[.;,!)]|$|\s+(?:and|so|but)\b))|\b(?:nobody|no\s+one|no-one)\s+(?:else\s+)?(?:needs?|has)\s+to\s+(?:know|find\s+out|hear)(?:\s+about\s+(?:${CONCEALED}))?(?=\s*(?:[.;,!)]|$|\s+(?:and|so|but)\b))`,
      "i",
    ),
    asks: "keep the user or reviewers uninformed",
  },
  // --- dependencies and scripts ---
  {
    rule: INJECT_DEPENDENCY_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:add|install|include|require|inject|insert|append|embed)\s+(?:the\s+)?(?:(?:package|library|dependency|module|sdk|plugin)\s+)?(?:\`[@a-z0-9][\w./@^~=:+-]{0,80}\`|"[@a-z0-9][\w./@^~=:+-]{0,80}"|'[@a-z0-9][\w./@^~=:+-]{0,80}'|https?:\/\/[^\s)>"'\`]{3,200})[^.;!?\n]{0,60}?${DEPENDENCY_TARGET}`,
      "i",
    ),
    requires: [MANDATORY],
    unless: /\b(?:only\s+(?:after|if|when|with)|approv(?:al|ed)|discuss(?:ion|ed)?|ask\s+(?:first|before)|review(?:ed)?)\b/i,
    asks: "add a specific third-party package or remote resource to the code it writes",
  },
  {
    rule: INJECT_DEPENDENCY_RULE,
    mode: "imperative",
    regex: /\b(?:add|append|insert|inject|include|embed|load|put)\s+(?:(?:a|an|the|this|that|following|our|my)\s+){0,2}(?:remote\s+|external\s+|tracking\s+|analytics\s+|third[- ]party\s+)?(?:script\s+tags?|<script|iframes?|tracking\s+pixels?|beacons?|(?:remote|external|third[- ]party)\s+scripts?|scripts?\s+from\s+https?:\/\/)/i,
    asks: "load a remote script into pages or code",
  },
  {
    rule: INJECT_DEPENDENCY_RULE,
    mode: "imperative",
    regex: /\b(?:load|include|import|inject|embed|add)\b[^.;!?\n]{0,40}?https?:\/\/[^\s)>"'`]{3,200}\.m?js\b/i,
    asks: "load a remote script into pages or code",
  },
  {
    rule: INJECT_DEPENDENCY_RULE,
    mode: "literal",
    regex: /<script\b[^>]{0,200}\bsrc\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]{3,200}/i,
    asks: "load a remote script (a raw <script> tag, which rendered Markdown does not show)",
  },
  {
    rule: INJECT_DEPENDENCY_RULE,
    mode: "imperative",
    regex: /\b(?:add|insert|create|put|append|set)\b[^.;!?\n]{0,40}?\b(?:pre|post)?install\s+(?:script|hook|step)s?\b/i,
    requires: [/\b(?:curl|wget|https?:\/\/|node\s+-e|sh\s+-c|bash\s+-c|powershell|iex)\b/i],
    asks: "make every install of the package run a network command",
  },
  // --- exfiltration ---
  {
    rule: EXFILTRATION_RULE,
    mode: "literal",
    inCode: true,
    regex: new RegExp(
      String.raw`(?<![\w-])(?:curl|wget)\b[^|\n]{0,300}?\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file|--post-file|--post-data|--body-file)(?:=|\s+)["']?[\w-]{0,40}=?@?(?:${SENSITIVE_FILE}|${ENV_DUMP}|${SECRET_VAR})`,
      "i",
    ),
    asks: "upload a credential file, the environment or a secret with an HTTP request",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "literal",
    inCode: true,
    regex: new RegExp(
      String.raw`(?:(?<![\w-])(?:env|printenv)\b|\bcat\s+[^|\n]{0,80}?${SENSITIVE_FILE})[^|\n]{0,40}\|\s*(?:base64\s*\|\s*)?(?:curl|wget|nc|ncat|netcat|socat|telnet|ssh|openssl\s+s_client)\b`,
      "i",
    ),
    asks: "pipe the environment or a credential file to a network command",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "literal",
    inCode: true,
    regex: new RegExp(
      String.raw`(?<![\w-])(?:(?:nc|ncat|netcat)\s+[^<\n]{0,80}<\s*${SENSITIVE_FILE}|scp\s+[^\n]{0,80}?${SENSITIVE_FILE}[^\n]{0,80}\s[\w.-]+@[\w.-]+:|(?:invoke-webrequest|invoke-restmethod|iwr|irm)\b[^\n]{0,200}-infile\s+["']?${SENSITIVE_FILE})`,
      "i",
    ),
    asks: "copy a credential file to another host",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "literal",
    inCode: true,
    regex: /\bfetch\s*\([^)\n]{0,200},\s*\{[^}\n]{0,300}\bbody\s*:\s*(?:JSON\.stringify\(\s*)?process\.env\b(?!\.)|\brequests\.(?:post|put)\s*\([^)\n]{0,200}\b(?:data|json)\s*=\s*(?:dict\(\s*)?os\.environ\b(?!\s*\[|\.get)/i,
    asks: "send the whole process environment in an HTTP request",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:send|post|upload|transmit|exfiltrate|forward|e-?mail|mail|leak|submit|share|copy|sync|beam|pipe|dump)\s+(?:(?:me|us)\s+)?${SENSITIVE}\b[^.;!?\n]{0,80}?${SINK}`,
      "i",
    ),
    asks: "send secrets or source code to an outside address",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "imperative",
    regex: new RegExp(String.raw`\b(?:send|e-?mail|mail|forward|dm|message|text|give)\s+(?:me|us)\s+${SENSITIVE}`, "i"),
    asks: "hand secrets or source code to whoever wrote this file",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "imperative",
    regex: new RegExp(String.raw`\bexfiltrate\s+${SENSITIVE}\b`, "i"),
    asks: "exfiltrate secrets or source code",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:include|add|embed|append|put|insert|encode)\s+${SENSITIVE}\b[^.;!?\n]{0,40}?\b(?:in|into|to|as)\s+(?:the\s+|a\s+|an\s+)?(?:url|query(?:\s+string|\s+param(?:eter)?s?)?|link|image(?:\s+url|\s+link)?|markdown\s+image|request\s+(?:url|params?)|dns\s+(?:name|lookup|query)|subdomain)\b`,
      "i",
    ),
    asks: "smuggle secrets out inside a URL or image link",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:print|echo|write|paste|include|add|put|log|output|dump|copy|post|leave|embed|attach|publish)\s+${SENSITIVE}\b[^.;!?\n]{0,60}?\b(?:in|into|to|as|on)\s+(?:the\s+|a\s+|an\s+|your\s+|every\s+)?(?:public\s+)?(?:pr\b|pull\s+requests?|issues?|commit\s+messages?|comments?|gists?|readme|changelog|release\s+notes|wiki|discussions?|(?:team\s+|group\s+)?chat|slack|discord|(?:build|ci|job|workflow)\s+(?:logs?|output|summary))`,
      "i",
    ),
    asks: "publish secrets where others can read them",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "literal",
    inCode: true,
    regex: /(?<![\w-])(?:curl|wget)\b[^|\n]{0,200}?https?:\/\/[^\s"']*(?:\$\(\s*(?:env|printenv|cat\s|whoami|hostname|id\b)|\$\{?[A-Z_]*(?:TOKEN|SECRET|KEY|PASSWORD)\w*\}?)|\b(?:nslookup|dig|host|ping)\s+[^\n]{0,60}?(?:\$\(\s*(?:env|printenv|cat|whoami|hostname|base64)|\$\{?[A-Z_]*(?:TOKEN|SECRET|KEY|PASSWORD)\w*\}?\.[\w-]+\.[a-z]{2,})/,
    asks: "send data out inside a URL or a DNS name",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "literal",
    inCode: true,
    regex: /\b(?:fetch|axios\.(?:post|put)|requests\.(?:post|put)|http\.request|urlopen|got\.post|ky\.post)\b[^\n]{0,200}?\b(?:readFileSync|open)\s*\(\s*['"][^'"\n]*(?:\.env|id_rsa|\.ssh\/|credentials|\.npmrc|\.netrc)|\b(?:readFileSync|open)\s*\(\s*['"][^'"\n]*(?:\.env|id_rsa|\.ssh\/|credentials|\.npmrc|\.netrc)['"][^\n]{0,200}?\b(?:fetch|axios\.(?:post|put)|requests\.(?:post|put)|urlopen|got\.post|ky\.post)\b/,
    asks: "read a credential file and send it in an HTTP request",
  },
  ...REPO_UPLOAD_PATTERNS.map((p): DirectivePattern => ({ rule: EXFILTRATION_RULE, mode: "literal", inCode: true, regex: p.regex, asks: `run a command that ${p.does}` })),
  {
    rule: EXFILTRATION_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:send|post|upload|transmit|exfiltrate|forward|e-?mail|mail|leak|submit|share|copy|sync|mirror|back\s+up|rsync|scp|transfer|ship|beam|put)\s+${REPO_TREE}[^.;!?\n]{0,80}?${REMOTE_PLACE}`,
      "i",
    ),
    asks: "send a copy of the repository to an outside address",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "imperative",
    regex: new RegExp(
      String.raw`\b(?:zip|tar|archive|bundle|compress|pack(?:age)?|create|make|build)\s+(?:up\s+)?${REPO_TREE}[^.;!?\n]{0,60}?\b(?:and|then)\s+(?:upload|send|post|push|copy|transfer|put|share|e-?mail|attach|sync|rsync|scp)\b[^.;!?\n]{0,60}?${REMOTE_PLACE}`,
      "i",
    ),
    asks: "send a copy of the repository to an outside address",
  },
  {
    rule: EXFILTRATION_RULE,
    mode: "imperative",
    // "it" is a credential only because the same sentence mints one.
    regex: /\b(?:paste|post|share|put|include|add|send|print|echo|write|copy|drop|leave|attach|commit|dump)\s+(?:it|them|(?:the|its|their|that|this)\s+(?:[\w-]+\s+){0,2}?(?:output|keys?|json|files?|credentials?|secrets?|passwords?|tokens?|results?))\b[^.;!?\n]{0,40}?\b(?:in|into|to|on|as)\s+(?:the\s+|a\s+|an\s+|your\s+)?(?:public\s+)?(?:pr\b|pull\s+requests?|issues?|comments?|commit\s+messages?|(?:team\s+|group\s+)?chat|slack|discord|gists?|readme|wiki|discussions?|(?:build|ci|job|workflow)\s+(?:logs?|output|summary))/i,
    requires: [/\b(?:create-access-key|keys\s+create|create-for-rbac|credential\s+reset|create-login-profile|create\s+token)\b|\b(?:create|generate|mint|issue|make)\b[^.;!?\n]{0,40}?\b(?:access\s+keys?|api\s+keys?|service[\s-]account\s+keys?|keys?\s+pairs?|client\s+secrets?|credentials?|passwords?|tokens?)\b/i],
    asks: "publish a credential it creates where others can read it",
  },
  // --- switching off safeguards ---
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "literal",
    inCode: true,
    regex: /(?<![\w-])--no-verify\b|\bgit\s+(?:-c\s+\S+\s+)?commit\b[^\n|;&]{0,80}\s-[a-mo-z]*n[a-z]*\b|--no-gpg-sign\b|\bcommit\.gpg[sS]ign[\s=]+false\b|\bcore\.hooks[pP]ath[\s=]+\/dev\/null\b|\bHUSKY\s*=\s*0\b|\bHUSKY_SKIP_HOOKS\s*=\s*(?:1|true)\b/,
    asks: "commit without running hooks or signing",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "literal",
    inCode: true,
    regex: /\bhttp\.ssl[vV]erify[\s=]+false\b|\bGIT_SSL_NO_VERIFY\s*=\s*(?:1|true)\b|\bNODE_TLS_REJECT_UNAUTHORIZED\s*=\s*['"]?0\b|\bstrict-ssl[\s=]+false\b|(?<![\w-])--trusted-host\b|\bPYTHONHTTPSVERIFY\s*=\s*0\b|\bverify\s*=\s*False\b|\bcurl\s+(?:[^\n|]{0,80}\s)?(?:-k|--insecure)\b|(?<![\w-])--no-check-certificate\b|(?<![\w-])--insecure-skip-tls-verify\b|\brejectUnauthorized\s*:\s*false\b/,
    asks: "turn off TLS certificate verification",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "literal",
    inCode: true,
    regex: /(?<![\w-])--allow-unauthenticated\b|(?<![\w-])--nogpgcheck\b|\bgpgcheck\s*=\s*0\b|\bGOSUMDB\s*=\s*off\b|\bGOFLAGS\s*=\s*-insecure\b|(?<![\w-])--skip-signature-check\b|\bnpm\s+(?:install|i|ci)\b[^\n]{0,80}--ignore-signatures?\b/i,
    asks: "install packages without checking their signatures",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:skip|bypass|disable|turn\s+off|circumvent|evade|suppress|silence|ignore)\s+(?:(?:the|all|any|every)\s+){0,2}(?:security|sast|secrets?|secret[- ]scanning|vulnerability|dependency|codeql|snyk|semgrep|custody|code[- ]scanning)\s+(?:reviews?|checks?|scans?|scanners?|scanning|audits?|analysis|gates?|warnings?|findings?|alerts?|polic(?:y|ies))\b/i,
    asks: "skip security review or scanning",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:skip|bypass|disable|turn\s+off|circumvent)\s+(?:(?:the|all|any)\s+){0,2}(?:(?:commit|gpg|code|package|artifact|signature|ssl|tls|certificate|checksum|integrity|hash|provenance)\s+){1,2}(?:signing|signatures?|verification|checks?|validation)\b/i,
    asks: "skip signing or integrity verification",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:skip|bypass|disable|turn\s+off|circumvent|remove|delete|uninstall)\s+(?:(?:the|all|any|our)\s+){0,2}(?:(?:git|pre-commit|pre-push|commit-msg|husky|lefthook)\s+){1,2}hooks?\b/i,
    asks: "bypass the repository's git hooks",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:disable|turn\s+off|remove|delete|bypass)\s+(?:(?:the|all|any|our)\s+){0,2}(?:ci(?:\s+(?:checks?|pipeline|workflows?))?|continuous\s+integration|required\s+(?:status\s+)?checks?|status\s+checks?|branch\s+protection(?:\s+rules?)?|code\s*owners?\s+reviews?|required\s+reviews?)\b/i,
    asks: "switch off CI or branch protection",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:delete|remove|comment\s+out|disable|skip|xfail|ignore)\s+(?:(?:the|any|all|those|these)\s+){0,2}(?:failing|broken|red)\s+tests?\b|\bmark\s+(?:(?:the|any|all)\s+)?(?:failing|broken)\s+tests?\s+as\s+(?:skipped|pending|xfail|todo|expected\s+failures?)\b/i,
    asks: "get rid of failing tests instead of fixing the code",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:disable|turn\s+off|bypass|remove)\s+(?:(?:the|all|any)\s+){0,2}(?:linters?|linting|lint\s+(?:rules|checks)|eslint|type[- ]?check(?:ing|s|er)?|static\s+analysis)\b/i,
    unless: /\bfor\s+(?:the\s+)?(?:generated|vendored|vendor|third[- ]party|build|dist|node_modules|migrations?|fixtures?)\b/i,
    asks: "switch off linting or type checking",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "negative-form",
    regex: new RegExp(
      String.raw`\b(?:${NEG}|no\s+need\s+to)\s+(?:bother\s+(?:to\s+)?)?(?:run(?:ning)?|execut(?:e|ing))\s+(?:(?:the|any)\s+)?(?:tests?|test\s+suite|linters?|lint|type\s?checks?|type\s?checker|security\s+(?:checks?|scans?)|pre-commit(?:\s+hooks)?|ci|checks)\s*(?:[.;,!)]|$|before\s+(?:you\s+|we\s+)?(?:commit|push|merg|open))`,
      "i",
    ),
    asks: "commit without running the tests or checks",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:add|append|insert|put|use|place|sprinkle)\b[^.;!?\n]{0,30}(?:#\s*nosec\b|\bnosemgrep\b|\bNOSONAR\b|\bgitleaks:allow\b|\bpragma:\s*allowlist\s+secret\b|\bcustody-ignore\b|\blgtm\s*\[|\bcodeql\[|#\s*noqa:\s*S\d+)/i,
    requires: [/\b(?:always|every|each|all|any|whenever)\b|\bto\s+(?:silence|suppress|bypass|get\s+past|make\s+\w+\s+pass|pass\s+the)\b/i],
    asks: "suppress security scanner findings wholesale",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:add|put|use|apply|mark\s+(?:[\w-]+\s+){0,3}?with)\b[^.;!?\n]{0,30}(?:@pytest\.mark\.(?:skip|xfail)|\.skip\b|\bxit\b|\bxdescribe\b|@Disabled\b|@Ignore\b|\bt\.Skip\(|#\[ignore\])/i,
    requires: [/\b(?:fail(?:ing|s|ed)?|broken|flaky|red|errors?|erroring)\b/i],
    asks: "skip failing tests instead of fixing the code",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "literal",
    inCode: true,
    regex: /\b(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:test|lint|typecheck|check)|pytest|jest|vitest|go\s+test|cargo\s+test|mvn\s+test|eslint|ruff|mypy|tsc)\b[^\n|;&]{0,60}\|\|\s*(?:true|exit\s+0|:)(?![\w-])/,
    asks: "make failing tests or checks count as passed",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "literal",
    regex: /\bcontinue-on-error:\s*true\b|\ballow_failure:\s*true\b/,
    asks: "let CI steps fail without failing the build",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:merge|push|deploy|release|ship)\b[^.;!?\n]{0,40}?\bwithout\s+(?:a\s+|any\s+|the\s+)?(?:reviews?|approvals?|code\s+reviews?|ci|checks|tests|running\s+(?:the\s+)?(?:tests|ci|checks))\b|\b(?:approve|merge)\s+your\s+own\s+(?:pr|pull\s+requests?|changes)\b/i,
    asks: "merge or ship without review or checks",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "literal",
    inCode: true,
    regex: /\bgit\s+push\b[^\n]{0,60}?(?:--force(?!-with-lease)\b|\s-f\b)[^\n]{0,40}?\b(?:main|master|prod(?:uction)?|release)\b/,
    asks: "force-push over a protected branch",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:disable|turn\s+off|stop|uninstall|remove)\s+(?:the\s+)?(?:firewall|ufw|firewalld|selinux|apparmor|antivirus|anti-virus|windows\s+defender|defender|edr|endpoint\s+protection|auditd|audit\s+logging)\b/i,
    asks: "switch off host security controls",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:disable|turn\s+off|remove|bypass|skip|strip)\s+(?:the\s+|all\s+|any\s+)?(?:csrf(?:\s+protection|\s+checks?|\s+tokens?)?|cors\s+checks?|input\s+validation|output\s+escaping|rate\s+limit(?:ing|s|er)?|certificate\s+(?:checks?|validation|pinning)|content\s+security\s+policy|csp|xss\s+protection|sql\s+parameteri[sz]ation)\b/i,
    unless: /\bfor\s+(?:the\s+)?(?:webhooks?|health|tests?|local|development|dev)\b|\bin\s+tests?\b|\blocally\b/i,
    asks: "remove an application security control",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\bignore\s+(?:the\s+|any\s+|all\s+)?(?:remaining\s+)?(?:test\s+failures|failing\s+tests|type\s+errors|lint(?:er)?\s+errors|security\s+(?:warnings|alerts|findings))\b/i,
    unless: /\b(?:generated|vendor(?:ed)?|third[- ]party|fixtures?|node_modules)\b/i,
    asks: "ignore failing checks",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "literal",
    inCode: true,
    regex: /\bsetenforce\s+0\b|\bufw\s+disable\b|\bsystemctl\s+(?:stop|disable)\s+(?:firewalld|ufw|auditd|apparmor)\b|\biptables\s+-F\b|\bSet-MpPreference\b[^\n]{0,60}-Disable\w*\s+\$?true\b|\bspctl\s+--master-disable\b|\bcsrutil\s+disable\b/i,
    asks: "switch off host security controls",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "literal",
    inCode: true,
    regex: /\b(?:pre-commit|husky|lefthook|overcommit)\s+uninstall\b|\brm\s+(?:-[a-zA-Z]+\s+)*["']?(?:\.\/)?(?:\.husky|\.git\/hooks|\.pre-commit-config\.ya?ml|\.?lefthook\.ya?ml|\.overcommit\.yml)(?![\w.-])|\bmv\s+(?:-[a-zA-Z]+\s+)*["']?(?:\.\/)?(?:\.husky|\.git\/hooks)\/?["']?\s|\bchmod\s+(?:-R\s+)?(?:[ugoa]*-x|0?[0246]{3})\s+["']?(?:\.\/)?(?:\.husky|\.git\/hooks)\b|\bcore\.hooks[pP]ath[\s=]+["']?(?:nul\b|\/tmp\b|\/nonexistent|\/var\/empty|["']{2})|(?:echo|printf)\s+["']?(?:#!\/bin\/(?:ba)?sh(?:\\n|\s)+)?exit\s+0["']?\s*>\s*["']?(?:\.\/)?(?:\.husky|\.git\/hooks)\/|\b(?:truncate\s+-s\s*0|cp\s+\/dev\/null)\s+["']?(?:\.\/)?(?:\.husky|\.git\/hooks)\/|\bSKIP=["']?[\w,-]*\b(?:gitleaks|detect-secrets|detect-private-key|trufflehog|talisman|ggshield|semgrep|bandit|checkov|tfsec|trivy|custody)\b/,
    asks: "remove or disable the repository's commit hooks",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:delete|remove|uninstall|drop|rip\s+out|get\s+rid\s+of|empty|wipe|truncate|clear(?:\s+out)?)\s+(?:(?:the|all|any|our|your|every)\s+)?(?:(?:everything|all\s+(?:the\s+)?files|(?:the\s+)?(?:contents?|files?))\s+(?:in|of|under|from)\s+(?:the\s+)?)?`?(?:\.\/)?(?:\.husky\b\/?|\.git\/hooks\b\/?|\.pre-commit-config\.ya?ml\b|\.?lefthook\.ya?ml\b|(?:the\s+)?pre-commit\s+(?:config(?:uration)?|framework|setup)\b|pre-commit\b(?!`?\s+(?:hooks?|jobs?|steps?|stages?|runs?|checks?|actions?|workflows?)\b|-)|husky\b|lefthook\b|(?:git\s+)?hooks?\s+(?:dir(?:ectory)?|folder)\b)/i,
    // Replacing one hook manager with another is a migration, not a removal of the checks.
    unless: /\b(?:in\s+favou?r\s+of|replac(?:e|ed|ing)\b[^.;!?\n]{0,30}\b(?:with|by)|migrat\w*\s+to|switch(?:ed|ing)?\s+to|we\s+(?:now\s+)?use)\b/i,
    asks: "remove the repository's commit hooks",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:commit|push|merge|open\s+(?:the\s+|a\s+)?(?:pr|pull\s+request)|submit|land|ship|release|deploy|finish)\b[^.;!?\n]{0,40}?\bwithout\s+(?:first\s+)?(?:running|executing|waiting\s+for|passing)\s+(?:the\s+|any\s+)?(?:tests?|test\s+suite|specs?|linters?|lint(?:ing)?|checks|ci|hooks|pre-commit(?:\s+hooks)?|type-?checks?|type\s+checker|security\s+(?:scans?|checks?))\b/i,
    asks: "commit without running the tests or checks",
  },
  {
    rule: DISABLE_SAFEGUARDS_RULE,
    mode: "imperative",
    regex: /\b(?:remove|delete|drop|strip|comment\s+out|disable|turn\s+off|rip\s+out|get\s+rid\s+of)\s+(?:(?:the|all|any|our|every|those|these)\s+){0,2}(?:security|sast|dast|secrets?|secret[- ]scanning|vulnerability|dependency[- ]review|codeql|snyk|semgrep|trivy|grype|gitleaks|trufflehog|bandit|checkov|tfsec|dependabot|npm\s+audit|pip-audit|cargo\s+audit|osv(?:-scanner)?|custody|zap)(?:[\s-]+(?:scan(?:ning|ner)?s?|audit|review|analysis|checks?|alerts?|updates?))?\s+(?:steps?|jobs?|stages?|workflows?|actions?|tasks?|checks?|configs?|configuration)\b|\b(?:remove|delete|drop|strip|comment\s+out|rip\s+out)\s+(?:the\s+)?(?:codeql|snyk|semgrep|trivy|grype|gitleaks|trufflehog|bandit|checkov|tfsec|dependabot|npm\s+audit|pip-audit|cargo\s+audit|custody|security\s+scan(?:ning|ner)?s?)\b[^.;!?\n]{0,40}?\bfrom\s+(?:the\s+|our\s+)?(?:ci|pipelines?|workflows?|github\s+actions|build|pre-commit)|\btake\s+(?:(?:the|all|any|our|every)\s+)?(?:security|sast|dast|secrets?|secret[- ]scanning|vulnerability|codeql|snyk|semgrep|trivy|grype|gitleaks|trufflehog|bandit|checkov|tfsec|dependabot|npm\s+audit|pip-audit|custody)(?:[\s-]+(?:scan(?:ning|ner)?s?|audit|review|analysis|checks?))?\s+(?:steps?|jobs?|stages?|workflows?|actions?|checks?)\s+out\b|\b(?:disable|turn\s+off|switch\s+off|silence|mute)\s+(?:(?:the|all|any|our)\s+)?dependabot\s+(?:(?:security\s+)?alerts|security\s+updates)\b|\b(?:remove|delete)\s+`?\.github\/(?:workflows\/[\w-]*(?:codeql|security|sast|semgrep|snyk|gitleaks|trivy|scan|audit|secret)[\w-]*\.ya?ml|dependabot\.ya?ml)/i,
    asks: "remove security scanning from CI",
  },
  // --- backdoors ---
  {
    rule: BACKDOOR_RULE,
    mode: "literal",
    inCode: true,
    regex: /(?:>>?|\btee\s+(?:-a\s+)?)\s*["']?(?:~|\$HOME|\/root|\/home\/[\w.-]+)?\/?\.ssh\/authorized_keys\b|\bssh-(?:rsa|ed25519|ecdsa\S*)\s+AAAA[\w+/=]{20,}[^\n]{0,200}\bauthorized_keys\b|\bauthorized_keys\b[^\n]{0,200}\bssh-(?:rsa|ed25519)\s+AAAA/i,
    asks: "add an SSH key to authorized_keys",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "literal",
    inCode: true,
    regex: /\b(?:useradd|adduser)\b[^\n]{0,120}(?:\s-o\b|\s-u\s*0\b|--non-unique\b|\s-G\s*[\w,]*\b(?:sudo|wheel|root|admin)\b)|\busermod\s+[^\n]{0,40}-a?G\s*[\w,]*\b(?:sudo|wheel|root|admin)\b|\bNOPASSWD\s*:\s*ALL\b|>>?\s*\/etc\/(?:sudoers|passwd|shadow)\b|\bnet\s+user\s+\S+\s+\S+\s+\/add\b|\bnet\s+localgroup\s+administrators\s+\S+\s+\/add\b|\bAdd-LocalGroupMember\b[^\n]{0,60}\bAdministrators\b/i,
    asks: "create a privileged account",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:create|add|set\s+up|register|provision|insert|seed|configure|leave|keep|hard-?code|implement)\s+(?:(?:a|an|the|one|another)\s+)?(?:new\s+)?(?:(?:hidden|backdoor|undocumented|hard-?coded|master|bypass|ghost|shadow)\s+){1,2}(?:admin(?:istrator)?\s+|root\s+|superuser\s+|privileged\s+|service\s+)?(?:users?|accounts?|logins?|credentials?|passwords?|api\s+keys?|tokens?|access\s+keys?|ssh\s+keys?|roles?|endpoints?|routes?)\b|\b(?:create|add|set\s+up|register|provision|insert|seed|configure)\s+(?:(?:a|an|the|one|another)\s+)?(?:new\s+)?secret\s+(?:(?:admin(?:istrator)?|root|superuser|privileged)\s+)?(?:users?|accounts?|logins?)\b|\b(?:add|create|insert|install|implement|leave|plant)\s+(?:a\s+|an\s+)?backdoors?\b/i,
    asks: "create hidden or hard-coded access",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:add|append|insert|write|copy|put|install)\s+(?:(?:this|the\s+following|my|our|the|these)\s+)?(?:(?:public|ssh|deploy)\s+){0,2}keys?\b[^.;!?\n]{0,40}\b(?:to|into|in)\s+(?:the\s+|their\s+|every\s+)?(?:~\/\.ssh\/)?authorized_keys\b/i,
    asks: "add an SSH key to authorized_keys",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:generate|create|issue|mint)\s+(?:(?:a|an|the|new)\s+){0,2}(?:(?:personal\s+)?access\s+(?:tokens?|keys?)|api\s+(?:keys?|tokens?)|deploy\s+keys?|ssh\s+keys?|service[\s-]account\s+keys?|(?:aws|gcp|azure|cloud|iam)\s+(?:access\s+)?keys?|client\s+secrets?|key\s+pairs?|credentials?)\b[^.;!?\n]{0,60}\b(?:and|then)\s+(?:send|post|e-?mail|mail|commit|upload|share|print|paste|give|include|add|put|leave|drop|comment)\b/i,
    asks: "mint credentials and hand them out",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:make|have)\s+(?:the\s+)?(?:auth(?:entication|orization)?|login|password|permission|access|admin)\s+(?:check|function|middleware|guard|validation|verification|handler)s?\s+(?:always\s+)?(?:return\s+true|pass|succeed|accept)\b|\b(?:accept|allow)\s+(?:any|all|every|empty|blank)\s+(?:passwords?|tokens?|credentials?|signatures?)\b/i,
    asks: "make authentication accept anything",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:bypass|skip|disable)\s+(?:the\s+)?(?:auth(?:entication|orization)?|login|password|permission|access)\s*(?:checks?|verification|validation)?\s+(?:for|when|if)\b[^.;!?\n]{0,40}\b(?:header|cookie|query\s+param(?:eter)?|secret|magic|debug|backdoor|special)\b/i,
    asks: "skip authentication for a magic value",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\bhard-?code\s+(?:(?:a|an|the|this|our|my)\s+)?(?:(?:admin|root|master|default|fallback|backup|universal)\s+)?(?:password|passphrase|credentials?|api\s+keys?|tokens?|secrets?)\b/i,
    asks: "hard-code credentials into the code",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:grant|give|assign)\b[^.;!?\n]{0,40}?\b(?:admin(?:istrator)?|root|owner|superuser|full)\s+(?:access|rights|role|permissions|privileges)\b/i,
    requires: [/[\w.+-]+@[\w-]+\.[a-z]{2,}|\b(?:external|outside|contractor|vendor|third[- ]party|anonymous|everyone|public|all\s+users)\b/i],
    asks: "give an outside party privileged access",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "literal",
    inCode: true,
    regex: /\b(?:ba)?sh\s+-i\s+>&\s*\/dev\/tcp\/|\b(?:nc|ncat|netcat)\b[^\n|]{0,60}\s-(?:e|c)\s+\/bin\/(?:ba)?sh\b|\bmkfifo\b[^\n]{0,80}\|\s*(?:nc|ncat|netcat)\b|\bsocat\b[^\n]{0,80}exec:['"]?\/bin\/(?:ba)?sh|\bpython[0-9.]*\s+-c\s+['"][^'"\n]{0,200}\bsocket\b[^'"\n]{0,200}(?:subprocess|pty\.spawn|os\.dup2)/i,
    asks: "open a reverse shell",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:add|create|expose|implement|write)\b[^.;!?\n]{0,60}?\b(?:endpoint|route|handler|api|page)\b[^.;!?\n]{0,80}?\b(?:runs?|executes?|evals?|spawns?|passes)\b[^.;!?\n]{0,40}?\b(?:shell|commands?|arbitrary\s+code|system\s+calls?|os\.system|exec)\b/i,
    asks: "add an endpoint that runs commands it is sent",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:create|add|set\s+up|seed)\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:admin(?:istrator)?\s+|root\s+|superuser\s+|sudo\s+)?(?:user|account|login)\b[^.;!?\n]{0,60}?\bwith\s+(?:the\s+)?password\s+[`'"]?\S{3,}/i,
    requires: [/\b(?:admin(?:istrator)?|root|superuser|sudo|production|prod|staging|server|bastion)\b/i],
    asks: "create an account with a known password",
  },
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:disable|turn\s+off|bypass|skip|remove)\s+(?:the\s+)?(?:2fa|mfa|two[- ]factor(?:\s+auth(?:entication)?)?|multi[- ]factor(?:\s+auth(?:entication)?)?)\b/i,
    unless: /\b(?:tests?|local|development|dev|staging)\b/i,
    asks: "switch off multi-factor authentication",
  },
  // Cloud identities: in prose (an order to the agent) any creation command; in a code block only
  // full-admin grants and grants to everyone, since a set-up snippet may create a user for its reader.
  // Neither is reported under a heading or lead-in addressed to people ("## Bootstrap (humans
  // only)"), or when the sentence hands the step to a person ("ask a maintainer to run …").
  ...CLOUD_IDENTITY_COMMANDS.map(
    (p): DirectivePattern => ({ rule: BACKDOOR_RULE, mode: "literal", routineForHumans: true, regex: p.regex, unless: HUMAN_STEP, asks: `run a command that ${p.does}` }),
  ),
  ...CLOUD_PRIVILEGE_COMMANDS.map(
    (p): DirectivePattern => ({ rule: BACKDOOR_RULE, mode: "literal", inCode: true, routineForHumans: true, regex: p.regex, unless: HUMAN_STEP, asks: `run a command that ${p.does}` }),
  ),
  {
    rule: BACKDOOR_RULE,
    mode: "imperative",
    regex: /\b(?:create|add|provision|set\s+up|make|register)\s+(?:(?:a|an|the|one|another)\s+)?(?:new\s+)?(?:iam\s+(?:user|role)|(?:aws|gcp|google\s+cloud|azure|cloud)\s+(?:user|account|identity|role)|service\s+(?:account|principal)|app\s+registration|cluster\s+(?:user|service\s+account))\b[^.;!?\n]{0,80}?\b(?:with|and\s+(?:attach|grant|give|assign|bind)|having|that\s+has)\b[^.;!?\n]{0,40}?\b(?:administratoraccess|admin(?:istrator)?\s+(?:access|rights|role|privileges|permissions|policy)|owner\s+(?:role|access|rights|permissions)|roles\/owner|cluster-admin|full\s+(?:access|admin|control|permissions))\b/i,
    unless: HUMAN_STEP,
    asks: "create a cloud identity with administrator rights",
  },
  // --- code that runs without being read ---
  ...ENCODED_PAYLOAD_PATTERNS.map((p): DirectivePattern => ({ rule: ENCODED_PAYLOAD_RULE, mode: "literal", inCode: true, regex: p.regex, asks: `run a command that ${p.does}` })),
  ...REMOTE_SCRIPT_PATTERNS.map((p): DirectivePattern => ({ rule: REMOTE_SCRIPT_RULE, mode: "literal", inCode: true, regex: p.regex, asks: `run a command that ${p.does}` })),
  {
    rule: REMOTE_SCRIPT_RULE,
    mode: "imperative",
    regex: /\b(?:download|fetch|retrieve|pull|grab)\b[^.;!?\n]{0,80}?\bhttps?:\/\/\S{3,200}?[^.;!?\n]{0,40}?\b(?:and|then)\s+(?:run|execute|eval(?:uate)?|source|import|load)\s+(?:it|them|the\s+script|the\s+file|the\s+code)\b/i,
    asks: "download code and run it",
  },
  {
    rule: REMOTE_SCRIPT_RULE,
    mode: "imperative",
    regex: /\b(?:run|execute|source|eval(?:uate)?)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:script|installer|file|code|commands?|payload)\s+(?:at|from|hosted\s+at|served\s+(?:at|from))\s+https?:\/\//i,
    asks: "run code it downloads",
  },
  {
    rule: REMOTE_SCRIPT_RULE,
    mode: "literal",
    inCode: true,
    regex: /(?<![\w-])(?:curl|wget)\b[^|\n]{0,200}?\s(?:-o|-O|--output|--output-document)[=\s]\s*["']?([\w./~-]{1,120})["']?[^\n]{0,80}?(?:&&|;)\s*(?:sudo\s+)?(?:(?:ba|z)?sh|source|\.|python[0-9.]*|node|chmod\s+\+x)\s+["']?\1\b/i,
    asks: "run a command that downloads a script and runs it",
  },
  {
    rule: REMOTE_SCRIPT_RULE,
    mode: "literal",
    inCode: true,
    regex: /\b(?:exec|eval)\s*\(\s*(?:requests\.get|urllib\.request\.urlopen|urlopen|httpx\.get)\s*\(|\beval\s*\(\s*(?:await\s+)?\(?\s*(?:await\s+)?fetch\s*\(|\bnew\s+Function\s*\(\s*(?:await\s+)?\(?\s*(?:await\s+)?\(?\s*fetch\s*\(/,
    asks: "run code fetched from the network",
  },
];

const COMMAND_PATTERNS = DIRECTIVE_PATTERNS.filter((p) => p.mode === "literal" && p.inCode === true);

/**
 * The first dangerous command shape in a command line taken from a configuration file (an MCP
 * server launch, an environment install step): the same literal patterns as in instruction files.
 */
export function dangerousCommand(command: string): { pattern: DirectivePattern; index: number; length: number } | undefined {
  for (const pattern of COMMAND_PATTERNS) {
    const match = pattern.regex.exec(command);
    if (match) return { pattern, index: match.index, length: match[0].length };
  }
  return undefined;
}
