import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "../../test/helpers/git-repo.js";
import { isCustodyError } from "../core/errors.js";
import { formatSshPublicKey, parsePublicKey } from "./keys.js";
import { formatOpenSshPrivateKey } from "./openssh.js";
import { generateSigningKey, loadSigningKey, parseSigningKey } from "./signing-key.js";
import { testKey } from "./test-support.js";

function hasSshKeygen(): boolean {
  try {
    execFileSync("ssh-keygen", ["-?"], { stdio: "ignore" });
  } catch (error) {
    return !(error instanceof Error && "code" in error && error.code === "ENOENT");
  }
  return true;
}

describe("public keys", () => {
  it("reads both spellings of a key as the same key with the same fingerprint", () => {
    const key = testKey(7).publicKey;
    const ssh = parsePublicKey(formatSshPublicKey(key.raw, "alice@example.com"));
    const raw = parsePublicKey(key.text);
    assert.ok(ssh.ok && raw.ok);
    assert.equal(ssh.key.fingerprint, raw.key.fingerprint);
    assert.match(raw.key.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it("names what is wrong with a key it cannot use", () => {
    const rsa = parsePublicKey("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC alice");
    assert.ok(!rsa.ok);
    assert.match(rsa.message, /ssh-rsa keys are not supported/);
    const short = parsePublicKey("ed25519:AAAA");
    assert.ok(!short.ok);
    assert.match(short.message, /32 bytes, this one decodes to 3/);
    const garbage = parsePublicKey("hello");
    assert.ok(!garbage.ok);
  });
});

describe("private key files", () => {
  it("reads OpenSSH keys that ssh-keygen writes, with the fingerprint ssh-keygen prints", { skip: !hasSshKeygen() && "ssh-keygen is not installed" }, async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, "id_ed25519");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "alice@example.com", "-f", path]);
    const key = parseSigningKey(await readFile(path, "utf8"), path);
    assert.equal(key.comment, "alice@example.com");
    const printed = execFileSync("ssh-keygen", ["-l", "-f", `${path}.pub`], { encoding: "utf8" });
    assert.equal(printed.split(" ")[1], key.publicKey.fingerprint);
    const pub = parsePublicKey(await readFile(`${path}.pub`, "utf8"));
    assert.ok(pub.ok);
    assert.equal(pub.key.text, key.publicKey.text);
  });

  it("refuses a passphrase-protected OpenSSH key, saying so", { skip: !hasSshKeygen() && "ssh-keygen is not installed" }, async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, "locked");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "secret phrase", "-f", path]);
    await assert.rejects(loadSigningKey(path), (error) => isCustodyError(error) && error.code === "approval-key-invalid" && /encrypted with a passphrase/.test(error.message));
  });

  it("writes keys ssh-keygen reads back, owner-only, and never overwrites one", { skip: !hasSshKeygen() && "ssh-keygen is not installed" }, async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, "keys", "approver");
    const generated = await generateSigningKey(path, "bob@example.com");
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const derived = execFileSync("ssh-keygen", ["-y", "-f", path], { encoding: "utf8" }).trim();
    assert.equal(derived.split(" ").slice(0, 2).join(" "), generated.sshPublicKey.split(" ").slice(0, 2).join(" "));
    assert.equal((await loadSigningKey(path)).publicKey.fingerprint, generated.signingKey.publicKey.fingerprint);
    await assert.rejects(generateSigningKey(path, "x"), /already exists/);
  });

  it("reads PKCS#8 PEM Ed25519 keys and rejects other key types and public keys", async (t) => {
    const { generateKeyPairSync } = await import("node:crypto");
    const dir = await tempDir(t);
    const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    assert.match(parseSigningKey(pem, "k.pem").publicKey.fingerprint, /^SHA256:/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    assert.throws(() => parseSigningKey(rsa, "rsa.pem"), /holds a rsa key/);
    assert.throws(() => parseSigningKey(testKey(1).publicKey.text, "k.pub"), /holds a public key/);
    const damaged = formatOpenSshPrivateKey({ seed: new Uint8Array(32).fill(1), publicKey: testKey(2).publicKey.raw, comment: "" }, 1);
    const file = join(dir, "damaged");
    await writeFile(file, damaged);
    await assert.rejects(loadSigningKey(file), /does not belong to the private key|do not match/);
  });
});
