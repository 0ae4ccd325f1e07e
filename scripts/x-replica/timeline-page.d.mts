// Types for timeline-page.mjs, for the TypeScript tests (the project does not check .mjs).
import type { PostSpec } from './post-template.mjs';
export const OFFICER: { handle: string; name: string };
export interface PageOptions {
  theme?: 'dark' | 'light';
  path?: string;
  posts: PostSpec[];
  replies?: Record<string, PostSpec[]>;
  lang?: 'en' | 'id';
}
export function renderTimelinePage(options: PageOptions): string;
