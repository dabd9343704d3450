import { z } from "zod";

/**
 * `approvals:` in the policy file: who may override a decision, and identities that must never count
 * as a reviewer beyond the bot and AI identities Custody knows.
 */
export const ApprovalsSchema = z.strictObject({
  /** The group whose members may sign an override (default `security`). */
  overrideGroup: z.string().min(1).optional(),
  /** Globs over identities (e-mails, logins) that are automation, e.g. `deploy-*@example.com`. */
  bots: z.array(z.string().min(1)).optional(),
});

export interface ApprovalSettings {
  overrideGroup: string;
  bots: string[];
}

export const DEFAULT_OVERRIDE_GROUP = "security";

export function toApprovalSettings(section: z.output<typeof ApprovalsSchema> | null | undefined): ApprovalSettings | undefined {
  if (section === null || section === undefined) return undefined;
  return { overrideGroup: section.overrideGroup ?? DEFAULT_OVERRIDE_GROUP, bots: section.bots ?? [] };
}

/** The settings in force: the policy's section, or the defaults when it has none. */
export function approvalSettings(policy: { approvals?: ApprovalSettings }): ApprovalSettings {
  return policy.approvals ?? { overrideGroup: DEFAULT_OVERRIDE_GROUP, bots: [] };
}
