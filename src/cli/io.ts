// The only place that touches the process: everything else receives an Io and returns data.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  now(): Date;
  /** Standard input, refusing more than `maxBytes` (an error, never a silent cut). */
  readStdin(maxBytes: number): Promise<Buffer>;
}

export interface RunResult {
  exitStatus: number;
  stdout: string;
  stderr: string;
}

/** An Io that collects output in memory, for tests and embedding. */
export function bufferIo(overrides: Partial<Io> & { stdin?: string } = {}): Io & { stdout(): string; stderr(): string } {
  const { stdin = "", ...rest } = overrides;
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    cwd: process.cwd(),
    env: {},
    stdoutIsTTY: false,
    now: () => new Date(),
    readStdin: (maxBytes) => {
      const bytes = Buffer.from(stdin);
      return bytes.length > maxBytes ? Promise.reject(new Error(`standard input is larger than ${maxBytes} bytes`)) : Promise.resolve(bytes);
    },
    ...rest,
    stdout: () => out.join(""),
    stderr: () => err.join(""),
  };
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY,
    now: () => new Date(),
    readStdin: readProcessStdin,
  };
}

function readProcessStdin(maxBytes: number): Promise<Buffer> {
  if (process.stdin.isTTY) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        process.stdin.destroy();
        reject(new Error(`standard input is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    process.stdin.on("end", () => {
      resolve(Buffer.concat(chunks));
    });
    process.stdin.on("error", reject);
  });
}
