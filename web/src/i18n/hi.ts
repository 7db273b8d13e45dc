// Hindi catalog (the default language). Plain object of strings: the same keys as en.ts, checked
// by the type in index.ts and by a node test. Placeholders are {name}. Technical terms stay in
// English inside Hindi sentences, the way the source tutorials write.
import { hiEmbed } from './embed.hi';
import { hiTour } from './tour.hi';
import { hiLab } from './lab.hi';
import { hiConv1x1 } from './lab-conv1x1.hi';
import { hiPretrain } from './lab-pretrain.hi';
import { hiViews } from './views.hi';

export const hi = {
  ...hiViews,
  ...hiEmbed,
  ...hiTour,
  ...hiLab,
  ...hiConv1x1,
  ...hiPretrain,
  'app.name': 'प्रयोग',
  'app.name_latin': 'Prayog',
  'app.tagline': 'Deep Learning को Browser में Live Train होते देखिए, और हर Knob ख़ुद घुमाइए।',
  'app.skip': 'सीधे Lab पर जाएँ',
  'meta.title': '{lab} · प्रयोग (Prayog)',
  'meta.description':
    'प्रयोग (Prayog): Attention, 1x1 Convolution और Greedy Layer-Wise Pre-Training को अपने Browser में Live Train होते देखिए। C++ और WebAssembly SIMD पर बना, हिन्दी और English में।',

  'lang.label': 'भाषा',
  'lang.hi': 'हिन्दी',
  'lang.en': 'English',

  'nav.label': 'Labs',

  'lab.attention.short': 'Attention',
  'lab.conv1x1.short': '1x1 Convolution',
  'lab.pretrain.short': 'Layer-Wise Pre-Training',

  'lab.see.heading': 'आप क्या देखते हैं',
  'lab.change.heading': 'आप क्या बदल सकते हैं',
  'lab.example.heading': 'एक उदाहरण',
  'lab.formula.heading': 'Formula',
  'lab.common':
    'हर Lab में: Play / Pause, एक-एक Step, Reset, Seed, Learning Rate, Optimizer (SGD, Momentum, Adam), Batch Size और Speed; Live Loss और Accuracy Charts; चुने हुए Cell के Live Numbers के साथ पूरा Formula; Charts का PNG, History का CSV और Weights का JSON Export; और एक Permalink जो Seed समेत पूरी State याद रखता है।',

  'lab.attention.title': 'Attention Mechanism: Model किस पर ध्यान देता है?',
  'lab.attention.summary':
    'Attention Mechanism Model को यह तय करने देता है कि Input के किस हिस्से पर ज़्यादा ध्यान देना है और किसे कम Weight देना है। इस Lab में एक छोटा Transformer-जैसा Model आपकी आँखों के सामने Copy, Reverse और Sort जैसे Sequence Tasks सीखेगा, और आप हर Step पर उसके Attention Scores बदलते देखेंगे।',
  'lab.attention.see.1': 'हर Head के लिए Query × Key Heatmap, आपके चुने हुए किसी भी Example पर।',
  'lab.attention.see.2':
    'Q, K और V Matrices, फिर Raw QKᵀ, QKᵀ/√d और Softmax के बाद की हर Row, एक के बाद एक।',
  'lab.attention.see.3':
    'Soft और Hard Attention साथ-साथ: Soft Attention हर Position को Softmax से Weight देता है, जबकि Hard Attention Sampling से सिर्फ़ एक Position चुनता है।',
  'lab.attention.see.4':
    'Images पर Attention: एक छोटा CNN Feature Maps निकालता है, एक Learned Query हर Cell को Score देती है, और Attention Map सीधे Image के ऊपर दिखता है।',
  'lab.attention.change.1': 'Task (Copy, Reverse, Sort) और Vocabulary: Digits या देवनागरी अक्षर।',
  'lab.attention.change.2': 'Heads की संख्या: 1, 2 या 4।',
  'lab.attention.change.3': '√d Scaling On या Off: Scaling हटाते ही Softmax Saturate होता दिखेगा।',
  'lab.attention.change.4': 'Hard Attention का Estimator: Score-Function या Straight-Through।',
  'lab.attention.example.caption': 'किसी Image के Regions और उनके Importance Scores',
  'lab.attention.example.col_region': 'Region',
  'lab.attention.example.col_score': 'Importance Score',
  'lab.attention.example.col_focus': 'Focus',
  'lab.attention.example.face': 'चेहरा (Face)',
  'lab.attention.example.background': 'Background',
  'lab.attention.example.car': 'Object (जैसे Car)',
  'lab.attention.example.high': 'ज़्यादा (High)',
  'lab.attention.example.low': 'कम (Low)',
  'lab.attention.example.note':
    'ऐसी Image में Model चेहरे और Car पर ज़्यादा ध्यान देगा और Background को लगभग अनदेखा करेगा। Lab में यही Table आपके Model के सीखे हुए Attention से Live भरेगी: Object, Background और Distractor के लिए।',
  'lab.attention.formula': 'Attention(Q, K, V) = Softmax(QKᵀ / √d) · V',
  'lab.attention.formula.note':
    'यहाँ Q Query Matrix है, K Key Matrix और V Value Matrix, और d Key Vectors की Dimension। √d से भाग देने पर Scores बहुत बड़े नहीं होते, इसलिए Softmax एक ही Position पर अटकता (Saturate) नहीं।',

  'lab.conv1x1.title': '1x1 Convolution: Channels को आपस में मिलाना',
  'lab.conv1x1.summary':
    '1x1 Convolution हर Pixel पर अलग से काम करता है: उस Pixel के सारे Input Channels को Weights से मिलाकर नए Output Channels बनाता है। Image की Height और Width वही रहती हैं, सिर्फ़ Channels की संख्या बदलती है। इसीलिए NiN, Inception और ResNet इसे Channels घटाने (Bottleneck) और Non-Linearity जोड़ने के लिए इस्तेमाल करते हैं।',
  'lab.conv1x1.see.1':
    'किसी Pixel पर Click करें: उसका Channel Vector, C_out × C_in Weight Heatmap और Output Vector, O = Σ I·W + b के असली Numbers भरकर।',
  'lab.conv1x1.see.2':
    'Parameters और MACs (Multiply-Adds) की गिनती: सीधी 3x3 Layer बनाम 1x1 Bottleneck।',
  'lab.conv1x1.see.3':
    'Synthetic Colour और Shape वाली Images पर Train होता एक छोटा CNN, 1x1 Layer से पहले और बाद के Feature Maps के साथ।',
  'lab.conv1x1.see.4':
    'Variants आमने-सामने: बिना 1x1, 1x1 Reduction के साथ, और 1x1 + ReLU के साथ; हर एक के Parameters, MACs, Accuracy और एक Step का समय।',
  'lab.conv1x1.change.1': 'Input Tensor का आकार H × W × C_in और Filters की संख्या C_out।',
  'lab.conv1x1.change.2': 'BatchNorm, Dropout और L2 Regularization को On या Off करना।',
  'lab.conv1x1.change.3': 'कौन-से Variants साथ-साथ Train हों।',
  'lab.conv1x1.example.text':
    'मान लीजिए Input {h}x{w}x{cin} का है, यानी {cin} Channels। उस पर 1x1 के {cout} Filters लगाने से Output {h}x{w}x{cout} होगा: हर Pixel का {cin} Numbers वाला Vector {cout} Numbers का बन जाता है।',
  'lab.conv1x1.example.cost':
    'हर Filter में {cin} Weights और 1 Bias हैं, तो कुल {params} Parameters और {macs} MACs लगते हैं। यही Channels 3x3 Filters से बदलने पर {params3} Parameters और {macs3} MACs लगते, लगभग 9 गुना।',
  'lab.conv1x1.formula': 'O(x, y, j) = Σᵢ I(x, y, i) · W(j, i) + b(j)',
  'lab.conv1x1.formula.note':
    'यहाँ i Input Channel है और j Output Channel। Sum सिर्फ़ Channels पर होता है, पास के Pixels पर नहीं; इसलिए 1x1 Convolution Spatial जानकारी नहीं मिलाता।',

  'lab.pretrain.title': 'Greedy Layer-Wise Pre-Training: एक-एक Layer करके सीखना',
  'lab.pretrain.summary':
    'गहरे Sigmoid Network को सीधे Backpropagation से Train करना मुश्किल होता है: नीचे की Layers तक पहुँचते-पहुँचते Gradients बहुत छोटे हो जाते हैं (Vanishing Gradient)। Greedy Layer-Wise Pre-Training हर Layer को पहले अलग से, Autoencoder की तरह, सिखाता है ताकि पूरे Network को बेहतर Weight Initialization मिले।',
  'lab.pretrain.see.1':
    'एक ही Seed से दो Models: (a) Random Initialization से End-to-End Training, (b) Greedy तरीका; दोनों के Loss Curves एक ही Chart पर।',
  'lab.pretrain.see.2': 'हर Layer का Gradient Norm, ताकि Vanishing Gradient आँखों से दिखे।',
  'lab.pretrain.see.3':
    'Stage Timeline जिसमें Freeze हुई हर Layer पर ताला लगा दिखता है, Autoencoder के Reconstructions, और Layer 1 के सीखे हुए Features छोटी-छोटी Images के रूप में।',
  'lab.pretrain.see.4': 'आख़िर में एक Comparison Table: दोनों तरीकों की Accuracy और Loss।',
  'lab.pretrain.change.1': 'Layers की संख्या और हर Layer का आकार।',
  'lab.pretrain.change.2':
    'Pre-Training का प्रकार: साधारण Autoencoder, Denoising Autoencoder या RBM (CD-1)।',
  'lab.pretrain.change.3':
    'Data कितना कठिन हो: Bitmap Font से बने Synthetic Digit Glyphs का Shift, Stroke और Noise।',
  'lab.pretrain.steps.heading': 'चार Steps',
  'lab.pretrain.step.1': 'पहली Layer को Autoencoder की तरह Train करें और उसके Weights रख लें।',
  'lab.pretrain.step.2':
    'उसे Freeze करें और अगली Layer को पहली Layer के Output (उसके Codes) पर Train करें।',
  'lab.pretrain.step.3': 'यही क्रम सबसे ऊपर की Layer तक दोहराएँ।',
  'lab.pretrain.step.4': 'अंत में सभी Layers को एक साथ Labels पर Fine-Tune करें।',
  'lab.pretrain.formula': 'hᵢ = f(Wᵢ · hᵢ₋₁ + bᵢ)',
  'lab.pretrain.formula.note':
    'hᵢ i-th Layer का Output है, Wᵢ और bᵢ उसके Weights और Bias, और f Activation Function (इस Lab में Sigmoid)। Pre-Training में हर बार सिर्फ़ एक Layer के Wᵢ और bᵢ सीखे जाते हैं।',

  'about.heading': 'इस Engine के बारे में',
  'about.intro':
    'हर Lab का गणित C++ में लिखा है, WebAssembly SIMD में Compile होता है और एक Web Worker में चलता है, ताकि Page हमेशा Smooth रहे। नीचे इस Browser में Engine की जानकारी और उसका GEMM (Matrix Multiplication) Benchmark है: Dense Layers, 1x1 Convolution और Attention, तीनों का असली काम यही है।',
  'engine.status.loading': 'Engine Load हो रहा है…',
  'engine.status.ready': 'Engine तैयार है।',
  'engine.status.error': 'Engine शुरू नहीं हो सका।',
  'engine.status.stopped': 'Engine रुक गया है; उसे फिर से शुरू किया जा सकता है।',
  'engine.status.no_simd': 'इस Browser में Engine नहीं चल सकता।',
  'report.label': 'Engine की जानकारी',
  'report.version': 'Version',
  'report.simd': 'WebAssembly SIMD',
  'report.simd_on': 'चालू',
  'report.simd_off': 'बंद',
  'report.arch': 'SIMD Architecture',
  'report.width': 'SIMD Width',
  'report.width_value': '{n} Floats (128-bit)',
  'report.tile': 'GEMM Tile (mr × nr)',
  'report.tile_value': '{mr} × {nr}',
  'report.compiler': 'Compiler',
  'report.flags': 'Build Flags',
  'report.pending': '…',

  'bench.heading': 'GEMM Self-Benchmark',
  'bench.explain':
    'हर Size n के लिए n×n×n Matrix Multiplication (C = A·B) बार-बार चलाकर उसकी रफ़्तार GFLOP/s में नापी जाती है (प्रति सेकंड अरबों Floating-Point Operations)। SIMD Peak हमारे Build की ऊपरी सीमा है: स्वतंत्र Multiply+Add Chains का एक Loop।',
  'bench.run': 'Benchmark चलाएँ',
  'bench.rerun': 'फिर से चलाएँ',
  'bench.running': 'Benchmark चल रहा है… ({done}/{total})',
  'bench.best': 'सबसे अच्छा GEMM: {gflops} GFLOP/s (n = {n})',
  'bench.peak': 'SIMD Peak: {gflops} GFLOP/s',
  'bench.not_run': 'Benchmark अभी नहीं चला।',
  'bench.embed_hint': 'Embed में Benchmark अपने-आप नहीं चलता; देखने के लिए Button दबाएँ।',
  'bench.unavailable': 'Engine के बिना Benchmark नहीं चल सकता।',
  'chart.label': 'Chart: Matrix Size n के हिसाब से GEMM की GFLOP/s, और SIMD Peak की रेखा',
  'chart.x': 'Matrix Size n (n×n×n)',
  'chart.y': 'GFLOP/s',
  'chart.series.gemm': 'GEMM (हमारा)',
  'chart.series.peak': 'SIMD Peak',
  'table.summary': 'Numbers Table में देखें',
  'table.caption': 'GEMM Benchmark के Numbers',
  'table.size': 'n',
  'table.gflops': 'GFLOP/s',
  'table.peak_row': 'SIMD Peak',

  'nosimd.title': 'इस Browser में WebAssembly SIMD नहीं है',
  'nosimd.body':
    'प्रयोग का Engine WebAssembly SIMD (128-bit Vector Instructions) पर चलता है, और यह Browser उन्हें Support नहीं करता। इसलिए यहाँ Labs Train नहीं हो पाएँगी, पर सारी व्याख्या आप पढ़ सकते हैं।',
  'nosimd.browsers':
    'ये Browsers काम करते हैं: Chrome या Edge 91+, Firefox 89+, Safari 16.4+। Browser Update करके यह Page फिर से खोलें।',

  'error.detail_label': 'तकनीकी विवरण',
  'error.shape_mismatch': '{name} में {got} Values हैं, लेकिन उसके Shape के लिए {expected} चाहिए।',
  'error.out_of_range': '{field} = {value} अपनी सीमा से बाहर है; इसे {min} से {max} के बीच रखें।',
  'error.not_finite': '{field} एक Finite Number होना चाहिए (NaN या Infinity नहीं)।',
  'error.bad_type': 'Engine को गलत प्रकार का Data मिला।',
  'error.no_simd': 'यह Browser WebAssembly SIMD नहीं चला सकता, इसलिए Engine Load नहीं हुआ।',
  'error.engine_load':
    'Engine की Files (prayog.js, prayog.wasm) Load नहीं हो सकीं। Connection या Server की Settings जाँचें।',
  'error.worker_start': 'Web Worker शुरू नहीं हो सका, इसलिए Engine नहीं चल सकता।',
  'error.engine_stopped':
    'Engine step {step} पर रुक गया: उसका Web Worker crash हो गया या Browser ने उसे बंद कर दिया, और Train हुए Weights भी उसी के साथ चले गए।',
  'error.not_ready': 'Engine अभी तैयार नहीं है।',
  'error.busy': 'Engine अभी दूसरा काम कर रहा है; थोड़ी देर बाद फिर कोशिश करें।',
  'error.not_integer': '{field} एक पूर्णांक (Whole Number) होना चाहिए।',
  'error.not_bool': '{field} सिर्फ़ On या Off (true या false) हो सकता है।',
  'error.bad_choice': '{field} इनमें से एक होना चाहिए: {choices}।',
  'error.not_a_number': '“{value}” कोई Number नहीं है (Setting {field})।',
  'error.unknown_key': '{lab} Lab में “{field}” नाम की कोई Setting नहीं है।',
  'error.too_large':
    'इस Configuration को लगभग {need_mb} MB Memory चाहिए, जो {budget_mb} MB की सीमा से ज़्यादा है। छोटे Sizes चुनें।',
  'error.heads_choice': 'Heads की संख्या 1, 2 या 4 होनी चाहिए ({heads} मिली)।',
  'error.heads_divide':
    'd_model ({d_model}) को Heads की संख्या ({heads}) से पूरा-पूरा भाग होना चाहिए, ताकि हर Head को बराबर Width मिले।',
  'error.kernel_odd':
    'Kernel Size k विषम (Odd: 1, 3, 5 या 7) होना चाहिए, ताकि Filter का एक Centre Pixel हो; {k} मिला।',
  'error.bottleneck_too_wide':
    'Bottleneck ({bottleneck} Channels) Input (cin = {cin}) से चौड़ा नहीं हो सकता: उसका काम Channels घटाना है।',
  'error.too_narrow':
    'Width {width} और Depth {depth} पर सबसे गहरी Hidden Layer में 2 से कम Units बचेंगी। Depth घटाएँ या Width बढ़ाएँ।',
  'error.diverged':
    'Step {step} पर Training diverge हो गई: Loss बेक़ाबू हो गया (NaN, Infinite, या शुरुआती Loss का दस गुना), और पहली गड़बड़ {layer} में दिखी। Training रोक दी गई है और Step {good} के Weights (आख़िरी अच्छा Checkpoint) वापस ले आए गए हैं।',
  'error.out_of_memory':
    'Engine इन Settings के लिए ज़रूरी {mb} MB Memory नहीं जुटा सका, क्योंकि मौजूदा Lab पहले से उसका कुछ हिस्सा इस्तेमाल कर रही है। छोटी Settings चुनें; आख़िरी चलती हुई Lab बनी रहेगी।',
  'error.lab_not_ready': 'यह Lab अभी Train नहीं कर सकती: इसका Engine वाला हिस्सा अभी तैयार नहीं है।',
  'error.unknown_lab': 'इस नाम की कोई Lab नहीं है।',
  'error.unknown': 'कुछ अनपेक्षित गड़बड़ी हुई।',

  'notice.label': 'URL के बारे में सूचना',
  'notice.dismiss': 'सूचना बंद करें',
  'notice.bad_lab': 'URL में lab=“{value}” नाम की कोई Lab नहीं है, इसलिए Attention Lab खोली गई है।',
  'notice.bad_lang': 'URL में lang=“{value}” Support नहीं है, इसलिए Page हिन्दी में है।',
  'notice.bad_embed': 'URL में embed=“{value}” समझ नहीं आया; सिर्फ़ embed=1 चलता है।',
  'notice.bad_hide':
    'hide में “{value}” सही नाम नहीं है (सिर्फ़ a-z, 0-9, - और _ चलते हैं), इसलिए छोड़ दिया गया।',
  'notice.repeated': 'URL में “{name}” एक से ज़्यादा बार है; पहला Value लिया गया।',

  'embed.button': 'Embed करें',
  'embed.title': 'इस Lab को अपनी Website पर लगाएँ',
  'embed.intro':
    'इनमें से कोई एक Code अपने Article में HTML की तरह Paste करें (WordPress में “Custom HTML” Block)। Lab की अभी की सारी Settings, Seed समेत, साथ जाती हैं।',
  'embed.element_label': 'एक Tag (सुझाया गया तरीक़ा)',
  'embed.element_note':
    'यह Custom Element Lab को तभी Load करता है जब Reader उस तक Scroll करे, दिखने पर Training शुरू करता है, न दिखने पर रोक देता है, और अपनी ऊँचाई Content के बराबर कर लेता है। उन Sites के लिए जो Scripts चलने देती हैं।',
  'embed.iframe_label': 'सादा iframe',
  'embed.iframe_note':
    'उन Editors के लिए जो सिर्फ़ iframe रहने देते हैं (WordPress इसे Sandboxed iframe बना देता है: Lab फिर भी चलती है)। “Content के बराबर” चुनने पर Script वाली Line ऊँचाई सेट करती है; उसके बिना Frame की ऊँचाई तय रहती है।',
  'embed.link_label': 'Permalink (यही Settings, Seed समेत)',
  'embed.height_label': 'Article में Lab की ऊँचाई',
  'embed.height_auto': 'Content के बराबर (embed.js के साथ)',
  'embed.height_fixed': 'तय ऊँचाई, px में:',
  'embed.height_help': 'तय ऊँचाई {min} से {max} px तक का पूरा अंक हो; Lab उसके अंदर Scroll होती है।',
  'embed.height_bad':
    'ऊँचाई {min} से {max} px तक का पूरा अंक होनी चाहिए; Snippets में {height} px ही रखा गया है।',
  'embed.autoplay_label': 'Lab के दिखते ही Training शुरू करें',
  'embed.preview_label': 'ऊँचाई का Preview (1/10 Scale)',
  'embed.preview_screen': 'Laptop Screen: {height} px',
  'embed.preview_frame': 'Lab: {height} px',
  'embed.preview_auto': 'Lab: {height} px से शुरू, फिर Content के बराबर',
  'embed.copy': 'Copy करें',
  'embed.copied': 'Copy हो गया।',
  'embed.copy_failed': 'Copy नहीं हो सका; Code चुनकर Ctrl+C दबाएँ।',
  'embed.close': 'बंद करें',
  'embed.iframe_title': 'प्रयोग Lab: {lab}',
  'embed.open_full': 'प्रयोग में खोलें',
  'embed.new_tab': '(नए Tab में खुलेगा)',

  'footer.text':
    'प्रयोग पूरी तरह आपके Browser में चलता है; कोई Data किसी Server पर नहीं जाता। Engine: C++17, Eigen और xsimd से WebAssembly SIMD तक।',
  'footer.version': 'Engine Version {version}',
};
