/**
 * What the analysis of one chunk gives (analyze.ts): findings, the rules that failed, and what
 * the chunk tells about the cluster. The chunk pipeline, the CLI and the language server read it.
 */
import type { FileFacts } from './cluster/types';
import type { AnalysisNote, Finding } from './types';

export { RULE_ID as YAML_SYNTAX } from './rules/yaml-syntax';

export interface RuleError {
  ruleId: string;
  message: string;
  stack?: string;
}

export interface ChunkAnalysis {
  /** findings with offsets and lines relative to the chunk, documents relative to the chunk */
  findings: Finding[];
  /** number of YAML documents in the chunk */
  documents: number;
  /** rules that threw; their findings for the document are dropped, the others stand */
  ruleErrors: RuleError[];
  /** the chunk looks like Kubernetes objects (see looksLikeManifest), even if it does not parse */
  manifest: boolean;
  /** dependency keys of the cluster context the analysis read (see cluster/context.ts) */
  reads: string[];
  /** what the chunk tells about the cluster, positions relative to the chunk; absent when nothing */
  facts?: FileFacts;
  /** why pods are judged as they are, where it needs saying (exempt, not judged, …); absent when none */
  notes?: AnalysisNote[];
  /**
   * Findings no suppression covers, and how many of those are YAML syntax findings: what a front
   * end shows, counted once, so that counting a large file's problems does not walk its findings.
   */
  unsuppressed: { all: number; syntax: number };
}
