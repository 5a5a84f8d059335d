import {
  MAX_AUTH_OPERATIONS,
  MAX_OUTSTANDING_CHALLENGES,
  createAuthOperations,
} from '../../../../src/simulator/auth/auth-operations';

const challenge = (n: number, at: number, lifetime = 600_000) => ({
  challenge: `challenge-${n}`,
  timestampMs: at,
  expiresAt: at + lifetime,
});

describe('the authentication state', () => {
  it('keeps at most its cap of challenges however many are asked for, the oldest giving way', () => {
    const state = createAuthOperations();
    for (let n = 0; n < MAX_OUTSTANDING_CHALLENGES + 500; n++)
      state.addChallenge(challenge(n, 0), 0);
    expect(state.stats().challenges).toBe(MAX_OUTSTANDING_CHALLENGES);
    expect(state.takeChallenge('challenge-0', 1)).toBeUndefined();
    expect(state.takeChallenge(`challenge-${MAX_OUTSTANDING_CHALLENGES + 499}`, 1)).toBeDefined();
  });

  it('drops expired challenges as new ones arrive and hands out each one once', () => {
    const state = createAuthOperations();
    state.addChallenge(challenge(1, 0, 1_000), 0);
    state.addChallenge(challenge(2, 500, 1_000), 500);
    state.addChallenge(challenge(3, 1_200, 1_000), 1_200);
    expect(state.stats().challenges).toBe(2);
    expect(state.takeChallenge('challenge-2', 1_400)).toMatchObject({ timestampMs: 500 });
    expect(state.takeChallenge('challenge-2', 1_400)).toBeUndefined();
    expect(state.takeChallenge('challenge-3', 2_200)).toBeUndefined();
  });

  it('keeps at most its cap of operations', () => {
    const state = createAuthOperations();
    for (let n = 0; n < MAX_AUTH_OPERATIONS + 10; n++) {
      state.addOperation({
        referenceNumber: `op-${n}`,
        context: { type: 'Nip', value: '5265877635' },
        startedAt: 0,
        decidedAt: 0,
        outcome: { code: 200, description: 'ok' },
        redeemed: false,
      });
    }
    expect(state.stats().operations).toBe(MAX_AUTH_OPERATIONS);
    expect(state.operation('op-0')).toBeUndefined();
  });
});
