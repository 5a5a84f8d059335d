// A pino destination that keeps what was written, for tests that read the gateway's log lines.
import { Writable } from 'node:stream';
import type { Json } from './stack';

export interface CapturedLog {
  stream: Writable;
  raw(): string;
  lines(): Record<string, Json>[];
}

export function captureLog(): CapturedLog {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString('utf8'));
        callback();
      },
    }),
    raw: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, Json>),
  };
}
