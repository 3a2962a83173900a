/**
 * Incremental analysis of one open document, independent of the protocol (the server and the
 * benchmark drive it directly): the document's placed chunks (engine/pipeline.ts), edited by LSP
 * content changes. A keystroke costs the analysis of the chunk it touched plus work proportional
 * to the number of chunks, never to the size of the file. Analysis runs chunk by chunk and can
 * stop at a deadline and resume.
 *
 * Results are chunk-relative and placed by the pipeline, so they are exactly what `analyzeText`
 * gives for the whole text.
 *
 * The cluster context a document is judged in comes from the workspace index
 * (workspace-index.ts), which keeps it current with `setCluster`; without one (the benchmark, a
 * document alone) the document's own facts make it.
 */
import type { ClusterContext } from '../engine/cluster/context';
import { PlacedChunks } from '../engine/pipeline';
import type { RuleSet } from '../engine/profiles';
import type { Range } from '../engine/text';

/** An LSP content change: a replaced range, or (no range) the whole text. */
export interface TextChange {
  range?: Range;
  text: string;
}

export class IncrementalAnalysis extends PlacedChunks {
  constructor(text: string, cfg: RuleSet, cluster?: ClusterContext) {
    super(text, cfg, cluster ? { live: true, cluster } : { live: true, ownCluster: true });
  }

  /** Apply LSP content changes in order. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const c of changes) this.applyChange(c);
  }

  applyChange(change: TextChange): void {
    if (!change.range) {
      this.reset(change.text);
      return;
    }
    let s = this.offsetAt(change.range.start);
    let e = this.offsetAt(change.range.end);
    if (e < s) [s, e] = [e, s];
    this.replace(s, e, change.text);
  }
}
