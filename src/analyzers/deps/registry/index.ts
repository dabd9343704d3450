// Package registry checks for Custody's dependency analysis: whether a package exists and when it
// was first published, and the combined typosquat / hallucination / very-new assessment.
export { assessPackage, VERY_NEW_DAYS } from "./assess.js";
export type { AssessOptions, PackageAssessment, PackageRisk, PackageRiskKind } from "./assess.js";
export { createRegistryClient, DEFAULT_CONCURRENCY, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from "./client.js";
export type { RegistryClient, RegistryClientOptions } from "./client.js";
export { EXISTS_TTL_MS, MISSING_TTL_MS } from "./cache.js";
export { DEFAULT_BASE_URLS, escapeModulePath, REGISTRY_NAMES } from "./sources.js";
export type { ExistsResult, RegistryResult } from "./sources.js";
