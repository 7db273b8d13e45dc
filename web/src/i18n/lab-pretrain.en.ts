// English messages of the pretrain lab's page; spread into en.ts (same keys in both languages).
export const enPretrain = {};
