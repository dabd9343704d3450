// pom.xml: the parent POM, `<dependencies>`, `<dependencyManagement>` (versions it manages fill in
// dependencies that omit one; BOM imports are dependencies of their own), profiles and build plugins.
// `${…}` is resolved from `<properties>` and the project's own coordinates; anything defined in a
// parent POM or on the command line cannot be known from this file and is reported as a diagnostic.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, buildPurl, capDiagnostic, checkText, guarded, insideFolder, invalid, isRecord, LineIndex, lineOfOffset, MAX_ENTRIES, stringField } from "../cargo/common.js";

/** Elements that may repeat; the parser returns them as arrays even when there is one. */
const REPEATED = new Set(["dependency", "plugin", "profile"]);
const MAX_NESTING = 64;
const MAX_PROPERTY_PASSES = 10;
const MAX_VALUE_LENGTH = 1_000;

// The symbol under which fast-xml-parser stores where each element starts (`captureMetaData`).
const METADATA = XMLParser.getMetaDataSymbol() as unknown as symbol;

type Element = Record<string, unknown>;

interface Context {
  path: string;
  lines: LineIndex;
  properties: ReadonlyMap<string, string>;
  managed: ReadonlyMap<string, Element>;
  diagnostics: ParseDiagnostic[];
}

type Role = "dependency" | "managed" | "parent" | "plugin";

export const pomParser: EcosystemParser = {
  ecosystem: "maven",
  name: "pom.xml",
  // Build output and packaged jars carry copies of POMs (`target/…/META-INF/maven/<group>/<artifact>/pom.xml`).
  matches: (path) => baseName(path) === "pom.xml" && !insideFolder(path, ["target", "META-INF", ".m2", "node_modules"]),
  parse: guarded("pom.xml", parsePom),
};

function parsePom(path: string, text: string): ParseResult {
  const body = checkText(path, text, "pom.xml");
  const project = readProject(path, body);
  const lines = new LineIndex(body);
  const diagnostics: ParseDiagnostic[] = [];
  const properties = projectProperties(project, undefined);
  const managedElements = [...elementsAt(project, ["dependencyManagement", "dependencies", "dependency"])];
  const base: Context = { path, lines, properties, managed: new Map(), diagnostics };
  const context: Context = { ...base, managed: managedMap(base, managedElements) };
  const dependencies: Dependency[] = [];
  const emit = (dependency: Dependency | undefined): void => {
    if (dependency !== undefined) dependencies.push(dependency);
  };

  if (isRecord(project.parent)) emit(toDependency(context, project.parent, "parent"));
  const declared = elementsAt(project, ["dependencies", "dependency"]);
  for (const element of declared) emit(toDependency(context, element, "dependency"));
  // A managed entry only constrains versions; it is listed when nothing above declares the same artifact,
  // so a version pinned there for transitive dependencies is still seen.
  const declaredKeys = new Set(declared.map((element) => coordinateKey(context, element)));
  for (const element of managedElements) {
    if (!declaredKeys.has(coordinateKey(context, element))) emit(toDependency(context, element, "managed"));
  }
  for (const element of elementsAt(project, ["build", "plugins", "plugin"])) emit(toDependency(context, element, "plugin"));
  for (const profile of elementsAt(project, ["profiles", "profile"])) {
    const profileContext: Context = { ...context, properties: projectProperties(project, profile) };
    for (const element of elementsAt(profile, ["dependencies", "dependency"])) emit(toDependency(profileContext, element, "dependency"));
    for (const element of elementsAt(profile, ["dependencyManagement", "dependencies", "dependency"])) emit(toDependency(profileContext, element, "managed"));
    for (const element of elementsAt(profile, ["build", "plugins", "plugin"])) emit(toDependency(profileContext, element, "plugin"));
  }
  if (dependencies.length > MAX_ENTRIES) {
    const cut = dependencies[MAX_ENTRIES];
    diagnostics.push(capDiagnostic(path, cut?.line ?? 1));
    dependencies.length = MAX_ENTRIES;
  }
  return { dependencies, diagnostics };
}

function readProject(path: string, text: string): Element {
  const external = /<!ENTITY\s+(?:%\s*)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b/.exec(text);
  if (external !== null) {
    throw invalid(path, lineOfOffset(text, external.index), "the DOCTYPE declares an external entity, which Custody never resolves", "remove the DOCTYPE (a POM does not need one)");
  }
  const problem = xmlProblem(text);
  if (problem !== undefined) {
    throw invalid(path, problem.line, `invalid XML: ${problem.message}`, "fix the markup or restore the POM from version control");
  }
  let document: unknown;
  try {
    const parser = new XMLParser({
      ignoreAttributes: true,
      // Keep text as written: `1.10` must not become the number 1.1.
      parseTagValue: false,
      // No entity expansion at all, so a crafted DOCTYPE cannot blow up the document or reach outside it.
      processEntities: false,
      captureMetaData: true,
      maxNestedTags: MAX_NESTING,
      isArray: (name) => REPEATED.has(name),
    });
    document = parser.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : "unreadable XML";
    throw invalid(path, undefined, `the POM could not be read: ${detail.slice(0, 200)}`, "check that it is a well-formed pom.xml");
  }
  const project = isRecord(document) ? document.project : undefined;
  if (!isRecord(project)) {
    throw invalid(path, 1, "no <project> root element", "check that the file is a Maven POM");
  }
  return project;
}

/**
 * The first well-formedness error, if any. The parser accepts unbalanced markup, so this comes from the
 * validator fast-xml-parser still ships (its successor package is not a dependency).
 */
function xmlProblem(text: string): { line?: number; message: string } | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const result = XMLValidator.validate(text);
    return result === true ? undefined : { line: result.err.line, message: result.err.msg.replace(/\.$/, "") };
  } catch {
    return { message: "the document is not well-formed" };
  }
}

/** The elements at a path below `root`, following only object children. */
function elementsAt(root: Element, path: readonly string[]): Element[] {
  let current: unknown = root;
  for (const [index, step] of path.entries()) {
    if (!isRecord(current)) return [];
    current = current[step];
    if (index === path.length - 1) break;
    if (Array.isArray(current)) current = current[0];
  }
  const list: unknown[] = Array.isArray(current) ? current : [current];
  return list.filter(isRecord);
}

/** `<properties>` plus the project's coordinates under the names Maven accepts for them. */
function projectProperties(project: Element, profile: Element | undefined): Map<string, string> {
  const properties = new Map<string, string>();
  const parent = isRecord(project.parent) ? project.parent : {};
  const coordinates: Record<string, string | undefined> = {
    "project.groupId": stringField(project, "groupId") ?? stringField(parent, "groupId"),
    "project.artifactId": stringField(project, "artifactId"),
    "project.version": stringField(project, "version") ?? stringField(parent, "version"),
    "project.parent.groupId": stringField(parent, "groupId"),
    "project.parent.artifactId": stringField(parent, "artifactId"),
    "project.parent.version": stringField(parent, "version"),
  };
  for (const [key, value] of Object.entries(coordinates)) {
    if (value === undefined) continue;
    properties.set(key, value);
    // Maven 2 spellings (`${version}`, `${pom.version}`) still appear in old POMs.
    properties.set(key.replace(/^project\./, "pom."), value);
    if (!key.startsWith("project.parent.")) properties.set(key.replace(/^project\./, ""), value);
  }
  for (const source of [project.properties, profile?.properties]) {
    if (!isRecord(source)) continue;
    for (const [key, value] of Object.entries(source)) {
      if (typeof value === "string") properties.set(key, value);
    }
  }
  return properties;
}

interface Resolved {
  value: string;
  unresolved: string[];
}

// Many dependencies share one `${x.version}`; resolving each distinct text once keeps a POM with
// thousands of entries and self-referencing properties cheap.
const resolvedCache = new WeakMap<ReadonlyMap<string, string>, Map<string, Resolved>>();

/** Replaces `${name}` from the properties; names left over could not be resolved from this file. */
function resolve(value: string, properties: ReadonlyMap<string, string>): Resolved {
  if (!value.includes("${")) return { value, unresolved: [] };
  let cache = resolvedCache.get(properties);
  if (cache === undefined) {
    cache = new Map();
    resolvedCache.set(properties, cache);
  }
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const result = expand(value, properties);
  cache.set(value, result);
  return result;
}

function expand(value: string, properties: ReadonlyMap<string, string>): Resolved {
  let current = value;
  // Properties may refer to properties; a bounded number of passes stops cycles and runaway growth.
  for (let pass = 0; pass < MAX_PROPERTY_PASSES && current.includes("${"); pass++) {
    const next = current.replace(/\$\{([^}]+)\}/g, (whole, name: string) => properties.get(name) ?? whole);
    if (next === current || next.length > MAX_VALUE_LENGTH) break;
    current = next;
  }
  const unresolved = [...current.matchAll(/\$\{([^}]+)\}/g)].map((match) => match[1] ?? "");
  return { value: current, unresolved };
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Decodes XML's five predefined entities and character references, the only ones a POM needs.
 * Declared entities stay as written: expanding them is how crafted DOCTYPEs blow up or leak.
 */
function decodeEntities(value: string): string {
  return value.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g, (whole, decimal?: string, hex?: string, named?: string) => {
    if (named !== undefined) return PREDEFINED_ENTITIES[named] ?? whole;
    const code = decimal === undefined ? Number.parseInt(hex ?? "", 16) : Number.parseInt(decimal, 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function text(element: Element, key: string, context: Context): Resolved | undefined {
  const raw = stringField(element, key);
  return raw === undefined || raw === "" ? undefined : resolve(decodeEntities(raw), context.properties);
}

function coordinateKey(context: Context, element: Element): string {
  const group = text(element, "groupId", context)?.value ?? "";
  const artifact = text(element, "artifactId", context)?.value ?? "";
  return `${group}:${artifact}`;
}

function managedMap(context: Context, elements: readonly Element[]): Map<string, Element> {
  const managed = new Map<string, Element>();
  for (const element of elements) {
    const key = coordinateKey(context, element);
    if (!managed.has(key)) managed.set(key, element);
  }
  return managed;
}

function lineOf(context: Context, element: Element): number {
  const metadata: unknown = (element as Record<symbol, unknown>)[METADATA];
  const start = isRecord(metadata) ? metadata.startIndex : undefined;
  return typeof start === "number" ? context.lines.lineOf(start) : 1;
}

function toDependency(context: Context, element: Element, role: Role): Dependency | undefined {
  const { path, diagnostics } = context;
  const line = lineOf(context, element);
  // Plugins without a groupId are Maven's own (`maven-compiler-plugin`).
  const group = text(element, "groupId", context) ?? (role === "plugin" ? { value: "org.apache.maven.plugins", unresolved: [] } : undefined);
  const artifact = text(element, "artifactId", context);
  if (group === undefined || artifact === undefined) {
    diagnostics.push({ path, line, message: `<${role === "plugin" ? "plugin" : "dependency"}> without a groupId and artifactId; skipped` });
    return undefined;
  }
  const name = `${group.value}:${artifact.value}`;
  if (group.unresolved.length > 0 || artifact.unresolved.length > 0) {
    diagnostics.push({ path, line, message: `${name}: ${describeUnresolved([...group.unresolved, ...artifact.unresolved])}; skipped` });
    return undefined;
  }
  const entity = /&[A-Za-z_][\w.-]*;/.exec(name);
  if (entity !== null) {
    diagnostics.push({ path, line, message: `${name}: uses the entity ${entity[0]}, which Custody does not expand; skipped` });
    return undefined;
  }
  const scope = text(element, "scope", context)?.value;
  const type = text(element, "type", context)?.value;
  const classifier = text(element, "classifier", context)?.value;
  const version = versionOf(context, element, role, name, line);
  const exact = version !== undefined && !/^[[(]/.test(version) ? version : undefined;
  const systemPath = scope === "system" ? text(element, "systemPath", context)?.value : undefined;
  const source: DependencySource = systemPath === undefined ? "registry" : "path";
  const isBom = role === "managed" && scope === "import";
  return {
    ecosystem: "maven",
    name,
    ...(exact === undefined ? {} : { version: exact }),
    ...(version !== undefined && exact === undefined ? { requirement: version } : {}),
    ...(role === "managed" && !isBom ? {} : { direct: true }),
    dev: scope === "test",
    source,
    ...(systemPath === undefined ? {} : { resolved: systemPath }),
    purl: buildPurl("maven", group.value, artifact.value, exact, {
      classifier,
      type: role === "parent" ? "pom" : type === "jar" ? undefined : type,
    }),
    path,
    line,
  };
}

/** The declared version, else the one `<dependencyManagement>` in this POM gives; diagnostics say why there is none. */
function versionOf(context: Context, element: Element, role: Role, name: string, line: number): string | undefined {
  const { path, diagnostics } = context;
  const declared = text(element, "version", context) ?? (role === "dependency" ? managedVersion(context, name) : undefined);
  if (declared === undefined) {
    // Plugins without a version get Maven's defaults; that is normal, not worth a diagnostic.
    if (role !== "plugin") diagnostics.push({ path, line, message: `${name}: no version in this POM (it is managed by a parent POM or an imported BOM)` });
    return undefined;
  }
  if (declared.unresolved.length > 0) {
    diagnostics.push({ path, line, message: `${name}: ${describeUnresolved(declared.unresolved)}; version unknown` });
    return undefined;
  }
  return declared.value;
}

function managedVersion(context: Context, name: string): Resolved | undefined {
  const managed = context.managed.get(name);
  return managed === undefined ? undefined : text(managed, "version", context);
}

function describeUnresolved(names: readonly string[]): string {
  const list = [...new Set(names)].map((name) => `\${${name}}`).join(", ");
  return `${list} is not defined in this POM (a parent POM, profile or the command line may set it)`;
}
