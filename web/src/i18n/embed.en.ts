// English messages of embedding: presets, the embed dialog, lazy start; spread into en.ts (same
// keys as embed.hi.ts).
export const enEmbed = {
  'notice.bad_preset':
    'preset=“{value}” is not a preset of this lab, so it starts from its default settings. Its presets: {list}.',
  'notice.bad_autoplay':
    'autoplay=“{value}” in the URL was not understood; only autoplay=1 or autoplay=0 is accepted.',

  'engine.status.idle': 'The engine starts when this lab scrolls into view.',

  'preset.label': 'Preset',
  'preset.none': 'My own settings',
  'preset.help': 'A ready-made experiment from the tutorial; every setting can still be changed.',
  'preset.applied': 'Preset “{name}”: {about}',

  'preset.attention.copy': 'Copy',
  'preset.attention.copy.about':
    'Each output position copies the same input position: the heatmap becomes a diagonal.',
  'preset.attention.reverse': 'Reverse',
  'preset.attention.reverse.about':
    'Each position must look at its mirror position: the heatmap becomes an anti-diagonal.',
  'preset.attention.sort': 'Sort',
  'preset.attention.sort.about':
    'To sort, a position must compare every token with every other: the hardest of the three tasks.',
  'preset.attention.sqrt_d': '÷√d off',
  'preset.attention.sqrt_d.about':
    'd_model 64 with one head and no ÷√d: the scores grow with d and the softmax saturates. Turn “÷√d” back on and compare.',
  'preset.attention.hard_vs_soft': 'Hard vs soft',
  'preset.attention.hard_vs_soft.about':
    'Soft attention (softmax weights over every key) and hard attention (one sampled key) train side by side from the same seed.',
  'preset.attention.multi_head': 'Four heads',
  'preset.attention.multi_head.about':
    'Four heads of 8 dimensions each: watch the heads learn different patterns.',
  'preset.attention.images': 'Attention over images',
  'preset.attention.images.about':
    'A small CNN with a learned query scores every cell of a scene; the map should settle on the object.',
  'preset.conv1x1.explorer': 'The 32×32×64 example',
  'preset.conv1x1.explorer.about':
    'A 32×32×64 input through 32 filters of 1×1 gives 32×32×32: click a pixel and see O = Σ I·W + b.',
  'preset.conv1x1.bottleneck': 'Bottleneck (Inception)',
  'preset.conv1x1.bottleneck.about':
    'A 5×5 layer on 28×28×192 with and without a 1×1 reduction to 16 channels: count parameters and MACs.',
  'preset.conv1x1.spatial_limit': 'The 1×1 limit',
  'preset.conv1x1.spatial_limit.about':
    'A task about shape, not colour: the 1×1-only net cannot see neighbouring pixels, the 3×3 nets can.',
  'preset.conv1x1.variants': 'Four variants',
  'preset.conv1x1.variants.about':
    'Without 1×1, with a 1×1 reduction, with 1×1 + ReLU and 1×1 only, trained side by side on the shape task.',
  'preset.conv1x1.regularised': 'BatchNorm, Dropout, L2',
  'preset.conv1x1.regularised.about':
    'The tutorial’s ways to improve a 1×1 network, all switched on.',
  'preset.pretrain.greedy_vs_random': 'Greedy vs random',
  'preset.pretrain.greedy_vs_random.about':
    'A deep sigmoid network: greedy layer-wise pretraining against random initialisation, same seed, same budget.',
  'preset.pretrain.denoising': 'Denoising autoencoders',
  'preset.pretrain.denoising.about':
    'Each layer learns to rebuild its input from a noisy copy (30% of the pixels dropped).',
  'preset.pretrain.rbm': 'RBM (CD-1)',
  'preset.pretrain.rbm.about':
    'Each layer is pretrained as a restricted Boltzmann machine with contrastive divergence.',
  'preset.pretrain.relu_he': 'ReLU + He',
  'preset.pretrain.relu_he.about':
    'With ReLU and He initialisation the random arm trains too: the gap shrinks, as the tutorial says.',
};
