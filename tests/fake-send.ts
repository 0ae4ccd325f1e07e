import type { sendToBackground } from '../utils/messaging/transport';

/**
 * A stand-in for `sendToBackground` in component tests: records each request and answers
 * from `answerFor`; a request with no answer fails the way an unknown one would.
 */
export function fakeSend(
  record: (name: string, data: unknown) => void,
  answerFor: (name: string) => ((data: never) => unknown) | undefined,
): typeof sendToBackground {
  return (async (name: string, data: unknown) => {
    record(name, data);
    const answer = answerFor(name);
    if (!answer) throw new Error(`unexpected ${name}`);
    return answer(data as never);
  }) as typeof sendToBackground;
}
