/**
 * Helm chart templates for tests: a generator of chart-style workload templates, and a small
 * renderer that does what `helm template` does with them, so that tests can compare podsec's
 * reading of a template with the YAML Helm would produce.
 *
 * The renderer implements the part of Go templates charts use around YAML: trim markers
 * (`{{-` removes the white space before an action, line breaks included; `-}}` the white space
 * after it), comments, `if`/`else`/`with`/`range`/`define` blocks (the first branch of an `if` is
 * taken, `with` and `range` render their body once, `define` renders nothing in place), and
 * output actions. The output of an action is a marker that says where it lands: a mapping key
 * `__tplN: 0` (a mapping is output there), a list item `- __tplN`, or a scalar `__tplN` (a value),
 * placed with the action's `nindent`/`indent`. N is the action's index among the actions of the
 * text, so a fix, which never adds or removes an action, keeps every marker's name.
 */
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { workload, type WorkloadKind } from './workloads';
import { indentQuotedContinuations } from './oracle';
import { isMapData, Rng, type Data } from './yaml-writer';

interface Action {
  start: number;
  end: number;
  body: string;
  leftTrim: boolean;
  rightTrim: boolean;
}

function actions(text: string): Action[] {
  const out: Action[] = [];
  let i = text.indexOf('{{');
  while (i !== -1) {
    let j = i + 2;
    const leftTrim = text[j] === '-' && /\s/.test(text[j + 1] ?? '');
    if (leftTrim) j += 2;
    let end: number;
    if (/^\s*\/\*/.test(text.slice(j, j + 8))) {
      const close = /\*\/\s*-?\}\}/g;
      close.lastIndex = j;
      const m = close.exec(text);
      end = m ? m.index + m[0].length : text.length;
    } else {
      let p = j;
      end = text.length;
      while (p < text.length) {
        if (text[p] === '"') {
          p = text.indexOf('"', p + 1);
          if (p === -1) break;
        } else if (text.startsWith('}}', p)) {
          end = p + 2;
          break;
        }
        p++;
      }
    }
    const inner = text.slice(j, end - 2);
    const rightTrim = /\s-$/.test(inner);
    out.push({ start: i, end, body: inner.replace(/\s-$/, '').trim(), leftTrim, rightTrim });
    i = text.indexOf('{{', end);
  }
  return out;
}

const LIST_KEYS =
  /^(?:containers|initContainers|ephemeralContainers|volumes|volumeMounts|env|envFrom|ports|tolerations|imagePullSecrets|args|command|extraContainers|sidecars)$/;

/** What an output action produces: from a `.Values.<kind>N` name, else from the key above it. */
function outputKind(body: string, before: string): 'map' | 'list' | 'scalar' {
  const named = /\.Values\.(map|list|text)\d*/.exec(body)?.[1] ?? /"[\w.-]*\.(map|list|text)\d*"/.exec(body)?.[1];
  if (named) return named === 'text' ? 'scalar' : (named as 'map' | 'list');
  if (!/\bn?indent\s+\d+/.test(body)) return 'scalar';
  if (/\.(?:extra)?(?:[cC]ontainers|sidecars|[vV]olumes|[vV]olumeMounts|[eE]nv|tolerations)\b/.test(body)) return 'list';
  const key = /([A-Za-z][\w]*):[ \t]*$/.exec(before.replace(/\s+$/, ''))?.[1];
  return key && LIST_KEYS.test(key) ? 'list' : 'map';
}

/** The text as `helm template` renders it, with markers for what actions output. */
export function renderTemplate(text: string): string {
  const acts = actions(text);
  let out = '';
  let last = 0;
  // a stack of blocks: whether the current branch is rendered
  const stack: { on: boolean; kind: string }[] = [];
  const on = () => stack.every((b) => b.on);
  let skipWhite = false;
  acts.forEach((a, n) => {
    let between = text.slice(last, a.start);
    if (skipWhite) between = between.replace(/^\s+/, '');
    if (on()) out += between;
    if (a.leftTrim) out = out.replace(/\s+$/, '');
    skipWhite = a.rightTrim;
    last = a.end;
    const word = /^[A-Za-z_]\w*/.exec(a.body)?.[0];
    if (a.body.startsWith('/*')) return;
    if (word === 'if' || word === 'with' || word === 'range') stack.push({ on: true, kind: word });
    else if (word === 'define') stack.push({ on: false, kind: word });
    else if (word === 'else') {
      const top = stack[stack.length - 1];
      if (top) top.on = false;
    } else if (word === 'end') stack.pop();
    else if (/^\$\w*\s*:?=/.test(a.body) || word === 'break' || word === 'continue') return;
    else if (on()) {
      const kind = outputKind(a.body, out.slice(out.lastIndexOf('\n') + 1));
      const marker = `__tpl${n}`;
      const lines = kind === 'map' ? [`${marker}: 0`] : kind === 'list' ? [`- ${marker}`] : [/\bquote\b/.test(a.body) ? `"${marker}"` : marker];
      const nindent = /\bnindent\s+(\d+)/.exec(a.body);
      const indent = /(?:^|[^\w])indent\s+(\d+)/.exec(a.body);
      if (nindent) out += lines.map((l) => `\n${' '.repeat(Number(nindent[1]))}${l}`).join('');
      else if (indent) out += lines.map((l) => `${' '.repeat(Number(indent[1]))}${l}`).join('\n');
      else out += lines.join('\n');
    }
  });
  let rest = text.slice(last);
  if (skipWhite) rest = rest.replace(/^\s+/, '');
  if (on()) out += rest;
  return out;
}

/** Where every marker of a rendered template lands: `__tplN@path` (sorted). */
export function markerPaths(rendered: string): string[] {
  const out: string[] = [];
  const walk = (n: unknown, path: string) => {
    if (isMap(n)) {
      for (const p of n.items) {
        const k = isScalar(p.key) ? String(p.key.value) : '?';
        if (k.startsWith('__tpl')) out.push(`${k}@${path}`);
        walk(p.value, path ? `${path}.${k}` : k);
      }
    } else if (isSeq(n)) {
      n.items.forEach((it, i) => {
        if (isScalar(it) && String(it.value).startsWith('__tpl')) out.push(`${String(it.value)}@${path}[]`);
        else walk(it, `${path}[${i}]`);
      });
    } else if (isScalar(n) && typeof n.value === 'string' && n.value.includes('__tpl')) {
      for (const m of n.value.match(/__tpl\d+/g)!) out.push(`${m}@${path}=`);
    }
  };
  parseAllDocuments(indentQuotedContinuations(rendered)).forEach((d, i) => walk(d.contents as YamlNode | null, `${i}:`));
  return out.sort();
}

/**
 * The rendered text's YAML errors, as codes (a rendering that does not parse is a broken
 * template), read as go-yaml reads quoted scalars.
 */
export function renderErrors(rendered: string): string[] {
  return parseAllDocuments(indentQuotedContinuations(rendered)).flatMap((d) => d.errors.map((e) => e.code));
}

// ---- the generator -------------------------------------------------------------------------------

type Obj = { [key: string]: Data };

/**
 * A chart-style template writer: block style, the indentation and sequence style of the chart,
 * with template actions placed where charts place them.
 */
class ChartWriter {
  readonly lines: string[] = [];
  private n = 0;

  constructor(
    private readonly r: Rng,
    private readonly indent: number,
    private readonly seqIndent: boolean,
  ) {}

  private id(): number {
    return ++this.n;
  }

  private scalar(v: Data): string {
    if (v === null) return 'null';
    if (typeof v === 'boolean' || typeof v === 'number') return String(v);
    if (typeof v !== 'string') return JSON.stringify(v);
    return /^[A-Za-z_/][\w./-]*$/.test(v) && !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(v) ? v : JSON.stringify(v);
  }

  /** A line of template code at `col`. */
  private code(col: number, action: string): void {
    this.lines.push(`${' '.repeat(col)}${action}`);
  }

  /** `key:` whose value is template output on the next line (`nindent`), or on the key's line. */
  private templatedValue(col: number, key: string, kind: 'map' | 'list'): void {
    const id = this.id();
    const inner = col + this.indent;
    if (this.r.chance(0.5)) {
      this.lines.push(`${' '.repeat(col)}${key}:`);
      const at = this.r.chance(0.8) ? inner : col + 2 * this.indent;
      this.code(at, `{{- toYaml .Values.${kind}${id} | nindent ${inner} }}`);
    } else this.lines.push(`${' '.repeat(col)}${key}: {{- include "chart.${kind}${id}" . | nindent ${inner} }}`);
  }

  map(m: Obj, col: number, first?: string, role?: 'pod' | 'container' | 'sc' | 'meta'): void {
    const entries = Object.entries(m);
    const extraAt = role && role !== 'meta' && this.r.chance(0.2) ? this.r.int(0, entries.length) : -1;
    entries.forEach(([k, v], i) => {
      const lead = i === 0 && first !== undefined ? first : ' '.repeat(col);
      if (i > 0 || first === undefined) {
        if (i === extraAt) this.code(col, `{{- include "chart.map${this.id()}" . | nindent ${col} }}`);
        if (this.r.chance(0.05)) this.code(col, `{{- /* keep {{ .Values.text${this.id()} }} */}}`);
      }
      const wrap = i > 0 && this.r.chance(0.12);
      if (wrap) this.code(this.r.chance(0.7) || col < 2 ? col : col - 2, `{{- if .Values.text${this.id()} }}`);
      this.entry(lead, k, v, col, role);
      if (wrap) this.code(this.r.chance(0.7) || col < 2 ? col : col - 2, '{{- end }}');
    });
    if (extraAt === entries.length) this.code(col, `{{- include "chart.map${this.id()}" . | nindent ${col} }}`);
    if (role === 'container' && !('resources' in m) && this.r.chance(0.3)) this.templatedValue(col, 'resources', 'map');
    if (role === 'pod' && !('nodeSelector' in m) && this.r.chance(0.3)) {
      this.code(col, `{{- with .Values.map${this.id()} }}`);
      this.lines.push(`${' '.repeat(col)}nodeSelector:`);
      this.code(col + this.indent, `{{- toYaml . | nindent ${col + this.indent} }}`);
      this.code(col, '{{- end }}');
    }
  }

  private entry(lead: string, k: string, v: Data, col: number, role?: string): void {
    const pad = ' '.repeat(col);
    const inner = col + this.indent;
    if (k === 'securityContext' && lead === pad && (role === 'pod' || role === 'container') && this.r.chance(0.25)) {
      // the whole securityContext from the values
      this.templatedValue(col, 'securityContext', 'map');
      return;
    }
    if ((k === 'image' || k === 'serviceAccountName') && typeof v === 'string' && this.r.chance(0.3)) {
      this.lines.push(`${lead}${k}: "{{ .Values.text${this.id()} }}"`);
      return;
    }
    if (k === 'labels' && isMapData(v) && this.r.chance(0.4)) {
      this.lines.push(`${lead}labels:`);
      this.code(inner, `{{- include "chart.map${this.id()}" . | nindent ${inner} }}`);
      this.map(v, inner);
      return;
    }
    if (k === 'command' && Array.isArray(v) && this.r.chance(0.4)) {
      // a script in a block scalar, with template code as its text
      const ind = inner + (this.seqIndent ? this.indent : 0);
      this.lines.push(`${lead}command:`);
      this.lines.push(`${' '.repeat(col + (this.seqIndent ? this.indent : 0))}- |`);
      this.code(ind, `{{- if .Values.text${this.id()} }}`);
      this.lines.push(`${' '.repeat(ind)}echo {{ .Values.text${this.id()} }}`);
      this.code(ind, '{{- end }}');
      this.lines.push(`${' '.repeat(ind)}exec /app`);
      return;
    }
    if (v === null || typeof v !== 'object') {
      this.lines.push(`${lead}${k}: ${this.scalar(v)}`);
      return;
    }
    if (Array.isArray(v) ? !v.length : !Object.keys(v).length) {
      this.lines.push(`${lead}${k}: ${Array.isArray(v) ? '[]' : '{}'}`);
      return;
    }
    this.lines.push(`${lead}${k}:`);
    if (Array.isArray(v)) {
      const dashCol = col + (this.seqIndent ? this.indent : 0);
      const childRole = k === 'containers' || k === 'initContainers' || k === 'ephemeralContainers' ? 'container' : undefined;
      this.seq(v, dashCol, childRole);
      if (childRole && this.seqIndent && this.r.chance(0.2)) this.code(dashCol, `{{- toYaml .Values.list${this.id()} | nindent ${dashCol} }}`);
      return;
    }
    const childRole =
      k === 'securityContext' && (role === 'pod' || role === 'container')
        ? 'sc'
        : k === 'spec' && 'containers' in v
          ? 'pod'
          : k === 'metadata'
            ? 'meta'
            : undefined;
    this.map(v, inner, undefined, childRole);
  }

  seq(items: Data[], col: number, role?: 'container'): void {
    for (const item of items) {
      if (isMapData(item) && Object.keys(item).length) this.map(item, col + 2, `${' '.repeat(col)}- `, role);
      else this.lines.push(`${' '.repeat(col)}- ${isMapData(item) || Array.isArray(item) ? JSON.stringify(item) : this.scalar(item)}`);
    }
  }
}

const CHART_KINDS: WorkloadKind[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

export interface GeneratedChart {
  text: string;
  seed: number;
}

/** A chart template of one workload (its data from the manifest generator), written with template code. */
export const chartTemplate: fc.Arbitrary<GeneratedChart> = fc
  .tuple(
    fc.constantFrom(...CHART_KINDS).chain((k) => workload(k, 'web')),
    fc.integer(),
  )
  .map(([obj, seed]) => {
    const r = new Rng(seed);
    const w = new ChartWriter(r, r.pick([2, 2, 4]), r.chance(0.6));
    const data = JSON.parse(JSON.stringify(obj)) as Obj;
    // chart-style names; container names stay literal so findings can be compared with the render
    const meta = data.metadata as Obj;
    meta.name = 'NAME';
    w.map(data, 0, undefined);
    const text = `${w.lines.join('\n')}\n`.replace('name: NAME', 'name: {{ include "chart.fullname" . }}');
    return { text, seed };
  });
