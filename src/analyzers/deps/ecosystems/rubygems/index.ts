import type { EcosystemParser } from "../../types.js";
import { gemfileParser } from "./gemfile.js";
import { gemfileLockParser } from "./gemfile-lock.js";

export const PARSERS: EcosystemParser[] = [gemfileParser, gemfileLockParser];
