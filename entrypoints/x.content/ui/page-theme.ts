/**
 * X's theme, from the page background X sets inline on <body> (light: rgb(255, 255, 255);
 * dim: rgb(21, 32, 43); lights out: rgb(0, 0, 0)). An inline style read forces no layout.
 */
export type PageTheme = 'light' | 'dark';

export function readPageTheme(doc: Document = document): PageTheme {
  const color = doc.body?.style.backgroundColor ?? '';
  const rgb = color.match(/\d+(\.\d+)?/g)?.map(Number);
  if (!rgb || rgb.length < 3) {
    return doc.documentElement.style.colorScheme === 'dark' ? 'dark' : 'light';
  }
  const [r = 255, g = 255, b = 255] = rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
}
