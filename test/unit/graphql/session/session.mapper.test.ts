import {
  SessionPhase,
  SessionStatusGroup,
  SessionType,
} from '../../../../src/graphql/session/session-enums';
import {
  toDate,
  toSession,
  toSessionUpo,
  toSessionsQuery,
  toSnapshotFromOpenResponse,
} from '../../../../src/graphql/session/session.mapper';
import {
  toSnapshotFromListItem,
  toSnapshotFromStatus,
} from '../../../../src/loaders/session-snapshot';

const ONLINE_REF = '20251122-SO-0123456789-ABCDEF0123-4F';
const BATCH_REF = '20251122-SB-0123456789-ABCDEF0123-4F';

describe('session mapper', () => {
  it('maps a status response of an online session with its UPO and counts', () => {
    const session = toSession(
      toSnapshotFromStatus(ONLINE_REF, {
        status: { code: 200, description: 'Sesja interaktywna przetworzona pomyślnie' },
        dateCreated: '2025-09-18T12:00:00.1234567+00:00',
        dateUpdated: '2025-09-18T12:05:00+02:00',
        upo: {
          pages: [
            {
              referenceNumber: '20250918-EU-2EBD6FA000-242EB9B66D-43',
              downloadUrl: 'https://example.test/upo_00.xml?sig=x',
              downloadUrlExpirationDate: '2025-09-21T15:00:50+00:00',
            },
          ],
        },
        invoiceCount: 10,
        successfulInvoiceCount: 8,
        failedInvoiceCount: 2,
      }),
    );
    expect(session.type).toBe(SessionType.ONLINE);
    expect(session.phase).toBe(SessionPhase.SUCCEEDED);
    expect(session.isTerminal).toBe(true);
    expect(session.status.details).toEqual([]);
    expect(session.dateCreated?.toISOString()).toBe('2025-09-18T12:00:00.123Z');
    expect(session.dateUpdated?.toISOString()).toBe('2025-09-18T10:05:00.000Z');
    expect(session.validUntil).toBeNull();
    expect(session.invoiceCount).toBe(10);
    expect(session.failedInvoiceCount).toBe(2);
    const upo = toSessionUpo(session.referenceNumber, session.knownUpo);
    expect(upo?.pages[0]).toMatchObject({
      referenceNumber: '20250918-EU-2EBD6FA000-242EB9B66D-43',
      sessionReferenceNumber: ONLINE_REF,
      downloadUrlExpiresAt: new Date('2025-09-21T15:00:50Z'),
    });
  });

  it('takes the session type from the reference number and the phase from the type', () => {
    const snapshot = toSnapshotFromStatus(BATCH_REF, {
      status: { code: 150, description: 'Trwa przetwarzanie', details: ['x'] },
      dateCreated: '2025-09-18T12:00:00Z',
      dateUpdated: '2025-09-18T12:00:00Z',
    });
    const session = toSession(snapshot);
    expect(session.type).toBe(SessionType.BATCH);
    expect(session.phase).toBe(SessionPhase.PROCESSING);
    expect(session.isTerminal).toBe(false);
    expect(session.status.details).toEqual(['x']);
    expect(session.knownUpo).toBeNull();
  });

  it('uses totalInvoiceCount of a list item as invoiceCount and leaves the UPO unknown', () => {
    const session = toSession(
      toSnapshotFromListItem({
        referenceNumber: ONLINE_REF,
        status: { code: 100, description: 'Sesja interaktywna otwarta' },
        dateCreated: '2025-09-18T12:00:00Z',
        dateUpdated: '2025-09-18T12:00:00Z',
        validUntil: '2025-09-19T00:00:00Z',
        totalInvoiceCount: 7,
        successfulInvoiceCount: 5,
        failedInvoiceCount: 1,
      }),
    );
    expect(session.invoiceCount).toBe(7);
    expect(session.phase).toBe(SessionPhase.OPEN);
    expect(session.knownUpo).toBeUndefined();
    expect(session.validUntil?.toISOString()).toBe('2025-09-19T00:00:00.000Z');
  });

  it('takes the listed type over what the reference number says', () => {
    // KSeF lists one type per call: a BATCH listing's item is a batch session, whatever its
    // reference number's type code looks like.
    const snapshot = toSnapshotFromStatus(ONLINE_REF, {
      status: { code: 150, description: 'Trwa przetwarzanie' },
      dateCreated: '2025-09-18T12:00:00Z',
      dateUpdated: '2025-09-18T12:00:00Z',
    });
    expect(toSession(snapshot, SessionType.BATCH).type).toBe(SessionType.BATCH);
    expect(toSession(snapshot, SessionType.BATCH).phase).toBe(SessionPhase.PROCESSING);
    expect(toSession(snapshot).type).toBe(SessionType.ONLINE);
  });

  it('uses the listed type when the reference number does not say', () => {
    const snapshot = toSnapshotFromStatus('not-a-reference', {
      status: { code: 440, description: 'Sesja anulowana' },
      dateCreated: '2025-09-18T12:00:00Z',
      dateUpdated: '2025-09-18T12:00:00Z',
    });
    expect(toSession(snapshot, SessionType.BATCH).type).toBe(SessionType.BATCH);
    expect(toSession(snapshot, SessionType.BATCH).phase).toBe(SessionPhase.CANCELLED);
  });

  it('builds an open online session from the open response without a status call', () => {
    const now = new Date('2025-09-18T12:00:00Z');
    const session = toSession(
      toSnapshotFromOpenResponse(
        { referenceNumber: ONLINE_REF, validUntil: '2025-09-19T00:00:00+00:00' },
        now,
      ),
    );
    expect(session.status).toEqual({
      code: 100,
      description: 'Sesja interaktywna otwarta',
      details: [],
    });
    expect(session.phase).toBe(SessionPhase.OPEN);
    expect(session.validUntil?.toISOString()).toBe('2025-09-19T00:00:00.000Z');
    expect(session.dateCreated).toEqual(now);
    expect(session.knownUpo).toBeNull();
  });

  it('reads absent or unreadable dates as null', () => {
    expect(toDate(undefined)).toBeNull();
    expect(toDate('')).toBeNull();
    expect(toDate('yesterday-ish')).toBeNull();
  });

  it('maps the list filter to KSeF query parameters', () => {
    expect(
      toSessionsQuery(SessionType.ONLINE, {
        referenceNumber: ONLINE_REF,
        statuses: [
          SessionStatusGroup.IN_PROGRESS,
          SessionStatusGroup.CANCELLED,
          SessionStatusGroup.IN_PROGRESS,
        ],
        createdFrom: new Date('2025-01-01T00:00:00Z'),
        modifiedTo: new Date('2025-02-01T00:00:00Z'),
      }),
    ).toEqual({
      sessionType: 'Online',
      referenceNumber: ONLINE_REF,
      statuses: ['InProgress', 'Cancelled'],
      dateCreatedFrom: '2025-01-01T00:00:00.000Z',
      dateModifiedTo: '2025-02-01T00:00:00.000Z',
    });
    expect(toSessionsQuery(SessionType.BATCH, null)).toEqual({ sessionType: 'Batch' });
  });
});
