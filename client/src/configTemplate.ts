/**
 * Renders a `.podsec.yaml` from the configuration's JSON Schema (which keys exist, what they
 * mean, their defaults) and the values currently in effect. Pure: no editor API, so it is unit
 * tested on its own.
 */

export interface SchemaProperty {
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  default?: unknown;
}

export interface ConfigSchema {
  properties?: Record<string, SchemaProperty>;
}

const WIDTH = 100;
/** YAML 1.1 and 1.2 words a plain scalar would turn into a boolean or null */
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
/** safe as a plain scalar in block context: starts like a word or a path, holds no indicator that matters */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./ *=+@-]*$/;
/** short enums are listed in the comment; long ones (e.g. every policy version) are described */
const MAX_LISTED_ENUM = 8;

export function renderConfig(schema: ConfigSchema, values: Record<string, unknown>, header: string[]): string {
  const out: string[] = header.flatMap((h) => wrap(h)).map((l) => `# ${l}`.trimEnd());
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const value = values[key] !== undefined ? values[key] : prop.default;
    if (value === undefined) continue;
    out.push('');
    const text = prop.description ?? stripMarkdown(prop.markdownDescription ?? '');
    if (text.trim()) for (const l of wrap(text)) out.push(`# ${l}`.trimEnd());
    if (prop.enum && prop.enum.length <= MAX_LISTED_ENUM) out.push(`# One of: ${prop.enum.map(String).join(', ')}.`);
    out.push(...entry(key, value, 0));
  }
  return `${out.join('\n')}\n`;
}

function entry(key: string, value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const k = scalar(key);
  if (Array.isArray(value)) {
    if (!value.length) return [`${pad}${k}: []`];
    return [`${pad}${k}:`, ...value.map((v) => (isMap(v) || Array.isArray(v) ? `${pad}  - ${JSON.stringify(v)}` : `${pad}  - ${scalar(v)}`))];
  }
  if (isMap(value)) {
    const keys = Object.keys(value);
    if (!keys.length) return [`${pad}${k}: {}`];
    return [`${pad}${k}:`, ...keys.flatMap((sub) => entry(sub, value[sub], indent + 2))];
  }
  return [`${pad}${k}: ${scalar(value)}`];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar as YAML: plain when that reads back as the same string, else double-quoted. */
export function scalar(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  const s = String(v);
  if (PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ')) return s;
  // a JSON string is a valid YAML double-quoted scalar
  return JSON.stringify(s);
}

function stripMarkdown(s: string): string {
  return s.replace(/`([^`]*)`/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** Words wrapped into lines of at most WIDTH - 2 characters (longer words stay whole). */
export function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > WIDTH - 2) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}
