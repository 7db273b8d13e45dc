// Hindi messages of the pretrain lab's page; spread into hi.ts (same keys in both languages).
export const hiPretrain = {};
