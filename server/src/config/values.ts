/**
 * What the key specs (keys.ts, editor-keys.ts) share: the shape of a spec, the problems
 * validation reports, and the wording helpers of its messages.
 */
import type { EngineOptions } from '../engine/profiles';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A problem found while validating a plain value, located by its path. */
export interface ValueProblem {
  path: (string | number)[];
  /** point at the key (unknown keys) or at the value */
  on: 'key' | 'value';
  message: string;
  severity: 'error' | 'warning';
}

export type Report = (p: ValueProblem) => void;

/**
 * One configuration key: everything podsec knows about it. The JSON Schema, the editor
 * settings, validation, merging and the engine options are all derived from these.
 */
export interface KeySpec<T> {
  /** what an unset key means */
  default: T;
  /** one sentence for the JSON Schema and the editor settings */
  description: string;
  /** JSON Schema of the value; `default` and `description` are added from the fields above */
  schema(): JsonObject;
  /**
   * Check a value that is set (not null). Every problem is reported with its path (starting
   * with `key`); the result is the valid part, or undefined to ignore the key.
   */
  validate(value: unknown, report: Report, key: string): T | undefined;
  /** How a layer above (`over`) combines with this key's value below (`base`); default: it replaces it. */
  merge?(base: T | undefined, over: T): T;
  /** How the value (or the default) reaches the engine; keys without it are read by the front ends. */
  engine?(value: T, options: EngineOptions): void;
  /**
   * What a workspace the editor does not trust may set: the value capped so that it cannot make
   * podsec read more. Keys with it are also the extension's `restrictedConfigurations`.
   */
  untrusted?(value: T): T;
  /**
   * The value is a file path relative to where it is set: the folder of the `.podsec.yaml`, the
   * workspace folder for editor settings, the working folder for command-line flags. The
   * ConfigResolver makes it absolute before the engine sees it.
   */
  path?: true;
}

export function spec<T>(s: KeySpec<T>): KeySpec<T> {
  return s;
}

/** The value type of a spec. */
export type SpecValue<S> = S extends KeySpec<infer T> ? T : never;

/** How a value is named in a message. */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v}"`;
  return String(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function inRange(v: unknown, [lo, hi]: readonly [number, number]): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;
}

/** Closest known word, for "did you mean" hints. */
export function suggest(word: string, known: Iterable<string>): string {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase(), 3);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= 2 ? ` Did you mean "${best}"?` : '';
}

/** Levenshtein distance, giving up (returning > limit) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length > 64 || b.length > 64) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}
