import { createTimers } from '../../../../src/simulator/state/timers';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('simulator timers', () => {
  it('hand what a step throws or rejects with to its onError, not to the process', async () => {
    const report = jest.fn();
    const timers = createTimers(report);
    const caught: unknown[] = [];
    const both = new Promise<void>((resolve) => {
      const onError = (error: unknown) => {
        caught.push(error);
        if (caught.length === 2) resolve();
      };
      timers.after(
        0,
        () => {
          throw new Error('thrown');
        },
        onError,
      );
      timers.after(0, () => Promise.reject(new Error('rejected')), onError);
    });
    await both;
    expect(caught.map(String).sort()).toEqual(['Error: rejected', 'Error: thrown']);
    expect(report).not.toHaveBeenCalled();
    timers.clearAll();
  });

  it('report a failure without onError, a failing onError, and survive a reporter that throws', async () => {
    const reported: unknown[] = [];
    const timers = createTimers((error) => {
      reported.push(error);
      throw new Error('the reporter broke too');
    });
    timers.after(0, () => {
      throw new Error('no handler');
    });
    timers.after(
      0,
      () => {
        throw new Error('first');
      },
      () => {
        throw new Error('handler broke');
      },
    );
    while (timers.pending() > 0 || reported.length < 3) await turn();
    expect(reported.map(String)).toEqual([
      'Error: no handler',
      'Error: first',
      'Error: handler broke',
    ]);
    timers.clearAll();
  });

  it('resolve a turn after pending I/O, and cancel steps and turns on clearAll', async () => {
    const timers = createTimers(jest.fn());
    await timers.nextTurn();
    const ran = jest.fn();
    timers.after(0, ran);
    let resumed = false;
    void timers.nextTurn().then(() => (resumed = true));
    expect(timers.pending()).toBe(2);
    timers.clearAll();
    expect(timers.pending()).toBe(0);
    for (let i = 0; i < 5; i++) await turn();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(ran).not.toHaveBeenCalled();
    expect(resumed).toBe(false);
    timers.after(0, ran); // after stop: ignored
    expect(timers.pending()).toBe(0);
  });
});
