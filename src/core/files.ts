// Reading files to scan: bounded, binary-aware, and never following a symlink out of the tree.
import { lstat, open, readFile, realpath } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { fdir } from "fdir";
import ignore from "ignore";
import { CustodyError } from "./errors.js";

export interface FileLimits {
  /** Files larger than this are skipped with a diagnostic. */
  maxFileBytes: number;
  /** Walking stops after this many files, with a diagnostic. */
  maxFiles: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = { maxFileBytes: 2 * 1024 * 1024, maxFiles: 200_000 };

export type SkipReason = "binary" | "too-large" | "unreadable" | "symlink" | "limit-reached";

export interface SkippedFile {
  path: string;
  reason: SkipReason;
}

export type TextResult = { ok: true; text: string } | { ok: false; reason: SkipReason };

const SNIFF_BYTES = 8000;

/** Git's rule: a NUL byte in the first 8000 bytes makes a file binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function decodeText(bytes: Uint8Array, limits: FileLimits = DEFAULT_FILE_LIMITS): TextResult {
  if (bytes.length > limits.maxFileBytes) return { ok: false, reason: "too-large" };
  if (looksBinary(bytes)) return { ok: false, reason: "binary" };
  return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8") };
}

/** Reads a file from disk under the same bounds as blobs from git, without reading huge files whole. */
export async function readTextFile(path: string, limits: FileLimits = DEFAULT_FILE_LIMITS): Promise<TextResult> {
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) return { ok: false, reason: "symlink" };
    if (!info.isFile()) return { ok: false, reason: "unreadable" };
    if (info.size > limits.maxFileBytes) return { ok: false, reason: "too-large" };
    return decodeText(await readFile(path), limits);
  } catch {
    return { ok: false, reason: "unreadable" };
  }
}

export interface WalkResult {
  /** Absolute root the relative paths are based on. */
  root: string;
  /** Repository-style relative paths (forward slashes), sorted. */
  files: string[];
  skipped: SkippedFile[];
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

async function loadIgnore(root: string): Promise<(path: string) => boolean> {
  const rules = ignore().add([".git", "node_modules"]);
  try {
    const handle = await open(join(root, ".gitignore"));
    try {
      rules.add((await handle.readFile()).toString("utf8"));
    } finally {
      await handle.close();
    }
  } catch {
    // No .gitignore at the root: only the built-in ignores apply.
  }
  return (path: string) => rules.ignores(path);
}

/**
 * Lists the regular files under `targets` (files or directories) relative to `root`, honouring the root
 * `.gitignore`, skipping symlinks (they could point outside the tree) and stopping at `maxFiles`.
 */
export async function walkFiles(
  root: string,
  targets: string[],
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): Promise<WalkResult> {
  const absRoot = await realpath(resolve(root));
  const ignored = await loadIgnore(absRoot);
  const seen = new Set<string>();
  const skipped: SkippedFile[] = [];
  for (const target of targets.length > 0 ? targets : ["."]) {
    const absTarget = resolve(absRoot, target);
    const rel = toPosix(relative(absRoot, absTarget));
    if (rel === ".." || rel.startsWith("../")) {
      throw new CustodyError("usage", `${target} is outside ${absRoot}; scan it from its own directory or pass --repo`);
    }
    const info = await lstat(absTarget).catch(() => {
      throw new CustodyError("file-unreadable", `${target} does not exist or cannot be read; check the path`);
    });
    if (info.isFile()) {
      seen.add(rel);
      continue;
    }
    if (!info.isDirectory()) continue;
    const found = new fdir()
      .withRelativePaths()
      .exclude((_name, dirPath) => {
        const relDir = toPosix(relative(absRoot, dirPath));
        return relDir !== "" && ignored(`${relDir}/`);
      })
      .crawl(absTarget)
      .sync();
    for (const file of found) {
      const relFile = toPosix(relative(absRoot, join(absTarget, file)));
      if (!ignored(relFile)) seen.add(relFile);
    }
  }
  let files = [...seen].sort();
  if (files.length > limits.maxFiles) {
    skipped.push({ path: `${files.length - limits.maxFiles} files`, reason: "limit-reached" });
    files = files.slice(0, limits.maxFiles);
  }
  return { root: absRoot, files, skipped };
}
