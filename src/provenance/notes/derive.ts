// Finding noted lines again in another commit: after a rebase, a squash or a host's merge the line
// numbers change but the text of the lines does not.
import { NOTE_SCHEMA, type CustodyNote, type NoteRange } from "./format.js";
import { labelledRanges, pickLabel, rangeHash, sameLabel, type Labels, type LineLabel } from "./lines.js";
import { addedLineNumbers, changedPaths, fileLines, parentsOf } from "./store.js";

export interface SourceNote {
  commit: string;
  note: CustodyNote;
}

/** A derived range remembers which commit's note its attribution came from. */
export type DerivedRange = NoteRange & { from: string };

export interface DerivedFile {
  path: string;
  ranges: DerivedRange[];
}

type SourcedLabel = LineLabel & { from: string };
/** A noted line as it sat in its source: its attribution and the lines around it. */
interface NotedLine {
  label: SourcedLabel;
  prev: string | undefined;
  next: string | undefined;
}
/** Text of a noted line → every place it is noted among the sources, earliest source first. */
type TextIndex = Map<string, NotedLine[]>;

function isBlank(text: string): boolean {
  return text.trim() === "";
}

function sameSourcedLabel(a: SourcedLabel, b: SourcedLabel): boolean {
  return a.from === b.from && sameLabel(a, b);
}

function remember(index: TextIndex, text: string, noted: NotedLine): void {
  const places = index.get(text) ?? [];
  const known = places.some((p) => sameSourcedLabel(p.label, noted.label) && p.prev === noted.prev && p.next === noted.next);
  if (!known) places.push(noted);
  index.set(text, places);
}

/** The nearest non-blank lines above and below 1-based line `n`. */
function neighbours(lines: readonly string[], n: number): { prev: string | undefined; next: string | undefined } {
  let prev: string | undefined;
  for (let i = n - 2; i >= 0 && prev === undefined; i--) if (!isBlank(lines[i] ?? "")) prev = lines[i];
  let next: string | undefined;
  for (let i = n; i < lines.length && next === undefined; i++) if (!isBlank(lines[i] ?? "")) next = lines[i];
  return { prev, next };
}

/** Long enough that finding the same text elsewhere is no coincidence. */
const DISTINCTIVE_LENGTH = 20;

/**
 * Whether a noted place vouches for an added line: a short line such as `}` or `return x;` is everywhere,
 * so it counts only when a neighbouring non-blank line is the same as in the noted source.
 */
function vouches(place: NotedLine, text: string, prev: string | undefined, next: string | undefined): boolean {
  if (text.trim().length >= DISTINCTIVE_LENGTH) return true;
  const same = (a: string | undefined, b: string | undefined) => a !== undefined && a === b;
  return same(place.prev, prev) || same(place.next, next);
}

/** Every noted line's text, per path and across paths. */
export interface NoteIndex {
  byPath: Map<string, TextIndex>;
  anyPath: TextIndex;
}

/** The lines of `path` as committed in `commit`; undefined when absent or binary. */
export type LinesAt = (commit: string, path: string) => string[] | undefined;

/** Indexes the noted lines of `sources` whose text still hashes as noted, reading files through `linesAt`. */
export function indexNotes(sources: readonly SourceNote[], linesAt: LinesAt): NoteIndex {
  const byPath = new Map<string, TextIndex>();
  const anyPath: TextIndex = new Map();
  for (const { commit, note } of sources) {
    for (const file of note.files) {
      const lines = linesAt(commit, file.path);
      if (lines === undefined) continue;
      const index = byPath.get(file.path) ?? new Map<string, NotedLine[]>();
      byPath.set(file.path, index);
      for (const range of file.ranges) {
        const text = lines.slice(range.start - 1, range.end);
        // A range whose lines no longer hash as noted describes other content; trusting it would misattribute.
        if (text.length !== range.end - range.start + 1 || rangeHash(text) !== range.hash) continue;
        const label = { ...pickLabel(range), from: commit };
        for (let n = range.start; n <= range.end; n++) {
          const line = lines[n - 1] ?? "";
          if (isBlank(line)) continue;
          const noted = { label, ...neighbours(lines, n) };
          remember(index, line, noted);
          remember(anyPath, line, noted);
        }
      }
    }
  }
  return { byPath, anyPath };
}

async function indexSources(repo: string, sources: SourceNote[]): Promise<NoteIndex> {
  const files = new Map<string, string[] | undefined>();
  for (const { commit, note } of sources) {
    for (const file of note.files) files.set(`${commit}\u0000${file.path}`, await fileLines(repo, commit, file.path));
  }
  return indexNotes(sources, (commit, path) => files.get(`${commit}\u0000${path}`));
}

/** True when some noted line has this text: a commit none of whose added lines does derives nothing. */
export function indexHas(index: NoteIndex, text: string): boolean {
  return !isBlank(text) && index.anyPath.has(text);
}

// Blank lines match anything, so they only join a range whose lines on both sides carry the same label.
function fillBlankRuns(lines: readonly string[], labels: Labels<SourcedLabel>, added: ReadonlySet<number>): void {
  let previous: SourcedLabel | undefined;
  let run: number[] = [];
  for (let line = 1; line <= lines.length; line++) {
    if (!added.has(line)) {
      previous = undefined;
      run = [];
      continue;
    }
    const label = labels[line - 1];
    if (isBlank(lines[line - 1] ?? "")) {
      run.push(line);
      continue;
    }
    if (label && previous && sameSourcedLabel(label, previous)) for (const blank of run) labels[blank - 1] = label;
    previous = label;
    run = [];
  }
}

// A line such as `}` can be in several noted ranges: it takes the attribution of its neighbours when one
// of its candidates continues their range, else the earliest source's.
function chooseLabels(candidates: Map<number, SourcedLabel[]>, labels: Labels<SourcedLabel>): void {
  const pick = (line: number, neighbour: SourcedLabel | undefined): boolean => {
    const match = neighbour && candidates.get(line)?.find((c) => sameSourcedLabel(c, neighbour));
    if (match) labels[line - 1] = match;
    return match !== undefined;
  };
  const lines = [...candidates.keys()].sort((a, b) => a - b);
  for (const line of lines) if ((candidates.get(line) ?? []).length === 1) labels[line - 1] = candidates.get(line)?.[0];
  for (const line of lines) if (labels[line - 1] === undefined) pick(line, labels[line - 2]);
  for (const line of [...lines].reverse()) if (labels[line - 1] === undefined) pick(line, labels[line]);
  for (const line of lines) if (labels[line - 1] === undefined) labels[line - 1] = candidates.get(line)?.[0];
}

/**
 * The derived ranges of one file of a commit: `lines` is the file as committed (only the `added` line
 * numbers are read), `added` the lines the commit adds.
 */
export function deriveAdded(path: string, lines: readonly string[], added: ReadonlySet<number>, index: NoteIndex): DerivedFile | undefined {
  const labels: Labels<SourcedLabel> = new Array<SourcedLabel | undefined>(lines.length).fill(undefined);
  const own = index.byPath.get(path);
  const candidates = new Map<number, SourcedLabel[]>();
  for (const line of added) {
    const text = lines[line - 1];
    if (text === undefined || isBlank(text)) continue;
    const around = neighbours(lines, line);
    const places = (own?.get(text) ?? index.anyPath.get(text) ?? []).filter((p) => vouches(p, text, around.prev, around.next));
    const found: SourcedLabel[] = [];
    for (const { label } of places) if (!found.some((f) => sameSourcedLabel(f, label))) found.push(label);
    if (found.length > 0) candidates.set(line, found);
  }
  chooseLabels(candidates, labels);
  fillBlankRuns(lines, labels, added);
  const ranges = labelledRanges(labels, sameSourcedLabel).map(({ start, end, label }) => ({
    start,
    end,
    ...pickLabel(label),
    hash: rangeHash(lines.slice(start - 1, end)),
    from: label.from,
  }));
  return ranges.length === 0 ? undefined : { path, ranges };
}

async function deriveFile(repo: string, commit: string, parent: string | undefined, path: string, index: NoteIndex): Promise<DerivedFile | undefined> {
  const lines = await fileLines(repo, commit, path);
  if (lines === undefined) return undefined;
  return deriveAdded(path, lines, new Set(await addedLineNumbers(repo, commit, parent, path)), index);
}

/**
 * The attribution of the lines `commit` adds, taken from the noted ranges of `sources` whose lines have
 * the same text. Lines without a match are left out: they are unattributed, not human.
 */
export async function deriveFiles(repo: string, commit: string, sources: SourceNote[]): Promise<DerivedFile[]> {
  if (sources.length === 0) return [];
  const index = await indexSources(repo, sources);
  const [parent] = await parentsOf(repo, commit);
  const files: DerivedFile[] = [];
  for (const path of await changedPaths(repo, commit)) {
    const file = await deriveFile(repo, commit, parent, path, index);
    if (file) files.push(file);
  }
  return files;
}

/** The note the derived files make, without where each range came from. */
export function noteOf(files: DerivedFile[]): CustodyNote {
  return {
    schema: NOTE_SCHEMA,
    files: files.map((file) => ({ path: file.path, ranges: file.ranges.map((range) => ({ start: range.start, end: range.end, ...pickLabel(range), hash: range.hash })) })),
  };
}
