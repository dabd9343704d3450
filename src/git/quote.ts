// git writes a path that holds a double quote, a backslash or a control character (a newline, a tab)
// as a C string: "dir/new\nline". With core.quotePath=false, bytes above 0x7f pass through unquoted;
// octal escapes still appear for the rest, so the result is rebuilt as bytes and decoded once.

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  t: 0x09,
  n: 0x0a,
  v: 0x0b,
  f: 0x0c,
  r: 0x0d,
  '"': 0x22,
  "\\": 0x5c,
};

/** Decodes a git C-quoted string; text that does not start with a double quote is returned as is. */
export function unquoteCPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const inner = Buffer.from(text.slice(1, -1), "utf8");
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const byte = inner[i] ?? 0;
    if (byte !== 0x5c) {
      bytes.push(byte);
      continue;
    }
    const next = String.fromCharCode(inner[i + 1] ?? 0);
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 1;
      continue;
    }
    const octal = inner.subarray(i + 1, i + 4).toString("latin1");
    if (/^[0-7]{3}$/.test(octal)) {
      bytes.push(parseInt(octal, 8));
      i += 3;
      continue;
    }
    bytes.push(byte);
  }
  return Buffer.from(bytes).toString("utf8");
}
