// Typosquat detection for Custody's dependency checks: whether a dependency name imitates a popular
// package of its ecosystem, against the shipped lists in `data/popular/`.
export { checkName, TYPOSQUAT_TECHNIQUES } from "./check.js";
export type { TyposquatMatch, TyposquatTechnique } from "./check.js";
export { buildPopularIndex, DEFAULT_POPULAR_DIR, loadPopularIndex, parseAllowList, parseNameList } from "./popular.js";
export type { AllowList, PopularIndex } from "./popular.js";
export { editDistance, typingDistance } from "./distance.js";
export { nameKey, visualSkeleton } from "./names.js";
