// Delegation through the command line: a member lets a delegate's key approve for them until a time;
// expired, chained, self- and non-member delegations are refused, each with its reason.
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { approvalEvent, signApproval, type ApprovalPredicate } from "../src/approvals/index.js";
import { testKey } from "../src/approvals/test-support.js";
import { appendEvents } from "../src/cli/commands/record.js";
import type { Decision } from "../src/core/types.js";
import { KEYS, cli, fixture, publicKey } from "./helpers/approvals.js";

const LATER = "2026-03-09T10:00:00.000Z";

describe("custody delegate", () => {
  it("lets a delegate's key approve as the member until the delegation ends, and not after", async (t) => {
    const f = await fixture(t);
    const range = `${f.base}..${f.head}`;
    const keygen = await f.custody(f.keys, "keygen", "dave.key", "--comment", "dave@example.com", "--format", "text");
    assert.equal(keygen.status, 0, keygen.stderr);
    assert.equal((await stat(join(f.keys, "dave.key"))).mode & 0o777, 0o600);
    const davePublic = /keys: \["(ed25519:[A-Za-z0-9+/=]+)"\]/.exec(keygen.stdout)?.[1];
    assert.ok(davePublic, keygen.stdout);

    const delegated = await f.custody(f.repo, "delegate", "--to", "dave@example.com", "--to-key", davePublic, "--until", "7d", "--group", "senior", "--key", await f.key("alice"), "--format", "text");
    assert.equal(delegated.status, 0, delegated.stderr);
    assert.match(delegated.stdout, /^Recorded delegation from alice@example\.com to dave@example\.com \(SHA256:\S+\) for senior until 2026-03-08T10:00:00\.000Z/);

    const byDave = await f.custody(f.repo, "approve", range, "--verdict", "approve", "--key", join(f.keys, "dave.key"), "--format", "text");
    assert.equal(byDave.status, 0, byDave.stderr);
    assert.match(byDave.stdout, /^Recorded approve by dave@example\.com for alice@example\.com of change/);
    assert.equal((await f.custody(f.repo, "approve", range, "--verdict", "approve", "--key", await f.key("bob"))).status, 0);
    const passed = await f.custody(f.repo, "gate", "--base", f.base, "--head", f.head, "--format", "text", "--offline", "--no-record");
    assert.equal(passed.status, 0, passed.stdout);
    assert.match(passed.stdout, /senior: satisfied by alice@example\.com, bob@example\.com \(2 of 2\)[^\n]*\n {6}\+ alice@example\.com: signed by delegate dave@example\.com \(entry \d+\)/);

    // A day after the delegation ended, Dave's key no longer speaks for Alice.
    const late = cli(f.keys, LATER);
    const refused = await late(f.repo, "approve", range, "--verdict", "approve", "--key", join(f.keys, "dave.key"));
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /expired delegation: alice@example\.com delegated to dave@example\.com until 2026-03-08T10:00:00\.000Z \[approval-refused\]/);
  });

  it("ignores a delegate's approval recorded after the delegation expired", async (t) => {
    const f = await fixture(t);
    const delegated = await f.custody(f.repo, "delegate", "--to", "dave@example.com", "--to-key", publicKey("dave"), "--until", "2026-03-05T00:00:00Z", "--key", await f.key("alice"));
    assert.equal(delegated.status, 0, delegated.stderr);
    const late = cli(f.keys, LATER);
    const gated = JSON.parse((await late(f.repo, "gate", "--base", f.base, "--head", f.head, "--format", "json", "--offline")).stdout) as { change: { id: string; repo: string; base: string; head: string; headTree: string } };
    const { change } = gated;
    // Recorded straight into the ledger, as `custody approve` would refuse it.
    const predicate: ApprovalPredicate = {
      changeId: change.id,
      repo: change.repo,
      base: change.base,
      head: change.head,
      headTree: change.headTree,
      verdict: "approve",
      reviewer: { id: "dave@example.com", onBehalfOf: "alice@example.com" },
      time: LATER,
    };
    const event = approvalEvent(signApproval(predicate, testKey(KEYS.dave)), predicate, "SHA256:dave", { time: LATER, actor: "cli:dave" });
    await appendEvents({ ledger: join(f.repo, ".git", "custody", "ledger.db"), key: join(f.repo, ".git", "custody", "ledger.key") }, [event]);
    const result = await late(f.repo, "gate", "--base", f.base, "--head", f.head, "--format", "json", "--offline", "--no-record");
    assert.equal(result.status, 1);
    const decision = (JSON.parse(result.stdout) as { decision: Decision }).decision;
    assert.deepEqual(decision.ignoredApprovals?.map((i) => `${i.reviewer}: ${i.reason}`), [
      "dave@example.com: expired delegation: alice@example.com delegated to dave@example.com until 2026-03-05T00:00:00.000Z",
    ]);
  });

  it("refuses chained, self-, non-member, past and foreign-group delegations with the reason", async (t) => {
    const f = await fixture(t);
    const delegate = async (key: Parameters<typeof f.key>[0], ...args: string[]) => f.custody(f.repo, "delegate", "--key", await f.key(key), ...args);
    assert.equal((await delegate("alice", "--to", "dave@example.com", "--to-key", publicKey("dave"), "--until", "7d")).status, 0);

    const chained = await delegate("dave", "--to", "eve@example.com", "--to-key", publicKey("eve"), "--until", "7d");
    assert.equal(chained.status, 2);
    assert.match(chained.stderr, /chained delegation: your key is a delegate's, and a delegate cannot delegate further \[delegation-invalid\]/);
    const self = await delegate("bob", "--to", "bob@example.com", "--to-key", publicKey("bob2", "ssh"), "--until", "7d");
    assert.equal(self.status, 2);
    assert.match(self.stderr, /this delegation would not count: self-delegation: the delegate is the delegator/);
    const stranger = await delegate("mallory", "--to", "eve@example.com", "--to-key", publicKey("eve"), "--until", "7d");
    assert.equal(stranger.status, 2);
    assert.match(stranger.stderr, /belongs to no member of the policy .*only members can delegate \[delegation-invalid\]/);
    const past = await delegate("alice", "--to", "eve@example.com", "--to-key", publicKey("eve"), "--until", "2026-02-01T00:00:00Z");
    assert.equal(past.status, 2);
    assert.match(past.stderr, /--until 2026-02-01T00:00:00\.000Z is already past/);
    const foreign = await delegate("alice", "--to", "eve@example.com", "--to-key", publicKey("eve"), "--until", "7d", "--group", "security");
    assert.equal(foreign.status, 2);
    assert.match(foreign.stderr, /alice@example\.com is no member of group security, so cannot delegate it/);
    const bot = await delegate("alice", "--to", "helper[bot]", "--to-key", publicKey("eve"), "--until", "7d");
    assert.equal(bot.status, 2);
    assert.match(bot.stderr, /the delegate helper\[bot\] is a bot identity/);
  });
});
