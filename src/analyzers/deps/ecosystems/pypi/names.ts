// Python package naming: PEP 503 normalisation and the PyPI purl.
import { buildPurl } from "../cargo/common.js";

/** Folders of installed packages (virtualenvs, tox, npm), whose manifests are not the project's. */
export const INSTALLED_COPIES: readonly string[] = ["node_modules", ".venv", "venv", "site-packages", ".tox", ".nox", "__pypackages__"];

/** PEP 503: lower case, with every run of `-`, `_` and `.` collapsed to one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** `pkg:pypi/<normalised name>@<version>`; `name` must already be normalised. */
export function pypiPurl(name: string, version?: string): string {
  return buildPurl("pypi", undefined, name, version);
}

/**
 * Whether an extra or dependency-group name marks development-only packages. Extras such as `test`
 * or `docs` are published, but no runtime installation needs them.
 */
export function isDevName(group: string): boolean {
  return /^(?:dev|devel|develop|development|test|tests|testing|lint|linting|typing|types|docs?|style|check|ci|coverage)$/i.test(group);
}
