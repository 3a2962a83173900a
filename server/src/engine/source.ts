/**
 * The text of one chunk as its analysis sees it: the original text (every offset, range and fix
 * refers to it), the mask of its template actions, and a line index made on first use (most
 * documents need none: a clean document reports nothing).
 */
import { LineIndex } from './text';
import type { TemplateBranch, TemplateMask } from './template';

export class ChunkSource {
  private index: LineIndex | undefined;

  constructor(
    readonly text: string,
    /** the template actions, when the text has any */
    readonly mask: TemplateMask | undefined,
    /** template branches left out so that the rest reads as YAML (see syntax.ts `parseChunk`) */
    readonly unread: readonly TemplateBranch[] = [],
  ) {}

  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }
}
