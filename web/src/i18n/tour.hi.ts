// Guided Tours के हिन्दी Messages; hi.ts में मिलाए जाते हैं (tour.en.ts जैसी ही Keys)।
export const hiTour = {
  'notice.bad_tour':
    'URL में tour=“{value}” किसी Guided Tour वाली Lab का नाम नहीं है (या lab= से मेल नहीं खाता), इसलिए कोई Tour नहीं खोला गया।',
  'notice.bad_step': 'URL में step=“{value}” Step का नंबर नहीं है, इसलिए Tour Step 1 से शुरू हुआ है।',

  'error.unknown_step': '{lab} Lab में “{step}” नाम का कोई Guided Step नहीं है।',

  'tour.summary': 'प्रयोग करके देखें: {n} Guided Experiments',
  'tour.intro':
    'हर Step Lab को Tutorial के किसी एक दावे के लिए तैयार करता है, आपके सामने Train करता है, और फिर Live Numbers पर उस दावे को जाँचता है।',
  'tour.steps_label': 'Guided Tour के Steps',
  'tour.counter': '{total} में से Step {n}',
  'tour.formula': 'Formula',
  'tour.run': 'चलाएँ',
  'tour.running': 'चल रहा है…',
  'tour.rerun': 'फिर से चलाएँ',
  'tour.progress': 'Training: {total} में से Step {n}',
  'tour.paused': '{total} में से Step {n} पर रुका; यह Step फिर से शुरू करने के लिए “चलाएँ” दबाएँ।',
  'tour.prev': '← पिछला',
  'tour.next': 'अगला →',
  'tour.shown': 'साबित हुआ',
  'tour.not_shown': 'नहीं दिखा',
  'tour.not_shown_why':
    'इस Seed पर यह Run दावा नहीं दिखा पाया: अलग शुरुआत (Weights और Data) से नतीजा अलग हो सकता है। कोई दूसरा Seed आज़माइए।',
  'tour.other_seed': 'Seed {seed} से फिर चलाएँ',
  'tour.error': 'यह Step जाँचा नहीं जा सका: Engine ने इसे मना कर दिया। Lab को Reset करके फिर कोशिश करें।',

  'tour.attention.softmax_sum.title': 'Softmax के Weights का जोड़ 1',
  'tour.attention.softmax_sum.body':
    'Softmax हर Score को e की घात में बदलकर उन सबके जोड़ से भाग देता है, इसलिए किसी Row का हर Weight 0 और 1 के बीच होता है और पूरी Row का जोड़ ठीक 1। Heatmap की चुनी हुई Row यही दिखाएगी।',
  'tour.attention.softmax_sum.yes':
    'चुनी हुई Row का जोड़ {row_sum} है (सबसे बड़ा Weight {max_weight}, सबसे छोटा {min_weight})।',
  'tour.attention.softmax_sum.no':
    'चुनी हुई Row का जोड़ {row_sum} निकला, 1 नहीं (सबसे बड़ा Weight {max_weight}, सबसे छोटा {min_weight})।',
  'tour.attention.sqrt_d.title': '÷√d के बिना Softmax Saturate हो जाता है',
  'tour.attention.sqrt_d.body':
    'd_model 64 पर QKᵀ के Raw Scores d के साथ बढ़ते हैं। √d से भाग न दें तो लगभग सारा Weight एक ही Key को मिलता है: Row की Entropy गिर जाती है और Softmax से कम Gradient गुज़रता है।',
  'tour.attention.sqrt_d.yes':
    '÷√d के बिना Entropy {entropy_unscaled}, ÷√d के साथ {entropy_scaled} (Uniform Row: {max_entropy}); Scores तक पहुँचने वाला Gradient {score_grad_scaled} की जगह {score_grad_unscaled}।',
  'tour.attention.sqrt_d.no':
    '÷√d के बिना Entropy {entropy_unscaled}, साथ में {entropy_scaled}; Scores तक Gradient {score_grad_unscaled} बनाम {score_grad_scaled}: Saturation नहीं दिखा।',
  'tour.attention.hard_vs_soft.title': 'एक ही Task पर Soft और Hard Attention',
  'tour.attention.hard_vs_soft.body':
    'Soft Attention Softmax Weights से सब Values का औसत लेता है; Hard Attention एक Key Sample करके उसी की Value लेता है और Straight-Through Estimator से Train होता है। दोनों एक ही Seed से Reverse सीखते हैं।',
  'tour.attention.hard_vs_soft.yes':
    'Soft: Accuracy {soft_accuracy}, Row Entropy {soft_entropy} (Weights फैले हुए); Hard: Accuracy {hard_accuracy}, Entropy {hard_entropy} (हर Query की एक Key)।',
  'tour.attention.hard_vs_soft.no':
    'Soft: Accuracy {soft_accuracy}, Entropy {soft_entropy}; Hard: Accuracy {hard_accuracy}, Entropy {hard_entropy}: दोनों दावे के मुताबिक़ नहीं सीखे।',
  'tour.attention.multi_head.title': 'हर Head अलग Pattern सीखता है',
  'tour.attention.multi_head.body':
    'चार छोटे Heads (हर एक के 2 Dimensions) एक ही Sequence देखते हैं। Reverse पर Train होकर वे काम बाँट लेते हैं: उनके Attention Maps एक-दूसरे से दूर हो जाते हैं।',
  'tour.attention.multi_head.yes':
    'Heads की Attention Rows के बीच औसत दूरी {head_distance_before} से बढ़कर {head_distance_after} हो गई।',
  'tour.attention.multi_head.no':
    'Heads की Attention Rows के बीच औसत दूरी {head_distance_before} से {head_distance_after} हुई: Heads काफ़ी अलग नहीं हुए।',
  'tour.attention.images.title': 'Image पर Attention Object को ढूँढ लेता है',
  'tour.attention.images.body':
    'एक छोटा CNN Scene को Cells के 12×12 Map में बदलता है; सीखी हुई Query हर Cell को Score देती है, Softmax उन्हें Weights बनाता है, और Classifier उनका Weighted Sum देखता है।',
  'tour.attention.images.yes':
    'Object पर Attention {object_share_before} से बढ़कर {object_share_after} हुआ (Object {object_area} Cells घेरता है); प्रति Cell: Object {object_per_cell}, Background {background_per_cell}, Distractors {distractor_per_cell}।',
  'tour.attention.images.no':
    'Object पर Attention {object_share_before} से {object_share_after} हुआ; प्रति Cell: Object {object_per_cell}, Background {background_per_cell}, Distractors {distractor_per_cell}: काफ़ी नहीं टिका।',
  'tour.attention.cost.title': 'Attention की क़ीमत n²',
  'tour.attention.cost.body':
    'हर Query हर Key से मिलती है, इसलिए T लंबाई की Sequence की Score Matrix T×T की होती है। Engine T = 8 … 256 पर एक Training Pass का समय नापता है।',
  'tour.attention.cost.yes':
    'समय T^{exponent_time} की तरह और Attention Memory T^{exponent_bytes} की तरह बढ़ी: {ms_small} ms से {ms_large} ms।',
  'tour.attention.cost.no':
    'समय T^{exponent_time} और Memory T^{exponent_bytes} की तरह बढ़ी ({ms_small} → {ms_large} ms): दावे वाला n² नहीं दिखा।',
  'tour.conv1x1.example.title': '32×32×64 पर 1×1 के 32 Filters',
  'tour.conv1x1.example.body':
    'Tutorial का उदाहरण: 1×1 Convolution ऊँचाई और चौड़ाई वैसी ही रखता है, सिर्फ़ Channels बदलता है। हर Filter में हर Input Channel का एक Weight और एक Bias होता है।',
  'tour.conv1x1.example.yes':
    'Output {out_h}×{out_w}×{out_c}, {params} Parameters, {macs} MACs: Tutorial जैसा ही।',
  'tour.conv1x1.example.no':
    'Output {out_h}×{out_w}×{out_c}, {params} Parameters, {macs} MACs: Tutorial के Numbers नहीं।',
  'tour.conv1x1.pixel.title': 'एक Pixel पर O = Σ I·W + b',
  'tour.conv1x1.pixel.body':
    'Pixel (16, 16) पर Engine हाथ से Input Channel × Weight जोड़ता है और पहले Filter के लिए अपने SIMD Kernel के Output से मिलाता है।',
  'tour.conv1x1.pixel.yes': 'हाथ से Σ I·W + b = {explicit_sum} (b = {bias}); Kernel देता है {output}।',
  'tour.conv1x1.pixel.no': 'हाथ से {explicit_sum}, Kernel से {output}: दोनों अलग हैं।',
  'tour.conv1x1.bottleneck.title': '1×1 Bottleneck से 5×5 Layer सस्ती',
  'tour.conv1x1.bottleneck.body':
    'Inception का उदाहरण: 28×28 पर 192 से 32 Channels की 5×5 Layer, सीधे या पहले 1×1 Layer से 16 Channels तक घटाकर।',
  'tour.conv1x1.bottleneck.yes':
    'सीधे: {plain_macs} MACs, {plain_params} Parameters; Bottleneck के साथ: {bottleneck_macs} MACs, {bottleneck_params} Parameters — {ratio} गुना सस्ता।',
  'tour.conv1x1.bottleneck.no':
    'सीधे {plain_macs} MACs, Bottleneck के साथ {bottleneck_macs}: सिर्फ़ {ratio} गुना सस्ता।',
  'tour.conv1x1.spatial_limit.title': '1×1 Shape नहीं देख सकता',
  'tour.conv1x1.spatial_limit.body':
    'Task है एक Bar की दिशा पहचानना, हर Class में Colours एक जैसे: इसे सिर्फ़ पड़ोसी Pixels बताते हैं। चारों Variants साथ-साथ Train होते हैं।',
  'tour.conv1x1.spatial_limit.yes':
    '3×3 Layers के साथ Held-out Accuracy {plain_accuracy}; सिर्फ़ 1×1 के साथ {pointwise_accuracy}, Chance है {chance}।',
  'tour.conv1x1.spatial_limit.no':
    '3×3 के साथ {plain_accuracy}, सिर्फ़ 1×1 के साथ {pointwise_accuracy} (Chance {chance}): सीमा साफ़ नहीं दिखी।',
  'tour.pretrain.stages.title': 'चार कदम: एक बार में एक Layer',
  'tour.pretrain.stages.body':
    'Layer 1 Autoencoder की तरह Train होकर Freeze होती है; Layer 2 उसके Codes पर सीखती है; ऐसे ही आगे, फिर पूरा Network Fine-Tune होता है। हर Stage अपनी Reconstruction Error घटाए और Frozen Layers को न छुए।',
  'tour.pretrain.stages.yes':
    'हर Stage ने अपनी Layer की Reconstruction Error घटाई (कम से कम {worst_drop}), और Frozen Layers Bit-by-Bit वैसी ही रहीं।',
  'tour.pretrain.stages.no':
    'किसी Stage ने Error सिर्फ़ {worst_drop} घटाई, या कोई Frozen Layer बदल गई: दावे के मुताबिक़ नहीं।',
  'tour.pretrain.greedy_vs_random.title': 'Greedy Pre-Training, Random Initialization से आगे',
  'tour.pretrain.greedy_vs_random.body':
    'एक गहरा Sigmoid Network, वही Seed और उतने ही Updates: Greedy Layer-Wise Pre-Training फिर Fine-Tuning, बनाम Random Weights से Training।',
  'tour.pretrain.greedy_vs_random.yes':
    'Test Accuracy: Greedy {greedy_accuracy}, Random {random_accuracy} — {gap} Points आगे।',
  'tour.pretrain.greedy_vs_random.no':
    'Test Accuracy: Greedy {greedy_accuracy}, Random {random_accuracy}: Greedy साफ़ आगे नहीं रहा।',
  'tour.pretrain.vanishing.title': 'Random Network में Vanishing Gradient',
  'tour.pretrain.vanishing.body':
    'Random Weights से Training की शुरुआत में Gradient हर Sigmoid Layer से नीचे जाते हुए छोटा होता जाता है।',
  'tour.pretrain.vanishing.yes':
    'Layer 1 को Gradient {grad_first} मिलता है, आख़िरी Layer को {grad_last}: अनुपात {ratio}।',
  'tour.pretrain.vanishing.no':
    'Layer 1 को {grad_first}, आख़िरी Layer को {grad_last} (अनुपात {ratio}): दावे जैसा Vanishing नहीं।',
  'tour.pretrain.relu_he.title': 'ReLU और He के साथ फ़ासला घटता है',
  'tour.pretrain.relu_he.body':
    'Tutorial की सीमा: ReLU और He Initialization के साथ गहरा Network Random Weights से भी अच्छा Train हो जाता है, इसलिए Pre-Training का फ़ायदा बहुत घट जाता है।',
  'tour.pretrain.relu_he.yes':
    'Test Accuracy: Greedy {greedy_accuracy}, Random {random_accuracy} — सिर्फ़ {gap} Points का फ़ासला।',
  'tour.pretrain.relu_he.no':
    'Test Accuracy: Greedy {greedy_accuracy}, Random {random_accuracy} ({gap} Points का फ़ासला): फ़ासला दावे जितना नहीं घटा।',
};
