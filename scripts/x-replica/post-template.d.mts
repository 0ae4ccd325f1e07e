// Types for post-template.mjs, for the TypeScript tests (the project does not check .mjs).
export type PostKind = 'normal' | 'repost' | 'quote' | 'promoted';
export interface QuotedSpec {
  handle: string;
  name: string;
  text: string;
  createdAt: string;
  id?: string;
}
export interface PostSpec {
  id: string;
  handle: string;
  name: string;
  text: string;
  createdAt: string;
  kind: PostKind;
  repostedBy?: { handle: string; name: string } | string;
  quoted?: QuotedSpec;
}
export interface RenderOptions {
  nowMs?: number;
  lang?: 'en' | 'id';
  focused?: boolean;
  cellStyle?: string;
}
export interface Template {
  html: string;
  textSpanClass: string;
  showMore?: string;
}
export type Templates = Record<PostKind | 'focused', Template> & { emojiClass: string };
export const repoRoot: string;
export const FIXTURES_DIR: string;
export const TEMPLATE_SOURCES: Record<PostKind | 'focused', { file: string; index: number }>;
export const LIGHT_COLOURS: [string, string][];
export function fixtureDocument(file: string): Document;
export function loadTemplates(): Templates;
export function applyTheme(s: string, theme: 'dark' | 'light'): string;
export function themedTemplates(theme: 'dark' | 'light'): Templates;
export function fillPost(
  templates: Templates,
  spec: PostSpec,
  options?: RenderOptions & { uid?: string },
): string;
export function renderPost(
  spec: PostSpec,
  options?: RenderOptions & { theme?: 'dark' | 'light' },
): string;
