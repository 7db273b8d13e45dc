// What each live lab plugs into the shared lab shell: its detail views and how its settings and
// metrics are shown. A lab without an entry shows only its description.
import type { ConfigValues } from '../../../wasm/api.js';
import type { LabId } from '../state';
import { createAttentionDetail } from './attention-lab';
import { LAB_GLOSSARIES } from './glossary-labs';
import { createConv1x1Detail } from './conv1x1-lab';
import { createPretrainDetail } from './pretrain-lab';
import type { LabContext, LabDetail } from './lab-shell';

export interface LabUi {
  makeDetail(ctx: LabContext): LabDetail;
  /** Metrics of the strip and the CSV history, in order (first: the loss). */
  metrics: string[];
  /** The metric drawn in the accuracy chart (a fraction, shown as %). */
  accuracyMetric: string;
  /** Settings shown before the others. */
  first?: string[];
  /** Settings that change only this lab's views: applied without restarting training. */
  viewKeys?: string[];
  /** Glossary terms (views/glossary.ts) before the common ones. */
  glossary?: readonly string[];
  /** Settings shown only when the predicate holds. */
  visibleWhen?: Record<string, (values: ConfigValues) => boolean>;
}

function attentionVisibleWhen(): Record<string, (values: ConfigValues) => boolean> {
  const images = (v: ConfigValues) => v.mode === 'images';
  const sequence = (v: ConfigValues) => v.mode !== 'images';
  const out: Record<string, (values: ConfigValues) => boolean> = {};
  for (const k of ['task', 'length', 'vocab', 'd_model', 'heads', 'layers', 'attention'])
    out[k] = sequence;
  for (const k of ['image_channels', 'image_key_proj', 'image_distractors', 'image_flip'])
    out[k] = images;
  return out;
}

export const LAB_UI: Readonly<Partial<Record<LabId, LabUi>>> = {
  attention: {
    glossary: LAB_GLOSSARIES.attention,
    makeDetail: createAttentionDetail,
    metrics: ['loss', 'accuracy', 'entropy', 'object_attention', 'grad_norm'],
    accuracyMetric: 'accuracy',
    first: ['mode'],
    visibleWhen: attentionVisibleWhen(),
  },
  // Every variant trains as an arm (arm 0 = the chosen `variant`); ms = time per step of each arm.
  conv1x1: {
    glossary: LAB_GLOSSARIES.conv1x1,
    makeDetail: createConv1x1Detail,
    metrics: ['loss', 'accuracy', 'ms'],
    accuracyMetric: 'accuracy',
    // The explorer's tensor and the cost comparison: the trained CNN does not depend on them.
    viewKeys: ['h', 'w', 'cin', 'cout', 'k', 'bottleneck'],
  },
  // The loss curve is every arm's cross-entropy of the whole network on its labelled batch (the
  // worker's trainMetrics): comparable in every stage (pretrain-lab.ts). Accuracy: held-out.
  pretrain: {
    glossary: LAB_GLOSSARIES.pretrain,
    makeDetail: createPretrainDetail,
    metrics: ['loss', 'test_accuracy', 'accuracy'],
    accuracyMetric: 'test_accuracy',
    first: ['arm', 'depth', 'width', 'activation', 'init', 'pretrain'],
    visibleWhen: { noise: (v: ConfigValues) => v.pretrain === 'denoising' },
  },
};
