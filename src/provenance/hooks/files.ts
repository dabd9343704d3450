// Reading the repository's files for a hook: only paths inside the working tree (never `.git`, never
// through a symlink), only regular text files up to a size bound.
import { lstat, readFile, realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { runGit } from "../../git/index.js";

/** Largest file Custody snapshots; bigger files are skipped with a reason. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Files one event may touch (an edit's targets, a shell command's changes). */
export const MAX_FILES_PER_EVENT = 500;
const MAX_LISTING_BYTES = 8 * 1024 * 1024;
const BINARY_PROBE = 8000;

export type FileRead = { kind: "file"; content: Buffer } | { kind: "missing" } | { kind: "skipped"; reason: string };

/** The real path of `path`, resolving symlinks in the part of it that exists. */
async function realPathOf(path: string): Promise<string> {
  const tail: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...tail.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      tail.push(basename(current));
      current = parent;
    }
  }
}

/**
 * The repository-relative, `/`-separated form of a path an agent named, or undefined when it lies
 * outside the working tree or inside `.git`. `root` must be a real path.
 */
export async function repoRelative(root: string, cwd: string, path: string): Promise<string | undefined> {
  const real = await realPathOf(resolve(cwd, path));
  const rel = relative(root, real);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
  const parts = rel.split(sep);
  if (parts[0] === ".git") return undefined;
  return parts.join("/");
}

function isBinary(content: Buffer): boolean {
  return content.subarray(0, BINARY_PROBE).includes(0);
}

export async function readRepoFile(root: string, rel: string): Promise<FileRead> {
  const path = join(root, ...rel.split("/"));
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined) return { kind: "missing" };
  if (info.isSymbolicLink()) return { kind: "skipped", reason: "a symbolic link" };
  if (!info.isFile()) return { kind: "skipped", reason: "not a regular file" };
  if (info.size > MAX_FILE_BYTES) return { kind: "skipped", reason: `larger than ${MAX_FILE_BYTES} bytes` };
  const content = await readFile(path);
  if (content.length > MAX_FILE_BYTES) return { kind: "skipped", reason: `larger than ${MAX_FILE_BYTES} bytes` };
  if (isBinary(content)) return { kind: "skipped", reason: "binary" };
  return { kind: "file", content };
}

/** The staged content of a path, or undefined when the index has no such file. */
export async function readIndexed(root: string, rel: string): Promise<Buffer | undefined> {
  const id = (await runGit(root, ["rev-parse", "--verify", "--quiet", `:${rel}`], { allowExitCodes: [1, 128] })).toString("utf8").trim();
  if (!/^[0-9a-f]{40,64}$/.test(id)) return undefined;
  const content = await runGit(root, ["cat-file", "blob", id], { maxBytes: MAX_FILE_BYTES + 1 }).catch(() => undefined);
  if (content === undefined || content.length > MAX_FILE_BYTES) return undefined;
  return content;
}

/** Modified and untracked (not ignored) files, repository-relative; undefined past the bound. */
export async function changedFiles(root: string): Promise<string[] | undefined> {
  let output: Buffer;
  try {
    output = await runGit(root, ["ls-files", "-m", "-o", "--exclude-standard", "-z"], { maxBytes: MAX_LISTING_BYTES });
  } catch {
    return undefined;
  }
  const paths = [...new Set(output.toString("utf8").split("\0").filter((p) => p !== ""))].sort();
  return paths.length > MAX_FILES_PER_EVENT ? undefined : paths;
}

/** `Name <email>` from the repository's git identity, if it has one. */
export async function gitIdentity(root: string): Promise<string | undefined> {
  const get = async (key: string): Promise<string> =>
    (await runGit(root, ["config", "--get", key], { allowExitCodes: [1] })).toString("utf8").trim();
  const [name, email] = await Promise.all([get("user.name"), get("user.email")]);
  if (email === "") return name === "" ? undefined : name;
  return name === "" ? email : `${name} <${email}>`;
}
