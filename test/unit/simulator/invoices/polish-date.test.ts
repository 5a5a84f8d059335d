import { isCalendarDate, polishDate } from '../../../../src/simulator/invoices/polish-date';

describe('polishDate', () => {
  it('gives the day in Poland, one hour ahead of UTC in winter and two in summer', () => {
    expect(polishDate(new Date('2026-01-15T22:59:59Z'))).toBe('2026-01-15');
    expect(polishDate(new Date('2026-01-15T23:00:00Z'))).toBe('2026-01-16');
    expect(polishDate(new Date('2026-07-15T21:59:59Z'))).toBe('2026-07-15');
    expect(polishDate(new Date('2026-07-15T22:00:00Z'))).toBe('2026-07-16');
  });
});

describe('isCalendarDate', () => {
  it('takes existing days in YYYY-MM-DD only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(isCalendarDate('01.02.2026')).toBe(false);
  });
});
