import { createRequestLog } from '../../../src/simulator/server/request-log';
import type { RequestLogEntry } from '../../../src/simulator/server/request-log';

function entry(method: string, route: string, status = 200): RequestLogEntry {
  return { method, path: '/v2/x', route, status, at: new Date(), hadAuthorization: true };
}

describe('the simulator request log', () => {
  it('counts every request exactly while keeping only the newest entries in full', () => {
    const log = createRequestLog(100);
    for (let i = 0; i < 1_000; i++) log.record(entry('GET', 'GET /sessions/{referenceNumber}'));
    for (let i = 0; i < 250; i++) log.record(entry('POST', 'POST /sessions/online', 201));

    expect(log.count()).toBe(1_250);
    expect(log.count({ method: 'get' })).toBe(1_000);
    expect(log.count({ route: 'POST /sessions/online' })).toBe(250);
    expect(log.count({ method: 'GET', route: 'POST /sessions/online' })).toBe(0);
    const kept = log.entries();
    expect(kept).toHaveLength(100);
    expect(kept.every((e) => e.route === 'POST /sessions/online')).toBe(true);
  });

  it('starts again from zero after clear()', () => {
    const log = createRequestLog(10);
    log.record(entry('GET', 'GET /sessions'));
    log.clear();
    expect(log.count()).toBe(0);
    expect(log.entries()).toEqual([]);
  });
});
