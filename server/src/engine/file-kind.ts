/**
 * What a file is, read from its path and its text without parsing it: Kubernetes objects, or an
 * RKE2 config. Front ends use it to decide what to analyse and what to report (an editor keeps
 * quiet about the YAML syntax of files that are neither); rules use the RKE2 recognition to know
 * which documents are node configuration.
 */
import { LINE_BREAK } from './text';

/** A top-level `apiVersion:` or `kind:` key (block style), or a quoted one (JSON and flow style). */
const MANIFEST_KEY = /^["']?(?:apiVersion|kind)["']?[ \t]*:|["'](?:apiVersion|kind)["'][ \t]*:/m;

/**
 * Whether a text looks like Kubernetes objects: it has a top-level `apiVersion` or `kind` key, read
 * from the text so that a document too broken to parse still counts. Editors use it to keep quiet
 * about the syntax of YAML files that are not manifests (workflows, compose files, ...), which
 * other tools already check.
 */
export function looksLikeManifest(text: string): boolean {
  return MANIFEST_KEY.test(text);
}

/** A chart's `templates/` folder, or a Go template file (`.tpl`, `.gotmpl`). */
const HELM_TEMPLATE = /(^|[\\/])templates[\\/]|\.(?:tpl|gotmpl)$/i;

/**
 * Whether a path names a Go template: a file under a Helm chart's `templates/` folder, or a
 * `.tpl`/`.gotmpl` file. Other files are Go templates only when their text reads as one
 * (`looksLikeGoTemplate` in template.ts): `{{ }}` in a plain manifest is YAML text.
 */
export function isHelmTemplatePath(filePath: string | undefined): boolean {
  return !!filePath && HELM_TEMPLATE.test(filePath);
}

/** The comment `# podsec: rke2-config`, which marks a YAML document as an RKE2 config wherever the file lives. */
const MARKER = /^#\s*podsec:\s*rke2-config\s*$/;

const MAIN_CONFIG = /(^|[\\/])rancher[\\/]rke2[\\/]config\.yaml$/i;
const DROP_IN = /(^|[\\/])rancher[\\/]rke2[\\/]config\.yaml\.d[\\/][^\\/]+\.ya?ml$/i;

export type Rke2ConfigKind = 'main' | 'drop-in';

/**
 * What an RKE2 config path is: the main `config.yaml` or a `config.yaml.d` drop-in (RKE2 reads
 * `.yaml` and `.yml` drop-ins, in any letter case). Paths use `/` or `\`.
 */
export function rke2ConfigKind(filePath: string | undefined): Rke2ConfigKind | undefined {
  if (!filePath) return undefined;
  if (MAIN_CONFIG.test(filePath)) return 'main';
  if (DROP_IN.test(filePath)) return 'drop-in';
  return undefined;
}

/** The comment lines hold the `# podsec: rke2-config` marker. */
export function hasRke2Marker(comments: string[]): boolean {
  return comments.some((c) => MARKER.test(c.trim()));
}

/** How many first lines of a file may hold the `# podsec: rke2-config` marker. */
export const RKE2_MARKER_LINES = 50;

/**
 * Whether a file is read as an RKE2 config: by its path, or by the marker in one of the first
 * comment lines. (For front ends that only analyse Kubernetes objects plus claimed files.)
 */
export function claimsAsRke2Config(filePath: string | undefined, text: string): boolean {
  if (rke2ConfigKind(filePath)) return true;
  for (const line of text.replace(/^\uFEFF/, '').split(LINE_BREAK, RKE2_MARKER_LINES)) {
    const t = line.trim();
    if (!t || t === '---') continue;
    if (!t.startsWith('#')) return false;
    if (MARKER.test(t)) return true;
  }
  return false;
}
