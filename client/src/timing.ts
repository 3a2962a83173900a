/**
 * When the bundle started to load. Imported first by extension.ts, so this runs before any
 * other module of the bundle is evaluated: the difference to the end of `activate()` is the
 * extension's own share of activation (code loading plus the activate call).
 */
export const loadStart = performance.now();
