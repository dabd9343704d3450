import type { EcosystemParser } from "../../types.js";
import { packageJsonParser } from "./package-json.js";
import { packageLockParser, shrinkwrapParser } from "./package-lock.js";
import { pnpmLockParser } from "./pnpm-lock.js";
import { yarnLockParser } from "./yarn-lock.js";

export const PARSERS: EcosystemParser[] = [packageJsonParser, packageLockParser, shrinkwrapParser, pnpmLockParser, yarnLockParser];
