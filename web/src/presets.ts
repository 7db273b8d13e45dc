// Named starting points for authors: each preset is one example of a seed text, as the lab
// settings that show it. `?preset=name` (or <prayog-lab preset="name">) starts the lab from the
// defaults with these values; explicit URL keys override them. Values are checked against the
// engine's schema by tests/js/presets.test.mjs, so a preset can never name a key or a value the
// lab would refuse.
import type { ConfigValues } from '../../wasm/api.js';
import type { MessageKey } from './i18n';
import type { LabId } from './state';

export interface Preset {
  name: string;
  values: Readonly<ConfigValues>;
}

export const PRESETS: Readonly<Record<LabId, readonly Preset[]>> = {
  attention: [
    { name: 'copy', values: { mode: 'sequence', task: 'copy' } },
    { name: 'reverse', values: { mode: 'sequence', task: 'reverse' } },
    { name: 'sort', values: { mode: 'sequence', task: 'sort' } },
    // Wide single head with the ÷√d off: the softmax saturates (the seed's reason for √d).
    { name: 'sqrt-d', values: { mode: 'sequence', d_model: 64, heads: 1, scale: false } },
    { name: 'hard-vs-soft', values: { mode: 'sequence', attention: 'hard' } },
    { name: 'multi-head', values: { mode: 'sequence', heads: 4, d_model: 32 } },
    { name: 'images', values: { mode: 'images' } },
  ],
  conv1x1: [
    // The seed's example: 32x32x64 through 32 filters of 1x1.
    { name: 'explorer', values: { h: 32, w: 32, cin: 64, cout: 32, k: 3, bottleneck: 16 } },
    // Inception's 5x5 branch: 28x28x192 -> 32 maps, with and without a 1x1 reduction to 16.
    { name: 'bottleneck', values: { h: 28, w: 28, cin: 192, cout: 32, k: 5, bottleneck: 16 } },
    // The seed's limitation: a 1x1-only net cannot see shape, a 3x3 net can.
    { name: 'spatial-limit', values: { task: 'spatial', variant: 'pointwise_only' } },
    { name: 'variants', values: { task: 'spatial', variant: 'bottleneck' } },
    // The seed's "techniques to improve": BatchNorm, Dropout, L2.
    { name: 'regularised', values: { batchnorm: true, dropout: 0.2, l2: 0.0005 } },
  ],
  pretrain: [
    { name: 'greedy-vs-random', values: { arm: 'both', pretrain: 'autoencoder' } },
    { name: 'denoising', values: { arm: 'both', pretrain: 'denoising', noise: 0.3 } },
    { name: 'rbm', values: { arm: 'both', pretrain: 'rbm' } },
    // The seed's limitation: with ReLU and He initialisation the deep net trains from scratch.
    { name: 'relu-he', values: { arm: 'both', activation: 'relu', init: 'he' } },
  ],
};

export function findPreset(lab: LabId, name: string): Preset | null {
  return PRESETS[lab].find((p) => p.name === name) ?? null;
}

export function presetNames(lab: LabId): string[] {
  return PRESETS[lab].map((p) => p.name);
}

/** Catalog keys of a preset's name and its one-line description. */
export function presetKeys(lab: LabId, name: string): { label: MessageKey; about: MessageKey } {
  const id = name.replace(/-/g, '_');
  return {
    label: `preset.${lab}.${id}` as MessageKey,
    about: `preset.${lab}.${id}.about` as MessageKey,
  };
}
