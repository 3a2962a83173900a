/**
 * `.podsec.yaml` on disk: finding the nearest one above a file, loading it, and applying its
 * `exclude` globs. Used through the ConfigResolver (config-resolver.ts) by the language server
 * and the CLI; parsing and validation live in config/. The file is data only: nothing in it is
 * executed or used as a regex.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../../../shared/protocol';
import type { PodsecConfig } from '../config/keys';
import { parseConfig, type ConfigProblem } from '../config/parse';
import { compileGlob, CompiledGlob, GlobError, globMatches } from '../engine/glob';
import type { Report } from '../config/values';
import { readAdmissionConfiguration } from './admission-file';
import { ioErrorText } from './errors';

/** A configuration file larger than this is refused (it is a short list of keys). */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The nearest `.podsec.yaml` in the folder of `startPath` (or in `startPath` itself when it is a
 * folder) or in a folder above it. With `stopAt`, folders above `stopAt` are not searched.
 */
export function findConfigFile(startPath: string, stopAt?: string): string | undefined {
  let dir = path.resolve(startPath);
  if (!isDirectory(dir)) dir = path.dirname(dir);
  const stop = stopAt === undefined ? undefined : path.resolve(stopAt);
  if (stop !== undefined && !isInside(dir, stop)) return undefined;
  while (true) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    if (stop !== undefined && dir === stop) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface LoadedConfig {
  /** absolute path of the file */
  path: string;
  /** its folder: `exclude` globs are relative to it */
  dir: string;
  config: PodsecConfig;
  /** problems found in the file (positions in its text, without a byte order mark) */
  problems: ConfigProblem[];
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Read and validate a configuration file. Never throws: read errors become problems. */
export function loadConfigFile(file: string): LoadedConfig {
  const abs = path.resolve(file);
  const base = { path: abs, dir: path.dirname(abs) };
  const fail = (message: string): LoadedConfig => ({
    ...base,
    config: {},
    problems: [{ message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error' }],
  });
  let bytes: Buffer;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) return fail(`Cannot read ${CONFIG_FILE_NAME}: not a regular file.`);
    if (st.size > MAX_CONFIG_FILE_BYTES)
      return fail(`${CONFIG_FILE_NAME} is larger than ${MAX_CONFIG_FILE_BYTES / 1024} KB; podsec does not read it. The defaults apply.`);
    bytes = fs.readFileSync(abs);
  } catch (e) {
    return fail(`Cannot read ${CONFIG_FILE_NAME}: ${ioErrorText(e)}. The defaults apply.`);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return fail(`${CONFIG_FILE_NAME} is not valid UTF-8 text. The defaults apply.`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ...base, ...parseConfig(text, (config, report) => checkNamedFiles(config, base.dir, report)) };
}

/**
 * The admission configuration a `.podsec.yaml` names must exist and hold a PodSecurity
 * configuration; otherwise it is an error on the key (the CLI stops, the editor shows it).
 */
function checkNamedFiles(config: PodsecConfig, dir: string, report: Report): void {
  const named = config.admissionConfiguration;
  if (!named) return;
  const abs = path.resolve(dir, named);
  const read = readAdmissionConfiguration(abs);
  if ('error' in read) {
    report({
      path: ['admissionConfiguration'],
      on: 'value',
      message: `admissionConfiguration: cannot use ${named}${abs !== named ? ` (${abs})` : ''}: ${read.error}.`,
      severity: 'error',
    });
    delete config.admissionConfiguration;
  }
}

/** Compiled exclude globs with the folder they are relative to. */
export class ExcludeSet {
  private readonly globs: CompiledGlob[] = [];

  constructor(
    readonly baseDir: string,
    patterns: readonly string[],
  ) {
    for (const p of patterns) {
      try {
        this.globs.push(compileGlob(p));
      } catch (e) {
        if (!(e instanceof GlobError)) throw e;
        // invalid patterns are reported by validation and match nothing
      }
    }
  }

  get empty(): boolean {
    return this.globs.length === 0;
  }

  /** Does a pattern match the file (or a folder above it, below the base folder)? */
  matches(filePath: string): boolean {
    if (!this.globs.length) return false;
    const rel = path.relative(this.baseDir, path.resolve(filePath));
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const posix = rel.split(path.sep).join('/');
    return this.globs.some((g) => globMatches(g, posix));
  }
}
