// Version order per ecosystem and OSV range evaluation.
export { compareSemverRange, compareVersions, isValidVersion } from "./compare.js";
export { isAffected } from "./ranges.js";
export type { AffectedVersions, OsvEvent, OsvRange } from "./ranges.js";
