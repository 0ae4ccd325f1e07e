/**
 * Reads a `/metrics` answer as Prometheus would: every line a comment (`# HELP`, `# TYPE`) or
 * a sample `name{labels} value` of a family typed before it; anything else fails the test.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;

export function parseExposition(text: string): Sample[] {
  const typed = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = TYPE.exec(line);
    if (type) {
      typed.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`Not a Prometheus sample: ${line}`);
    const [, name, labelText = '', valueText] = m;
    const family = name!.replace(/_(bucket|sum|count|total)$/, '');
    if (!typed.has(name!) && !typed.has(family)) throw new Error(`No # TYPE before ${name}`);
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    let read = 0;
    for (let l = LABEL.exec(labelText); l; l = LABEL.exec(labelText)) {
      labels[l[1]!] = l[2]!;
      read = LABEL.lastIndex;
    }
    if (read !== labelText.length) throw new Error(`Bad labels: ${line}`);
    // Prometheus reads values as Go's ParseFloat does: NaN and Inf in any case.
    const special = { nan: NaN, '+inf': Infinity, inf: Infinity, '-inf': -Infinity };
    const lower = valueText!.toLowerCase() as keyof typeof special;
    const value = lower in special ? special[lower] : Number(valueText);
    if (Number.isNaN(value) && lower !== 'nan') throw new Error(`Bad value: ${line}`);
    samples.push({ name: name!, labels, value });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include `labels`. */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
