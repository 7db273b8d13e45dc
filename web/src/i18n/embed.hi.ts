// Embedding के हिन्दी Messages: Presets, Embed Dialog, Lazy Start; hi.ts में मिलाए जाते हैं
// (embed.en.ts जैसी ही Keys)।
export const hiEmbed = {
  'notice.bad_preset':
    'preset=“{value}” इस Lab का Preset नहीं है, इसलिए Lab अपनी Default Settings से शुरू हुई है। इस Lab के Presets: {list}।',
  'notice.bad_autoplay':
    'URL में autoplay=“{value}” समझ नहीं आया; सिर्फ़ autoplay=1 या autoplay=0 चलता है।',

  'engine.status.idle': 'यह Lab दिखते ही Engine शुरू होगा।',

  'preset.label': 'Preset',
  'preset.none': 'मेरी अपनी Settings',
  'preset.help': 'Tutorial का एक तैयार Experiment; हर Setting फिर भी बदली जा सकती है।',
  'preset.applied': 'Preset “{name}”: {about}',

  'preset.attention.copy': 'Copy',
  'preset.attention.copy.about':
    'हर Output Position उसी Input Position को Copy करती है: Heatmap एक Diagonal बन जाता है।',
  'preset.attention.reverse': 'Reverse',
  'preset.attention.reverse.about':
    'हर Position को अपनी उलटी (Mirror) Position देखनी होती है: Heatmap उलटा Diagonal बन जाता है।',
  'preset.attention.sort': 'Sort',
  'preset.attention.sort.about':
    'Sort करने के लिए हर Token की तुलना बाक़ी सब Tokens से करनी पड़ती है: तीनों में सबसे कठिन Task।',
  'preset.attention.sqrt_d': '÷√d बंद',
  'preset.attention.sqrt_d.about':
    'd_model 64, एक Head और ÷√d बंद: Scores d के साथ बढ़ते हैं और Softmax Saturate हो जाता है। “÷√d” फिर चालू करके तुलना करें।',
  'preset.attention.hard_vs_soft': 'Hard बनाम Soft',
  'preset.attention.hard_vs_soft.about':
    'Soft Attention (हर Key पर Softmax Weights) और Hard Attention (Sample की गई एक Key) एक ही Seed से साथ-साथ Train होते हैं।',
  'preset.attention.multi_head': 'चार Heads',
  'preset.attention.multi_head.about':
    '8-8 Dimensions के चार Heads: देखिए कि हर Head अलग Pattern सीखता है।',
  'preset.attention.images': 'Images पर Attention',
  'preset.attention.images.about':
    'एक छोटा CNN और एक सीखी हुई Query Scene के हर Cell को Score देते हैं; Map को Object पर टिकना चाहिए।',
  'preset.conv1x1.explorer': '32×32×64 वाला उदाहरण',
  'preset.conv1x1.explorer.about':
    '32×32×64 Input पर 1×1 के 32 Filters लगाने से 32×32×32 मिलता है: किसी Pixel पर Click करके O = Σ I·W + b देखें।',
  'preset.conv1x1.bottleneck': 'Bottleneck (Inception)',
  'preset.conv1x1.bottleneck.about':
    '28×28×192 पर 5×5 Layer, 16 Channels तक 1×1 Reduction के साथ और उसके बिना: Parameters और MACs गिनिए।',
  'preset.conv1x1.spatial_limit': '1×1 की सीमा',
  'preset.conv1x1.spatial_limit.about':
    'Colour नहीं, Shape पहचानने का Task: सिर्फ़ 1×1 वाला Network पड़ोसी Pixels नहीं देख पाता, 3×3 वाले देख पाते हैं।',
  'preset.conv1x1.variants': 'चार Variants',
  'preset.conv1x1.variants.about':
    '1×1 के बिना, 1×1 Reduction के साथ, 1×1 + ReLU और सिर्फ़ 1×1: Shape वाले Task पर साथ-साथ Train होते हैं।',
  'preset.conv1x1.regularised': 'BatchNorm, Dropout, L2',
  'preset.conv1x1.regularised.about':
    'Tutorial में बताए 1×1 Network को बेहतर बनाने के तरीक़े, सब एक साथ चालू।',
  'preset.pretrain.greedy_vs_random': 'Greedy बनाम Random',
  'preset.pretrain.greedy_vs_random.about':
    'एक गहरा Sigmoid Network: Greedy Layer-Wise Pre-Training बनाम Random Initialization, एक ही Seed, बराबर Budget।',
  'preset.pretrain.denoising': 'Denoising Autoencoders',
  'preset.pretrain.denoising.about':
    'हर Layer अपने Input को उसकी Noisy Copy (30% Pixels हटाकर) से दोबारा बनाना सीखती है।',
  'preset.pretrain.rbm': 'RBM (CD-1)',
  'preset.pretrain.rbm.about':
    'हर Layer को Contrastive Divergence से Restricted Boltzmann Machine की तरह Pre-Train किया जाता है।',
  'preset.pretrain.relu_he': 'ReLU + He',
  'preset.pretrain.relu_he.about':
    'ReLU और He Initialization के साथ Random वाला Network भी Train हो जाता है: Tutorial के कहे अनुसार फ़ासला घट जाता है।',
};
