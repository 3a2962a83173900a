/**
 * Settings that exist only in the editor (`podsec.run`, `podsec.delayMs`, `podsec.maxProblems`),
 * specified like the configuration keys (keys.ts): the editor settings of package.json and the
 * server's validation of them are derived from this table.
 */
import { RUN_MODES, type RunMode } from '../../../shared/protocol';
import { inRange, spec, type SpecValue } from './values';

const DELAY_RANGE: [number, number] = [0, 10000];
const MAX_PROBLEMS_RANGE: [number, number] = [1, 100000];

export const EDITOR_SPEC = {
  run: spec<RunMode>({
    default: 'onType',
    description: 'When to analyse: while you type (onType) or when the file is saved (onSave).',
    schema: () => ({ type: 'string', enum: RUN_MODES, markdownEnumDescriptions: ['Analyse while typing.', 'Analyse when the file is saved.'] }),
    validate(v, report, key) {
      if ((RUN_MODES as unknown[]).includes(v)) return v as RunMode;
      report({ path: [key], on: 'value', message: `podsec.run must be ${RUN_MODES.join(' or ')}, not ${JSON.stringify(v)}.`, severity: 'error' });
      return undefined;
    },
  }),
  delayMs: spec<number>({
    default: 150,
    description:
      'For editors that receive diagnostics by push: milliseconds to wait after the last change before analysing (0 analyses at once). Editors that pull diagnostics decide the timing themselves.',
    schema: () => ({ type: 'number', minimum: DELAY_RANGE[0], maximum: DELAY_RANGE[1] }),
    validate(v, report, key) {
      if (inRange(v, DELAY_RANGE)) return v;
      report({
        path: [key],
        on: 'value',
        message: `podsec.delayMs must be a number from ${DELAY_RANGE[0]} to ${DELAY_RANGE[1]}, not ${JSON.stringify(v)}.`,
        severity: 'error',
      });
      return undefined;
    },
  }),
  maxProblems: spec<number>({
    default: 1000,
    description: 'Most diagnostics shown for one file; an information diagnostic at the top says when more were found (the CLI lists them all).',
    schema: () => ({ type: 'integer', minimum: MAX_PROBLEMS_RANGE[0], maximum: MAX_PROBLEMS_RANGE[1] }),
    validate(v, report, key) {
      if (inRange(v, MAX_PROBLEMS_RANGE) && Number.isInteger(v)) return v;
      report({
        path: [key],
        on: 'value',
        message: `podsec.maxProblems must be a whole number from ${MAX_PROBLEMS_RANGE[0]} to ${MAX_PROBLEMS_RANGE[1]}, not ${JSON.stringify(v)}.`,
        severity: 'error',
      });
      return undefined;
    },
  }),
};

export type EditorKey = keyof typeof EDITOR_SPEC;
export type EditorOnlySettings = { [K in EditorKey]: SpecValue<(typeof EDITOR_SPEC)[K]> };

export const EDITOR_ONLY_KEYS = Object.keys(EDITOR_SPEC) as EditorKey[];
export const EDITOR_DEFAULTS = Object.fromEntries(EDITOR_ONLY_KEYS.map((k) => [k, EDITOR_SPEC[k].default])) as EditorOnlySettings;

/** Settings the client reads itself (`podsec.trace.server`); the server ignores them. */
export const CLIENT_KEYS = ['trace'];
