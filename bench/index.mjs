// Workspace index figures: how long podsec's language server takes to read a 5,000-file
// workspace for namespaces and cluster configuration (server/src/lsp/workspace-index.ts), whether
// the first diagnostics of an open file wait for it, and what it adds to an edit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { WORKSPACE_TEAM_APPS } from './corpus.mjs';
import { log, sleep, summary } from './lib.mjs';
import { LspSession, positionAt } from './lsp.mjs';
import { editLoop, PODSEC_SERVER, PODSEC_SETTINGS } from './server.mjs';

const READY = /^podsec: workspace index: .* ready in (\d+) ms: (\d+) YAML files?, (\d+) with/;

function start(rootDir, pull) {
  return LspSession.start({
    command: [process.execPath, PODSEC_SERVER, '--stdio'],
    rootDir,
    pull,
    settings: (section) => (section === 'podsec' ? PODSEC_SETTINGS : null),
    initializationOptions: { settings: PODSEC_SETTINGS },
  });
}

/**
 * @param {object} o
 * @param {string} o.workspace   the workspace folder (bench/corpus/workspace-5000)
 * @param {number} o.runs   repetitions of the build and first-diagnostics measures
 * @param {number} o.edits  timed edits per edit loop
 * @param {number} o.warmup
 */
export async function measureIndex({ workspace, runs, edits, warmup }) {
  const out = { workspace, runs, build: [], firstDiagnostics: [], edit: {}, rejudge: undefined };

  // 1. reading the workspace, nothing open: from `initialized` to the index's "ready" line
  for (let i = 0; i < runs; i++) {
    const s = await start(workspace, true);
    try {
      const ready = await s.waitLog(READY);
      const m = READY.exec(ready.message);
      out.build.push({ ms: ready.at - s.initializedAt, serverMs: Number(m[1]), files: Number(m[2]), withFacts: Number(m[3]), ...s.memory() });
      log(`  index: ${out.build.at(-1).ms.toFixed(0)} ms for ${m[2]} files`);
    } finally {
      await s.stop();
    }
    await sleep(200);
  }

  // 2. a file opened right away, while the index reads: its first diagnostics, against the same
  //    file opened with no workspace folder (alternating, so that load on the machine hits both)
  for (const [id, file] of [
    ['small workload file', teamApp(workspace, 'payments', 0)],
    ['10k-line file', join(workspace, 'dumps', 'manifests-10k.yaml')],
  ]) {
    const text = readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    const withIndex = [];
    const alone = [];
    let readyFirst = 0;
    for (let i = 0; i < runs; i++) {
      for (const folder of [workspace, null]) {
        const s = await start(folder, true);
        try {
          const open = await s.open(uri, text);
          (folder ? withIndex : alone).push(open.ms);
          if (folder && s.logs.some((l) => READY.test(l.message))) readyFirst++;
        } finally {
          await s.stop();
        }
        await sleep(200);
      }
    }
    out.firstDiagnostics.push({ input: id, withIndexMs: summary(withIndex, 0), aloneMs: summary(alone, 0), indexReadyFirst: readyFirst });
    log(`  first diagnostics, ${id}: ${summary(withIndex, 0).median} ms while indexing, ${summary(alone, 0).median} ms alone`);
  }

  // 3. edits once the index is ready: the 10k-line file in the workspace, against the same file
  //    with no workspace folder
  const tenK = join(workspace, 'dumps', 'manifests-10k.yaml');
  const input = { id: '10k', path: tenK };
  for (const pull of [true, false]) {
    const mode = pull ? 'pull' : 'push';
    out.edit[mode] = {};
    for (const [name, folder] of [
      ['index', workspace],
      ['alone', null],
    ]) {
      const s = await start(folder, pull);
      try {
        if (folder) await s.waitLog(READY);
        const res = await editLoop(s, input, { edits, warmup });
        out.edit[mode][name] = { editMs: summary(res.times, 2), ...s.memory() };
        log(`  edits (${mode}, ${name}): median ${out.edit[mode][name].editMs.median} ms`);
      } finally {
        await s.stop();
      }
      await sleep(200);
    }
  }

  // 4. a Namespace's label changed in the editor: until the open workload files of that
  //    namespace have their diagnostics again (push, as each file is re-published)
  out.rejudge = await measureRejudge(workspace, edits, warmup);
  return out;
}

/** A workload file whose objects are all in the team's namespace (see bench/corpus.mjs). */
function teamApp(workspace, team, k) {
  return join(workspace, 'teams', team, 'apps', `web-${k}.yaml`);
}

/**
 * Open a team's Namespace and the workload files of that team's namespace, then flip the
 * Namespace's enforce label between two levels: each flip is timed until every open workload
 * file has been re-published (push) after it.
 */
async function measureRejudge(workspace, edits, warmup) {
  const nsFile = join(workspace, 'teams', 'payments', 'namespace.yaml');
  const nsText = readFileSync(nsFile, 'utf8');
  const nsUri = pathToFileURL(nsFile).href;
  const s = await start(workspace, false);
  try {
    await s.waitLog(READY);
    const pods = Array.from({ length: WORKSPACE_TEAM_APPS }, (_, k) => teamApp(workspace, 'payments', k));
    for (const p of pods) await s.open(pathToFileURL(p).href, readFileSync(p, 'utf8'));
    await s.open(nsUri, nsText);
    const at = nsText.indexOf('enforce: ') + 'enforce: '.length;
    const pos = positionAt(nsText, at);
    const original = nsText.slice(at, nsText.indexOf('\n', at));
    const other = original === 'privileged' ? 'baseline' : 'privileged';
    let current = original;
    const times = [];
    let rejudged = 0;
    let timed = 0;
    for (let i = 0; i < warmup + edits; i++) {
      const next = i % 2 === 0 ? other : original;
      const waits = pods.map((p) => s.nextPush(pathToFileURL(p).href).catch(() => null));
      const doc = s.docs.get(nsUri);
      doc.version++;
      const t0 = performance.now();
      await s.notify('textDocument/didChange', {
        textDocument: { uri: nsUri, version: doc.version },
        contentChanges: [{ range: { start: pos, end: { line: pos.line, character: pos.character + current.length } }, text: next }],
      });
      current = next;
      // only the workload files that read the namespace are re-published: wait for them, at most 10 s
      const got = await Promise.race([Promise.all(waits), sleep(10_000).then(() => null)]);
      if (i >= warmup) timed++;
      if (got) {
        if (i < warmup) continue;
        rejudged++;
        times.push(Math.max(...got.map((g) => g.at)) - t0);
      } else if (!rejudged) break; // nothing reads the namespace: no point in waiting again
    }
    return { openWorkloadFiles: pods.length, flips: timed, rejudged, ms: times.length ? summary(times, 1) : null, ...s.memory() };
  } finally {
    await s.stop();
  }
}
