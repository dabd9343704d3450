// OSV advisories for Custody's dependency checks: an offline import of OSV exports into a SQLite
// file, and read-only lookups by ecosystem, package name and version.
export { importOsv } from "./import.js";
export type { OsvImportOptions, OsvImportProblem, OsvImportProgress, OsvImportResult } from "./import.js";
export { openOsv } from "./query.js";
export type { OsvAdvisory, OsvDatabase, OsvEcosystemStats, OsvStats } from "./query.js";
export type { AdvisorySeverity } from "./cvss.js";
export { cvss3BaseScore } from "./cvss.js";
export { fromOsvEcosystem, normalizePackageName, OSV_ECOSYSTEM_NAMES } from "./ecosystems.js";
export { DEFAULT_IMPORT_LIMITS } from "./zip.js";
export type { ImportLimits } from "./zip.js";
