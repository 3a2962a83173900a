/**
 * Running the CLI in tests: in-process through `main` (fast, and workers start from the compiled
 * cli.js next to it), or as the real bundled binary (`node server/out/cli.js`, built by `npm ci`
 * or `node scripts/build.mjs`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli';

/** compiled to test/build/test/cli: the repository is four levels up */
export const REPO = path.resolve(__dirname, '../../../..');
export const EXAMPLES = path.join(REPO, 'examples');
export const BUNDLE = path.join(REPO, 'server', 'out', 'cli.js');
/** test/cli/fixtures in the source tree (not copied by tsc) */
export const FIXTURES = path.join(REPO, 'test', 'cli', 'fixtures');

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

export interface RunOptions {
  stdin?: string | Buffer;
  /** run with this working folder (restored afterwards) */
  cwd?: string;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
}

/** `podsec <args>` in this process. */
export async function run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  let out = '';
  let err = '';
  const before = process.cwd();
  if (opts.cwd) process.chdir(opts.cwd);
  try {
    const code = await main(args, {
      out: (s) => (out += typeof s === 'string' ? s : Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('utf8')),
      err: (s) => (err += s),
      isTTY: opts.isTTY ?? false,
      env: opts.env ?? {},
      stdin: opts.stdin === undefined ? undefined : () => Buffer.from(opts.stdin!),
    });
    return { code, out, err };
  } finally {
    if (opts.cwd) process.chdir(before);
  }
}

/** `node server/out/cli.js <args>` as a child process. */
export function runBin(args: string[], opts: RunOptions = {}): RunResult {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run "node scripts/build.mjs" first`);
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...(opts.env ?? {}) };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BUNDLE, ...args], {
    cwd: opts.cwd ?? REPO,
    input: opts.stdin ?? '',
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A fresh temporary folder, removed by `cleanup`. */
export function tempDir(prefix = 'podsec-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Write files under a folder: `{ 'a/b.yaml': 'text' }`. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

/** Copy the examples folder into a temporary folder; returns the copy's path. */
export function copyExamples(into: string): string {
  const dest = path.join(into, 'examples');
  fs.cpSync(EXAMPLES, dest, { recursive: true });
  return dest;
}

export interface JsonReport {
  files: {
    path: string;
    findings: {
      ruleId: string;
      severity: string;
      message: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      container: string | null;
      fixable: boolean;
      policy: JsonPolicy | null;
    }[];
  }[];
}

/** The `policy` of a finding in `--format json`. */
export interface JsonPolicy {
  mode: string;
  level: string;
  version: string;
  source: { kind: string; detail: string; file: string | null; range: { start: { line: number; character: number } } | null };
}

/** A Pod manifest that breaks baseline (privileged) and restricted (no hardening). */
export const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
`;

/** A Pod that passes the restricted level. */
export const CLEAN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: clean
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: nginx
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: ["ALL"]
`;

/** A Pod with only restricted-level problems (warnings by default). */
export const WARN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: warn
spec:
  containers:
    - name: app
      image: nginx
`;
