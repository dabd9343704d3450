// Path globs in the policy (risk classes, data classes, rule paths, allow entries) are repository-relative
// picomatch globs. They are checked when the policy loads, because a glob that can never match a
// repository path (absolute, `..`, backslashes) silently turns a control off.

import picomatch from "picomatch";
import { z } from "zod";

/** Longer globs are almost always a pasted list; a bound keeps matching cheap. */
export const MAX_GLOB_LENGTH = 500;

/** What is wrong with a path glob, or undefined when it can match repository paths. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === "") return "must not be empty";
  if (glob.length > MAX_GLOB_LENGTH) return `is ${glob.length} characters long; keep globs under ${MAX_GLOB_LENGTH}`;
  if (glob.startsWith("!")) return "negated globs are not supported here; list only the paths to include";
  if (glob.includes("\\")) return "use forward slashes: paths are matched in repository form, e.g. src/auth/**";
  if (glob.startsWith("/") || /^[A-Za-z]:/.test(glob)) return "is absolute; write it relative to the repository root, e.g. src/auth/**";
  if (glob.startsWith("./")) return "drop the leading ./ (paths are matched without it)";
  if (glob.split("/").includes("..")) return "must stay inside the repository (no .. segments)";
  try {
    picomatch.makeRe(glob, { dot: true });
  } catch (error) {
    return `is not a valid glob (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}

/** A zod schema for one repository-relative path glob. */
export const PathGlob = z.string().superRefine((glob, context) => {
  const problem = globProblem(glob);
  if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
});

export const PathGlobs = z.array(PathGlob);

/** A matcher over repository paths for a glob list; dotfiles match like any other file. */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { dot: true });
}
