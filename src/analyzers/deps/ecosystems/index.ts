// Every manifest and lockfile parser, one folder per ecosystem.
import type { EcosystemParser } from "../types.js";
import { PARSERS as CARGO } from "./cargo/index.js";
import { PARSERS as GO } from "./go/index.js";
import { PARSERS as MAVEN } from "./maven/index.js";
import { PARSERS as NPM } from "./npm/index.js";
import { PARSERS as PACKAGIST } from "./packagist/index.js";
import { PARSERS as PYPI } from "./pypi/index.js";
import { PARSERS as RUBYGEMS } from "./rubygems/index.js";

export const ECOSYSTEM_PARSERS: readonly EcosystemParser[] = [...NPM, ...PYPI, ...GO, ...CARGO, ...MAVEN, ...RUBYGEMS, ...PACKAGIST];

/** The parser for a repository path, if the file is a manifest or lockfile Custody reads. */
export function parserFor(path: string): EcosystemParser | undefined {
  return ECOSYSTEM_PARSERS.find((p) => p.matches(path));
}
