import type { EcosystemParser } from "../../types.js";
import { composerJsonParser, composerLockParser } from "./composer.js";

export const PARSERS: EcosystemParser[] = [composerJsonParser, composerLockParser];
