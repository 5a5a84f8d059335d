import { isTerminalStatus, toSessionPhase } from '../../../src/domain/session-phase';

describe('session phase rules', () => {
  it.each([
    [100, 'OPEN', false],
    [170, 'CLOSING', false],
    [200, 'SUCCEEDED', true],
    [415, 'FAILED', true],
    [440, 'CANCELLED', true],
    [445, 'FAILED', true],
    [500, 'FAILED', true],
    [999, 'UNKNOWN', true],
    [120, 'UNKNOWN', false],
  ] as const)('online status %i is %s (terminal: %s)', (code, phase, terminal) => {
    expect(toSessionPhase('online', code)).toBe(phase);
    expect(isTerminalStatus(code)).toBe(terminal);
  });

  it.each([
    [100, 'OPEN', false],
    [150, 'PROCESSING', false],
    [200, 'SUCCEEDED', true],
    [405, 'FAILED', true],
    [415, 'FAILED', true],
    [420, 'FAILED', true],
    [430, 'FAILED', true],
    [435, 'FAILED', true],
    [440, 'CANCELLED', true],
    [445, 'FAILED', true],
    [500, 'FAILED', true],
    [170, 'UNKNOWN', false],
  ] as const)('batch status %i is %s (terminal: %s)', (code, phase, terminal) => {
    expect(toSessionPhase('batch', code)).toBe(phase);
    expect(isTerminalStatus(code)).toBe(terminal);
  });
});
