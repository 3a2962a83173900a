// Language server figures: didOpen -> first diagnostics, then one-character edits in the middle
// of the file, each timed until the new diagnostics arrive, and the server's memory after them.
// The same loop drives podsec's server and, for comparison, yaml-language-server.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LspSession, positionAt } from './lsp.mjs';
import { log, ROOT, summary } from './lib.mjs';

const require = createRequire(import.meta.url);

export const PODSEC_SERVER = join(ROOT, 'server', 'out', 'server.js');

/** Settings podsec's server is given: the default profile, diagnostics on every change, no delay. */
export const PODSEC_SETTINGS = { profile: 'restricted', pssVersion: 'latest', run: 'onType', delayMs: 0 };

/**
 * Where the edits go, after the middle of the file:
 * - `value`: the end of an `image:` line, so every edit changes a value inside a workload that
 *   the server has to re-check, while its findings stay the same;
 * - `finding`: the last letter of a `true` that a rule flags (privileged, hostNetwork, hostPID),
 *   so every edit makes a finding disappear or come back and the diagnostics really change.
 */
export function editPoint(text, kind) {
  const mid = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  if (kind === 'finding') {
    const re = /^ +(?:privileged|hostNetwork|hostPID): true\b/gm;
    re.lastIndex = mid;
    const m = re.exec(text);
    if (!m) throw new Error('no flagged `true` after the middle of the file');
    return m.index + m[0].length - 1;
  }
  const at = text.indexOf('image: ', mid);
  const lineEnd = text.indexOf('\n', at);
  return lineEnd === -1 ? text.length : lineEnd;
}

/**
 * Open `input` and run `edits` one-character edits after `warmup` untimed ones: for `value`,
 * alternately typing a character and deleting it; for `finding`, replacing the `e` of a flagged
 * `true` by `x` and back. The text keeps its size either way. A slow server stops early once
 * `budgetMs` is spent, with at least `minEdits` timed.
 */
export async function editLoop(session, input, { edits, warmup, budgetMs = Infinity, minEdits = 5, kind = 'value' }) {
  const text = readFileSync(input.path, 'utf8');
  const uri = pathToFileURL(input.path).href;
  const open = await session.open(uri, text);
  log(
    `  open ${input.id}: ${open.ms.toFixed(0)} ms, ${open.count} diagnostics${open.completeMs !== open.ms ? ` (early; complete report ${open.completeMs.toFixed(0)} ms)` : ''}`,
  );
  const at = positionAt(text, editPoint(text, kind));
  const times = [];
  const kinds = {};
  let counts = new Set();
  const start = performance.now();
  let typed = 0;
  for (let i = 0; i < warmup + edits; i++) {
    const even = i % 2 === 0;
    const pos = { line: at.line, character: at.character };
    const next = { line: pos.line, character: pos.character + 1 };
    let r;
    if (kind === 'finding') r = await session.change(uri, { start: pos, end: next }, even ? 'x' : 'e');
    else if (even) r = await session.change(uri, { start: pos, end: pos }, 'abcdefghij'[typed % 10]);
    else {
      r = await session.change(uri, { start: pos, end: next }, '');
      typed++;
    }
    if (i < warmup) continue;
    times.push(r.ms);
    counts.add(r.count);
    if (r.kind) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    if (times.length >= minEdits && performance.now() - start > budgetMs) break;
  }
  counts = [...counts];
  return { open, times, kinds, counts, text };
}

/**
 * podsec's server on one input, pulled (VS Code's model) or pushed (Neovim's). The file is
 * opened without a workspace folder, so that these figures are the document's alone; what a
 * workspace folder adds (the workspace index reading it) is measured by bench/index.mjs.
 */
export async function measurePodsec(input, { pull, edits, warmup, kind = 'value' }) {
  const session = await LspSession.start({
    command: [process.execPath, PODSEC_SERVER, '--stdio'],
    rootDir: null,
    pull,
    settings: (section) => (section === 'podsec' ? PODSEC_SETTINGS : section.startsWith('podsec.') ? (PODSEC_SETTINGS[section.slice(7)] ?? null) : null),
    initializationOptions: { settings: PODSEC_SETTINGS },
  });
  try {
    const res = await editLoop(session, input, { edits, warmup, kind });
    const mem = session.memory();
    return {
      input: input.id,
      mode: pull ? 'pull' : 'push',
      edit: kind,
      openMs: Number(res.open.ms.toFixed(1)),
      openCompleteMs: Number(res.open.completeMs.toFixed(1)),
      openDiagnostics: res.open.count,
      editMs: summary(res.times, 2),
      editResults: res.kinds,
      diagnosticsAfterEdits: res.counts,
      ...mem,
    };
  } finally {
    await session.stop();
  }
}

/** Where yaml-language-server is installed (a devDependency), or undefined. */
export function findYamlLanguageServer() {
  try {
    const pkg = require.resolve('yaml-language-server/package.json', { paths: [ROOT] });
    const dir = dirname(pkg);
    const version = JSON.parse(readFileSync(pkg, 'utf8')).version;
    const bin = join(dir, 'bin', 'yaml-language-server');
    return existsSync(bin) ? { bin, version } : undefined;
  } catch {
    return undefined;
  }
}

/** yaml-language-server's fixed validation delay (not a setting): it waits this long after a change. */
export const YLS_VALIDATION_DELAY_MS = 200;

/**
 * yaml-language-server with the Kubernetes schema association, as vscode-yaml users configure it.
 * It fetches that schema from the network, which this benchmark never does: it asks its client
 * for the content instead (`yaml/registerContentRequest`), and the benchmark answers with the file
 * named by PODSEC_BENCH_K8S_SCHEMA (a downloaded `all.json`) or, without one, with the error an
 * offline editor gets.
 */
export async function measureYls(yls, input, { edits, warmup, budgetMs, schemaFile }) {
  const requested = [];
  const settings = {
    validate: true,
    hover: false,
    completion: false,
    format: { enable: false },
    schemas: { kubernetes: ['*.yaml'] },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    maxItemsComputed: 5000,
  };
  const session = await LspSession.start({
    command: [process.execPath, yls.bin, '--stdio'],
    rootDir: dirname(input.path),
    pull: false,
    settings: (section) =>
      section === 'yaml'
        ? settings
        : section === 'http'
          ? { proxy: '', proxyStrictSSL: true }
          : section === 'editor'
            ? { tabSize: 2 }
            : section === '[yaml]'
              ? {}
              : null,
    requests: {
      'vscode/content': (uri) => {
        requested.push(uri);
        if (schemaFile) return readFileSync(schemaFile, 'utf8');
        throw new Error(`offline: cannot fetch ${uri}`);
      },
      'custom/schema/request': () => [],
    },
  });
  await session.conn.sendNotification('yaml/registerContentRequest');
  await session.conn.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: settings } });
  try {
    const res = await editLoop(session, input, { edits, warmup, budgetMs });
    const mem = session.memory();
    const adjusted = res.times.map((t) => Math.max(0, t - YLS_VALIDATION_DELAY_MS));
    return {
      input: input.id,
      version: yls.version,
      schema: schemaFile ? `Kubernetes schema from ${schemaFile}` : 'none: offline, the Kubernetes schema could not be fetched',
      schemaRequests: [...new Set(requested)],
      openMs: Number(res.open.ms.toFixed(1)),
      openDiagnostics: res.open.count,
      editMs: summary(res.times, 1),
      editMsWithoutDelay: summary(adjusted, 1),
      diagnosticsAfterEdits: res.counts,
      ...mem,
    };
  } finally {
    await session.stop();
  }
}
