import type { EcosystemParser } from "../../types.js";
import { cargoLockParser } from "./cargo-lock.js";
import { cargoTomlParser } from "./cargo-toml.js";

export const PARSERS: EcosystemParser[] = [cargoLockParser, cargoTomlParser];
