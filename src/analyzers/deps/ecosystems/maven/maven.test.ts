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

function summary(dependency: Dependency): string {
  const direct = dependency.direct === undefined ? "?" : dependency.direct ? "direct" : "transitive";
  const dev = dependency.dev === true ? " dev" : "";
  return `${dependency.name} ${dependency.version ?? dependency.requirement ?? "-"} ${direct}${dev} ${dependency.source} ${dependency.line}`;
}

function rejects(path: string, text: string | undefined, message: string): void {
  assert.throws(
    () => parse(path, text),
    (error: unknown) => isCustodyError(error) && error.code === "lockfile-invalid" && error.message === message,
  );
}

await test("pom.xml and Gradle lockfiles are recognised by name, including the pre-Gradle-6 lock folder", () => {
  const names = (path: string): string[] => PARSERS.filter((parser) => parser.matches(path)).map((parser) => parser.name);
  assert.deepEqual(names("pom.xml"), ["pom.xml"]);
  assert.deepEqual(names("services/api/pom.xml"), ["pom.xml"]);
  assert.deepEqual(names("gradle.lockfile"), ["gradle.lockfile"]);
  assert.deepEqual(names("app/buildscript-gradle.lockfile"), ["gradle.lockfile"]);
  assert.deepEqual(names("settings-gradle.lockfile"), ["gradle.lockfile"]);
  assert.deepEqual(names("gradle/dependency-locks/compileClasspath.lockfile"), ["gradle.lockfile"]);
  assert.deepEqual(names("other.lockfile"), []);
  assert.deepEqual(names("pom.xml.bak"), []);
  assert.deepEqual(names("target/classes/META-INF/maven/com.acme/app/pom.xml"), []);
});

await test("pom.xml: parent, dependencies, BOM imports, managed pins, plugins and profiles", () => {
  const { dependencies } = parse("service/pom.xml");
  assert.deepEqual(dependencies.map(summary), [
    "org.springframework.boot:spring-boot-starter-parent 3.3.2 direct registry 7",
    "org.springframework.boot:spring-boot-starter-web - direct registry 51",
    "com.fasterxml.jackson.core:jackson-databind 2.17.2 direct registry 55",
    "com.google.guava:guava 33.2.1-jre direct registry 60",
    "com.acme.ledger:ledger-api 2.4.0-SNAPSHOT direct registry 64",
    "io.netty:netty-tcnative-boringssl-static 2.0.65.Final direct registry 69",
    "org.apache.commons:commons-text [1.10.0,2.0) direct registry 76",
    "com.oracle.database.jdbc:ojdbc11 - direct registry 81",
    "com.acme.vendor:legacy-crypto 1.0 direct path 86",
    "org.junit.jupiter:junit-jupiter 5.10.3 direct dev registry 93",
    "org.mockito:mockito-core 5.12.0 direct dev registry 99",
    "io.grpc:grpc-bom 1.65.1 direct registry 30",
    // Managed but not declared here: a pin for a transitive dependency.
    "org.yaml:snakeyaml 2.2 ? registry 42",
    "org.springframework.boot:spring-boot-maven-plugin - direct registry 109",
    "org.apache.maven.plugins:maven-surefire-plugin 3.3.1 direct registry 113",
    "org.postgresql:postgresql 42.7.3 direct registry 127",
  ]);
});

await test("pom.xml: properties resolve through other properties and the project's own coordinates", () => {
  const { dependencies } = parse("service/pom.xml");
  const byName = new Map(dependencies.map((dependency) => [dependency.name, dependency]));
  // ${jackson-databind.version} -> ${jackson.version} -> 2.17.2
  assert.equal(byName.get("com.fasterxml.jackson.core:jackson-databind")?.version, "2.17.2");
  // ${project.groupId} and ${project.version}, itself ${revision}.
  assert.equal(byName.get("com.acme.ledger:ledger-api")?.purl, "pkg:maven/com.acme.ledger/ledger-api@2.4.0-SNAPSHOT");
  // No version of its own: dependencyManagement in the same POM supplies ${guava.version}.
  assert.equal(byName.get("com.google.guava:guava")?.version, "33.2.1-jre");
  // A version range is a requirement, not a pinned version.
  assert.deepEqual(
    [byName.get("org.apache.commons:commons-text")?.version, byName.get("org.apache.commons:commons-text")?.requirement],
    [undefined, "[1.10.0,2.0)"],
  );
  // A profile's own properties apply to its dependencies.
  assert.equal(byName.get("org.postgresql:postgresql")?.version, "42.7.3");
});

await test("pom.xml purls carry the type and classifier qualifiers; system scope is a path dependency", () => {
  const { dependencies } = parse("service/pom.xml");
  const byName = new Map(dependencies.map((dependency) => [dependency.name, dependency]));
  assert.equal(byName.get("org.springframework.boot:spring-boot-starter-parent")?.purl, "pkg:maven/org.springframework.boot/spring-boot-starter-parent@3.3.2?type=pom");
  assert.equal(byName.get("io.grpc:grpc-bom")?.purl, "pkg:maven/io.grpc/grpc-bom@1.65.1?type=pom");
  assert.equal(byName.get("io.netty:netty-tcnative-boringssl-static")?.purl, "pkg:maven/io.netty/netty-tcnative-boringssl-static@2.0.65.Final?classifier=linux-x86_64");
  assert.deepEqual(byName.get("com.acme.vendor:legacy-crypto"), {
    ecosystem: "maven",
    name: "com.acme.vendor:legacy-crypto",
    version: "1.0",
    direct: true,
    dev: false,
    source: "path",
    resolved: "${project.basedir}/lib/legacy-crypto-1.0.jar",
    purl: "pkg:maven/com.acme.vendor/legacy-crypto@1.0",
    path: "service/pom.xml",
    line: 86,
  });
});

await test("pom.xml: versions this file cannot know are diagnostics, not guesses", () => {
  const { diagnostics } = parse("service/pom.xml");
  assert.deepEqual(diagnostics, [
    { path: "service/pom.xml", line: 51, message: "org.springframework.boot:spring-boot-starter-web: no version in this POM (it is managed by a parent POM or an imported BOM)" },
    {
      path: "service/pom.xml",
      line: 81,
      message: "com.oracle.database.jdbc:ojdbc11: ${oracle.version} is not defined in this POM (a parent POM, profile or the command line may set it); version unknown",
    },
  ]);
});

await test("pom.xml: entities are never expanded; a declared one leaves its entry out, an external one refuses the file", () => {
  const { dependencies, diagnostics } = parse("entities/pom.xml");
  assert.deepEqual(dependencies.map(summary), ["org.slf4j:slf4j-api 2.0.13 direct registry 20"]);
  assert.deepEqual(diagnostics, [{ path: "entities/pom.xml", line: 15, message: "org.example:&lol4;: uses the entity &lol4;, which Custody does not expand; skipped" }]);
  rejects("external-entity/pom.xml", undefined, "external-entity/pom.xml:3: the DOCTYPE declares an external entity, which Custody never resolves; remove the DOCTYPE (a POM does not need one)");
});

await test("pom.xml: malformed markup, another root element, binary content and deep nesting are errors", () => {
  rejects(
    "malformed/pom.xml",
    undefined,
    "malformed/pom.xml:12: invalid XML: Expected closing tag 'dependency' (opened in line 8, col 5) instead of closing tag 'dependncy'; fix the markup or restore the POM from version control",
  );
  rejects("pom.xml", '<?xml version="1.0"?>\n<settings><servers/></settings>\n', "pom.xml:1: no <project> root element; check that the file is a Maven POM");
  rejects("pom.xml", "\u0000\u0000\u0000\u0001", "pom.xml:1: binary content where a pom.xml was expected; check that the file is a text file and not a build artefact committed by mistake");
  rejects("pom.xml", `<project>${"<a>".repeat(500)}${"</a>".repeat(500)}</project>`, "pom.xml: the POM could not be read: Maximum nested tags exceeded; check that it is a well-formed pom.xml");
});

await test("gradle.lockfile: one dependency per module, dev when only test configurations use it, empty= ignored", () => {
  const { dependencies, diagnostics } = parse("gradle/gradle.lockfile");
  assert.deepEqual(diagnostics, []);
  assert.equal(dependencies.length, 11);
  assert.deepEqual(dependencies[4], {
    ecosystem: "maven",
    name: "com.google.guava:guava",
    version: "33.2.1-jre",
    dev: false,
    source: "registry",
    purl: "pkg:maven/com.google.guava/guava@33.2.1-jre",
    path: "gradle/gradle.lockfile",
    line: 8,
  });
  assert.deepEqual(
    dependencies.filter((dependency) => dependency.dev === true).map((dependency) => `${dependency.name}@${dependency.version ?? ""}:${dependency.line}`),
    ["net.bytebuddy:byte-buddy@1.14.18:9", "org.junit.jupiter:junit-jupiter-api@5.10.3:10", "org.junit.jupiter:junit-jupiter-engine@5.10.3:11", "org.mockito:mockito-core@5.12.0:12"],
  );
});

await test("buildscript and legacy per-configuration lockfiles", () => {
  assert.deepEqual(parse("gradle/buildscript-gradle.lockfile").dependencies.map(summary), [
    "com.google.protobuf:protobuf-gradle-plugin 0.9.4 ? registry 4",
    "org.springframework.boot:spring-boot-gradle-plugin 3.3.2 ? registry 5",
  ]);
  // The configuration is the file name: everything in testRuntimeClasspath.lockfile is for tests.
  assert.deepEqual(parse("gradle/gradle/dependency-locks/testRuntimeClasspath.lockfile").dependencies.map(summary), [
    "junit:junit 4.12 ? dev registry 4",
    "org.hamcrest:hamcrest-core 1.3 ? dev registry 5",
  ]);
});

await test("a malformed gradle.lockfile is an error naming the line", () => {
  rejects(
    "malformed/gradle.lockfile",
    undefined,
    'malformed/gradle.lockfile:5: "com.google.guava:guava=compileClasspath,runtimeClasspath" is not a `group:name:version=configurations` entry; regenerate the lockfile with `gradle dependencies --write-locks`',
  );
});

await test("CRLF line endings give the same pom.xml and gradle.lockfile result", () => {
  for (const path of ["service/pom.xml", "gradle/gradle.lockfile"]) {
    const text = readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8");
    assert.deepEqual(parse(path, text.replace(/\n/g, "\r\n")), parse(path, text), path);
  }
});
