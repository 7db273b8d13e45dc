// Each lab's own glossary terms (views/glossary.ts), before the common ones. Kept free of DOM and
// CSS imports so a node test can check every term is explained in both catalogs.
export const LAB_GLOSSARIES = {
  attention: [
    'attention',
    'query',
    'key',
    'value',
    'score',
    'softmax',
    'head',
    'embedding',
    'entropy',
    'feature_map',
    'channel',
  ],
  conv1x1: [
    'convolution',
    'channel',
    'filter',
    'feature_map',
    'bottleneck',
    'macs',
    'pooling',
    'batchnorm',
    'dropout',
  ],
  pretrain: ['pretraining', 'autoencoder', 'freeze', 'fine_tune', 'vanishing_gradient', 'softmax'],
} as const;
