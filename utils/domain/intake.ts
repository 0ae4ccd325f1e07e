/**
 * Intake: which posts are citizens' mentions of the team's own accounts. Every such post is
 * received, whether or not anyone assigns it; the team's own posts and promoted posts are not.
 */
import type { Post } from './types';
import { HANDLE_SOURCE, handleKey } from './x-handle';

const MENTION = new RegExp(`(?:^|[^A-Za-z0-9_@])@(${HANDLE_SOURCE})(?![A-Za-z0-9_])`, 'g');

/** The handles mentioned in `text` ("@Pemkot"), as compared (`handleKey`), each once. */
export function mentionedHandles(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(MENTION)) found.add(handleKey(match[1]!));
  return [...found];
}

/** The watched accounts `post` is addressed to (mentioned in its text or replied to), as typed in the settings. */
export function watchedAddressees(
  post: Pick<Post, 'authorHandle' | 'text' | 'replyTo' | 'promoted'>,
  watchedHandles: readonly string[],
): string[] {
  if (post.promoted || watchedHandles.length === 0) return [];
  const watched = new Map(watchedHandles.map((h) => [handleKey(h), h]));
  if (watched.has(handleKey(post.authorHandle))) return [];
  const addressed = new Set([...mentionedHandles(post.text), ...post.replyTo.map(handleKey)]);
  return [...watched].filter(([key]) => addressed.has(key)).map(([, typed]) => typed);
}

/** Whether `post` is intake: a citizen's post addressed to one of the team's watched accounts. */
export const isIntakePost = (
  post: Pick<Post, 'authorHandle' | 'text' | 'replyTo' | 'promoted'>,
  watchedHandles: readonly string[],
): boolean => watchedAddressees(post, watchedHandles).length > 0;
