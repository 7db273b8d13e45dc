// Debian's Chromium, headless, the way this machine kind needs it (toolchain.md, 8): no sandbox as
// root, no GPU, and no background networking (the closed network refuses it). Shared by the e2e
// tests and the benchmark; never a downloaded browser.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
