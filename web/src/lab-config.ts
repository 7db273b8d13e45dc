// A lab's settings <-> URL (the permalink). The schema comes from the engine, so the page keeps the
// raw URL parameters until the engine is ready and then parses them strictly: every value is
// checked against its field (type, range, choices); a bad value or an unknown key falls back to
// the default and leaves a notice. `v` is the schema version the link was made with.
import type { ConfigValues, LabSchema, SchemaField } from '../../wasm/api.js';
import type { Preset } from './presets';
import type { Notice } from './state';

/** URL parameters that belong to the page, not to a lab. */
export const PAGE_PARAMS: readonly string[] = [
  'lab',
  'lang',
  'embed',
  'hide',
  'preset',
  'autoplay',
  'tour',
  'step',
  'v',
];

const MAX_SHOWN = 40;

function shown(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean;
}

/** The defaults of a schema as config values. */
export function defaults(schema: LabSchema): ConfigValues {
  return Object.fromEntries(schema.fields.map((f) => [f.key, f.default]));
}

/** Where a lab starts before the URL's own keys: its defaults, then the preset's values. */
export function baseValues(schema: LabSchema, preset: Preset | null): ConfigValues {
  const base = defaults(schema);
  for (const f of schema.fields) {
    const v = preset?.values[f.key];
    if (v !== undefined) base[f.key] = v;
  }
  return base;
}

/** A field's value from text (URL or input), or null when it is not a valid value of the field. */
export function parseField(field: SchemaField, raw: string): string | number | boolean | null {
  const text = raw.trim();
  switch (field.type) {
    case 'bool':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      return null;
    case 'choice':
      return field.choices?.includes(text) ? text : null;
    case 'int': {
      if (!/^-?\d{1,12}$/.test(text)) return null;
      const n = Number(text);
      return n >= field.min && n <= field.max ? n : null;
    }
    case 'float': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
      const n = Number(text);
      return Number.isFinite(n) && n >= field.min && n <= field.max ? n : null;
    }
  }
}

/** Text of a value for the URL (String gives numbers their shortest round-tripping form). */
export function formatValue(value: string | number | boolean): string {
  return String(value);
}

export interface ParsedLabParams {
  values: ConfigValues;
  notices: Notice[];
}

/**
 * Lab settings from a location.search string. Keys are URL names (same as the schema keys); they
 * override the preset's values. Never throws; what it cannot follow becomes a notice and the
 * field's starting value (the preset's, else the default).
 */
export function parseLabParams(
  search: string,
  schema: LabSchema,
  preset: Preset | null = null,
): ParsedLabParams {
  const values = baseValues(schema, preset);
  const notices: Notice[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { values, notices };
  }
  const version = params.get('v');
  if (version !== null && version !== String(schema.version)) {
    notices.push({
      key: 'notice.bad_version',
      params: { value: shown(version), version: String(schema.version) },
    });
  }
  const byKey = new Map(schema.fields.map((f) => [f.key, f]));
  const seen = new Set<string>();
  for (const [name, raw] of params) {
    if (PAGE_PARAMS.includes(name)) continue;
    const field = byKey.get(name);
    if (!field) {
      notices.push({ key: 'notice.unknown_key', params: { name: shown(name) } });
      continue;
    }
    if (seen.has(name)) {
      notices.push({ key: 'notice.repeated', params: { name } });
      continue;
    }
    seen.add(name);
    const value = parseField(field, raw);
    if (value === null) {
      notices.push({
        key: 'notice.bad_value',
        params: { name, value: shown(raw), default: formatValue(values[name] ?? field.default) },
      });
    } else {
      values[name] = value;
    }
  }
  return { values, notices };
}

/**
 * URL parameters of a lab's settings: `v`, the seed always (a permalink must reproduce the run),
 * and every other key that differs from its default or that the preset sets (so the link still
 * means the same run if a preset is ever retuned), in schema order.
 */
export function serializeLabParams(
  schema: LabSchema,
  values: ConfigValues,
  preset: Preset | null = null,
): string[] {
  const parts = [`v=${schema.version}`];
  for (const f of schema.fields) {
    const value = values[f.key];
    if (value === undefined) continue;
    const fromPreset = preset?.values[f.key] !== undefined;
    if (f.key !== 'seed' && value === f.default && !fromPreset) continue;
    parts.push(`${f.key}=${encodeURIComponent(formatValue(value))}`);
  }
  return parts;
}
