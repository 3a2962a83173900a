/**
 * Configuration for the CLI: the nearest `.podsec.yaml` above each file (or the one `--config`
 * names, for every file), with the command line's `--profile`, `--pss-version` and `--rule` on
 * top. The editor reads the same files through the same loader, so CI sees what developers saw.
 * A configuration with errors stops the run (exit 2); warnings (unknown keys, say) are printed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExcludeSet, findConfigFile, loadConfigFile, type LoadedConfig } from '../config-file';
import { mergeConfigs, toEngineOptions, type PodsecConfig } from '../config/keys';
import type { EngineOptions } from '../engine/profiles';
import { UserError } from './errors';

export class ConfigError extends UserError {}

export interface FileSettings {
  options: EngineOptions;
  /** an `exclude` glob of the configuration file matches the file */
  excluded: boolean;
}

interface Layer {
  loaded: LoadedConfig | undefined;
  merged: PodsecConfig;
  /** engine options of `merged` without a file path (shared by every file of the layer) */
  options: EngineOptions;
  exclude: ExcludeSet | undefined;
}

function layerOf(loaded: LoadedConfig | undefined, merged: PodsecConfig): Layer {
  const exclude = loaded?.config.exclude?.length ? new ExcludeSet(loaded.dir, loaded.config.exclude) : undefined;
  return { loaded, merged, options: toEngineOptions(merged), exclude };
}

export class ConfigResolver {
  /** folder -> nearest configuration file in or above it (null: none) */
  private readonly nearest = new Map<string, string | null>();
  private readonly layers = new Map<string, Layer>();
  private readonly explicit: Layer | undefined;
  private readonly none: Layer;

  constructor(
    /** keys set on the command line; they win over the file's */
    private readonly cli: PodsecConfig,
    configPath: string | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.none = layerOf(undefined, mergeConfigs({}, cli));
    if (configPath !== undefined) {
      let st: fs.Stats;
      try {
        st = fs.statSync(configPath);
      } catch {
        throw new ConfigError(`cannot read configuration file ${configPath}: no such file`);
      }
      if (!st.isFile()) throw new ConfigError(`cannot read configuration file ${configPath}: not a file`);
      this.explicit = this.layer(path.resolve(configPath), configPath);
    }
  }

  /** Load (once) and check a configuration file. */
  private layer(abs: string, shown = path.relative(process.cwd(), abs) || abs): Layer {
    const cached = this.layers.get(abs);
    if (cached) return cached;
    const loaded = loadConfigFile(abs);
    const where = (p: LoadedConfig['problems'][number]) => `${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
    const errors = loaded.problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      throw new ConfigError(`invalid configuration:\n${errors.map((p) => `  ${where(p)}: ${p.message}`).join('\n')}`);
    }
    for (const p of loaded.problems) this.warn(`warning: ${where(p)}: ${p.message}`);
    const layer = layerOf(loaded, mergeConfigs(loaded.config, this.cli));
    this.layers.set(abs, layer);
    return layer;
  }

  /** Nearest configuration file for a folder (cached per folder, walking up once). */
  private nearestFor(dir: string): string | null {
    const hit = this.nearest.get(dir);
    if (hit !== undefined) return hit;
    let found: string | null = findConfigFile(dir, dir) ?? null;
    if (found === null) {
      const parent = path.dirname(dir);
      found = parent === dir ? null : this.nearestFor(parent);
    }
    this.nearest.set(dir, found);
    return found;
  }

  private layerFor(p: string, isDir: boolean): Layer {
    if (this.explicit) return this.explicit;
    const abs = path.resolve(p);
    const file = this.nearestFor(isDir ? abs : path.dirname(abs));
    return file ? this.layer(file) : this.none;
  }

  /** Is a file or folder excluded by its configuration's `exclude` globs? */
  excluded(p: string, isDir = false): boolean {
    return this.layerFor(p, isDir).exclude?.matches(p) ?? false;
  }

  /** Engine options for a file (`filePath` is the path rules see). */
  forFile(p: string, filePath = p): FileSettings {
    const layer = this.layerFor(p, false);
    return { options: { ...layer.options, filePath }, excluded: layer.exclude?.matches(p) ?? false };
  }
}
