/**
 * The server's log lines while a test runs: every line written to stdout or stderr, parsed as
 * the JSON object it must be (a line that is not one fails the test), all levels included.
 */
import { afterEach, vi } from 'vitest';
import type { LogFields } from '../log';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

export function captureLogs(): { records(): LogFields[]; text(): string } {
  vi.stubEnv('TANGGAP_LOG_FORMAT', 'json');
  vi.stubEnv('TANGGAP_LOG_LEVEL', 'info');
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
  return {
    records: () => lines.map((line) => JSON.parse(line) as LogFields),
    text: () => lines.join('\n'),
  };
}
