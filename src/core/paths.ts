/** Where a repository keeps its Custody policy; read from the change's base commit by the gate. */
export const POLICY_PATH = ".custody/policy.yaml";
