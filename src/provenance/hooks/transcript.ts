// Claude Code's hook payloads do not name the model; its transcript (JSON Lines) does, on every
// assistant message. Only the tail of the file is read: transcripts grow to many megabytes.
import { open } from "node:fs/promises";

const TAIL_BYTES = 256 * 1024;

function modelOf(line: string): string | undefined {
  if (!line.includes('"model"')) return undefined;
  try {
    const record = JSON.parse(line) as { type?: unknown; message?: { model?: unknown } };
    const model = record.message?.model;
    // Synthetic messages (errors, interruptions) carry a placeholder model name.
    return record.type === "assistant" && typeof model === "string" && model !== "" && !model.startsWith("<") ? model : undefined;
  } catch {
    return undefined;
  }
}

/** The model of the last assistant message in the transcript's tail, if any. */
export async function modelFromTranscript(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString("utf8").split("\n");
    // The first line of a cut tail is usually a fragment; it fails to parse and is passed over.
    for (let i = lines.length - 1; i >= 0; i -= 1) {
      const model = modelOf(lines[i] ?? "");
      if (model !== undefined) return model;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
