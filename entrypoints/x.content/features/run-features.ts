import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContentFeature, PageChange, PostBatch } from './feature';

/**
 * Hands each batch of posts and each change to every feature, in their order. A feature that
 * throws is counted (`onError`) and the others still run: one broken feature must not take
 * the rest, or X's page, with it.
 */
export function runFeatures(
  ctx: ContentScriptContext,
  features: readonly ContentFeature[],
  onError: (error: unknown) => void,
) {
  function each(call: (feature: ContentFeature) => void) {
    for (const feature of features) {
      try {
        call(feature);
      } catch (error) {
        onError(error);
      }
    }
  }

  ctx.onInvalidated(() => each((feature) => feature.stop()));

  return {
    onPosts: (batch: PostBatch) => each((feature) => feature.onPosts?.(batch)),
    onChange: (change: PageChange) => each((feature) => feature.onChange?.(change)),
  };
}
