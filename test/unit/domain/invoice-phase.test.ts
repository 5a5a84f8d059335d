import { isTerminalInvoiceStatus, toInvoicePhase } from '../../../src/domain/invoice-phase';

describe('the phase of an invoice', () => {
  it.each([
    [100, 'PROCESSING', false],
    [150, 'PROCESSING', false],
    [200, 'ACCEPTED', true],
    [405, 'REJECTED', true],
    [430, 'REJECTED', true],
    [440, 'REJECTED', true],
    [450, 'REJECTED', true],
    [550, 'REJECTED', true],
    [120, 'UNKNOWN', false],
    [300, 'UNKNOWN', true],
  ])('status %i is %s (final: %s)', (code, phase, terminal) => {
    expect(toInvoicePhase(code)).toBe(phase);
    expect(isTerminalInvoiceStatus(code)).toBe(terminal);
  });
});
