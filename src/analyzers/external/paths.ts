// SARIF locates files by URI: relative to a named base (`%SRCROOT%`), relative to nothing, or absolute
// `file://` URIs. Findings use repository-relative paths with forward slashes, so every form is mapped
// to one; a file outside the scanned root has no place in the report and yields undefined.
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

function decode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

function absoluteFromFileUri(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function cleanRelative(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.length > 0 ? parts.join("/") : undefined;
}

function relativeToRoot(absolute: string, root: string): string | undefined {
  const rel = relative(root, absolute);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
  return cleanRelative(rel.split(sep).join("/"));
}

/** The repository-relative path of an artifact, or undefined when it lies outside `root`. */
export function artifactPath(
  uri: string,
  uriBaseId: string | undefined,
  bases: Record<string, { uri?: string | undefined }> | undefined,
  root: string,
): string | undefined {
  if (/^file:/i.test(uri)) {
    const absolute = absoluteFromFileUri(uri);
    return absolute === undefined ? undefined : relativeToRoot(absolute, root);
  }
  if (/^[a-z][a-z0-9+.-]+:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri)) return undefined;
  const base = uriBaseId !== undefined ? bases?.[uriBaseId]?.uri : undefined;
  if (base !== undefined && /^file:/i.test(base)) {
    const joined = new URL(uri, base.endsWith("/") ? base : `${base}/`).href;
    return artifactPath(joined, undefined, undefined, root);
  }
  const path = decode(uri);
  if (isAbsolute(path) || /^[a-z]:[\\/]/i.test(path)) return relativeToRoot(path, root);
  return cleanRelative(base !== undefined ? `${decode(base)}/${path}` : path);
}
