// Targets, verdicts and the Markdown report of a benchmark run.
import { median } from './lib.mjs';

const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));
const ms = (x, d = 0) => (x === null || x === undefined ? 'n/a' : `${fmt(x, d)} ms`);

/** Each target with how to read it from the results; `null` when not measured this run. */
export function evaluateTargets(r) {
  const cli = (id) => r.cli?.find((c) => c.input === id);
  const srv = (id, mode = 'pull', edit = 'value') => r.server?.runs?.find((s) => s.input === id && s.mode === mode && (s.edit ?? 'value') === edit);
  const out = [];
  const add = (measure, target, value, met, detail) => out.push({ measure, target, value, met, detail });
  for (const [id, med, p95] of [
    ['10k', 5, 15],
    ['100k', 15, 40],
  ]) {
    const runs = [
      ['pull', 'value'],
      ['pull', 'finding'],
      ['push', 'value'],
      ['push', 'finding'],
    ]
      .map(([m, e]) => [m, e, srv(id, m, e)])
      .filter(([, , s]) => s);
    const worst = runs.reduce(
      (w, [, , s]) => (!w || s.editMs.median / med + s.editMs.p95 / p95 > w.editMs.median / med + w.editMs.p95 / p95 ? s : w),
      undefined,
    );
    const parts = runs.map(([m, e, s]) => `${m}, ${e === 'value' ? 'typing' : 'finding toggled'}: ${fmt(s.editMs.median, 1)} / ${fmt(s.editMs.p95, 1)} ms`);
    add(
      `edit → diagnostics, ${id} lines`,
      `median ≤ ${med} ms, p95 ≤ ${p95} ms`,
      runs.length ? `median / p95 — ${parts.join('; ')}` : null,
      runs.length ? runs.every(([, , s]) => s.editMs.median <= med && s.editMs.p95 <= p95) : null,
      worst ? `worst: ${worst.mode}, ${worst.edit}` : '',
    );
  }
  {
    const s = srv('100k');
    const p = r.server?.bareParseMs?.['100k'];
    const ratio = s && p ? s.openMs / p.median : null;
    add(
      'open → first diagnostics, 100k lines',
      '≤ 1.5× bare parseAllDocuments',
      ratio === null ? null : `${fmt(ratio, 2)}× (${ms(s.openMs)} vs ${ms(p.median)})${completeNote(s)}`,
      ratio === null ? null : ratio <= 1.5,
      'pull; the parse timed in fresh processes between the server runs',
    );
  }
  {
    const c = cli('100k');
    add(
      'CLI, 100k-line file',
      '≤ 1.3× bare parseAllDocuments',
      c ? `${fmt(c.ratio, 2)}× (${ms(c.wallMs.median)} vs ${ms(c.bareWallMs.median)})` : null,
      c ? c.ratio <= 1.3 : null,
      'both as fresh processes that read the file',
    );
  }
  {
    const c = cli('dir');
    add(
      'CLI, 2,000-file directory',
      'faster than a single-threaded bare parse',
      c ? `${fmt(c.ratio, 2)}× (${ms(c.wallMs.median)} vs ${ms(c.bareWallMs.median)})` : null,
      c ? c.ratio < 1 : null,
      'both as fresh processes that walk the directory',
    );
  }
  for (const id of ['heavy-10mb', 'heavy-50mb']) {
    const h = r.heavy?.find((x) => x.input === id);
    const worst = h?.formats.reduce((w, f) => (!w || f.ratio > w.ratio ? f : w), undefined);
    const rss = h ? Math.max(...h.formats.map((f) => f.peakRssMB)) : null;
    add(
      `CLI, findings-heavy ${id.slice(6).toUpperCase()} stream, every format`,
      '≤ 2× bare parseAllDocuments, ≤ 500 MB peak RSS, exit 1, every finding written',
      h
        ? `worst ${worst.format} ${fmt(worst.ratio, 2)}× (${ms(worst.wallMs.median)} vs ${ms((worst.bareWallMs ?? h.bareWallMs).median)}); peak RSS ≤ ${fmt(rss)} MB; ${h.findings.toLocaleString('en-US')} findings in each of ${h.formats
            .filter((f) => !f.aggregated)
            .map((f) => f.format)
            .join(
              ', ',
            )}; ${h.formats.filter((f) => !heavyMet(h, f)).length} of ${h.formats.length} formats measured missed${h.formats.length < 7 ? ' (the others not measured at this size)' : ''}`
        : null,
      // met only when every format was measured (`--heavy-formats` may measure some)
      h ? (h.formats.some((f) => !heavyMet(h, f)) ? false : h.formats.length >= 7 ? true : null) : null,
      'each format a fresh process, output to /dev/null; the bare parse timed in the same rounds',
    );
  }
  {
    const hs = (m, e) => r.heavyServer?.runs?.find((s) => s.input === 'heavy-10mb' && s.mode === m && (s.edit ?? 'value') === e);
    const s = hs('pull', 'value');
    const p = r.heavyServer?.bareParseMs?.['heavy-10mb'];
    const ratio = s && p ? s.openMs / p.median : null;
    add(
      'open → first diagnostics, findings-heavy 10 MB stream',
      '≤ 1.5× bare parseAllDocuments',
      ratio === null ? null : `${fmt(ratio, 2)}× (${ms(s.openMs)} vs ${ms(p.median)})${completeNote(s)}`,
      ratio === null ? null : ratio <= 1.5,
      'pull; podsec.maxProblems at its default (1,000)',
    );
    const runs = ['pull', 'push'].flatMap((m) => ['value', 'finding'].map((e) => hs(m, e))).filter(Boolean);
    add(
      'edit → diagnostics, findings-heavy 10 MB stream',
      'median ≤ 15 ms, p95 ≤ 40 ms',
      runs.length
        ? `median / p95 — ${runs.map((x) => `${x.mode}, ${x.edit === 'value' ? 'typing' : 'finding toggled'}: ${fmt(x.editMs.median, 1)} / ${fmt(x.editMs.p95, 1)} ms`).join('; ')}`
        : null,
      runs.length ? runs.every((x) => x.editMs.median <= 15 && x.editMs.p95 <= 40) : null,
      '',
    );
  }
  {
    const s = srv('100k');
    add('server RSS, 100k-line file after 50 edits', '≤ 250 MB', s ? `${fmt(s.rssMB)} MB (peak ${fmt(s.peakRssMB)} MB)` : null, s ? s.rssMB <= 250 : null, '');
  }
  {
    const a = r.extension?.activationMs;
    add(
      'extension activation',
      '≤ 150 ms',
      a === undefined || a === null ? null : ms(a),
      a === undefined || a === null ? null : a <= 150,
      r.extension?.activationSource ?? 'not measured: no activation timing under test-results/',
    );
  }
  {
    const v = r.extension?.vsixBytes;
    add(
      '.vsix size',
      '≤ 1 MB',
      v ? `${fmt(v / 1024)} KiB` : null,
      v ? v <= 1024 * 1024 : null,
      r.extension?.vsixFile ?? 'not measured: no .vsix (npm run package)',
    );
  }
  return out;
}

/** `; complete report N ms` when a run's first diagnostics came before the analysis was done. */
function completeNote(s) {
  return s.openCompleteMs && s.openCompleteMs !== s.openMs ? `; complete report ${ms(s.openCompleteMs)}` : '';
}

/**
 * The findings-heavy target for one format and size: exit 1, every finding written (the
 * evidence formats, which list the first findings of each requirement and count the rest: a
 * complete document), within 2× the bare parse of the same round and 500 MB peak RSS.
 */
function heavyMet(h, f) {
  const complete = f.aggregated ? f.complete === true : f.findings === h.findings;
  return f.ratio <= 2 && f.peakRssMB <= 500 && f.exitCode === 1 && complete;
}

/** "Measured … on …": when, where and under what load a run (or a part of one) was measured. */
function runLine(m) {
  return `${m.date} on ${m.machine.cpu} (${m.machine.cores} cores, ${m.machine.memoryGB} GB), ${m.machine.os}, Node ${m.machine.node}; commit ${m.commit}; load average ${m.loadBefore.join(' / ')} before and ${m.loadAfter?.join(' / ') ?? 'n/a'} after (1 / 5 / 15 min)${m.quick ? '; a --quick run' : ''}`;
}

const PART_NAMES = { cli: 'CLI', heavy: 'findings-heavy streams (CLI and editor)', server: 'language server', yls: 'yaml-language-server' };

const verdict = (m) => (m === null ? '—' : m ? 'met' : '**missed**');

export function markdown(r) {
  const L = [];
  // parts measured by different runs (`npm run bench -- --only …` keeps the others' figures)
  const groups = new Map();
  for (const [part, m] of Object.entries(r.parts ?? {})) {
    if (!PART_NAMES[part]) continue;
    const key = JSON.stringify(m);
    groups.set(key, { m, parts: [...(groups.get(key)?.parts ?? []), PART_NAMES[part]] });
  }
  if (groups.size > 1) {
    L.push('The parts were measured by separate runs (`npm run bench -- --only …`):');
    L.push('');
    for (const { m, parts } of groups.values()) L.push(`- ${parts.join(', ')}: ${runLine(m)}.`);
    L.push('');
    L.push('A load average above the number of cores means other work was running on the machine, so wall times carry its noise.');
  } else {
    const m = groups.size ? [...groups.values()][0].m : r;
    L.push(
      `Measured ${m.date} on ${m.machine.cpu} (${m.machine.cores} cores, ${m.machine.memoryGB} GB), ${m.machine.os}, Node ${m.machine.node}; commit ${m.commit}.`,
    );
    L.push(
      `Load average ${m.loadBefore.join(' / ')} before and ${m.loadAfter.join(' / ')} after the run (1 / 5 / 15 min): other work was ${m.loadBefore[0] > m.machine.cores * 0.5 ? 'running on the machine, so wall times carry its noise' : 'light'}.`,
    );
  }
  L.push('');
  L.push('| measure | target | result | |');
  L.push('|---|---|---|---|');
  for (const t of r.targets) L.push(`| ${t.measure} | ${t.target} | ${t.value ?? 'not measured'} | ${verdict(t.met)} |`);
  L.push('');
  if (r.cli?.length) {
    L.push(
      '**CLI** (`podsec check <input>`, text output to /dev/null, fresh process, median of ' +
        r.cli[0].wallMs.n +
        ' runs; bare parse = a fresh process reading the input and calling `parseAllDocuments` on it; engine ratio = `analyzeText` against `parseAllDocuments` of the same text, warm in one process, CPU time)',
    );
    L.push('');
    L.push('| input | size | lines | podsec | MB/s | bare parse | ratio | CPU ratio | engine ratio | peak RSS |');
    L.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const c of r.cli) {
      const name = c.input === 'dir' ? `${c.files} files` : `${c.input} file`;
      L.push(
        `| ${name} | ${fmt(c.bytes / 1e6, 2)} MB | ${c.lines.toLocaleString('en-US')} | ${ms(c.wallMs.median)} | ${fmt(c.mbPerS, 2)} | ${ms(c.bareWallMs.median)} | ${fmt(c.ratio, 2)}× | ${fmt(c.cpuRatio, 2)}× | ${c.engine ? `${fmt(c.engine.ratio, 2)}×` : 'n/a'} | ${fmt(c.peakRssMB)} MB |`,
      );
    }
    L.push('');
    L.push(
      "ratio: wall time against the bare parse; CPU ratio: CPU time of all threads against the bare parse's (the directory check runs on several threads, so its CPU ratio counts work, not speed).",
    );
    L.push('');
  }
  if (r.heavy?.length) {
    L.push(
      '**CLI on findings-heavy streams** (`bench/heavy.mjs`: privileged Pods, five findings each under the restricted profile; `podsec check <input> --format <f>`, fresh process, its output piped to the benchmark, which counts the findings as they stream by; median of ' +
        r.heavy[0].formats[0].wallMs.n +
        ' rounds (the 50 MB stream: ' +
        (r.heavy[1]?.formats[0].wallMs.n ?? 'n/a') +
        '); every run is compared with a bare parse timed just before it (the load of a shared machine changes within minutes). The evidence formats cklb, ckl and oscal run with `--profile stig-rke2` (the STIG they are evidence for): they list the first findings of each requirement and count the rest, so their documents stay small; for them "findings" says that the document was complete.)',
    );
    L.push('');
    L.push(
      '| input | documents | format | findings | output | podsec | bare parse | ratio | CPU ratio | peak RSS | bare parse RSS | ≤ 2×, ≤ 500 MB, exit 1, complete |',
    );
    L.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    const heavyRuns = [
      ...r.heavy.map((h) => [h.input, h.measured]),
      ['the editor figures (heavy-10mb in the language server table)', r.heavyServer?.measured],
    ].filter(([, m]) => m);
    for (const h of r.heavy) {
      for (const f of h.formats) {
        const found = f.aggregated ? (f.complete ? 'complete (counted per requirement)' : '**incomplete**') : f.findings.toLocaleString('en-US');
        L.push(
          `| ${h.input} (${fmt(h.bytes / 1e6, 1)} MB) | ${h.documents.toLocaleString('en-US')} | ${f.format} | ${found} | ${fmt(f.outputBytes / 1e6, f.outputBytes < 1e6 ? 2 : 0)} MB | ${ms(f.wallMs.median)} | ${ms((f.bareWallMs ?? h.bareWallMs).median)} | ${fmt(f.ratio, 2)}× | ${fmt(f.cpuRatio, 2)}× | ${fmt(f.peakRssMB)} MB | ${fmt(h.barePeakRssMB)} MB | ${verdict(heavyMet(h, f))} |`,
        );
      }
    }
    L.push('');
    if (new Set(heavyRuns.map(([, m]) => JSON.stringify(m))).size > 1) {
      L.push('Measured one at a time (`--heavy`):');
      L.push('');
      for (const [what, m] of heavyRuns) L.push(`- ${what}: ${runLine(m)}.`);
      L.push('');
    }
    for (const id of ['heavy-10mb', 'heavy-50mb']) {
      if (!r.heavy.some((h) => h.input === id)) {
        L.push(`${id}: not measured yet.`);
        L.push('');
      }
    }
  }
  if (r.server?.runs?.length) {
    L.push(
      `**Language server** (over stdio, delay 0; ${r.server.edits} one-character edits in the middle of the file after ${r.server.warmup} untimed ones, each until its diagnostics arrive)`,
    );
    L.push('');
    L.push('| input | diagnostics | edits | open → first diagnostics | open → complete report | bare parse | edit median | edit p95 | RSS after edits |');
    L.push('|---|---|---|---|---|---|---|---|---|');
    for (const s of [...r.server.runs, ...(r.heavyServer?.runs ?? [])]) {
      const p = r.server.bareParseMs?.[s.input] ?? r.heavyServer?.bareParseMs?.[s.input];
      L.push(
        `| ${s.input} | ${s.mode} | ${(s.edit ?? 'value') === 'value' ? 'typing in a value' : 'toggling a finding'} | ${ms(s.openMs)} | ${ms(s.openCompleteMs ?? s.openMs)} | ${p ? ms(p.median) : 'n/a'} | ${ms(s.editMs.median, 2)} | ${ms(s.editMs.p95, 2)} | ${fmt(s.rssMB)} MB |`,
      );
    }
    L.push('');
    const h = r.heavyServer?.runs?.[0];
    if (h) {
      L.push(
        `heavy-10mb: the findings-heavy 10 MB stream (${r.heavy?.[0]?.findings?.toLocaleString('en-US') ?? 'n/a'} findings), with \`podsec.maxProblems\` at its default: ${h.openDiagnostics} diagnostics published for the file at open.`,
      );
      L.push('');
    }
  } else if (r.server?.skipped) {
    L.push(`**Language server**: not measured (${r.server.skipped}).`);
    L.push('');
  }
  if (r.yls?.runs?.length) {
    L.push(
      `**yaml-language-server ${r.yls.runs[0].version}** (same loop, Kubernetes schema association; schema: ${r.yls.runs[0].schema}). It waits a fixed ${r.yls.delayMs} ms after each change before validating (not a setting), so the edit time is shown with and without that wait.`,
    );
    L.push('');
    L.push('| input | open → diagnostics | edit median | without its delay | vs podsec (pull) | RSS after edits | edits |');
    L.push('|---|---|---|---|---|---|---|');
    for (const y of r.yls.runs) {
      const p = r.server?.runs?.find((s) => s.input === y.input && s.mode === 'pull' && (s.edit ?? 'value') === 'value');
      const ratio = p ? `${fmt(y.editMs.median / p.editMs.median)}× (${fmt(y.editMsWithoutDelay.median / p.editMs.median)}× without its delay)` : 'n/a';
      L.push(`| ${y.input} | ${ms(y.openMs)} | ${ms(y.editMs.median)} | ${ms(y.editMsWithoutDelay.median)} | ${ratio} | ${fmt(y.rssMB)} MB | ${y.editMs.n} |`);
    }
    L.push('');
  } else if (r.yls?.skipped) {
    L.push(`**yaml-language-server**: not measured (${r.yls.skipped}).`);
    L.push('');
  }
  return L.join('\n');
}

/** The workspace index's figures (bench/index.mjs), for their own block of the README. */
export function indexMarkdown(r) {
  const x = r.index;
  const run = r.parts?.index ?? r.indexRun ?? r;
  const L = [];
  L.push(
    `Measured ${run.date} on ${run.machine.cpu} (${run.machine.cores} cores), Node ${run.machine.node}; commit ${run.commit}; load average ${run.loadBefore.join(' / ')} before the run.`,
  );
  L.push('');
  const b = x.build;
  const files = b[0]?.files;
  const med = (xs) => median(xs);
  L.push('| measure | result |');
  L.push('|---|---|');
  if (b.length) {
    L.push(
      `| index build, ${files?.toLocaleString('en-US')} YAML files (${b[0].withFacts} with namespaces or cluster configuration), nothing open | median ${ms(med(b.map((s) => s.ms)))} (the server's own count ${ms(med(b.map((s) => s.serverMs)))}), ${b.length} runs; server RSS after ${fmt(med(b.map((s) => s.rssMB)))} MB |`,
    );
  }
  for (const f of x.firstDiagnostics) {
    L.push(
      `| open → first diagnostics while the index builds, ${f.input} | ${ms(f.withIndexMs.median)} (no workspace folder: ${ms(f.aloneMs.median)}); the index was ready first in ${f.indexReadyFirst} of ${f.withIndexMs.n} runs |`,
    );
  }
  for (const mode of ['pull', 'push']) {
    const e = x.edit[mode];
    if (!e?.index) continue;
    L.push(
      `| edit → diagnostics, 10k-line file in the indexed workspace, ${mode} | median / p95 ${fmt(e.index.editMs.median, 2)} / ${fmt(e.index.editMs.p95, 2)} ms (no workspace folder: ${fmt(e.alone.editMs.median, 2)} / ${fmt(e.alone.editMs.p95, 2)} ms); RSS ${fmt(e.index.rssMB)} MB (${fmt(e.alone.rssMB)} MB) |`,
    );
  }
  const j = x.rejudge;
  if (j) {
    L.push(
      `| a Namespace's enforce label typed in the editor → its ${j.openWorkloadFiles} open workload files re-published (push) | ${j.ms ? `median / p95 ${fmt(j.ms.median, 1)} / ${fmt(j.ms.p95, 1)} ms over ${j.ms.n} edits (${j.rejudged} of ${j.flips} timed edits re-judged them)` : 'not re-judged: no rule reads the namespace yet'} |`,
    );
  }
  return L.join('\n');
}
