// The git layer: everything Custody learns from a repository, learned by running the git executable.
export { runGit, DEFAULT_MAX_OUTPUT_BYTES } from "./run.js";
export type { GitRunOptions } from "./run.js";
export {
  findRepoRoot,
  gitDir,
  isShallow,
  mergeBase,
  repoName,
  resolveCommit,
  stripCredentials,
  treeOf,
} from "./repo.js";
export { changeId, collectChange, DEFAULT_CHANGE_LIMITS } from "./change.js";
export type { ChangeLimits } from "./change.js";
export { DEFAULT_MAX_COMMITS, parseTrailers, readCommit, readCommitList, readCommits } from "./log.js";
export type { CommitList } from "./log.js";
export { readNote, readNotes } from "./notes.js";
export { blame, blameRanges, expandBlameRanges } from "./blame.js";
export type { BlameLine, BlameOptions, BlameRange } from "./blame.js";
export { DEFAULT_ADDED_LINES_LIMITS, readAddedLines } from "./added-lines.js";
export type { AddedFile, AddedLinesLimits, AddedLinesLog, CommitAdditions } from "./added-lines.js";
export { listTree, readBlob } from "./tree.js";
export type { TreeEntry } from "./tree.js";
export { commitFiles, initRepo } from "./write.js";
export type { CommitSpec } from "./write.js";
export { listNotes } from "./notes.js";
export { readBlobsBatch } from "./cat-file.js";
export type { BlobBatch } from "./cat-file.js";
export { DEFAULT_ADDED_TEXT_LIMITS, eachAddedText } from "./added-text.js";
export type { AddedText, AddedTextLimits } from "./added-text.js";
export { isFullSha } from "./repo.js";
export { listAddedBlobs } from "./history.js";
export type { AddedBlob } from "./history.js";
