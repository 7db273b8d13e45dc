// English catalog: the same keys as hi.ts (checked by the type in index.ts and by a node test).
import { enEmbed } from './embed.en';
import { enTour } from './tour.en';
import { enLab } from './lab.en';
import { enConv1x1 } from './lab-conv1x1.en';
import { enPretrain } from './lab-pretrain.en';
import { enViews } from './views.en';

export const en = {
  ...enViews,
  ...enEmbed,
  ...enTour,
  ...enLab,
  ...enConv1x1,
  ...enPretrain,
  'app.name': 'Prayog',
  'app.name_latin': 'प्रयोग',
  'app.tagline': 'Watch deep learning train live in your browser, and turn every knob yourself.',
  'app.skip': 'Skip to the lab',
  'meta.title': '{lab} · Prayog (प्रयोग)',
  'meta.description':
    'Prayog: watch attention, 1x1 convolution and greedy layer-wise pre-training train live in your browser. Built on C++ and WebAssembly SIMD, in Hindi and English.',

  'lang.label': 'Language',
  'lang.hi': 'हिन्दी',
  'lang.en': 'English',

  'nav.label': 'Labs',

  'lab.attention.short': 'Attention',
  'lab.conv1x1.short': '1x1 convolution',
  'lab.pretrain.short': 'Layer-wise pre-training',

  'lab.see.heading': 'What you see',
  'lab.change.heading': 'What you can change',
  'lab.example.heading': 'An example',
  'lab.formula.heading': 'The formula',
  'lab.common':
    'Every lab has play / pause, single step, reset, seed, learning rate, optimizer (SGD, momentum, Adam), batch size and speed; live loss and accuracy charts; the full formula with the live numbers of the cell you select; export of charts as PNG, history as CSV and weights as JSON; and a permalink that keeps the whole state, seed included.',

  'lab.attention.title': 'Attention: what does the model look at?',
  'lab.attention.summary':
    'Attention lets a model decide which part of its input deserves the most weight and which to play down. In this lab a small Transformer-style model learns sequence tasks such as copy, reverse and sort in front of you, and you watch its attention scores change at every step.',
  'lab.attention.see.1': 'A query × key heatmap for every head, on any example you pick.',
  'lab.attention.see.2':
    'The Q, K and V matrices, then the raw QKᵀ, QKᵀ/√d and every row after the softmax, one after another.',
  'lab.attention.see.3':
    'Soft and hard attention side by side: soft attention weights every position with a softmax, hard attention samples a single position.',
  'lab.attention.see.4':
    'Attention over images: a small CNN extracts feature maps, a learned query scores every cell, and the attention map is drawn over the image itself.',
  'lab.attention.change.1':
    'The task (copy, reverse, sort) and the vocabulary: digits or Devanagari letters.',
  'lab.attention.change.2': 'The number of heads: 1, 2 or 4.',
  'lab.attention.change.3': '√d scaling on or off: switch it off and watch the softmax saturate.',
  'lab.attention.change.4': 'The estimator for hard attention: score-function or straight-through.',
  'lab.attention.example.caption': 'Regions of an image and their importance scores',
  'lab.attention.example.col_region': 'Region',
  'lab.attention.example.col_score': 'Importance score',
  'lab.attention.example.col_focus': 'Focus',
  'lab.attention.example.face': 'Face',
  'lab.attention.example.background': 'Background',
  'lab.attention.example.car': 'Object (e.g. a car)',
  'lab.attention.example.high': 'High',
  'lab.attention.example.low': 'Low',
  'lab.attention.example.note':
    'In such an image the model concentrates on the face and the car and all but ignores the background. In the lab, this table fills in live from the attention your model has learned, for object, background and distractor.',
  'lab.attention.formula': 'Attention(Q, K, V) = Softmax(QKᵀ / √d) · V',
  'lab.attention.formula.note':
    'Q is the query matrix, K the key matrix, V the value matrix and d the dimension of the key vectors. Dividing by √d keeps the scores from growing so large that the softmax gets stuck on a single position (saturates).',

  'lab.conv1x1.title': '1x1 convolution: mixing channels',
  'lab.conv1x1.summary':
    'A 1x1 convolution works on each pixel separately: it mixes all the input channels of that pixel with a set of weights into new output channels. Height and width stay the same; only the number of channels changes. That is why NiN, Inception and ResNet use it to cut channels down (a bottleneck) and to add non-linearity.',
  'lab.conv1x1.see.1':
    'Click a pixel to see its channel vector, the C_out × C_in weight heatmap and the output vector, with O = Σ I·W + b filled in with real numbers.',
  'lab.conv1x1.see.2':
    'Parameter and MAC (multiply-add) counts: a plain 3x3 layer versus a 1x1 bottleneck.',
  'lab.conv1x1.see.3':
    'A tiny CNN training on synthetic colour-and-shape images, with the feature maps before and after the 1x1 layer.',
  'lab.conv1x1.see.4':
    'Variants side by side (no 1x1, a 1x1 reduction, 1x1 + ReLU) with their parameters, MACs, accuracy and time per step.',
  'lab.conv1x1.change.1': 'The input tensor size H × W × C_in and the number of filters C_out.',
  'lab.conv1x1.change.2': 'BatchNorm, dropout and L2 regularisation, each on or off.',
  'lab.conv1x1.change.3': 'Which variants train side by side.',
  'lab.conv1x1.example.text':
    'Say the input is {h}x{w}x{cin}, that is {cin} channels. Applying {cout} filters of size 1x1 gives an output of {h}x{w}x{cout}: every pixel’s vector of {cin} numbers becomes a vector of {cout}.',
  'lab.conv1x1.example.cost':
    'Each filter has {cin} weights and 1 bias: {params} parameters and {macs} MACs in all. Changing the channels with 3x3 filters instead would take {params3} parameters and {macs3} MACs, about 9 times as many.',
  'lab.conv1x1.formula': 'O(x, y, j) = Σᵢ I(x, y, i) · W(j, i) + b(j)',
  'lab.conv1x1.formula.note':
    'Here i runs over input channels and j over output channels. The sum is over channels only, never over neighbouring pixels, so a 1x1 convolution does not mix spatial information.',

  'lab.pretrain.title': 'Greedy layer-wise pre-training: learning one layer at a time',
  'lab.pretrain.summary':
    'A deep sigmoid network is hard to train with plain backpropagation: by the time the gradients reach the lower layers they have almost vanished. Greedy layer-wise pre-training first teaches each layer on its own, as an autoencoder, so that the whole network starts from a better weight initialisation.',
  'lab.pretrain.see.1':
    'Two models from the same seed: (a) trained end to end from random initialisation, (b) trained the greedy way, with both loss curves on one chart.',
  'lab.pretrain.see.2':
    'The gradient norm of every layer, so that vanishing gradients become visible.',
  'lab.pretrain.see.3':
    'A stage timeline with a lock on every frozen layer, the autoencoder’s reconstructions, and the features layer 1 has learned, as small image tiles.',
  'lab.pretrain.see.4': 'A final comparison table of both models’ accuracy and loss.',
  'lab.pretrain.change.1': 'The number of layers and the size of each.',
  'lab.pretrain.change.2':
    'The kind of pre-training: a plain autoencoder, a denoising autoencoder or an RBM (CD-1).',
  'lab.pretrain.change.3':
    'How hard the data is: shift, stroke and noise of the synthetic digit glyphs drawn from a bitmap font.',
  'lab.pretrain.steps.heading': 'The four steps',
  'lab.pretrain.step.1': 'Train the first layer as an autoencoder and keep its weights.',
  'lab.pretrain.step.2':
    'Freeze it, and train the next layer on the first layer’s outputs (its codes).',
  'lab.pretrain.step.3': 'Repeat the same up to the top layer.',
  'lab.pretrain.step.4': 'Finally, fine-tune all layers together on the labels.',
  'lab.pretrain.formula': 'hᵢ = f(Wᵢ · hᵢ₋₁ + bᵢ)',
  'lab.pretrain.formula.note':
    'hᵢ is the output of layer i, Wᵢ and bᵢ are its weights and bias, and f is the activation function (sigmoid in this lab). During pre-training only one layer’s Wᵢ and bᵢ are learned at a time.',

  'about.heading': 'About this engine',
  'about.intro':
    'Every lab’s maths is written in C++, compiled to WebAssembly SIMD and run in a web worker, so the page stays smooth. Below is the engine as this browser runs it, with its GEMM (matrix multiplication) benchmark: the real work behind dense layers, 1x1 convolutions and attention alike.',
  'engine.status.loading': 'Loading the engine…',
  'engine.status.ready': 'The engine is ready.',
  'engine.status.error': 'The engine could not start.',
  'engine.status.stopped': 'The engine stopped; it can be restarted.',
  'engine.status.no_simd': 'The engine cannot run in this browser.',
  'report.label': 'Engine details',
  'report.version': 'Version',
  'report.simd': 'WebAssembly SIMD',
  'report.simd_on': 'on',
  'report.simd_off': 'off',
  'report.arch': 'SIMD architecture',
  'report.width': 'SIMD width',
  'report.width_value': '{n} floats (128-bit)',
  'report.tile': 'GEMM tile (mr × nr)',
  'report.tile_value': '{mr} × {nr}',
  'report.compiler': 'Compiler',
  'report.flags': 'Build flags',
  'report.pending': '…',

  'bench.heading': 'GEMM self-benchmark',
  'bench.explain':
    'For each size n, an n×n×n matrix multiplication (C = A·B) is run repeatedly and its speed measured in GFLOP/s (billions of floating-point operations per second). The SIMD peak is the ceiling of our build: a loop of independent multiply+add chains.',
  'bench.run': 'Run the benchmark',
  'bench.rerun': 'Run again',
  'bench.running': 'Benchmark running… ({done} of {total})',
  'bench.best': 'Best GEMM: {gflops} GFLOP/s (n = {n})',
  'bench.peak': 'SIMD peak: {gflops} GFLOP/s',
  'bench.not_run': 'The benchmark has not run yet.',
  'bench.embed_hint':
    'Inside an embed the benchmark does not start by itself; press the button to run it.',
  'bench.unavailable': 'The benchmark cannot run without the engine.',
  'chart.label': 'Chart: GEMM GFLOP/s by matrix size n, with a line for the SIMD peak',
  'chart.x': 'Matrix size n (n×n×n)',
  'chart.y': 'GFLOP/s',
  'chart.series.gemm': 'GEMM (ours)',
  'chart.series.peak': 'SIMD peak',
  'table.summary': 'Show the numbers as a table',
  'table.caption': 'GEMM benchmark numbers',
  'table.size': 'n',
  'table.gflops': 'GFLOP/s',
  'table.peak_row': 'SIMD peak',

  'nosimd.title': 'This browser lacks WebAssembly SIMD',
  'nosimd.body':
    'Prayog’s engine runs on WebAssembly SIMD (128-bit vector instructions), which this browser does not support. The labs cannot train here, but you can still read every explanation.',
  'nosimd.browsers':
    'These browsers work: Chrome or Edge 91+, Firefox 89+, Safari 16.4+. Update your browser and open this page again.',

  'error.detail_label': 'Technical detail',
  'error.shape_mismatch': '{name} has {got} values, but its shape needs {expected}.',
  'error.out_of_range': '{field} = {value} is outside the allowed range {min} to {max}.',
  'error.not_finite': '{field} must be a finite number (not NaN or infinity).',
  'error.bad_type': 'The engine received data of the wrong type.',
  'error.no_simd': 'This browser cannot run WebAssembly SIMD, so the engine was not loaded.',
  'error.engine_load':
    'The engine files (prayog.js, prayog.wasm) could not be loaded. Check the connection or the server settings.',
  'error.worker_start': 'The web worker could not start, so the engine cannot run.',
  'error.engine_stopped':
    'The engine stopped at step {step}: its web worker crashed or was closed by the browser, and the trained weights went with it.',
  'error.not_ready': 'The engine is not ready yet.',
  'error.busy': 'The engine is busy with another task; try again in a moment.',
  'error.not_integer': '{field} must be a whole number.',
  'error.not_bool': '{field} must be on or off (true or false).',
  'error.bad_choice': '{field} must be one of: {choices}.',
  'error.not_a_number': '“{value}” is not a number (setting {field}).',
  'error.unknown_key': 'The {lab} lab has no setting called “{field}”.',
  'error.too_large':
    'This configuration needs about {need_mb} MB of memory, more than the {budget_mb} MB allowed. Choose smaller sizes.',
  'error.heads_choice': 'The number of heads must be 1, 2 or 4 (got {heads}).',
  'error.heads_divide':
    'd_model ({d_model}) must be divisible by the number of heads ({heads}), so that every head gets the same width.',
  'error.kernel_odd':
    'The kernel size k must be odd (1, 3, 5 or 7), so the filter has a centre pixel; got {k}.',
  'error.bottleneck_too_wide':
    'The bottleneck ({bottleneck} channels) must not be wider than the input (cin = {cin}): it is meant to reduce channels.',
  'error.too_narrow':
    'With width {width} and depth {depth}, the deepest hidden layer would have fewer than 2 units. Reduce the depth or increase the width.',
  'error.diverged':
    'Training diverged at step {step}: the loss blew up (NaN, infinite, or ten times its starting value), and the first bad value showed up in {layer}. Training is paused, and the weights of step {good}, the last good checkpoint, are restored.',
  'error.out_of_memory':
    'The engine could not get the {mb} MB of memory these settings need, because the current lab already uses part of it. Choose smaller settings; the last working lab is kept.',
  'error.lab_not_ready': 'This lab cannot train yet: its engine part has not landed.',
  'error.unknown_lab': 'There is no lab by that name.',
  'error.unknown': 'Something unexpected went wrong.',

  'notice.label': 'Notes about the address (URL)',
  'notice.dismiss': 'Dismiss these notes',
  'notice.bad_lab':
    'The URL asks for lab=“{value}”, which does not exist, so the attention lab is shown.',
  'notice.bad_lang': 'lang=“{value}” in the URL is not supported, so the page is in Hindi.',
  'notice.bad_embed': 'embed=“{value}” in the URL was not understood; only embed=1 is accepted.',
  'notice.bad_hide':
    '“{value}” in hide is not a valid name (only a-z, 0-9, - and _ are allowed), so it was skipped.',
  'notice.repeated': '“{name}” appears more than once in the URL; the first value was used.',

  'embed.button': 'Embed',
  'embed.title': 'Put this lab on your website',
  'embed.intro':
    'Paste one of these into your article as HTML (in WordPress, a “Custom HTML” block). Every setting of the lab as it is now goes with it, seed included.',
  'embed.element_label': 'One tag (recommended)',
  'embed.element_note':
    'The custom element loads the lab only when a reader scrolls to it, starts it when it is in view, pauses it when it is not, and fits its height. Sites that allow scripts.',
  'embed.iframe_label': 'Plain iframe',
  'embed.iframe_note':
    'For editors that keep only an iframe (WordPress rewrites it to a sandboxed one: the lab still runs). With “fit the content” the script line sets its height; without it the frame keeps its fixed height.',
  'embed.link_label': 'Permalink (these exact settings, seed included)',
  'embed.height_label': 'Height of the lab in the article',
  'embed.height_auto': 'Fit the content (with embed.js)',
  'embed.height_fixed': 'Fixed, in px:',
  'embed.height_help':
    'A fixed height is a whole number from {min} to {max} px; the lab scrolls inside it.',
  'embed.height_bad':
    'The height must be a whole number from {min} to {max} px; the snippets keep {height} px.',
  'embed.autoplay_label': 'Start training when the lab scrolls into view',
  'embed.preview_label': 'Height preview (1/10 scale)',
  'embed.preview_screen': 'Laptop screen: {height} px',
  'embed.preview_frame': 'Lab: {height} px',
  'embed.preview_auto': 'Lab: starts at {height} px, then fits its content',
  'embed.copy': 'Copy',
  'embed.copied': 'Copied.',
  'embed.copy_failed': 'Could not copy; select the code and press Ctrl+C.',
  'embed.close': 'Close',
  'embed.iframe_title': 'Prayog lab: {lab}',
  'embed.open_full': 'Open in Prayog',
  'embed.new_tab': '(opens in a new tab)',

  'footer.text':
    'Prayog runs entirely in your browser; no data is sent to any server. Engine: C++17, Eigen and xsimd, compiled to WebAssembly SIMD.',
  'footer.version': 'Engine version {version}',
};
