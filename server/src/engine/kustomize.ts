/**
 * Kustomize patches (issue 16): a file that a kustomization among the analysed files lists as a
 * patch (`patches`, `patchesStrategicMerge`, `patchesJson6902`) is not a whole object. What it
 * leaves out keeps the value of the object it patches, so findings about a missing setting
 * (`ReportSpec.missing`) are not reported on it, and fixes never add missing blocks to it; the
 * values it writes are judged as usual. The sentences here say so in hover and `podsec explain`.
 */
import { describeListing, type PatchListing } from './cluster/context';
import type { InlinePatch } from './cluster/types';
import type { YNode } from './model';
import type { LineIndex } from './text';
import type { AnalysisNote } from './types';
import type { K8sObject } from './workloads';

/**
 * The namespace kustomize gives the objects a patch ends up in: the kustomizations' `namespace:`
 * when every one that lists the patch sets the same (undefined: none decides).
 */
export function patchNamespace(listings: readonly PatchListing[]): string | undefined {
  const names = new Set(listings.map((l) => l.namespace));
  const [only] = names;
  return names.size === 1 && only ? only : undefined;
}

/** Where a patch is listed: `patches in kustomization.yaml:9, patches in ../prod/kustomization.yaml:4`. */
export function listed(listings: readonly PatchListing[], file: string): string {
  return listings.map((l) => describeListing(l, file)).join(', ');
}

/** Why an object of a patch file is judged as it is. */
export function patchObjectNote(listings: readonly PatchListing[], file: string): string {
  const ns = patchNamespace(listings);
  return (
    `Judged as a Kustomize patch (listed under ${listed(listings, file)}): a setting it leaves out keeps the value of the object it patches, ` +
    `so only the values it sets are judged, and fixes add nothing it leaves out.` +
    (ns ? ` Its pods are judged in namespace "${ns}", which the kustomization gives every object it builds.` : '')
  );
}

/** What a JSON 6902 patch (a list of operations) gets. */
export function patchOperationsNote(listings: readonly PatchListing[], file: string): string {
  return (
    `Judged as a Kustomize JSON 6902 patch (listed under ${listed(listings, file)}): the value each add or replace operation sets in a pod ` +
    `is judged where it is written, as a strategic-merge patch that sets it would be, without quick fixes; remove, move and copy ` +
    `operations, and what a value they set leaves out, are not judged.`
  );
}

/** What a patch written inline in a kustomization gets. */
export const INLINE_PATCH_NOTE =
  'podsec does not judge a patch written inline in a kustomization (its YAML is text inside a string, whose findings could not be placed exactly): ' +
  'move it to a file of its own and list it with path: to have the values it sets judged.';

/**
 * The notes of a document: of a patch file's (`patch`: the kustomizations that list the file),
 * what is judged of each object or of its operations; of a kustomization's `inline` patches, that
 * they are not judged.
 */
export function kustomizeNotes(
  patch: readonly PatchListing[],
  file: string,
  root: YNode | undefined,
  objects: readonly K8sObject[],
  inline: readonly InlinePatch[],
  lines: LineIndex,
  doc: number,
  notes: AnalysisNote[],
): void {
  if (patch.length && root) {
    if (objects.length) for (const obj of objects) notes.push(noteOn(obj.root, lines, doc, patchObjectNote(patch, file)));
    else if (root.isSeq) notes.push(noteOn(root, lines, doc, patchOperationsNote(patch, file)));
  }
  for (const p of inline) {
    const [start, end] = p.loc.offset;
    notes.push({ range: p.loc.range, offset: [start, end], document: doc, message: INLINE_PATCH_NOTE, topic: 'kustomize' });
  }
}

function noteOn(node: YNode, lines: LineIndex, doc: number, message: string): AnalysisNote {
  const [start, end] = node.span();
  return { range: lines.range(start, end), offset: [start, end], document: doc, message, topic: 'kustomize' };
}
