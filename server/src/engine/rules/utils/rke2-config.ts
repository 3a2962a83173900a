/**
 * The RKE2 config document a check is looking at, as one file of its node: the node's merged
 * configuration (this document's keys, as written now, with the other files of its
 * `config.yaml`/`config.yaml.d` group), and the way back from a merged key or item to this
 * document's YAML nodes, so that findings land where the deciding line is.
 */
import { rke2Fact } from '../../cluster/facts';
import { rke2GroupOf, type Rke2File } from '../../cluster/rke2';
import type { FactLoc, Rke2Recognition } from '../../cluster/types';
import { rke2Node, sameFile, type Rke2Node, type Rke2Ref } from '../../components/rke2';
import { rke2DocumentKind } from '../../file-kind';
import type { YNode } from '../../model';
import type { DocumentContext, Report } from '../../rule';
import type { ScalarValue } from '../../scalars';
import { LineIndex } from '../../text';

export interface Rke2Doc {
  /** this file's path */
  file: string;
  role: Rke2Recognition['role'];
  /** the document's root mapping */
  root: YNode;
  node: Rke2Node;
  /** this file is the node's main configuration (where missing settings are reported) */
  isHome: boolean;
  /** the ref is written in this file */
  isHere(ref: { file: string }): boolean;
  /** this document's node for a ref written here (the item, or the key's value for a pair) */
  nodeOf(ref: Rke2Ref): YNode | undefined;
  /** this document's value node of a key as written (`kube-apiserver-arg+`), raw (null values kept) */
  keyNode(written: string): YNode | undefined;
}

/** How a document is an RKE2 config: by its path, the `# podsec: rke2-config` marker, or its keys. */
export function rke2Recognition(ctx: Pick<DocumentContext, 'filePath' | 'leadingComments' | 'objects' | 'root'>): Rke2Recognition | undefined {
  if (ctx.objects.length) return undefined;
  const keys = ctx.root?.isMap ? ctx.root.entries().map(([k]) => k) : undefined;
  const how = rke2DocumentKind(ctx.filePath, ctx.leadingComments, keys);
  return how && { role: how.role, why: how.why };
}

/**
 * The RKE2 view of a document, or undefined when it is not an RKE2 config mapping. The other
 * files of its node come from the cluster context (reading them makes the analysis depend on
 * them); this document's own keys are read from the document as it is now.
 */
export function rke2Doc(ctx: Omit<DocumentContext, 'report'>): Rke2Doc | undefined {
  const how = rke2Recognition(ctx);
  const root = ctx.root;
  if (!how || !root || !root.isMap) return undefined;
  const file = ctx.filePath ?? '<document>';
  const others: Rke2File[] = ctx.cluster.rke2For(ctx.filePath)?.files ?? [];
  let lines: LineIndex | undefined;
  const locate = (s: number, e: number): FactLoc => {
    lines ??= new LineIndex(ctx.model.text);
    return { offset: [s, e], range: lines.range(s, e) };
  };
  const fact = rke2Fact(root, how, locate);
  const group = rke2GroupOf(file, fact);
  const files = [...others.filter((o) => !sameFile(o.path, file)), { path: file, fact }];
  const node = rke2Node(group, files);
  const byOffset = new Map<number, YNode>();
  const byKey = new Map<string, YNode>();
  for (const [k, v] of root.entries()) {
    byKey.set(k, v);
    byOffset.set(v.span()[0], v);
    for (const it of v.items()) byOffset.set(it.span()[0], it);
  }
  const home = node.home;
  return {
    file,
    role: how.role,
    root,
    node,
    isHome: !!home && sameFile(home.path, file),
    isHere: (ref) => sameFile(ref.file, file),
    nodeOf: (ref) => (sameFile(ref.file, file) ? byOffset.get(ref.loc.offset[0]) : undefined),
    keyNode: (written) => byKey.get(written),
  };
}

/**
 * Report an RKE2 option the node's configuration leaves out, at the first key of its home config
 * (drop-ins alone say nothing: the main file may set it), with a fix that adds `key: value`.
 */
export function reportMissingOption<M extends string>(
  doc: Rke2Doc,
  report: Report<M>,
  messageId: M,
  option: { key: string; value: ScalarValue; title: string; preferred: boolean },
): void {
  if (!doc.isHome) return;
  const first = doc.root.entries()[0]?.[1];
  if (!first) return;
  report({
    node: first,
    at: 'key',
    messageId,
    fix: { title: option.title, preferred: option.preferred, ops: [{ op: 'ensure', node: doc.root, keys: [option.key], value: option.value }] },
  });
}
