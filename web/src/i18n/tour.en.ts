// English messages of the guided tours; spread into en.ts (same keys as tour.hi.ts).
export const enTour = {
  'notice.bad_tour':
    'tour=“{value}” in the URL is not a lab with a guided tour (or it disagrees with lab=), so no tour was opened.',
  'notice.bad_step':
    'step=“{value}” in the URL is not a step number, so the tour starts at step 1.',

  'error.unknown_step': 'The {lab} lab has no guided step called “{step}”.',

  'tour.summary': 'Try it yourself: {n} guided experiments',
  'tour.intro':
    'Each step sets the lab for one claim of the tutorial, trains it in front of you and then checks the claim on the live numbers.',
  'tour.steps_label': 'Steps of the guided tour',
  'tour.counter': 'Step {n} of {total}',
  'tour.formula': 'The formula',
  'tour.run': 'Run',
  'tour.running': 'Running…',
  'tour.rerun': 'Run again',
  'tour.progress': 'Training: step {n} of {total}',
  'tour.paused': 'Paused at step {n} of {total}; press Run to start this step again.',
  'tour.prev': '← Previous',
  'tour.next': 'Next →',
  'tour.shown': 'Shown',
  'tour.not_shown': 'Not shown',
  'tour.not_shown_why':
    'With this seed the run did not show it: a different start (weights and data) can behave differently. Try another seed.',
  'tour.other_seed': 'Run again with seed {seed}',
  'tour.error':
    'This step could not be checked: the engine refused it. Reset the lab and try again.',

  'tour.attention.softmax_sum.title': 'Softmax weights add up to 1',
  'tour.attention.softmax_sum.body':
    'Softmax turns each score into e to its power and divides by their sum, so every weight of a row lies between 0 and 1 and the row adds up to exactly 1. The chosen row of the heatmap shows it.',
  'tour.attention.softmax_sum.yes':
    'The chosen row adds up to {row_sum} (largest weight {max_weight}, smallest {min_weight}).',
  'tour.attention.softmax_sum.no':
    'The chosen row adds up to {row_sum}, not 1 (largest weight {max_weight}, smallest {min_weight}).',
  'tour.attention.sqrt_d.title': 'Without ÷√d the softmax saturates',
  'tour.attention.sqrt_d.body':
    'With d_model 64, raw scores QKᵀ grow with d. Without dividing by √d, one key takes almost all the weight: the row’s entropy collapses and less gradient gets through the softmax.',
  'tour.attention.sqrt_d.yes':
    'Entropy without ÷√d {entropy_unscaled}, with ÷√d {entropy_scaled} (a uniform row: {max_entropy}); the gradient reaching the scores {score_grad_unscaled} instead of {score_grad_scaled}.',
  'tour.attention.sqrt_d.no':
    'Entropy without ÷√d {entropy_unscaled}, with ÷√d {entropy_scaled}; the gradient reaching the scores {score_grad_unscaled} vs {score_grad_scaled}: the saturation did not show.',
  'tour.attention.hard_vs_soft.title': 'Soft and hard attention on the same task',
  'tour.attention.hard_vs_soft.body':
    'Soft attention averages every value with softmax weights; hard attention samples one key and takes its value, trained with the straight-through estimator. Both learn to reverse, from the same seed.',
  'tour.attention.hard_vs_soft.yes':
    'Soft: accuracy {soft_accuracy}, row entropy {soft_entropy} (weights spread); hard: accuracy {hard_accuracy}, entropy {hard_entropy} (one key per query).',
  'tour.attention.hard_vs_soft.no':
    'Soft: accuracy {soft_accuracy}, entropy {soft_entropy}; hard: accuracy {hard_accuracy}, entropy {hard_entropy}: not both learned as claimed.',
  'tour.attention.multi_head.title': 'Heads learn different patterns',
  'tour.attention.multi_head.body':
    'Four small heads (2 dimensions each) look at the same sequence. Trained on reverse, they split the work: their attention maps move apart.',
  'tour.attention.multi_head.yes':
    'The mean distance between the heads’ attention rows grew from {head_distance_before} to {head_distance_after}.',
  'tour.attention.multi_head.no':
    'The mean distance between the heads’ attention rows went from {head_distance_before} to {head_distance_after}: the heads did not separate enough.',
  'tour.attention.images.title': 'Attention over an image finds the object',
  'tour.attention.images.body':
    'A small CNN turns the scene into a 12×12 map of cells; a learned query scores every cell, softmax turns the scores into weights, and the classifier sees their weighted sum.',
  'tour.attention.images.yes':
    'Attention on the object rose from {object_share_before} to {object_share_after} (it covers {object_area} of the cells); per cell: object {object_per_cell}, background {background_per_cell}, distractors {distractor_per_cell}.',
  'tour.attention.images.no':
    'Attention on the object went from {object_share_before} to {object_share_after}; per cell: object {object_per_cell}, background {background_per_cell}, distractors {distractor_per_cell}: it did not concentrate enough.',
  'tour.attention.cost.title': 'Attention costs n²',
  'tour.attention.cost.body':
    'Every query meets every key, so the score matrix of a sequence of length T is T×T. The engine times one training pass at T = 8 … 256.',
  'tour.attention.cost.yes':
    'Time grew like T^{exponent_time} and the attention memory like T^{exponent_bytes}: from {ms_small} ms to {ms_large} ms.',
  'tour.attention.cost.no':
    'Time grew like T^{exponent_time} and memory like T^{exponent_bytes} ({ms_small} → {ms_large} ms): not the n² the claim expects.',
  'tour.conv1x1.example.title': '32×32×64 through 32 filters of 1×1',
  'tour.conv1x1.example.body':
    'The tutorial’s example: a 1×1 convolution keeps height and width and changes only the channels. Each filter has one weight per input channel and a bias.',
  'tour.conv1x1.example.yes':
    'Output {out_h}×{out_w}×{out_c}, {params} parameters, {macs} MACs, as in the tutorial.',
  'tour.conv1x1.example.no':
    'Output {out_h}×{out_w}×{out_c}, {params} parameters, {macs} MACs: not the tutorial’s numbers.',
  'tour.conv1x1.pixel.title': 'O = Σ I·W + b at one pixel',
  'tour.conv1x1.pixel.body':
    'At pixel (16, 16) the engine adds up input channel × weight by hand and compares it with its SIMD kernel’s output for the first filter.',
  'tour.conv1x1.pixel.yes':
    'By hand Σ I·W + b = {explicit_sum} (b = {bias}); the kernel gives {output}.',
  'tour.conv1x1.pixel.no': 'By hand {explicit_sum}, the kernel {output}: they differ.',
  'tour.conv1x1.bottleneck.title': 'A 1×1 bottleneck makes a 5×5 layer cheap',
  'tour.conv1x1.bottleneck.body':
    'Inception’s example: a 5×5 layer from 192 to 32 channels on 28×28, directly or after a 1×1 layer that first reduces to 16 channels.',
  'tour.conv1x1.bottleneck.yes':
    'Directly: {plain_macs} MACs, {plain_params} parameters; with the bottleneck: {bottleneck_macs} MACs, {bottleneck_params} parameters — {ratio} times cheaper.',
  'tour.conv1x1.bottleneck.no':
    'Directly {plain_macs} MACs, with the bottleneck {bottleneck_macs}: only {ratio} times cheaper.',
  'tour.conv1x1.spatial_limit.title': '1×1 cannot see shape',
  'tour.conv1x1.spatial_limit.body':
    'The task is a bar’s orientation with the same colours in every class: only neighbouring pixels tell it. The four variants train side by side.',
  'tour.conv1x1.spatial_limit.yes':
    'With 3×3 layers: {plain_accuracy} held-out accuracy; with 1×1 only: {pointwise_accuracy}, chance is {chance}.',
  'tour.conv1x1.spatial_limit.no':
    'With 3×3 layers {plain_accuracy}, with 1×1 only {pointwise_accuracy} (chance {chance}): the limit did not show clearly.',
  'tour.pretrain.stages.title': 'The four steps: one layer at a time',
  'tour.pretrain.stages.body':
    'Layer 1 is trained as an autoencoder and frozen; layer 2 learns on its codes; and so on, then everything is fine-tuned. Each stage should lower its own reconstruction error and leave the frozen layers untouched.',
  'tour.pretrain.stages.yes':
    'Every stage lowered its layer’s reconstruction error (by at least {worst_drop}), and the frozen layers stayed bit for bit the same.',
  'tour.pretrain.stages.no':
    'A stage lowered its error by only {worst_drop}, or a frozen layer changed: not as claimed.',
  'tour.pretrain.greedy_vs_random.title': 'Greedy pretraining beats random initialisation',
  'tour.pretrain.greedy_vs_random.body':
    'A deep sigmoid network, same seed and same number of updates: greedy layer-wise pretraining then fine-tuning, against training from random weights.',
  'tour.pretrain.greedy_vs_random.yes':
    'Test accuracy: greedy {greedy_accuracy}, random {random_accuracy} — {gap} points ahead.',
  'tour.pretrain.greedy_vs_random.no':
    'Test accuracy: greedy {greedy_accuracy}, random {random_accuracy}: greedy was not clearly ahead.',
  'tour.pretrain.vanishing.title': 'Vanishing gradients in the random network',
  'tour.pretrain.vanishing.body':
    'At the start of training from random weights, the gradient shrinks on its way down through every sigmoid layer.',
  'tour.pretrain.vanishing.yes':
    'Layer 1 gets a gradient of {grad_first}, the last layer {grad_last}: a ratio of {ratio}.',
  'tour.pretrain.vanishing.no':
    'Layer 1 gets {grad_first}, the last layer {grad_last} (ratio {ratio}): not vanishing as claimed.',
  'tour.pretrain.relu_he.title': 'With ReLU and He the gap shrinks',
  'tour.pretrain.relu_he.body':
    'The tutorial’s limitation: with ReLU and He initialisation a deep network trains well from random weights, so pretraining helps far less.',
  'tour.pretrain.relu_he.yes':
    'Test accuracy: greedy {greedy_accuracy}, random {random_accuracy} — only {gap} points apart.',
  'tour.pretrain.relu_he.no':
    'Test accuracy: greedy {greedy_accuracy}, random {random_accuracy} ({gap} points apart): the gap did not shrink as claimed.',
};
