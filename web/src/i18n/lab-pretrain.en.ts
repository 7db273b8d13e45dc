// English messages of the pretrain lab's page; spread into en.ts (same keys in both languages).
export const enPretrain = {
  'field.pretrain.arm': 'Arms',
  'help.pretrain.arm':
    'Both side by side (same seed, same starting weights, same number of updates), or one alone.',
  'choice.pretrain.arm.both': 'Both (greedy vs random)',
  'choice.pretrain.arm.greedy': 'Greedy layer-wise only',
  'choice.pretrain.arm.random': 'Random init only',
  'field.pretrain.depth': 'Hidden layers (depth)',
  'help.pretrain.depth': 'Hidden layers of the deep MLP, {min} to {max}.',
  'field.pretrain.width': 'Width of hidden layer 1',
  'help.pretrain.width':
    'Units of the first hidden layer, {min} to {max}; each next layer is half as wide (the deepest needs at least 2).',
  'field.pretrain.activation': 'Activation f',
  'help.pretrain.activation':
    'Sigmoid saturates and shrinks gradients layer by layer; ReLU (with He init) is the modern fix.',
  'choice.pretrain.activation.sigmoid': 'Sigmoid',
  'choice.pretrain.activation.tanh': 'Tanh',
  'choice.pretrain.activation.relu': 'ReLU',
  'field.pretrain.init': 'Weight initialization',
  'help.pretrain.init':
    'Small: N(0, 0.05²), the setting where deep sigmoid nets get stuck; Xavier and He scale by the fan-in.',
  'choice.pretrain.init.small': 'Small random',
  'choice.pretrain.init.xavier': 'Xavier',
  'choice.pretrain.init.he': 'He',
  'field.pretrain.pretrain': 'Pretraining of each layer',
  'help.pretrain.pretrain':
    'An autoencoder (tied weights), a denoising autoencoder, or an RBM trained with CD-1 (the DBN path).',
  'choice.pretrain.pretrain.autoencoder': 'Autoencoder',
  'choice.pretrain.pretrain.denoising': 'Denoising autoencoder',
  'choice.pretrain.pretrain.rbm': 'RBM (CD-1)',
  'field.pretrain.noise': 'Masking noise',
  'help.pretrain.noise':
    'Denoising: the share of input pixels set to 0, {min} to {max}; the target stays the clean glyph.',
  'field.pretrain.steps_per_stage': 'Updates per stage',
  'help.pretrain.steps_per_stage':
    'Updates of each pretraining stage and of the head, {min} to {max}; fine-tuning gets twice as many.',
  'field.pretrain.labelled': 'Labelled fraction',
  'help.pretrain.labelled':
    'Share of the 10,000 training glyphs whose labels may be used, {min} to {max}; pretraining uses all of them without labels.',
  'field.pretrain.optimizer': 'Optimizer',
  'help.pretrain.optimizer': 'SGD, SGD with momentum (0.9) or Adam.',
  'field.pretrain.lr': 'Learning rate',
  'help.pretrain.lr': 'Step size of every update, {min} to {max}.',
  'field.pretrain.batch_size': 'Batch size',
  'help.pretrain.batch_size': 'Examples per update, {min} to {max}.',
  'field.pretrain.seed': 'Seed',
  'help.pretrain.seed':
    'The same seed gives the same glyphs, the same starting weights and the same run.',

  'arm.greedy': 'Greedy layer-wise',
  'arm.random': 'Random init',
  'metric.test_accuracy': 'Test accuracy',
  'metric.stage': 'Stage',

  'pre.timeline.title': 'Stage timeline',
  'pre.timeline.note':
    'A closed lock: the layer is frozen in that stage (its weights do not change); green: the layer being trained. The random arm trains every layer from step 1. The loss chart shows both arms’ cross-entropy on their labelled batch; while the greedy arm pretrains, its head is untrained, so its curve stays near ln 10 ≈ 2.3 until the head stage.',
  'pre.layer.head': 'Head',
  'pre.layer.short': 'L{n}',
  'pre.stage.pretrain': 'Pretrain L{n}',
  'pre.stage.head': 'Softmax head',
  'pre.stage.finetune': 'Fine-tune all',
  'pre.stage.end_to_end': 'All layers end to end',
  'pre.stage.seed_step': 'Step {n}',
  'pre.stage.steps': 'Steps {from}–{to}',
  'pre.stage.steps_open': 'Step {from} onwards',
  'pre.stage.recon': 'MSE {before} → {after}',
  'pre.lock.frozen': '{layer}: frozen in this stage',
  'pre.lock.trains': '{layer}: trained in this stage',
  'pre.now.pretrain':
    '{arm}, step {step} of the text: layer {n} learns to rebuild its input without labels; the {below} layers below it are frozen.',
  'pre.now.head':
    '{arm}, step {step}: the layers are frozen and only the softmax head learns the labels.',
  'pre.now.finetune': '{arm}, step {step}: every layer is fine-tuned together on the labels.',
  'pre.now.end_to_end': '{arm}: every layer learns from the labels at once (backpropagation).',

  'pre.recon.section': 'Reconstructions',
  'pre.recon.title': 'Each held-out glyph above its reconstruction',
  'pre.recon.none': 'No reconstructions yet: the greedy arm has not started pretraining.',
  'pre.recon.now':
    '{arm}: encoded up to layer {k} and decoded back down; held-out reconstruction error (MSE) {mse}.',
  'pre.recon.stack': '{arm}: through all {k} pretrained layers and their decoders, and back.',
  'pre.recon.read':
    'Early in each stage the reconstructions are blurry; as the stage learns, the digits return. Deeper layers must rebuild from fewer units.',

  'pre.features.section': 'Layer-1 features',
  'pre.features.note':
    'Each tile is one hidden unit of layer 1: its 256 input weights as a 16×16 image (grey 0, white positive, black negative). Pretrained units look like strokes and blobs; the random arm’s stay noise.',

  'pre.grad.section': 'Gradient norm of each layer (log scale)',
  'pre.grad.note':
    'The size of the gradient that reaches each layer in every step. In the random arm the deep sigmoid net passes only a tiny gradient to layer 1 (vanishing gradient); gaps: the layer got no gradient at all (frozen in that stage or, with ReLU, every unit dead).',
  'pre.grad.y': '‖∇‖ (log)',
  'pre.grad.l1': 'Layer 1',
  'pre.grad.l2': 'Layer 2',
  'pre.grad.l3': 'Layer 3',
  'pre.grad.l4': 'Layer 4',
  'pre.grad.l5': 'Layer 5',
  'pre.grad.l6': 'Layer 6',
  'pre.grad.head': 'Head',

  'pre.table.section': 'Comparison',
  'pre.table.caption': 'Greedy layer-wise pre-training vs traditional training, measured live',
  'pre.table.feature': 'Feature',
  'pre.table.greedy': 'Greedy layer-wise pre-training',
  'pre.table.random': 'Traditional training',
  'pre.row.process': 'Training process',
  'pre.row.process.greedy': 'Step by step (layer-wise)',
  'pre.row.process.random': 'All layers at once',
  'pre.row.init': 'Weight initialization',
  'pre.row.init.greedy': 'Pretrained (better initialization)',
  'pre.row.init.random': 'Random initialization',
  'pre.row.steps_to_target': 'Steps to loss ≤ {target}',
  'pre.row.not_yet': 'not yet',
  'pre.row.test_accuracy': 'Test accuracy (generalization)',
  'pre.row.accuracy': 'Accuracy on the labelled glyphs',
  'pre.row.test_loss': 'Test loss',
  'pre.row.grad_ratio': 'Vanishing gradient: ‖∇ layer 1‖ / ‖∇ head‖',
  'pre.row.time': 'Time',
  'pre.row.time.value': '{s} s ({per} ms/step)',
  'pre.table.note':
    'Both arms make the same number of updates (pretraining updates count). With ReLU and He init, the gap shrinks: why modern networks need pretraining less.',

  'pre.maths.section': 'Show the maths',
  'pre.maths.title': 'One layer: hᵢ = f(Wᵢ hᵢ₋₁ + bᵢ)',
  'pre.maths.note':
    '{arm}, layer {layer}, unit {unit}, held-out glyph {example}: the three largest of the {fan} terms shown, the rest summed under ⋯.',
  'pre.maths.note.head':
    '{arm}, the head, unit {unit} (digit {digit}), held-out glyph {example}: the head is linear; softmax over its 10 outputs gives the probabilities.',
  'pre.unit.arm': 'Arm',
  'pre.unit.layer': 'Layer',
  'pre.unit.layer.option': 'Layer {n}',
  'pre.unit.layer.head': 'Head',
  'pre.unit.unit': 'Unit',
  'pre.unit.example': 'Glyph',
  'pre.unit.glyph': 'The glyph',

  'glossary.autoencoder.def':
    'A network that learns to rebuild its own input; its middle layer is a short code of it.',
  'glossary.pretraining.def':
    'Training each layer alone, one after another and without labels, before the labels are used.',
  'glossary.freeze.def': 'Keeping a layer’s weights fixed during later training.',
  'glossary.fine_tune.def':
    'Training every layer of a pretrained network together on the labels at the end.',
  'glossary.vanishing_gradient.def':
    'In a deep network the gradient shrinks layer by layer on its way back, until the lowest layers hardly learn.',
};
