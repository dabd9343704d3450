// Text that comes from outside our own analyzers (another tool's messages, a suppression's reason) may
// quote a credential. It is passed through the secret rules and every match is masked before it is
// printed or stored.
import { defaultSecretScanner, maskSecret } from "../secrets/index.js";


export function redactSecrets(text: string): string {
  const matches = defaultSecretScanner().scan(text);
  if (matches.length === 0) return text;
  let result = "";
  let at = 0;
  for (const m of [...matches].sort((a, b) => a.start - b.start)) {
    if (m.start < at) continue;
    result += text.slice(at, m.start) + maskSecret(m.secret, m.rule.visiblePrefix);
    at = m.end;
  }
  return result + text.slice(at);
}
