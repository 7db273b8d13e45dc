// English messages of the conv1x1 lab's page; spread into en.ts (same keys in both languages).
export const enConv1x1 = {
  'field.conv1x1.h': 'Height H',
  'help.conv1x1.h': 'Rows of the explorer’s input tensor, {min} to {max}.',
  'field.conv1x1.w': 'Width W',
  'help.conv1x1.w': 'Columns of the explorer’s input tensor, {min} to {max}.',
  'field.conv1x1.cin': 'Input channels C_in',
  'help.conv1x1.cin': 'Channels of every input pixel, {min} to {max} (the seed’s example: 64).',
  'field.conv1x1.cout': 'Filters C_out',
  'help.conv1x1.cout':
    'Number of 1x1 filters = output channels, {min} to {max} (the seed’s example: 32).',
  'field.conv1x1.k': 'Kernel size k (comparison)',
  'help.conv1x1.k':
    'The k × k convolution the 1x1 layer is compared with: odd, {min} to {max} (1, 3, 5, 7).',
  'field.conv1x1.bottleneck': 'Bottleneck width r (comparison)',
  'help.conv1x1.bottleneck':
    'Channels after the 1x1 reduction, before the k × k conv: {min} up to C_in.',
  'field.conv1x1.task': 'Training task',
  'help.conv1x1.task':
    'Colour: the class is a mix of the R, G, B channels (1x1 layers can learn it). Spatial: the class is the orientation of a bar; every class has the same colours, so only spatial context helps.',
  'choice.conv1x1.task.colour': 'Colour (mixing channels)',
  'choice.conv1x1.task.spatial': 'Spatial (bar orientation)',
  'field.conv1x1.variant': 'Main variant',
  'help.conv1x1.variant':
    'All four variants train side by side with the same seed and batches; this one is listed first.',
  'choice.conv1x1.variant.plain': 'Plain (no 1x1)',
  'choice.conv1x1.variant.bottleneck': 'Bottleneck (1x1 reduction)',
  'choice.conv1x1.variant.bottleneck_relu': 'Bottleneck + ReLU',
  'choice.conv1x1.variant.pointwise_only': '1x1 layers only',
  'field.conv1x1.train_bottleneck': 'Training bottleneck width r',
  'help.conv1x1.train_bottleneck':
    'Channels of the training CNN’s 1x1 reductions, {min} to {max} (its 3x3 layers read 16 and 32 channels).',
  'field.conv1x1.batchnorm': 'BatchNorm after each conv',
  'help.conv1x1.batchnorm':
    'Normalises every channel over the batch (then the conv needs no bias); keeps the outputs steady and balanced.',
  'field.conv1x1.dropout': 'Dropout p',
  'help.conv1x1.dropout':
    'Share of pooled features dropped at random while training, {min} to {max}: against overfitting.',
  'field.conv1x1.l2': 'L2 weight decay',
  'help.conv1x1.l2': 'Pulls the weights towards zero, {min} to {max}: regularisation.',
  'field.conv1x1.optimizer': 'Optimizer',
  'help.conv1x1.optimizer': 'SGD, SGD with momentum (0.9), or Adam.',
  'field.conv1x1.lr': 'Learning rate',
  'help.conv1x1.lr': 'Step size of each update, {min} to {max}. Too large and the run diverges.',
  'field.conv1x1.batch_size': 'Batch size',
  'help.conv1x1.batch_size': 'Images per step, {min} to {max}.',
  'field.conv1x1.seed': 'Seed',
  'help.conv1x1.seed':
    'The same seed gives the same tensor, the same images, the same starting weights and the same run.',

  'arm.plain': 'Plain (no 1x1)',
  'arm.bottleneck': 'Bottleneck (1x1)',
  'arm.bottleneck_relu': 'Bottleneck + ReLU',
  'arm.pointwise_only': '1x1 only',
  'metric.ms': 'ms / step',

  'c1.explorer.title': 'Explorer: one 1x1 convolution, computed for real',
  'c1.explorer.note':
    'Click or tap a pixel of the input. A 1x1 convolution multiplies that pixel’s C_in channel vector by the same C_out × C_in weight matrix at every pixel and adds a bias: a matrix multiply across channels, with no neighbouring pixels involved.',
  'c1.counter.shape': 'Output shape',
  'c1.counter.params': 'Parameters',
  'c1.counter.macs': 'Multiply-adds (MACs)',
  'c1.counter.note':
    'Parameters = C_in · C_out + C_out = {cin} · {cout} + {cout} = {params}. MACs = H · W · C_in · C_out = {h} · {w} · {cin} · {cout} = {macs} ({flops} FLOPs).',
  'c1.input.title': 'Input: mean over the C_in channels (click a pixel)',
  'c1.axis.x': 'x (column)',
  'c1.axis.y': 'y (row)',
  'c1.axis.cin': 'Input channel i',
  'c1.axis.cout': 'Filter / output channel j',
  'c1.weights.title': 'Weights W(j, i): C_out × C_in',
  'c1.vec.input.title': 'The pixel’s input vector (C_in values)',
  'c1.vec.input': 'I(x, y, i)',
  'c1.vec.output.title': 'Its output vector (C_out values)',
  'c1.vec.output': 'O(x, y, j)',
  'c1.pixel.note':
    'Pixel x = {x}, y = {y}: {cin} input numbers become {cout} output numbers. Click a row of the weight matrix to choose the output channel j.',
  'c1.maths.title': 'The maths for this pixel',
  'c1.maths.note':
    'Output channel j = {j} of pixel ({x}, {y}) is the dot product of its {cin} input channels with row j of W, plus b(j): {value}.',
  'c1.cost.title': 'What does it cost? Plain vs bottleneck vs NiN',
  'c1.cost.caption': 'One layer or block over the whole H × W input (same padding)',
  'c1.cost.col.block': 'Block',
  'c1.cost.col.shape': 'Output',
  'c1.cost.col.params': 'Parameters',
  'c1.cost.col.macs': 'MACs',
  'c1.cost.col.relative': 'MACs vs k × k',
  'c1.cost.col.bar': 'MACs (bar)',
  'c1.cost.row.pointwise': '1x1 conv {cin} → {cout} (this layer)',
  'c1.cost.row.plain': 'Plain {k}×{k} conv {cin} → {cout}',
  'c1.cost.row.bottleneck': '1x1 {cin} → {r}, then {k}×{k} {r} → {cout} (Inception / ResNet)',
  'c1.cost.row.nin': 'NiN mlpconv: {k}×{k} {cin} → {cout}, then two 1x1 {cout} → {cout}',
  'c1.cost.note':
    'The 1x1 reduction to r = {r} channels first makes the {k}×{k} conv cheap: the bottleneck needs {ratio}% of the plain layer’s multiply-adds (saves {saved}%). Change C_in, C_out, k or r and watch the counts.',
  'c1.tiles.title': 'Feature maps before and after the 1x1 layer',
  'c1.tiles.note':
    'The first {n} of {cin} input channels (before) and the first {m} of {cout} output channels (after), one small map each, on one shared grey scale (mid-grey = 0). Every output map is a weighted mix of all input maps, pixel by pixel.',
  'c1.tiles.before': 'Before: input channels',
  'c1.tiles.after': 'After: output channels',

  'c1.train.title': 'Training: four variants side by side',
  'c1.task.colour':
    'Task “colour”: 16×16 images with one object whose class depends on a mix of its R, G and B values. Mixing channels is exactly what a 1x1 layer does.',
  'c1.task.spatial':
    'Task “spatial”: the class is a bar’s orientation, and every class has the same pixel colours. A network of 1x1 layers only sees one pixel at a time, so it cannot do better than chance here.',
  'c1.arms.caption': 'Same seed, same batches; accuracy on held-out images',
  'c1.arms.col.variant': 'Variant',
  'c1.arms.col.params': 'Parameters',
  'c1.arms.col.macs': 'MACs per image',
  'c1.arms.col.relative': 'MACs vs plain',
  'c1.arms.col.accuracy': 'Accuracy',
  'c1.arms.col.loss': 'Loss',
  'c1.arms.col.ms': 'ms / step',
  'c1.arms.note':
    'Plain: three 3×3 convs. Bottleneck: a 1x1 reduction to r channels in front of each 3×3 conv with many input channels. + ReLU: the same with a non-linearity after each 1x1. 1x1 only: no 3×3 conv and no pooling at all.',
  'c1.train.view.title': 'Inside one variant',
  'c1.pick.arm': 'Variant',
  'c1.pick.layer': '1x1 layer',
  'c1.pick.layer.option': 'Layer {n}',
  'c1.train.weights.title': 'Its 1x1 weight matrix W(j, i), learning',
  'c1.train.weights.note':
    '{arm}, 1x1 layer {layer}: {cout} filters × {cin} input channels at step {step}. Press play and watch the weights change.',
  'c1.train.no_pointwise': '{arm} has no 1x1 layer: choose another variant.',
  'c1.image.prev': 'Previous image',
  'c1.image.next': 'Next image',
  'c1.image.which': 'Held-out image {n} of {count}',
  'c1.image.title': 'The image (16 × 16 RGB)',
  'c1.verdict.ok': '{arm}: correct, “{label}” ({p}% sure).',
  'c1.verdict.bad': '{arm}: wrong, says “{predicted}” ({p}%), the answer is “{label}”.',
  'c1.probs.title': 'Class probabilities',
  'c1.probs.row': 'softmax',
  'c1.train.before': 'Before the first 1x1 layer',
  'c1.train.after': 'After it (what the next layer reads)',
  'c1.train.tiles.note':
    '{arm}: the {cin} channels that enter its first 1x1 layer and the {cout} that leave it, each {h} × {w}, for this image.',
  'c1.class.blue': 'blue',
  'c1.class.green': 'green',
  'c1.class.magenta': 'magenta',
  'c1.class.red': 'red',
  'c1.class.horizontal': 'horizontal',
  'c1.class.vertical': 'vertical',
  'c1.class.diagonal': 'diagonal',
  'c1.class.antidiagonal': 'anti-diagonal',
  'glossary.convolution.def':
    'Sliding a small set of weights over an image; a 1x1 convolution looks at one pixel’s channels at a time.',
  'glossary.filter.def': 'One set of convolution weights; each filter makes one output channel.',
  'glossary.bottleneck.def':
    'A 1x1 layer that first reduces the channels so the expensive k×k layer after it costs less.',
  'glossary.pooling.def':
    'Shrinking a feature map by taking the maximum or average of small neighbourhoods.',
  'glossary.batchnorm.def':
    'Normalising each channel over the batch, then scaling and shifting it with learned numbers.',
  'glossary.dropout.def':
    'Switching off random units during training so the network does not lean on any single one.',
  'glossary.macs.def': 'Multiply-adds: the work of a layer (FLOPs are twice the MACs).',
};
