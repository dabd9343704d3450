import type { EcosystemParser } from "../../types.js";
import { goModParser } from "./go-mod.js";
import { goSumParser } from "./go-sum.js";

export const PARSERS: EcosystemParser[] = [goModParser, goSumParser];
