/** The engine's public surface: pure analysis, no LSP and no editor. */
export { analyzeText, analyzeChunk, shiftFinding, YAML_SYNTAX } from './analyze';
export type { ChunkAnalysis, RuleError, TextAnalysis } from './analyze';
export { splitChunks } from './chunks';
export type { ChunkSpan } from './chunks';
export { PROFILES, isProfile, profileRuleIds, resolveRuleSet, RULES_BY_ID, severityInProfile } from './profiles';
export type { EngineOptions, RuleSet, SuppressionPolicy } from './profiles';
export { ALL_RULES } from './rules';
export { LATEST_MINOR, parseVersion, formatVersion, VersionError } from './versions';
export { LineIndex } from './text';
export type { Position, Range } from './text';
export * from './types';
