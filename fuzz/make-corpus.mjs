// Writes the seed corpora fuzz/corpus/<target>/ from the tests' own inputs (run from the repo
// root: `node fuzz/make-corpus.mjs`; it rewrites the folders). Sources:
//   fuzz_schema  tests/schema/test_schema.cpp try_value(...) calls, tour settings (core/labs/tours.cpp)
//   fuzz_cli     the CLI tests' command lines (cli/CMakeLists.txt)
//   fuzz_tours   the agreeing before/after numbers of tests/learn/test_learn_tours.cpp
//   fuzz_lab     each lab's defaults and tour settings, with a script of every view call
//   fuzz_kernels the gemm shapes of `prayog bench-kernels` (cli/main.cpp) and the bench workloads
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const read = (p) => readFileSync(p, 'utf8');
const corpora = {};
const add = (target, text) => (corpora[target] ??= new Set()).add(text);

// --- tour settings: {"id", {{"key", "text"}, ...}, steps}
const toursSrc = read('core/labs/tours.cpp');
const tourSettings = [];
for (const m of toursSrc.matchAll(
  /const std::vector<TourStep>& (\w+)_tour\(\) \{([\s\S]*?)\n\}/g,
)) {
  const lab = m[1];
  for (const s of m[2].matchAll(/\{"(\w+)",\s*\{((?:\{"\w+",\s*"[^"]*"\},?\s*)*)\},\s*\d+\}/g)) {
    const settings = [...s[2].matchAll(/\{"(\w+)",\s*"([^"]*)"\}/g)].map((x) => [x[1], x[2]]);
    tourSettings.push({ lab, step: s[1], settings });
  }
}

// --- fuzz_schema
const schemaSrc = read('tests/schema/test_schema.cpp');
for (const m of schemaSrc.matchAll(/try_value\("(\w+)", "(\w+)", "([^"]*)"/g))
  add('fuzz_schema', `${m[1]}\n${m[2]}=${m[3]}\n`);
for (const m of schemaSrc.matchAll(/set_from_text\(s, v, "(\w+)", "([^"]*)"\)/g))
  for (const lab of ['attention', 'conv1x1', 'pretrain'])
    add('fuzz_schema', `${lab}\n${m[1]}=${m[2]}\n`);
for (const t of tourSettings)
  add('fuzz_schema', `${t.lab}\n${t.settings.map(([k, v]) => `${k}=${v}\n`).join('')}`);
add('fuzz_schema', 'attention\nlr~0.003\nscale=true\nd_model~16\nheads?\n');
add('fuzz_schema', 'attention\nlength=4\nd_model=4\nheads=4\nbatch_size=1\n%3ff0000000000000\n');
add('fuzz_schema', 'nope\n%7ff8000000000001\n%0000000000000001\n');

// --- fuzz_cli: add_test(... COMMAND prayog <argv>) and the foreach cases "name|argv|expect"
const cliSrc = read('cli/CMakeLists.txt');
const argvs = [];
for (const m of cliSrc.matchAll(/COMMAND prayog ([^)\n]*(?:\n\s+--[^)\n]*)*)\)/g))
  argvs.push(m[1].split(/\s+/).filter(Boolean));
for (const m of cliSrc.matchAll(/\$<TARGET_FILE:prayog> ([^)]*)\)/g))
  argvs.push(m[1].split(/\s+/).filter((w) => w && !w.startsWith('$')));
for (const m of cliSrc.matchAll(/^\s+"[\w-]+\|([^|]*)\|/gm))
  argvs.push(m[1].split(/\s+/).filter(Boolean));
for (const a of argvs) add('fuzz_cli', a.join('\n') + '\n');
add('fuzz_cli', 'train\n--lab\nconv1x1\n--steps\n5\n--csv\nout.csv\n');

// --- fuzz_tours: {"lab", "step", {before}, {after}} of agreeing_cases()
const tourTest = read('tests/learn/test_learn_tours.cpp');
const pairs = (s) =>
  [...s.matchAll(/\{"(\w+)",\s*([^}]*)\}/g)].map(([, n, e]) => {
    const [a, b] = e.split('/').map((x) => parseFloat(x));
    return `${n}=${b === undefined ? a : a / b}`;
  });
for (const m of tourTest.matchAll(
  /\{"(attention|conv1x1|pretrain)",\s*"(\w+)",\s*\{((?:\{[^{}]*\},?\s*)*)\},\s*\{((?:\{[^{}]*\},?\s*)*)\}\}/g,
)) {
  const before = pairs(m[3]),
    after = pairs(m[4]);
  add('fuzz_tours', [m[1], m[2], '1', ...before, '--', ...after].join('\n') + '\n');
  add(
    'fuzz_tours',
    [m[1], m[2], '7', ...before, '--', ...after.slice(1), `${after[0]?.split('=')[0]}=nan`].join(
      '\n',
    ) + '\n',
  );
}
add('fuzz_tours', 'attention\nnope\n1\n');
add('fuzz_tours', 'nope\ncost\n2147483648\n');

// --- fuzz_lab: defaults and tour settings, then every call of that lab
const calls = {
  attention: [
    'step 1',
    'metrics',
    'armvalues 1',
    'train',
    'weights',
    'armmetrics 0',
    'example 3',
    'view',
    'attn 1 0 1',
    'scaling',
    'cost 8 16',
    'lr 0.001',
    'measure softmax_sum',
    'reset 5',
  ],
  images: ['step 1', 'imagemetrics', 'image 7', 'image -1', 'measure images', 'weights'],
  conv1x1: [
    'step 1',
    'explorer 16 16 1 8',
    'arms1x1',
    'weights1x1 1 0',
    'image1x1 3 5',
    'views h=8 w=8 cin=4 cout=4 bottleneck=2',
    'explorer 7 7 1 64',
    'measure pixel',
    'measure bottleneck',
  ],
  pretrain: [
    'step 2',
    'timeline 0',
    'pstep 1',
    'comparison',
    'recon 0',
    'features 0 16',
    'unit 0 1 3 7',
    'unit 1 2 0 0',
    'measure vanishing',
    'measure stages',
    'armvalues 1',
  ],
};
const small = {
  attention: [],
  images: ['mode=images', 'batch_size=4', 'image_channels=8'],
  conv1x1: ['batch_size=4'],
  pretrain: ['depth=2', 'width=32', 'steps_per_stage=10', 'batch_size=8'],
};
for (const [kind, settings] of Object.entries(small)) {
  const lab = kind === 'images' ? 'attention' : kind;
  add('fuzz_lab', [lab, ...settings, '--', ...calls[kind]].join('\n') + '\n');
}
for (const t of tourSettings) {
  const kind = t.settings.some(([k, v]) => k === 'mode' && v === 'images') ? 'images' : t.lab;
  add(
    'fuzz_lab',
    [
      t.lab,
      ...t.settings.map(([k, v]) => `${k}=${v}`),
      ...small[kind],
      '--',
      `measure ${t.step}`,
      ...calls[kind].slice(0, 4),
    ].join('\n') + '\n',
  );
}

// --- fuzz_kernels: bench-kernels' gemm shapes (m k n) and the page's workloads
const mainSrc = read('cli/main.cpp');
const shapes = [...mainSrc.matchAll(/\{(\d+), (\d+), (\d+)\}/g)].map((m) => m.slice(1).map(Number));
for (const [m, k, n] of shapes.filter(([m, k, n]) => m * k * n <= 1 << 22))
  for (const [ta, tb] of [
    [0, 0],
    [1, 0],
    [0, 1],
  ])
    add('fuzz_kernels', `gemm ${ta} ${tb} ${m} ${n} ${k} 1 0 ${m * k} ${k * n} ${m * n}\n`);
add(
  'fuzz_kernels',
  'gemm 0 0 3 2 4 2 0.5 12 8 6\ngemm 0 0 0 1 1 1 0 0 1 0\ngemm 1 1 2 2 2 nan 0 4 4 4\n',
);
add(
  'fuzz_kernels',
  'work gemm 64 64 64 1 0 0\nwork softmax 32 10 1 1 0 0\nwork conv1x1 8 8 16 8 0 0\n',
);
add(
  'fuzz_kernels',
  'work pretrain_step 2 32 0 0 0 0\nwork attention_step 0 0 0 0 0 0\nwork nope 1 1 1 1 0 0\n',
);

for (const [target, set] of Object.entries(corpora)) {
  const dir = `fuzz/corpus/${target}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const text of set) {
    const name = createHash('sha1').update(text).digest('hex').slice(0, 16);
    writeFileSync(`${dir}/${name}`, text);
  }
  console.log(`${dir}: ${set.size} seeds`);
}
