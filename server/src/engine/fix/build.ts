/**
 * A rule's fix (`FixSpec`: YAML-aware operations) turned into the finding's `Fix`: minimal text
 * edits on the chunk (fix/edits.ts) and the changes they make, described on the data. A fix whose
 * edits would touch template code, or that cannot be expressed safely, is not offered.
 */
import type { FixOp, FixSpec } from '../rule';
import type { ChunkSource } from '../source';
import type { Fix, FixChange, TextEdit } from '../types';
import { EditBuilder, FixUnavailable } from './edits';

/** The fix for a finding, or undefined when it cannot be made safely. */
export function buildFix(spec: FixSpec, source: ChunkSource): Fix | undefined {
  const built = editsFor(spec.ops, source);
  if (!built) return undefined;
  const fix: Fix = { title: spec.title, preferred: spec.preferred, changes: built.changes, edits: built.edits };
  if (spec.placeholder) fix.placeholder = placeholderIn(spec.ops, built.edits);
  return fix;
}

function editsFor(ops: FixOp[], source: ChunkSource): { changes: FixChange[]; edits: TextEdit[] } | undefined {
  const mask = source.mask;
  const b = new EditBuilder(source.text, (s, e) => (mask ? mask.overlaps(s, e) : false), mask);
  const changes: FixChange[] = [];
  try {
    for (const op of ops) {
      switch (op.op) {
        case 'set':
          b.setValue(op.node, op.value);
          changes.push({ op: 'set', path: op.node.path, value: op.value });
          break;
        case 'remove':
          b.remove(op.node);
          changes.push({ op: 'delete', path: op.node.path });
          break;
        case 'ensure':
          b.ensure(op.node, op.keys, op.value);
          changes.push({ op: 'set', path: joinPath(op.node.path, op.keys), value: op.value });
          break;
        case 'append':
          b.append(op.node, op.value);
          changes.push({ op: 'add', path: `${op.node.path}[${op.node.items().length}]`, value: op.value });
          break;
        case 'replace': {
          b.replacePair(op.node, op.key, op.value);
          const parent = op.node.path.replace(/(\.[^.[\]]+|\[[^\]]*\])$/, '');
          changes.push({ op: 'delete', path: op.node.path }, { op: 'add', path: joinPath(parent, [op.key]), value: op.value });
          break;
        }
      }
    }
  } catch (e) {
    if (e instanceof FixUnavailable) return undefined;
    throw e;
  }
  const lines = source.lines;
  const edits = b.edits
    .sort((x, y) => x.start - y.start || x.end - y.end)
    .map((x) => ({ offset: [x.start, x.end] as [number, number], range: lines.range(x.start, x.end), newText: x.text }));
  for (let i = 1; i < edits.length; i++) if (edits[i].offset[0] < edits[i - 1].offset[1]) return undefined;
  return { changes, edits };
}

/**
 * Where the first string value the ops write sits in the edits' new text (its last occurrence);
 * the whole first edit when it cannot be found.
 */
function placeholderIn(ops: FixOp[], edits: TextEdit[]): { edit: number; start: number; end: number } {
  const op = ops.find((o) => (o.op === 'set' || o.op === 'ensure') && typeof o.value === 'string' && o.value);
  const value = op && 'value' in op ? String(op.value) : '';
  for (let i = edits.length - 1; value && i >= 0; i--) {
    const at = edits[i].newText.lastIndexOf(value);
    if (at >= 0) return { edit: i, start: at, end: at + value.length };
  }
  return { edit: 0, start: 0, end: edits[0]?.newText.length ?? 0 };
}

function joinPath(base: string, keys: string[]): string {
  return [base, ...keys].filter(Boolean).join('.');
}
