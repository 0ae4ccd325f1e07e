import { describe, expect, test } from 'vitest';
import { commentFrame, createEventQueue, eventFrame } from './event-queue';

const LIMIT = 1_000;
const page = (chars: number) =>
  eventFrame('changed', JSON.stringify({ cursor: 9, page: 'x'.repeat(chars) }));
const cursorOnly = eventFrame('changed', JSON.stringify({ cursor: 9 }));

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('an event stream’s queue', () => {
  test('a client that reads gets every event whole, however many', async () => {
    let ended = 0;
    const queue = createEventQueue(() => ended++, LIMIT);
    const reader = queue.body.getReader();
    const decoder = new TextDecoder();
    for (let i = 0; i < 20; i++) {
      queue.write(page(600), cursorOnly);
      const { value } = await reader.read();
      expect(decoder.decode(value)).toContain('x'.repeat(600));
    }
    queue.close();
    expect(await reader.read()).toMatchObject({ done: true });
    expect(ended).toBe(1);
  });

  test('a client that stops reading is sent the cursor without the page past the limit', async () => {
    const queue = createEventQueue(() => {}, LIMIT);
    expect(queue.write(page(600), cursorOnly)).toBe('frame');
    expect(queue.write(page(600), cursorOnly)).toBe('instead');
    queue.write(commentFrame('ping'));
    queue.close();

    const text = await readAll(queue.body);
    expect(text.match(/"page"/g)).toHaveLength(1);
    expect(text).toContain('data: {"cursor":9}\n\n');
    expect(text).toContain(': ping\n\n');
  });

  test('one still further behind is ended, and what waited for it is dropped', async () => {
    let ended = 0;
    const queue = createEventQueue(() => ended++, LIMIT);
    queue.write(page(900), cursorOnly);
    const written = Array.from({ length: 10 }, () => queue.write(cursorOnly));
    expect(written.at(-1)).toBe('none');
    expect(ended).toBe(1);
    queue.write(commentFrame('ping'));
    queue.close();
    expect(ended).toBe(1);

    await expect(queue.body.getReader().read()).rejects.toThrow(/fell behind/);
  });

  test('a client that goes away ends the stream once', async () => {
    let ended = 0;
    const queue = createEventQueue(() => ended++, LIMIT);
    await queue.body.cancel();
    queue.write(cursorOnly);
    queue.close();
    expect(ended).toBe(1);
  });
});
