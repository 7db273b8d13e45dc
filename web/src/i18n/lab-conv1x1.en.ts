// English messages of the conv1x1 lab's page; spread into en.ts (same keys in both languages).
export const enConv1x1 = {};
