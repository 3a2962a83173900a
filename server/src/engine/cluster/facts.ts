/**
 * Reading facts (see types.ts) out of parsed documents. One function serves both the chunk
 * analysis (which has the document parsed already) and the cheap fact pass over files that are
 * not open (`extractFacts`: only documents that may hold a fact are parsed).
 */
import { splitChunks } from '../chunks';
import { rke2FileKind } from '../file-kind';
import { DocModel, YNode } from '../model';
import { isHelmTemplatePath } from '../file-kind';
import { parseChunk } from '../syntax';
import { LineIndex } from '../text';
import { objectsOf, type K8sObject } from '../workloads';
import { PSA_KEYS, PSA_LABEL_PREFIX, type PsaKey } from './psa';
import type {
  FactLoc,
  FileFacts,
  InlinePatch,
  KustomizationFact,
  NamespaceFact,
  PatchEntry,
  PsaConfigFact,
  Rke2ConfigFact,
  Rke2ItemFact,
  Rke2KeyFact,
  Rke2Recognition,
  StringFact,
} from './types';
import { emptyFacts } from './types';

/** Turns offsets of the parsed text into a located fact. */
export type Locate = (start: number, end: number) => FactLoc;

export const ADMISSION_CONFIGURATION_API_VERSIONS = ['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1alpha1', 'apiserver.k8s.io/v1alpha1'];
export const POD_SECURITY_CONFIGURATION_API_VERSIONS = [
  'pod-security.admission.config.k8s.io/v1',
  'pod-security.admission.config.k8s.io/v1beta1',
  'pod-security.admission.config.k8s.io/v1alpha1',
];
const KUSTOMIZATION_FILE = /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/;

export function isKustomizationFile(path: string | undefined): boolean {
  return !!path && KUSTOMIZATION_FILE.test(path);
}

/** Facts of one parsed document, appended to `out`. */
export function factsOfDocument(
  model: DocModel,
  objects: K8sObject[],
  locate: Locate,
  out: FileFacts,
  opts: { rke2?: Rke2Recognition; kustomization?: boolean; firstDocument: boolean },
): void {
  for (const obj of objects) {
    const { kind, apiVersion } = obj.resource;
    if (kind === 'Namespace' && apiVersion === 'v1') {
      const ns = namespaceFact(obj, locate);
      if (ns) out.namespaces.push(ns);
    } else if (kind === 'AdmissionConfiguration' && apiVersion && ADMISSION_CONFIGURATION_API_VERSIONS.includes(apiVersion)) {
      out.psaConfigs.push(admissionConfigFact(obj, locate));
    } else if (kind === 'PodSecurityConfiguration' && apiVersion && POD_SECURITY_CONFIGURATION_API_VERSIONS.includes(apiVersion)) {
      out.psaConfigs.push(psaConfigFact(obj.root, obj, locate, 'PodSecurityConfiguration'));
    } else if (kind === 'Kustomization' && (apiVersion ?? '').startsWith('kustomize.config.k8s.io/')) {
      out.kustomization ??= kustomizationFact(obj.root, locate);
    }
  }
  const root = model.root();
  // RKE2 reads the first document of its config files
  if (opts.rke2 && opts.firstDocument && !out.rke2) out.rke2 = rke2Fact(root, opts.rke2, locate);
  if (opts.kustomization && !objects.length && root?.isMap && !out.kustomization) out.kustomization = kustomizationFact(root, locate);
}

function spanLoc(n: YNode, locate: Locate, at: 'pair' | 'key' | 'value' = 'pair'): FactLoc {
  const [s, e] = at === 'key' ? n.keySpan() : at === 'value' ? n.valueSpan() : n.span();
  return locate(s, e);
}

function stringFact(n: YNode, locate: Locate): StringFact {
  const [s, e] = n.valueSpan();
  const v = n.value();
  return { value: typeof v === 'string' ? v : null, written: n.model.text.slice(s, e), templated: n.templated, loc: spanLoc(n, locate) };
}

function namespaceFact(obj: K8sObject, locate: Locate): NamespaceFact | undefined {
  const meta = obj.root.get('metadata');
  const nameNode = meta?.get('name');
  const name = nameNode?.str();
  if (!name || nameNode!.templated) return undefined;
  const labels: NamespaceFact['labels'] = {};
  const labelMap = meta!.get('labels');
  let labelCount = 0;
  if (labelMap?.isMap) {
    for (const [key, value] of labelMap.entries()) {
      labelCount++;
      if (!key.startsWith(PSA_LABEL_PREFIX)) continue;
      const k = key.slice(PSA_LABEL_PREFIX.length) as PsaKey;
      if ((PSA_KEYS as string[]).includes(k)) labels[k] = stringFact(value, locate);
    }
  }
  return { name, loc: spanLoc(nameNode!, locate), labels, labelCount };
}

function stringList(n: YNode | undefined, locate: Locate): StringFact[] {
  return n?.isSeq ? n.items().map((i) => stringFact(i, locate)) : [];
}

function psaConfigFact(config: YNode, obj: K8sObject, locate: Locate, kind: PsaConfigFact['kind']): PsaConfigFact {
  const defaults: PsaConfigFact['defaults'] = {};
  const d = config.get('defaults');
  if (d?.isMap) {
    for (const k of PSA_KEYS) {
      const v = d.getRaw(k);
      if (v && !v.isNull) defaults[k] = stringFact(v, locate);
    }
  }
  const ex = config.get('exemptions');
  const kindNode = obj.root.getRaw('kind')!;
  return {
    kind,
    apiVersion: obj.resource.apiVersion ?? '',
    loc: spanLoc(kindNode, locate),
    configApiVersion: config.get('apiVersion')?.str() ?? null,
    defaults,
    defaultsLoc: d ? spanLoc(d, locate, 'key') : config === obj.root ? spanLoc(kindNode, locate) : spanLoc(config, locate, 'key'),
    exemptions: {
      namespaces: stringList(ex?.get('namespaces'), locate),
      runtimeClasses: stringList(ex?.get('runtimeClasses'), locate),
      usernames: stringList(ex?.get('usernames'), locate),
    },
    path: null,
    noPodSecurityPlugin: false,
  };
}

function admissionConfigFact(obj: K8sObject, locate: Locate): PsaConfigFact {
  const plugin = obj.root
    .get('plugins')
    ?.items()
    .find((p) => p.get('name')?.str() === 'PodSecurity');
  const config = plugin?.get('configuration');
  if (plugin && config?.isMap) return psaConfigFact(config, obj, locate, 'AdmissionConfiguration');
  const fact = psaConfigFact(obj.root, obj, locate, 'AdmissionConfiguration');
  fact.defaults = {};
  fact.exemptions = { namespaces: [], runtimeClasses: [], usernames: [] };
  fact.configApiVersion = null;
  const path = plugin?.get('path');
  if (path) fact.path = stringFact(path, locate);
  fact.noPodSecurityPlugin = !plugin;
  return fact;
}

function rke2Item(n: YNode, locate: Locate): Rke2ItemFact {
  const [s, e] = n.valueSpan();
  return { value: n.value() ?? null, written: n.model.text.slice(s, e), templated: n.templated, loc: spanLoc(n, locate) };
}

/** The keys of an RKE2 config document (its first document), with their positions. */
export function rke2Fact(root: YNode | undefined, how: Rke2Recognition, locate: Locate): Rke2ConfigFact {
  const keys: Rke2KeyFact[] = [];
  if (root?.isMap) {
    for (const [key, v] of root.entries()) {
      let value: Rke2KeyFact['value'];
      if (v.isNull) value = { kind: 'null' };
      else if (v.isSeq) {
        const items = v.items();
        value = items.every((i) => i.isScalar) ? { kind: 'list', items: items.map((i) => rke2Item(i, locate)) } : { kind: 'complex' };
      } else if (v.isScalar) value = { kind: 'scalar', item: rke2Item(v, locate) };
      else value = { kind: 'complex' };
      keys.push({ key, value, loc: spanLoc(v, locate), keyLoc: spanLoc(v, locate, 'key') });
    }
  }
  const first = root?.isMap ? root.entries()[0]?.[1] : undefined;
  const loc = first ? spanLoc(first, locate, 'key') : root ? spanLoc(root, locate) : locate(0, 0);
  return { ...how, keys, loc };
}

function kustomizationFact(root: YNode, locate: Locate): KustomizationFact {
  const patches: PatchEntry[] = [];
  const inline: InlinePatch[] = [];
  // `patches` and `patchesJson6902`: items with a `path:` (a file) or a `patch:` (a string)
  for (const field of ['patches', 'patchesJson6902'] as const) {
    for (const p of root.get(field)?.items() ?? []) {
      if (!p.isMap) continue;
      const path = p.get('path');
      if (path?.isScalar) patches.push({ field, path: stringFact(path, locate) });
      const text = p.get('patch');
      if (text) inline.push({ field, loc: spanLoc(text, locate) });
    }
  }
  // `patchesStrategicMerge`: each item a file path, or an inline patch (a string holding YAML or JSON)
  for (const p of root.get('patchesStrategicMerge')?.items() ?? []) {
    const s = p.str();
    if (s === undefined) continue;
    if (isPatchPath(s)) patches.push({ field: 'patchesStrategicMerge', path: stringFact(p, locate) });
    else inline.push({ field: 'patchesStrategicMerge', loc: spanLoc(p, locate) });
  }
  const ns = root.get('namespace');
  return { patches, inline, resources: stringList(root.get('resources'), locate), namespace: ns ? stringFact(ns, locate) : null };
}

/**
 * A `patchesStrategicMerge` item that is a file path rather than a patch: one line without YAML
 * structure (kustomize tries the item as a file first, then as YAML holding an object).
 */
function isPatchPath(s: string): boolean {
  const t = s.trim();
  return t !== '' && !/[\n{}]/.test(t) && !/:\s|:$/.test(t);
}

/** A chunk that may hold a fact: checked before parsing it. */
const FACT_HINT = /["']?kind["']?[ \t]*:[ \t]*["']?(?:Namespace|AdmissionConfiguration|PodSecurityConfiguration|Kustomization)\b/;

export interface FactPassOptions {
  /** how the file is an RKE2 config, when it is one (default: by its path or its marker, as chunk analysis reads it) */
  rke2?: Rke2Recognition;
}

/** How a file is an RKE2 config by its path, the `# podsec: rke2-config` marker in its first lines, or its keys, as chunk analysis recognises it. */
export function rke2RecognitionOf(path: string | undefined, text: string): Rke2Recognition | undefined {
  const how = rke2FileKind(path, text);
  return how && { role: how.role, why: how.why };
}

/**
 * The fact pass over a file that is not being analysed: documents that cannot hold a fact are
 * not parsed. Positions are in `text`.
 */
export function extractFacts(path: string, text: string, opts: FactPassOptions = {}): FileFacts {
  const reader = new FactReader(path, opts);
  reader.add(text, 0, 0);
  return reader.result();
}

/**
 * The fact pass over a file read in pieces of whole documents, in order (a large file is never
 * held whole): `add` each piece with its place in the file, then take the `result`, the same
 * facts as `extractFacts` of the whole text. How the file is an RKE2 config is read from the first
 * piece, which holds the first document and the file's first lines.
 */
export class FactReader {
  private readonly out: FileFacts;
  private rke2: Rke2Recognition | undefined;
  private started = false;
  /** no document has been read yet */
  private first = true;
  private readonly kustomization: boolean;
  private readonly goTemplate: true | undefined;

  constructor(
    private readonly path: string,
    private readonly opts: FactPassOptions = {},
  ) {
    this.out = emptyFacts(path);
    this.kustomization = isKustomizationFile(path);
    this.goTemplate = isHelmTemplatePath(path) || undefined;
  }

  /** The next piece of the file, which starts at `offset` (UTF-16) on `line`, at a line start. */
  add(text: string, offset: number, line: number): void {
    if (!this.started) {
      this.rke2 = this.opts.rke2 ?? rke2RecognitionOf(this.path, text);
      this.started = true;
    }
    const rke2 = this.rke2;
    let lines: LineIndex | undefined;
    for (const span of splitChunks(text)) {
      const chunk = text.slice(span.start, span.end);
      if (!(FACT_HINT.test(chunk) || this.kustomization || (rke2 !== undefined && this.first))) continue;
      const { source, docs: list } = parseChunk(chunk, this.goTemplate);
      const idx = (lines ??= new LineIndex(text));
      const at = offset + span.start;
      const locate: Locate = (s, e) => {
        const r = idx.range(s + span.start, e + span.start);
        return { offset: [s + at, e + at], range: line ? { start: { ...r.start, line: r.start.line + line }, end: { ...r.end, line: r.end.line + line } } : r };
      };
      for (const doc of list) {
        if (!doc.contents) continue;
        const model = new DocModel(doc, chunk, source.mask);
        factsOfDocument(model, objectsOf(model), locate, this.out, { rke2, kustomization: this.kustomization, firstDocument: this.first });
        this.first = false;
      }
    }
  }

  result(): FileFacts {
    const out = this.out;
    // an RKE2 config with no content (comments only) is still one of its node's files
    if (this.rke2 && !out.rke2)
      out.rke2 = rke2Fact(undefined, this.rke2, () => ({ offset: [0, 0], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
    return out;
  }
}

/** A copy of chunk-relative facts placed in the file: every location moved by `offset` and `lines`. */
export function shiftFacts(f: FileFacts, offset: number, lines: number): FileFacts {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.offset) && o.range && typeof o.range === 'object') {
      const loc = o as unknown as FactLoc;
      const r = loc.range;
      return {
        offset: [loc.offset[0] + offset, loc.offset[1] + offset],
        range: { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } },
      } satisfies FactLoc;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    return out;
  };
  return walk(f) as FileFacts;
}
