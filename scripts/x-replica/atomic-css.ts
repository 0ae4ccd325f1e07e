/**
 * Rebuilds the atomic CSS rules that the saved X pages lack.
 *
 * X is built with react-native-web, which inserts most of its `r-…` class rules through the
 * CSSOM; a saved page keeps only the rules that were in the `<style>` text, so roughly a third
 * of the classes in the saved markup have no rule. React-native-web names each class after a
 * hash of its declaration (`r-` + murmurhash2(camelCaseProperty + value)), so the missing rules
 * can be recovered exactly by hashing candidate declarations and keeping the ones whose name
 * appears in the markup. Nothing is guessed: a class with no matching candidate stays unstyled.
 */

/** murmurhash2 (32-bit, seed 1) in base 36, as react-native-web names its classes. */
export function rnwHash(str: string): string {
  let l = str.length;
  let h = 1 ^ l;
  let i = 0;
  const mul = (a: number) =>
    (a & 0xffff) * 0x5bd1e995 + ((((a >>> 16) * 0x5bd1e995) & 0xffff) << 16);
  while (l >= 4) {
    let k =
      (str.charCodeAt(i) & 0xff) |
      ((str.charCodeAt(++i) & 0xff) << 8) |
      ((str.charCodeAt(++i) & 0xff) << 16) |
      ((str.charCodeAt(++i) & 0xff) << 24);
    k = mul(k);
    k ^= k >>> 24;
    k = mul(k);
    h = mul(h) ^ k;
    l -= 4;
    ++i;
  }
  // The last one to three bytes.
  if (l >= 3) h ^= (str.charCodeAt(i + 2) & 0xff) << 16;
  if (l >= 2) h ^= (str.charCodeAt(i + 1) & 0xff) << 8;
  if (l >= 1) {
    h ^= str.charCodeAt(i) & 0xff;
    h = mul(h);
  }
  h ^= h >>> 13;
  h = mul(h);
  h ^= h >>> 15;
  return (h >>> 0).toString(36);
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** React-native shorthands and the longhands react-native-web writes for them. */
const EXPAND: Record<string, string[]> = {
  paddingHorizontal: ['padding-left', 'padding-right'],
  paddingVertical: ['padding-bottom', 'padding-top'],
  marginHorizontal: ['margin-left', 'margin-right'],
  marginVertical: ['margin-bottom', 'margin-top'],
  borderColor: [
    'border-bottom-color',
    'border-left-color',
    'border-right-color',
    'border-top-color',
  ],
  borderWidth: [
    'border-bottom-width',
    'border-left-width',
    'border-right-width',
    'border-top-width',
  ],
  borderStyle: [
    'border-bottom-style',
    'border-left-style',
    'border-right-style',
    'border-top-style',
  ],
  borderRadius: [
    'border-bottom-left-radius',
    'border-bottom-right-radius',
    'border-top-left-radius',
    'border-top-right-radius',
  ],
  overflow: ['overflow-x', 'overflow-y'],
  // Logical names hash as written but come out as physical sides (X is laid out left to right).
  paddingInline: ['padding-left', 'padding-right'],
  paddingBlock: ['padding-bottom', 'padding-top'],
  marginInline: ['margin-left', 'margin-right'],
  marginBlock: ['margin-bottom', 'margin-top'],
  paddingInlineStart: ['padding-left'],
  paddingInlineEnd: ['padding-right'],
  paddingBlockStart: ['padding-top'],
  paddingBlockEnd: ['padding-bottom'],
  marginInlineStart: ['margin-left'],
  marginInlineEnd: ['margin-right'],
  marginBlockStart: ['margin-top'],
  marginBlockEnd: ['margin-bottom'],
  insetInlineStart: ['left'],
  insetInlineEnd: ['right'],
  borderInlineStartWidth: ['border-left-width'],
  borderInlineEndWidth: ['border-right-width'],
  borderInlineStartColor: ['border-left-color'],
  borderInlineEndColor: ['border-right-color'],
  borderStartStartRadius: ['border-top-left-radius'],
  borderStartEndRadius: ['border-top-right-radius'],
  borderEndStartRadius: ['border-bottom-left-radius'],
  borderEndEndRadius: ['border-bottom-right-radius'],
  overscrollBehavior: ['overscroll-behavior-x', 'overscroll-behavior-y'],
};

const LENGTH_PROPS = [
  'padding',
  'paddingTop',
  'paddingBottom',
  'paddingLeft',
  'paddingRight',
  'paddingHorizontal',
  'paddingVertical',
  'margin',
  'marginTop',
  'marginBottom',
  'marginLeft',
  'marginRight',
  'marginHorizontal',
  'marginVertical',
  'width',
  'height',
  'minWidth',
  'minHeight',
  'maxWidth',
  'maxHeight',
  'top',
  'bottom',
  'left',
  'right',
  'fontSize',
  'lineHeight',
  'borderWidth',
  'borderTopWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'borderRightWidth',
  'borderRadius',
  'borderTopLeftRadius',
  'borderTopRightRadius',
  'borderBottomLeftRadius',
  'borderBottomRightRadius',
  'flexBasis',
  'gap',
  'rowGap',
  'columnGap',
  'letterSpacing',
  'marginStart',
  'marginEnd',
  'paddingStart',
  'paddingEnd',
  'paddingInline',
  'paddingBlock',
  'marginInline',
  'marginBlock',
  'paddingInlineStart',
  'paddingInlineEnd',
  'paddingBlockStart',
  'paddingBlockEnd',
  'marginInlineStart',
  'marginInlineEnd',
  'marginBlockStart',
  'marginBlockEnd',
  'insetInlineStart',
  'insetInlineEnd',
  'borderInlineStartWidth',
  'borderInlineEndWidth',
  'borderStartStartRadius',
  'borderStartEndRadius',
  'borderEndStartRadius',
  'borderEndEndRadius',
];
const KEYWORD_PROPS: Record<string, string[]> = {
  flexDirection: ['row', 'column', 'row-reverse', 'column-reverse'],
  flexWrap: ['wrap', 'nowrap'],
  justifyContent: [
    'center',
    'flex-start',
    'flex-end',
    'space-between',
    'space-around',
    'space-evenly',
  ],
  alignItems: ['center', 'flex-start', 'flex-end', 'stretch', 'baseline'],
  alignSelf: ['center', 'flex-start', 'flex-end', 'stretch', 'baseline', 'auto'],
  alignContent: ['center', 'flex-start', 'flex-end', 'stretch'],
  position: ['absolute', 'relative', 'fixed', 'sticky', 'static'],
  display: [
    'none',
    'flex',
    'block',
    'inline',
    'inline-block',
    'inline-flex',
    'grid',
    '-webkit-box',
    'contents',
  ],
  overflow: ['hidden', 'visible', 'auto', 'scroll', 'clip'],
  overflowX: ['hidden', 'visible', 'auto', 'scroll'],
  overflowY: ['hidden', 'visible', 'auto', 'scroll'],
  textOverflow: ['ellipsis', 'clip', 'unset'],
  whiteSpace: ['nowrap', 'pre-wrap', 'normal', 'pre'],
  wordWrap: ['break-word', 'normal'],
  overflowWrap: ['break-word', 'anywhere', 'normal'],
  wordBreak: ['break-word', 'break-all', 'normal'],
  cursor: ['pointer', 'default', 'inherit', 'text', 'auto'],
  pointerEvents: ['none', 'auto', 'box-none'],
  outlineStyle: ['none'],
  textAlign: ['center', 'left', 'right', 'start', 'end', 'inherit', 'justify'],
  fontWeight: ['400', '500', '600', '700', '800', 'bold', 'normal'],
  fontStyle: ['normal', 'italic'],
  fontVariant: ['normal'],
  visibility: ['hidden', 'visible'],
  borderStyle: ['solid', 'dashed', 'none'],
  verticalAlign: ['text-bottom', 'middle', 'top', 'bottom', 'baseline'],
  textDecorationLine: ['none', 'underline'],
  userSelect: ['none', 'text', 'auto'],
  boxSizing: ['border-box'],
  objectFit: ['cover', 'contain'],
  backgroundRepeat: ['no-repeat', 'repeat'],
  backgroundSize: ['cover', 'contain', '100%'],
  backgroundPosition: ['center', 'center center', '0'],
  touchAction: ['manipulation', 'pan-y', 'none', 'auto'],
  transitionProperty: [
    'transform',
    'opacity',
    'background-color, box-shadow',
    'background-color',
    'color',
  ],
  transitionDuration: ['0.2s', '0.1s', '0.3s', '0.15s'],
  transitionTimingFunction: ['ease', 'ease-in-out', 'linear'],
  willChange: ['transform', 'opacity'],
  overscrollBehavior: ['contain', 'none', 'auto'],
  isolation: ['isolate'],
  clip: ['rect(1px, 1px, 1px, 1px)'],
  fontFeatureSettings: ["'ss01' on"],
  textTransform: ['uppercase', 'none'],
  listStyle: ['none'],
  forcedColorAdjust: ['none'],
  fill: ['currentcolor', 'currentColor'],
  WebkitLineClamp: ['1', '2', '3', '4', '5'],
  WebkitBoxOrient: ['vertical'],
  opacity: ['0', '1', '0.5'],
  zIndex: ['-1', '0', '1', '2', '3', '10', '100'],
  flex: ['1', '0', 'auto', 'none'],
  flexGrow: ['0', '1', '2'],
  flexShrink: ['0', '1'],
  maxWidth: ['100%', 'none', 'calc(100% - 20px)'],
  transform: [
    'translateX(-50%) translateY(-50%)',
    'translateY(-50%)',
    'translateX(-50%)',
    'scaleX(-1)',
    'translateZ(0px)',
  ],
  height: ['100%', 'auto', '1.25em', '1.2em', '1em', '0.75em', '100vh', '50%'],
  width: ['100%', 'auto', '1.25em', '1.2em', '1em', '0.75em', '50%', 'fit-content', '100vw'],
  maxHeight: ['100%', 'none'],
  minWidth: ['0px', '100%', 'auto'],
  minHeight: ['0px', '100%', 'auto'],
  fontFamily: [
    'TwitterChirp, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
    'TwitterChirpExtendedHeavy, "Verdana", -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
    'TwitterChirpExtendedHeavy, Verdana, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  ],
  lineHeight: ['normal', '1', 'inherit'],
  fontSize: ['inherit', '1em'],
  color: ['inherit'],
};
const COLOUR_PROPS = [
  'borderInlineStartColor',
  'borderInlineEndColor',
  'color',
  'backgroundColor',
  'borderColor',
  'borderBottomColor',
  'borderTopColor',
  'borderLeftColor',
  'borderRightColor',
  'outlineColor',
];
const RGB = [
  [0, 0, 0],
  [255, 255, 255],
  [231, 233, 234],
  [113, 118, 123],
  [47, 51, 54],
  [22, 24, 28],
  [32, 35, 39],
  [62, 65, 68],
  [29, 155, 240],
  [239, 243, 244],
  [15, 20, 25],
  [83, 100, 113],
  [207, 217, 222],
  [247, 249, 249],
  [249, 24, 128],
  [0, 186, 124],
  [244, 33, 46],
  [91, 112, 131],
  [51, 54, 57],
  [24, 26, 28],
  [26, 140, 216],
  [142, 205, 248],
  [120, 86, 255],
  [255, 212, 0],
  [21, 32, 43],
  [170, 17, 0],
  [39, 44, 48],
  [25, 39, 52],
  [56, 68, 77],
  [136, 153, 166],
];
const ALPHAS = [
  '1.00',
  '0.00',
  '0.10',
  '0.15',
  '0.20',
  '0.30',
  '0.40',
  '0.50',
  '0.60',
  '0.65',
  '0.75',
  '0.77',
  '0.85',
  '0.90',
];

/**
 * Classes seen in saved pages whose names hash something other than the declaration written
 * (logical properties resolved for left-to-right, older react-native-web versions).
 */
const NAMED: Record<string, [string, string]> = {
  'r-poiln3': ['fontFamily', 'inherit'],
  'r-aqfbo4': ['backfaceVisibility', 'hidden'],
  'r-417010': ['zIndex', '0'],
  'r-45ll9u': ['left', '50%'],
  'r-ocobd0': ['right', '50%'],
  'r-5f1w11': ['left', '-2px'],
  'r-vqxq0j': ['border', '0 solid black'],
  'r-3t4u6i': ['marginLeft', '2px'],
  'r-1ez5h0i': ['marginLeft', '4px'],
  'r-1kkk96v': ['marginLeft', '8px'],
  'r-1kpi4qh': ['marginLeft', '0.075em'],
  'r-x1x4zq': ['marginRight', '2px'],
  'r-1gs4q39': ['marginRight', '4px'],
  'r-1wron08': ['marginRight', '8px'],
  'r-k4bwe5': ['marginRight', '0.075em'],
  'r-pp5qcn': ['verticalAlign', '-20%'],
};

/**
 * React-native-web's order of atomic rules: shorthands first, then the paired sides, then
 * everything else, so that a longhand always wins over a shorthand whatever the class order.
 */
function ruleGroup(property: string) {
  const shorthands = ['border', 'borderColor', 'borderRadius', 'borderStyle', 'borderWidth'];
  shorthands.push('display', 'flex', 'inset', 'margin', 'overflow', 'overscrollBehavior');
  shorthands.push('padding');
  if (shorthands.includes(property)) return 0;
  if (/(Horizontal|Vertical|Inline|Block)$/.test(property)) return 1;
  return 2;
}

/** class → [property, value] */
function candidates(): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>(Object.entries(NAMED));
  const add = (p: string, v: string) => {
    out.set('r-' + rnwHash(p + v), [p, v]);
  };
  const lengths = [];
  for (let n = -100; n <= 800; n++) lengths.push(`${n}px`);
  for (let n = 0; n <= 100; n++) lengths.push(`${n}%`, `${n / 10}px`, `${n / 100}px`);
  for (const x of [
    '0.5px',
    '0.01px',
    '1.5px',
    '2.5px',
    '3.5px',
    '0',
    '0.1em',
    '0.075em',
    '0.25em',
    '0.5em',
    '1em',
    '2em',
    'auto',
    '9999px',
    '-9999px',
    '1.3125rem',
    '1.25rem',
  ])
    lengths.push(x);
  for (const p of LENGTH_PROPS) for (const v of lengths) add(p, v);
  for (const [p, vs] of Object.entries(KEYWORD_PROPS)) for (const v of vs) add(p, v);
  for (const p of COLOUR_PROPS) {
    for (const [r, g, b] of RGB) for (const a of ALPHAS) add(p, `rgba(${r},${g},${b},${a})`);
  }
  return out;
}

/**
 * CSS rules for the atomic classes in `classes` that `knownCss` does not define.
 */
export function recoverAtomicCss(
  classes: Iterable<string>,
  knownCss: string,
): { css: string; unresolved: string[] } {
  const defined = new Set([...knownCss.matchAll(/\.(r-[a-z0-9]+)[\s{,:>]/g)].map((m) => m[1]));
  const table = candidates();
  const rules: [number, string][] = [];
  const unresolved = [];
  for (const c of new Set(classes)) {
    if (!c.startsWith('r-') || defined.has(c)) continue;
    const hit = table.get(c);
    if (!hit) {
      unresolved.push(c);
      continue;
    }
    const [p, v] = hit;
    const props = EXPAND[p] ?? [
      kebab(p)
        .replace(/^webkit-/, '-webkit-')
        .replace(/^-?Webkit/, '-webkit-'),
    ];
    rules.push([
      ruleGroup(p),
      `.${c}{${props.map((q) => `${q.startsWith('W') ? '-' + kebab(q) : q}:${v};`).join('')}}`,
    ]);
  }
  rules.sort((a, b) => a[0] - b[0]);
  return { css: rules.map(([, rule]) => rule).join('\n'), unresolved };
}
