import type { EcosystemParser } from "../../types.js";
import { gradleLockParser } from "./gradle-lock.js";
import { pomParser } from "./pom.js";

export const PARSERS: EcosystemParser[] = [pomParser, gradleLockParser];
