// Hindi messages of the conv1x1 lab's page; spread into hi.ts (same keys in both languages).
export const hiConv1x1 = {};
