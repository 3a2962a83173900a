/**
 * What a chunk's analysis collects for the cluster context, document by document: the facts
 * (facts.ts `factsOfDocument`) with the file's recognition as an RKE2 config, the Kustomize notes
 * of a patch file and of a kustomization's inline patches, and the `rke2-config-recognized`
 * finding of a file read as an RKE2 config by its keys.
 */
import { rke2DocumentKind } from '../file-kind';
import { kustomizeNotes } from '../kustomize';
import type { DocModel, YNode } from '../model';
import { coreFinding, type ReportScope } from '../report';
import { RULE_ID as RKE2_CONFIG_RECOGNIZED } from '../rules/rke2-config-recognized';
import type { AnalysisNote, Finding } from '../types';
import type { K8sObject } from '../workloads';
import { factsOfDocument, isKustomizationFile } from './facts';
import { emptyFacts, type FileFacts, type InlinePatch } from './types';

const NO_INLINE: readonly InlinePatch[] = [];

/** The facts of a chunk, and the notes and findings that come with them, into the chunk's analysis. */
export class ChunkFacts {
  readonly facts: FileFacts;
  private seenContent = false;

  constructor(
    private readonly scope: ReportScope,
    private readonly notes: AnalysisNote[],
    private readonly findings: Finding[],
  ) {
    this.facts = emptyFacts(scope.cfg.filePath ?? '');
  }

  /** Facts of a document (what other files' findings depend on), with its notes and findings. */
  document(model: DocModel, objects: K8sObject[], root: YNode | undefined, comments: string[], doc: number): void {
    const { cfg, source, patch } = this.scope;
    const filePath = cfg.filePath;
    const lines = source.lines;
    const rke2 = rke2DocumentKind(filePath, comments, !objects.length && root?.isMap ? root.entries().map(([k]) => k) : undefined);
    const hadKustomization = !!this.facts.kustomization;
    const locate = (s: number, e: number) => ({ offset: [s, e] as [number, number], range: lines.range(s, e) });
    const opts = { rke2: rke2 && { role: rke2.role, why: rke2.why }, kustomization: isKustomizationFile(filePath), firstDocument: !this.seenContent };
    factsOfDocument(model, objects, locate, this.facts, opts);
    this.seenContent = true;
    const inline = !hadKustomization && this.facts.kustomization ? this.facts.kustomization.inline : NO_INLINE;
    kustomizeNotes(patch, filePath ?? '', root, objects, inline, lines, doc, this.notes);
    if (rke2?.byContent && root) this.recognized(root, rke2.why, doc);
  }

  /** A file read as an RKE2 config by its keys says so, on its first key (`rke2-config-recognized`). */
  private recognized(root: YNode, why: string, doc: number): void {
    const first = root.entries()[0]?.[1];
    if (!first || !this.scope.cfg.enabled.has(RKE2_CONFIG_RECOGNIZED)) return;
    const [start, end] = first.keySpan();
    const message = `podsec reads this file as an RKE2 config because ${why}, so the RKE2 rules check it. Add the comment "# podsec: rke2-config" to say it is one, or exclude the file in .podsec.yaml if it is not.`;
    const finding = coreFinding(this.scope, RKE2_CONFIG_RECOGNIZED, message, start, end, doc);
    if (finding) this.findings.push(finding);
  }
}
