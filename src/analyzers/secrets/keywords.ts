// The keyword prefilter: one pass over the text finds every rule keyword at once (an Aho-Corasick
// automaton compiled to a table), so the cost of deciding which regexes to run does not grow with
// the number of rules.

const ALPHABET = 128;

export interface KeywordIndex {
  /** Ids (positions in the keyword list) of the keywords present in `text`, case-insensitively. */
  find(text: string): Set<number>;
}

function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

export function buildKeywordIndex(keywords: readonly string[]): KeywordIndex {
  const goto: number[][] = [new Array<number>(ALPHABET).fill(-1)];
  const outputs: number[][] = [[]];
  keywords.forEach((keyword, id) => {
    let state = 0;
    for (const ch of keyword) {
      const code = lowerAscii(ch.charCodeAt(0));
      const row = goto[state] ?? [];
      let next = row[code] ?? -1;
      if (next === -1) {
        next = goto.length;
        goto.push(new Array<number>(ALPHABET).fill(-1));
        outputs.push([]);
        row[code] = next;
      }
      state = next;
    }
    outputs[state]?.push(id);
  });

  // Breadth-first: complete every state's row with its failure state's transitions, so scanning
  // is one table lookup per character. Rows hold the next state's row offset, and upper-case
  // ASCII columns repeat the lower-case ones, to keep the hot loop free of arithmetic.
  const rowOf = (state: number): number => state * ALPHABET;
  const table = new Int32Array(goto.length * ALPHABET);
  const fail = new Int32Array(goto.length);
  const queue: number[] = [];
  const root = goto[0] ?? [];
  for (let code = 0; code < ALPHABET; code += 1) {
    const next = root[lowerAscii(code)] ?? -1;
    table[code] = next === -1 ? 0 : rowOf(next);
    if (next !== -1 && code === lowerAscii(code)) queue.push(next);
  }
  for (let head = 0; head < queue.length; head += 1) {
    const state = queue[head] ?? 0;
    const row = goto[state] ?? [];
    const failState = fail[state] ?? 0;
    outputs[state]?.push(...(outputs[failState] ?? []));
    for (let code = 0; code < ALPHABET; code += 1) {
      const next = row[lowerAscii(code)] ?? -1;
      const viaFail = table[rowOf(failState) + code] ?? 0;
      if (next === -1) {
        table[rowOf(state) + code] = viaFail;
        continue;
      }
      table[rowOf(state) + code] = rowOf(next);
      if (code !== lowerAscii(code)) continue;
      fail[next] = viaFail / ALPHABET;
      queue.push(next);
    }
  }
  const accepting = new Uint8Array(goto.length);
  outputs.forEach((out, state) => {
    accepting[state] = out.length > 0 ? 1 : 0;
  });

  return {
    find(text: string): Set<number> {
      const found = new Set<number>();
      let row = 0;
      for (let i = 0; i < text.length; i += 1) {
        const code = text.charCodeAt(i);
        // Keywords are ASCII, so any other character breaks every partial match.
        if (code >= ALPHABET) {
          row = 0;
          continue;
        }
        row = table[row + code] ?? 0;
        const state = row / ALPHABET;
        if (accepting[state] === 1) for (const id of outputs[state] ?? []) found.add(id);
      }
      return found;
    },
  };
}
