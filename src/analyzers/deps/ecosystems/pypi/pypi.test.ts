import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isCustodyError } from "../../../../core/errors.js";
import type { Dependency, ParseResult } from "../../types.js";
import { PARSERS } from "./index.js";

function parse(path: string, text?: string): ParseResult {
  const parser = PARSERS.find((candidate) => candidate.matches(path));
  assert.ok(parser, `no parser for ${path}`);
  return parser.parse(path, text ?? readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8"));
}

/** `name version-or-requirement direct/transitive [dev] source line`. */
function summary(dependency: Dependency): string {
  const direct = dependency.direct === undefined ? "?" : dependency.direct ? "direct" : "transitive";
  const dev = dependency.dev === true ? " dev" : "";
  return `${dependency.name} ${dependency.version ?? dependency.requirement ?? "-"} ${direct}${dev} ${dependency.source} ${dependency.line}`;
}

function find(result: ParseResult, name: string): Dependency {
  const found = result.dependencies.find((dependency) => dependency.name === name);
  assert.ok(found, `${name} not found`);
  return found;
}

function messages(result: ParseResult): string[] {
  return result.diagnostics.map((diagnostic) => `${diagnostic.line ?? 0}: ${diagnostic.message}`);
}

function rejects(path: string, text: string | undefined, message: string): void {
  assert.throws(
    () => parse(path, text),
    (error: unknown) => isCustodyError(error) && error.code === "lockfile-invalid" && error.message === message,
  );
}

await test("Python manifests and lockfiles are recognised by name", () => {
  const names = (path: string): string[] => PARSERS.filter((parser) => parser.matches(path)).map((parser) => parser.name);
  for (const path of ["requirements.txt", "requirements-dev.txt", "dev-requirements.txt", "requirements/base.txt", "requirements/test.in", "api/requirements_prod.in"]) {
    assert.deepEqual(names(path), ["requirements.txt"], path);
  }
  assert.deepEqual(names("pyproject.toml"), ["pyproject.toml"]);
  assert.deepEqual(names("poetry.lock"), ["poetry.lock"]);
  assert.deepEqual(names("tools/uv.lock"), ["uv.lock"]);
  assert.deepEqual(names("Pipfile.lock"), ["Pipfile.lock"]);
  // MANIFEST.in and notes.txt are not requirement files.
  assert.deepEqual(names("MANIFEST.in"), []);
  assert.deepEqual(names("docs/notes.txt"), []);
  assert.deepEqual(names("requirements.txt.orig"), []);
  // Installed packages carry their own manifests; they are not the project's.
  assert.deepEqual(names(".venv/lib/python3.12/site-packages/foo/requirements.txt"), []);
  assert.deepEqual(names("node_modules/node-gyp/gyp/pyproject.toml"), []);
});

await test("requirements.txt: specifiers, extras, markers, continuations, URLs and local archives", () => {
  const result = parse("requirements/requirements.txt");
  assert.deepEqual(result.dependencies.map(summary), [
    "django 4.2.14 direct registry 10",
    "djangorestframework >=3.15,<3.16 direct registry 11",
    "requests ~=2.32.0 direct registry 12",
    "python-dateutil 2.9.0.post0 direct registry 13",
    "typing-extensions >=4.12 direct registry 14",
    "zope-interface 6.4.post2 direct registry 15",
    "cryptography 43.0.0 direct registry 17",
    "ledger-client - direct git 21",
    "ledger-audit - direct git 22",
    "simplejson 3.19.2 direct url 24",
    "pyreportlib 1.4.0 direct path 25",
    "celery >=5.4 direct registry 27",
  ]);
  // Hashes on continuation lines belong to the requirement; the index URL loses its credentials.
  assert.deepEqual(find(result, "cryptography"), {
    ecosystem: "pypi",
    name: "cryptography",
    version: "43.0.0",
    requirement: "==43.0.0",
    direct: true,
    dev: false,
    source: "registry",
    resolved: "https://pypi.acme.internal/simple",
    integrity: "sha256:6d043cf4b945f57737b67c2e0aa32bcad2ef1cc65bcd9ad336d383c6c2926184 sha256:e0bef25174ff22e4c479a2a0464668a5744ce56aa164a6146953827e63eac3e0",
    purl: "pkg:pypi/cryptography@43.0.0",
    path: "requirements/requirements.txt",
    line: 17,
  });
  assert.equal(find(result, "ledger-audit").resolved, "git+https://github.com/acme/ledger-audit.git@4f2c9b1");
  assert.equal(find(result, "simplejson").integrity, "sha256:805a3e0f962d8793263c59177db3716d3a48dc7ac8be1c42492caee8684ac0a8");
  assert.equal(find(result, "zope-interface").purl, "pkg:pypi/zope-interface@6.4.post2");
  assert.equal(find(result, "pyreportlib").resolved, "./vendor/pyreportlib-1.4.0-py3-none-any.whl");
});

await test("requirements.txt: includes, editable checkouts and unreadable lines are diagnostics", () => {
  assert.deepEqual(messages(parse("requirements/requirements.txt")), [
    "7: includes requirements from base.txt; that file is read on its own when it is scanned",
    "8: includes constraints from constraints.txt; that file is read on its own when it is scanned",
    "23: editable install of .: the package name is not written here; not listed",
    "26: ./vendor/localpkg/: the package name cannot be told from the URL or path; not listed",
    '28: "this is not a requirement" is not a requirement pip understands; line ignored',
    "30: unknown option --frobnicate; line ignored",
  ]);
});

await test("pip-compile output: `# via -r` marks the direct pins, the rest are transitive", () => {
  const result = parse("compiled/requirements.txt");
  assert.deepEqual(result.dependencies.map(summary), [
    "certifi 2024.7.4 transitive registry 7",
    "charset-normalizer 3.3.2 transitive registry 11",
    "flask 3.0.3 direct registry 14",
    "idna 3.7 transitive registry 17",
    "requests 2.32.3 direct registry 20",
    "urllib3 2.2.2 transitive registry 26",
  ]);
});

await test("requirement files named for development mark their packages dev", () => {
  const result = parse("requirements/requirements-dev.in");
  assert.deepEqual(result.dependencies.map(summary), ["pytest >=8.2 direct dev registry 2", "pytest-cov - direct dev registry 3", "ruff 0.5.5 direct dev registry 4"]);
  assert.equal(parse("requirements.txt", "flask\n").dependencies[0]?.dev, false);
});

await test("pyproject.toml (PEP 621, PEP 735, uv): each requirement on its own line, with uv sources applied", () => {
  const result = parse("pep621/pyproject.toml");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), [
    "fastapi >=0.111,<1 direct registry 13",
    "sqlalchemy 2.0.31 direct registry 14",
    "pydantic-settings ~=2.3 direct registry 15",
    "ledger-core - direct workspace 16",
    "acme-auth - direct git 17",
    "tomli >=2.0.1 direct registry 18",
    "internal-metrics - direct registry 19",
    "boto3 >=1.34 direct registry 23",
    "pytest >=8 direct dev registry 24",
    "pytest-asyncio 0.23.7 direct dev registry 24",
    "hatchling >=1.24 direct registry 2",
    "hatch-vcs - direct registry 2",
    "ruff >=0.5 direct dev registry 28",
    "mypy 1.10.1 direct dev registry 31",
    "ipdb - direct dev git 34",
  ]);
  assert.equal(find(result, "internal-metrics").resolved, "https://pypi.acme.internal/simple");
  assert.equal(find(result, "acme-auth").resolved, "git+https://github.com/acme/acme-auth.git@v1.4.2");
  assert.equal(find(result, "ipdb").resolved, "https://github.com/gotcha/ipdb");
});

await test("pyproject.toml: dynamic dependencies and unreadable entries are diagnostics", () => {
  const text = '[project]\nname = "x"\ndynamic = ["version", "dependencies"]\n\n[project.optional-dependencies]\ncli = ["click>=8", "not a requirement!"]\n';
  const result = parse("pyproject.toml", text);
  assert.deepEqual(result.dependencies.map(summary), ["click >=8 direct registry 6"]);
  assert.deepEqual(messages(result), ["3: dependencies are dynamic (computed by the build backend); they are not written in this file", '6: "not a requirement!" is not a valid requirement; skipped']);
});

await test("pyproject.toml (Poetry): groups are dev, tables give git, path, url and named sources", () => {
  const result = parse("poetry-project/pyproject.toml");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), [
    "poetry-core >=1.9 direct registry 42",
    "celery ^5.4 direct registry 10",
    "flask 3.0.3 direct registry 11",
    "requests ^2.32 direct registry 12",
    "ledger-core - direct path 13",
    "acme-sdk - direct git 14",
    "numpy <2.0 || >=2.0 direct registry 15",
    "private-utils ^1.2 direct registry 19",
    "wheel-only - direct url 20",
    "anything - direct registry 21",
    "black ^24.4 direct dev registry 34",
    "pytest ^8.2 direct dev registry 24",
    "factory-boy ^3.3 direct dev registry 25",
    "mkdocs-material ^9.5 direct dev registry 31",
  ]);
  assert.equal(find(result, "private-utils").resolved, "https://pypi.acme.internal/simple");
  assert.equal(find(result, "ledger-core").resolved, "../ledger-core");
  // The interpreter constraint is not a package.
  assert.equal(result.dependencies.some((dependency) => dependency.name === "python"), false);
});

await test("poetry.lock 2.1: groups decide dev, sources give git commits, directories and private indexes", () => {
  const result = parse("poetry/poetry.lock");
  assert.deepEqual(result.dependencies.map(summary), [
    "acme-sdk 0.9.1 ? git 4",
    "certifi 2024.7.4 ? registry 23",
    "colorama 0.4.6 ? dev registry 35",
    "ledger-core 0.4.0 ? path 48",
    "private-utils 1.2.7 ? registry 62",
    "pytest 8.3.2 ? dev registry 78",
    "requests 2.32.3 ? registry 93",
    "wheel-only 0.3.0 ? url 108",
  ]);
  assert.equal(find(result, "acme-sdk").resolved, "https://github.com/acme/acme-sdk.git#8d1f0e3c2b4a59687f1e2d3c4b5a69788f9e0d1c");
  assert.equal(find(result, "private-utils").resolved, "https://pypi.acme.internal/simple");
  assert.equal(find(result, "certifi").integrity?.split(" ").length, 2);
  assert.equal(find(result, "certifi").purl, "pkg:pypi/certifi@2024.7.4");
});

await test("poetry.lock 1.1: category decides dev and hashes come from [metadata.files]", () => {
  const result = parse("poetry-v1/poetry.lock");
  assert.deepEqual(result.dependencies.map(summary), ["click 8.0.1 ? registry 2", "colorama 0.4.4 ? registry 13", "pytest 6.2.4 ? dev registry 21"]);
  assert.equal(find(result, "click").integrity?.split(" ").length, 2);
});

await test("uv.lock: workspace members decide direct, the dev group's closure is dev, the project itself is left out", () => {
  const result = parse("uv/uv.lock");
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.dependencies.map(summary), [
    "anyio 4.4.0 transitive registry 12",
    "boto3 1.34.144 direct registry 25",
    "certifi 2024.7.4 transitive registry 34",
    "httpx 0.27.0 direct git 43",
    "idna 3.7 transitive registry 53",
    "iniconfig 2.0.0 transitive dev registry 62",
    "ledger-core 0.4.0 ? workspace 101",
    "legacy-report 1.0.0 direct path 112",
    "packaging 24.1 transitive dev registry 120",
    "pluggy 1.5.0 transitive dev registry 129",
    "pytest 8.3.2 direct dev registry 138",
    "sniffio 1.3.1 transitive registry 152",
  ]);
  assert.equal(find(result, "httpx").resolved, "https://github.com/encode/httpx#5cb5b7e9cea7ab6c5a8a8e4b4e5e3b5c1d7d8e2f");
  assert.equal(find(result, "anyio").resolved, "https://pypi.org/simple");
  assert.equal(find(result, "anyio").integrity?.split(" ").length, 2);
});

await test("Pipfile.lock: default and develop sections, pinned versions, git refs and private indexes", () => {
  const result = parse("pipenv/Pipfile.lock");
  assert.deepEqual(result.dependencies.map(summary), [
    "pillow 10.4.0 ? registry 24",
    "certifi 2024.7.4 ? registry 31",
    "django 4.2.14 ? registry 40",
    "ledger-audit - ? git 52",
    "private-utils 1.2.7 ? registry 56",
    "vendored-tool - ? path 63",
    "iniconfig 2.0.0 ? dev registry 68",
    "pytest 8.3.2 ? dev registry 75",
  ]);
  // The index URL loses the token written into it.
  assert.equal(find(result, "private-utils").resolved, "https://pypi.acme.internal/simple");
  assert.equal(find(result, "ledger-audit").resolved, "https://github.com/acme/ledger-audit.git#4f2c9b1e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c");
  assert.equal(find(result, "certifi").integrity?.split(" ").length, 2);
});

await test("malformed Python files are errors that name the file, the line and what to do", () => {
  rejects("malformed/requirements.txt", undefined, "malformed/requirements.txt:2: unresolved merge conflict marker; resolve the conflict and regenerate the requirements file");
  rejects("malformed/pyproject.toml", undefined, "malformed/pyproject.toml:7: invalid TOML: expected comma or end of structure; fix the TOML syntax");
  rejects("malformed/poetry.lock", undefined, 'malformed/poetry.lock:123: unknown poetry.lock lock-version "3.0"; regenerate it with Poetry 1.x or 2.x (`poetry lock`)');
  rejects("malformed/uv.lock", undefined, "malformed/uv.lock:1: unknown uv.lock version 2; regenerate it with a uv release that writes lockfile version 1 (`uv lock`)");
  rejects("malformed/Pipfile.lock", undefined, "malformed/Pipfile.lock:77: invalid JSON: the document ends early, as if truncated; regenerate it with `pipenv lock`");
  rejects("Pipfile.lock", '{\n  "_meta": {"pipfile-spec": 6},\n  "default": {"a": }\n}\n', "Pipfile.lock:3: invalid JSON: unexpected '}'; regenerate it with `pipenv lock`");
  rejects("Pipfile.lock", '{"_meta": {\n"pipfile-spec": 9}}\n', "Pipfile.lock:2: unknown pipfile-spec 9; regenerate it with a pipenv release that writes pipfile-spec 6 or earlier");
  rejects("poetry.lock", "\u0000\u0000\u0000", "poetry.lock:1: binary content where a poetry.lock was expected; check that the file is a text file and not a build artefact committed by mistake");
  rejects("Pipfile.lock", `${"[".repeat(200_000)}${"]".repeat(200_000)}`, "Pipfile.lock:1: the top level is not a JSON object; regenerate it with `pipenv lock`");
});

await test("CRLF line endings give the same dependencies and lines", () => {
  for (const path of ["requirements/requirements.txt", "uv/uv.lock", "pipenv/Pipfile.lock", "poetry-project/pyproject.toml"]) {
    const text = readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8");
    assert.deepEqual(parse(path, text.replace(/\n/g, "\r\n")), parse(path, text), path);
  }
});

await test("a name that is not well-formed Unicode still yields a purl instead of a crash", () => {
  const result = parse("Pipfile.lock", '{"_meta": {"pipfile-spec": 6}, "default": {"evil\\ud800": {"version": "==1.0"}}}');
  assert.equal(result.dependencies[0]?.purl, "pkg:pypi/evil%EF%BF%BD@1.0");
});
