// Hindi messages of the pretrain lab's page; spread into hi.ts (same keys in both languages).
export const hiPretrain = {
  'field.pretrain.arm': 'कौन-से Arms',
  'help.pretrain.arm':
    'दोनों साथ-साथ (वही Seed, वही शुरुआती Weights, Updates की संख्या बराबर), या कोई एक अकेला।',
  'choice.pretrain.arm.both': 'दोनों (Greedy बनाम Random)',
  'choice.pretrain.arm.greedy': 'सिर्फ़ Greedy Layer-Wise',
  'choice.pretrain.arm.random': 'सिर्फ़ Random Init',
  'field.pretrain.depth': 'Hidden Layers (गहराई)',
  'help.pretrain.depth': 'Deep MLP की Hidden Layers, {min} से {max} तक।',
  'field.pretrain.width': 'पहली Hidden Layer की चौड़ाई',
  'help.pretrain.width':
    'पहली Hidden Layer की Units, {min} से {max} तक; हर अगली Layer आधी चौड़ी होती है (सबसे गहरी में कम से कम 2)।',
  'field.pretrain.activation': 'Activation f',
  'help.pretrain.activation':
    'Sigmoid Saturate होकर हर Layer पर Gradient को छोटा करता है; ReLU (He Init के साथ) आज का इलाज है।',
  'choice.pretrain.activation.sigmoid': 'Sigmoid',
  'choice.pretrain.activation.tanh': 'Tanh',
  'choice.pretrain.activation.relu': 'ReLU',
  'field.pretrain.init': 'Weight Initialization',
  'help.pretrain.init':
    'Small: N(0, 0.05²), जिसमें गहरे Sigmoid Networks अटक जाते हैं; Xavier और He, Fan-in के हिसाब से Scale करते हैं।',
  'choice.pretrain.init.small': 'छोटे Random',
  'choice.pretrain.init.xavier': 'Xavier',
  'choice.pretrain.init.he': 'He',
  'field.pretrain.pretrain': 'हर Layer की Pre-Training',
  'help.pretrain.pretrain':
    'Autoencoder (Tied Weights), Denoising Autoencoder, या CD-1 से Train होने वाली RBM (DBN का रास्ता)।',
  'choice.pretrain.pretrain.autoencoder': 'Autoencoder',
  'choice.pretrain.pretrain.denoising': 'Denoising Autoencoder',
  'choice.pretrain.pretrain.rbm': 'RBM (CD-1)',
  'field.pretrain.noise': 'Masking Noise',
  'help.pretrain.noise':
    'Denoising: Input के कितने Pixels 0 किए जाएँ, {min} से {max} तक; Target साफ़ Glyph ही रहता है।',
  'field.pretrain.steps_per_stage': 'हर Stage में Updates',
  'help.pretrain.steps_per_stage':
    'हर Pre-Training Stage और Head के Updates, {min} से {max} तक; Fine-Tuning को इसके दोगुने मिलते हैं।',
  'field.pretrain.labelled': 'Labels वाला हिस्सा',
  'help.pretrain.labelled':
    '10,000 Training Glyphs में से कितनों के Labels इस्तेमाल हो सकते हैं, {min} से {max} तक; Pre-Training सभी को बिना Labels के देखती है।',
  'field.pretrain.optimizer': 'Optimizer',
  'help.pretrain.optimizer': 'SGD, Momentum (0.9) वाला SGD, या Adam।',
  'field.pretrain.lr': 'Learning Rate',
  'help.pretrain.lr': 'हर Update का क़दम, {min} से {max} तक।',
  'field.pretrain.batch_size': 'Batch Size',
  'help.pretrain.batch_size': 'हर Update में Examples, {min} से {max} तक।',
  'field.pretrain.seed': 'Seed',
  'help.pretrain.seed': 'एक ही Seed से वही Glyphs, वही शुरुआती Weights और वही Run मिलता है।',

  'arm.greedy': 'Greedy Layer-Wise',
  'arm.random': 'Random Init',
  'metric.test_accuracy': 'Test Accuracy',
  'metric.stage': 'Stage',

  'pre.timeline.title': 'Stages की Timeline',
  'pre.timeline.note':
    'बंद ताला: उस Stage में Layer Frozen है (उसके Weights नहीं बदलते); हरा: जो Layer अभी Train हो रही है। Random Arm पहले Step से सभी Layers Train करता है। Loss Chart में दोनों Arms का Labelled Batch पर Cross-Entropy है; Greedy Arm की Pre-Training के दौरान उसका Head अभी Untrained है, इसलिए Head Stage तक उसकी Curve ln 10 ≈ 2.3 के पास रहती है।',
  'pre.layer.head': 'Head',
  'pre.layer.short': 'L{n}',
  'pre.stage.pretrain': 'L{n} की Pre-Training',
  'pre.stage.head': 'Softmax Head',
  'pre.stage.finetune': 'सबका Fine-Tune',
  'pre.stage.end_to_end': 'सभी Layers एक साथ',
  'pre.stage.seed_step': 'Step {n}',
  'pre.stage.steps': 'Steps {from}–{to}',
  'pre.stage.steps_open': 'Step {from} से आगे',
  'pre.stage.recon': 'MSE {before} → {after}',
  'pre.lock.frozen': '{layer}: इस Stage में Frozen',
  'pre.lock.trains': '{layer}: इस Stage में Train हो रही है',
  'pre.now.pretrain':
    '{arm}, लेख का Step {step}: Layer {n} बिना Labels के अपना Input दोबारा बनाना सीख रही है; नीचे की {below} Layers Frozen हैं।',
  'pre.now.head': '{arm}, Step {step}: सभी Layers Frozen हैं और सिर्फ़ Softmax Head Labels सीख रहा है।',
  'pre.now.finetune': '{arm}, Step {step}: अब सभी Layers एक साथ Labels पर Fine-Tune हो रही हैं।',
  'pre.now.end_to_end': '{arm}: सभी Layers एक साथ Labels से सीखती हैं (Backpropagation)।',

  'pre.recon.section': 'Reconstructions',
  'pre.recon.title': 'हर Held-out Glyph के नीचे उसका Reconstruction',
  'pre.recon.none': 'अभी कोई Reconstruction नहीं: Greedy Arm की Pre-Training शुरू नहीं हुई।',
  'pre.recon.now':
    '{arm}: Layer {k} तक Encode करके वापस नीचे Decode किया; Held-out Reconstruction Error (MSE) {mse}।',
  'pre.recon.stack': '{arm}: सभी {k} Pretrained Layers और उनके Decoders से होकर वापस।',
  'pre.recon.read':
    'हर Stage की शुरुआत में Reconstructions धुंधले होते हैं; Stage के सीखने के साथ अंक लौट आते हैं। गहरी Layers को कम Units से Input बनाना पड़ता है।',

  'pre.features.section': 'Layer 1 के Features',
  'pre.features.note':
    'हर Tile, Layer 1 की एक Hidden Unit है: उसके 256 Input Weights एक 16×16 Image की तरह (धूसर 0, सफ़ेद Positive, काला Negative)। Pretrained Units Strokes और धब्बों जैसी दिखती हैं; Random Arm की Units Noise ही रहती हैं।',

  'pre.grad.section': 'हर Layer का Gradient Norm (Log Scale)',
  'pre.grad.note':
    'हर Step में हर Layer तक पहुँचने वाले Gradient का आकार। Random Arm में गहरा Sigmoid Network Layer 1 तक बहुत छोटा Gradient पहुँचाता है (Vanishing Gradient); खाली जगह का मतलब है कि Layer को कोई Gradient नहीं मिला (उस Stage में Frozen थी, या ReLU के साथ उसकी सभी Units Dead हो गईं)।',
  'pre.grad.y': '‖∇‖ (Log)',
  'pre.grad.l1': 'Layer 1',
  'pre.grad.l2': 'Layer 2',
  'pre.grad.l3': 'Layer 3',
  'pre.grad.l4': 'Layer 4',
  'pre.grad.l5': 'Layer 5',
  'pre.grad.l6': 'Layer 6',
  'pre.grad.head': 'Head',

  'pre.table.section': 'तुलना (Comparison)',
  'pre.table.caption': 'Greedy Layer-Wise Pre-Training बनाम Traditional Training, अभी नापा गया',
  'pre.table.feature': 'विशेषता',
  'pre.table.greedy': 'Greedy Layer-Wise Pre-Training',
  'pre.table.random': 'Traditional Training',
  'pre.row.process': 'Training प्रक्रिया',
  'pre.row.process.greedy': 'Step-by-Step (Layer-wise)',
  'pre.row.process.random': 'एक साथ सभी Layers',
  'pre.row.init': 'Weight Initialization',
  'pre.row.init.greedy': 'Pretrained (बेहतर Initialization)',
  'pre.row.init.random': 'Random Initialization',
  'pre.row.steps_to_target': 'Loss ≤ {target} तक Steps',
  'pre.row.not_yet': 'अभी नहीं',
  'pre.row.test_accuracy': 'Test Accuracy (Generalization)',
  'pre.row.accuracy': 'Labelled Glyphs पर Accuracy',
  'pre.row.test_loss': 'Test Loss',
  'pre.row.grad_ratio': 'Vanishing Gradient का अनुपात: ‖∇ Layer 1‖ / ‖∇ Head‖',
  'pre.row.time': 'समय',
  'pre.row.time.value': '{s} सेकंड ({per} ms/Step)',
  'pre.table.note':
    'दोनों Arms के Updates बराबर हैं (Pre-Training के Updates भी गिने जाते हैं)। ReLU और He Init के साथ यह फ़र्क़ घट जाता है: इसीलिए आज के Networks को Pre-Training की ज़रूरत कम है।',

  'pre.maths.section': 'गणित दिखाएँ',
  'pre.maths.title': 'एक Layer: hᵢ = f(Wᵢ hᵢ₋₁ + bᵢ)',
  'pre.maths.note':
    '{arm}, Layer {layer}, Unit {unit}, Held-out Glyph {example}: {fan} Terms में से तीन सबसे बड़े दिखाए हैं, बाक़ी का जोड़ ⋯ के नीचे है।',
  'pre.maths.note.head':
    '{arm}, Head, Unit {unit} (अंक {digit}), Held-out Glyph {example}: Head Linear है; उसके 10 Outputs पर Softmax से Probabilities मिलती हैं।',
  'pre.unit.arm': 'Arm',
  'pre.unit.layer': 'Layer',
  'pre.unit.layer.option': 'Layer {n}',
  'pre.unit.layer.head': 'Head',
  'pre.unit.unit': 'Unit',
  'pre.unit.example': 'Glyph',
  'pre.unit.glyph': 'यह Glyph',

  'glossary.autoencoder.def':
    'ऐसा Network जो अपना Input दोबारा बनाना सीखता है; बीच की Layer उसका छोटा Code है।',
  'glossary.pretraining.def': 'Labels से पहले, हर Layer को बिना Labels के एक-एक करके Train करना।',
  'glossary.freeze.def': 'किसी Layer के Weights को आगे की Training में बदलने न देना।',
  'glossary.fine_tune.def':
    'Pretrained Network की सभी Layers को आख़िर में Labels पर साथ-साथ Train करना।',
  'glossary.vanishing_gradient.def':
    'गहरे Network में पीछे जाते-जाते Gradient इतना छोटा हो जाना कि नीचे की Layers सीख ही न पाएँ।',
};
