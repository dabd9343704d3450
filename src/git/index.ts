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
export { blame } from "./blame.js";
export type { BlameLine } from "./blame.js";
export { listTree, readBlob } from "./tree.js";
export type { TreeEntry } from "./tree.js";
export { commitFiles, initRepo } from "./write.js";
export type { CommitSpec } from "./write.js";
