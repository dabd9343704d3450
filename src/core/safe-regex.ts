// Regular expressions written by users (policy allowlists) run on RE2's linear-time engine, so no
// pattern, however written, can make a scan hang on hostile input the way a backtracking regex can.
import { RE2JS } from "re2js";
import { CustodyError } from "./errors.js";

/** Longer patterns are almost always a mistake (a pasted secret list belongs in a baseline). */
const MAX_PATTERN_LENGTH = 1_000;

export interface UserRegex {
  readonly source: string;
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
}

/** Compiles `source` with RE2 syntax (no backreferences or look-around); `where` names it in errors. */
export function compileUserRegex(source: string, where: string): UserRegex {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new CustodyError("policy-invalid", `${where}: the regex is ${source.length} characters long; keep it under ${MAX_PATTERN_LENGTH}`);
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    const detail = String(error instanceof Error ? error.message : error).replace(/^error parsing regexp: /, "");
    throw new CustodyError(
      "policy-invalid",
      `${where}: '${source}' is not a regex Custody can run in linear time (${detail}); RE2 syntax has no backreferences or look-around`,
    );
  }
  return { source, test: (text) => compiled.test(text) };
}
