// The glossary panel's terms: the Hindi and the English word are shown in both languages (that is
// the point of a glossary); the catalogs hold each term's explanation (glossary.<term>.def).
import type { MessageKey } from '../i18n';

export interface GlossaryTerm {
  term: string;
  hi: string;
  en: string;
}

const TERMS: readonly GlossaryTerm[] = [
  { term: 'attention', hi: 'ध्यान', en: 'Attention' },
  { term: 'query', hi: 'प्रश्न-सदिश', en: 'Query' },
  { term: 'key', hi: 'कुंजी', en: 'Key' },
  { term: 'value', hi: 'मान', en: 'Value' },
  { term: 'score', hi: 'अंक', en: 'Score' },
  { term: 'softmax', hi: 'सॉफ़्टमैक्स', en: 'Softmax' },
  { term: 'head', hi: 'शीर्ष', en: 'Head' },
  { term: 'embedding', hi: 'अंतःस्थापन', en: 'Embedding' },
  { term: 'entropy', hi: 'एन्ट्रॉपी', en: 'Entropy' },
  { term: 'feature_map', hi: 'विशेषता-मानचित्र', en: 'Feature Map' },
  { term: 'channel', hi: 'चैनल', en: 'Channel' },
  { term: 'convolution', hi: 'संवलन', en: 'Convolution' },
  { term: 'filter', hi: 'फ़िल्टर', en: 'Filter' },
  { term: 'bottleneck', hi: 'संकरा रास्ता', en: 'Bottleneck' },
  { term: 'pooling', hi: 'पूलिंग', en: 'Pooling' },
  { term: 'batchnorm', hi: 'बैच सामान्यीकरण', en: 'Batch Normalization' },
  { term: 'dropout', hi: 'ड्रॉपआउट', en: 'Dropout' },
  { term: 'macs', hi: 'गुणा-जोड़', en: 'MACs' },
  { term: 'autoencoder', hi: 'स्व-कूटक', en: 'Autoencoder' },
  { term: 'pretraining', hi: 'पूर्व-प्रशिक्षण', en: 'Pre-Training' },
  { term: 'freeze', hi: 'स्थिर करना', en: 'Freeze' },
  { term: 'fine_tune', hi: 'सूक्ष्म समायोजन', en: 'Fine-Tuning' },
  { term: 'vanishing_gradient', hi: 'लुप्त होती प्रवणता', en: 'Vanishing Gradient' },
  { term: 'weights', hi: 'भार', en: 'Weights' },
  { term: 'loss', hi: 'हानि', en: 'Loss' },
  { term: 'gradient', hi: 'प्रवणता', en: 'Gradient' },
  { term: 'learning_rate', hi: 'सीखने की दर', en: 'Learning Rate' },
  { term: 'epoch', hi: 'चरण', en: 'Step' },
];

/** Terms every lab's glossary ends with. */
const COMMON = ['weights', 'loss', 'gradient', 'learning_rate', 'epoch'];

/** A lab's glossary: its own terms, then the common ones (unknown names are skipped). */
export function glossaryTerms(own: readonly string[] = []): GlossaryTerm[] {
  const names = [...own, ...COMMON.filter((c) => !own.includes(c))];
  return names
    .map((n) => TERMS.find((t) => t.term === n))
    .filter((t): t is GlossaryTerm => t !== undefined);
}

export const glossaryDefKey = (t: GlossaryTerm) => `glossary.${t.term}.def` as MessageKey;
