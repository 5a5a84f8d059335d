import { KsefError } from '../../src/ksef/ksef-error';

/** Awaits a call that must fail with a KsefError and returns that error for assertions. */
export async function failure(promise: Promise<unknown>): Promise<KsefError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KsefError) return error;
    throw error;
  }
  throw new Error('expected a KsefError');
}
