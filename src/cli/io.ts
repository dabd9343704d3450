// The only place that touches the process: everything else receives an Io and returns data.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  now(): Date;
}

export interface RunResult {
  exitStatus: number;
  stdout: string;
  stderr: string;
}

/** An Io that collects output in memory, for tests and embedding. */
export function bufferIo(overrides: Partial<Io> = {}): Io & { stdout(): string; stderr(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    cwd: process.cwd(),
    env: {},
    stdoutIsTTY: false,
    now: () => new Date(),
    ...overrides,
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
  };
}
