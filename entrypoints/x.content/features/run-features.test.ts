// @vitest-environment jsdom
import { describe, expect, test, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContentFeature, PostBatch } from './feature';
import { runFeatures } from './run-features';

const batch = {
  href: 'https://x.com/home',
  newPage: false,
  posts: [],
  read: [],
} as Partial<PostBatch> as PostBatch;

function broken(): ContentFeature {
  return {
    name: 'broken',
    onPosts: () => {
      throw new Error('posts');
    },
    onChange: () => {
      throw new Error('change');
    },
    stop: () => {
      throw new Error('stop');
    },
  };
}

function working() {
  return { name: 'working', onPosts: vi.fn(), onChange: vi.fn(), stop: vi.fn() };
}

describe('features', () => {
  test("one feature's errors are counted and the features after it still run", () => {
    const ctx = new ContentScriptContext('x-test');
    const onError = vi.fn();
    const after = working();
    const features = runFeatures(ctx, [broken(), after], onError);
    features.onPosts(batch);
    features.onChange({ kind: 'minute' });
    ctx.notifyInvalidated();
    expect(after.onPosts).toHaveBeenCalledWith(batch);
    expect(after.onChange).toHaveBeenCalledWith({ kind: 'minute' });
    expect(after.stop).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls.map(([error]) => (error as Error).message)).toEqual([
      'posts',
      'change',
      'stop',
    ]);
  });

  test('a feature without posts or changes to follow is only stopped', () => {
    const ctx = new ContentScriptContext('x-test');
    const stop = vi.fn();
    const features = runFeatures(ctx, [{ name: 'quiet', stop }], vi.fn());
    features.onPosts(batch);
    features.onChange({ kind: 'settings' });
    expect(stop).not.toHaveBeenCalled();
    ctx.notifyInvalidated();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
