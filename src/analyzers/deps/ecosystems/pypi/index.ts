import type { EcosystemParser } from "../../types.js";
import { pipfileLockParser } from "./pipfile-lock.js";
import { poetryLockParser } from "./poetry-lock.js";
import { pyprojectParser } from "./pyproject.js";
import { requirementsParser } from "./requirements.js";
import { uvLockParser } from "./uv-lock.js";

export const PARSERS: EcosystemParser[] = [requirementsParser, pyprojectParser, poetryLockParser, uvLockParser, pipfileLockParser];
