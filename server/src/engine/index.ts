/** The engine's public surface: pure analysis, no LSP and no editor. */
export { analyzeChunk, YAML_SYNTAX } from './analyze';
export type { ChunkAnalysis, RuleError } from './analyze';
export { splitChunks } from './chunks';
export type { ChunkSpan } from './chunks';
export { shiftFinding } from './finding';
export { analyzeText } from './pipeline';
export type { TextAnalysis } from './pipeline';
export { PROFILES, isProfile, profileRuleIds, resolveRuleSet, RULES_BY_ID, severityInProfile } from './profiles';
export type { EngineOptions, RuleSet, SuppressionPolicy } from './profiles';
export { ALL_RULES } from './rules';
export { LATEST_MINOR, parseVersion, formatVersion, VersionError } from './versions';
export { LineIndex } from './text';
export type { Position, Range } from './text';
export * from './types';
