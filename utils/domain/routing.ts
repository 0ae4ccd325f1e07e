/**
 * Routing suggestions: which department an unassigned post most likely belongs to, from the
 * directory's keywords. Pure; the content script compiles the directory once per change.
 *
 * Score of a department = the words of its distinct matched keywords (a two-word phrase
 * counts 2, a word 1) + 3 when the post mentions or replies to the department's handle
 * (citizens who tag a department know where their complaint goes). No suggestion when
 * nothing matches or when two departments share the top score: a coin toss would teach the
 * officer to distrust every suggestion.
 */
import { compileKeywords } from './keyword-match';
import type { Department, Post } from './types';
import { HANDLE_SOURCE, handleKey } from './x-handle';

export const HANDLE_SCORE = 3;

export interface Suggestion {
  departmentId: string;
  /** What matched, for the tooltip: keywords as written, and "@handle" for a mention. */
  matched: string[];
}

export type RoutingPost = Pick<Post, 'text' | 'replyTo'>;
/** `words`: the post's `wordsOf(post.text)` when the caller has them already. */
export type Router = (post: RoutingPost, words?: readonly string[]) => Suggestion | null;

// Not inside an e-mail address or a longer handle.
const HANDLE = new RegExp(`(?<![\\w@])@(${HANDLE_SOURCE})(?!\\w)`, 'g');

function handlesIn(post: RoutingPost): Set<string> {
  const handles = new Set(post.replyTo.map(handleKey));
  for (const [, handle] of post.text.matchAll(HANDLE)) handles.add(handleKey(handle!));
  return handles;
}

/** Compiles the directory into a router. */
export function compileRouter(departments: readonly Department[]): Router {
  const match = compileKeywords(departments.map((d) => [d.id, d.keywords] as const));
  const byHandle = new Map<string, string>();
  for (const d of departments) {
    const handle = handleKey(d.handle);
    if (handle) byHandle.set(handle, d.id);
  }

  return (post, words) => {
    const scores = new Map<string, { score: number; matched: string[] }>();
    const credit = (id: string, points: number, what: string) => {
      const entry = scores.get(id) ?? { score: 0, matched: [] };
      entry.score += points;
      entry.matched.push(what);
      scores.set(id, entry);
    };
    if (byHandle.size > 0) {
      for (const handle of handlesIn(post)) {
        const id = byHandle.get(handle);
        if (id) credit(id, HANDLE_SCORE, `@${handle}`);
      }
    }
    for (const hit of match(post.text, words)) credit(hit.key, hit.words, hit.keyword);

    let best: Suggestion | null = null;
    let bestScore = 0;
    let tie = false;
    for (const [departmentId, { score, matched }] of scores) {
      if (score > bestScore) {
        best = { departmentId, matched };
        bestScore = score;
        tie = false;
      } else if (score === bestScore) {
        tie = true;
      }
    }
    return tie ? null : best;
  };
}

const compiled = new WeakMap<readonly Department[], Router>();

/** The best department for `post`, or null when nothing matches or the top is a tie. */
export function suggestDepartment(
  post: RoutingPost,
  departments: readonly Department[],
): Suggestion | null {
  let router = compiled.get(departments);
  if (!router) {
    router = compileRouter(departments);
    compiled.set(departments, router);
  }
  return router(post);
}
