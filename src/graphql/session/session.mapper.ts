// Pure conversions from what KSeF said (a SessionSnapshot: list item, status response or open
// response) into the GraphQL `Session`. No I/O here; unit-tested.
import { sessionKindOf } from '../../ksef/wire/reference-number';
import type { SessionKind } from '../../ksef/wire/reference-number';
import { isTerminalStatus, toSessionPhase } from '../../domain/session-phase';
import type { SessionSnapshot } from '../../loaders/session-snapshot';
import type {
  OpenOnlineSessionResponseDto,
  SessionsQueryDto,
  UpoResponseDto,
} from '../../ksef/wire/sessions.dto';
import type { SessionPhase } from './session-enums';
import { SessionStatusGroup, SessionType } from './session-enums';
import type { SessionFilter } from './session-filter.input';
import { SessionUpo, Session, UpoPage } from './session.type';

/** KSeF's description of status 100 of an online session (KSeF docs: faktury/sesje/sesja-sprawdzenie-stanu-i-pobranie-upo.md). */
export const ONLINE_SESSION_OPEN_DESCRIPTION = 'Sesja interaktywna otwarta';

export function toSessionType(kind: SessionKind): SessionType {
  return kind === 'online' ? SessionType.ONLINE : SessionType.BATCH;
}

export function toSessionKind(type: SessionType): SessionKind {
  return type === SessionType.ONLINE ? 'online' : 'batch';
}

/** A date KSeF sent (ISO with offset, up to 7 fractional digits) as a Date; null when absent or unreadable. */
export function toDate(value: string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The session type comes from the reference number (`SO`/`SB`); `fallbackType` covers a reference
 * that does not say (then the caller knows it, e.g. from the list query's `type`).
 */
/**
 * `listedType` is the type a `GET /sessions` page was asked for: KSeF lists one type per call, so
 * that is the truth for its items whatever their reference numbers look like. Otherwise the
 * reference number's type code (`SO`/`SB`) tells, and ONLINE when it tells nothing.
 */
export function toSession(snapshot: SessionSnapshot, listedType?: SessionType): Session {
  const kind = sessionKindOf(snapshot.referenceNumber);
  const type = listedType ?? (kind ? toSessionType(kind) : SessionType.ONLINE);
  const session = new Session();
  session.referenceNumber = snapshot.referenceNumber;
  session.type = type;
  session.status = {
    code: snapshot.status.code,
    description: snapshot.status.description,
    details: snapshot.status.details ?? [],
  };
  session.phase = toSessionPhase(toSessionKind(type), snapshot.status.code) as SessionPhase;
  session.isTerminal = isTerminalStatus(snapshot.status.code);
  session.dateCreated = toDate(snapshot.dateCreated);
  session.dateUpdated = toDate(snapshot.dateUpdated);
  session.validUntil = toDate(snapshot.validUntil);
  session.invoiceCount = snapshot.invoiceCount;
  session.successfulInvoiceCount = snapshot.successfulInvoiceCount;
  session.failedInvoiceCount = snapshot.failedInvoiceCount;
  session.knownUpo = snapshot.upo;
  return session;
}

export function toSessionUpo(
  sessionReferenceNumber: string,
  upo: UpoResponseDto | null | undefined,
): SessionUpo | null {
  if (!upo) return null;
  const result = new SessionUpo();
  result.pages = upo.pages.map((page) => {
    const item = new UpoPage();
    item.referenceNumber = page.referenceNumber;
    item.downloadUrl = page.downloadUrl;
    // The spec requires the date; a missing one is treated as already expired, not as "never".
    item.downloadUrlExpiresAt = toDate(page.downloadUrlExpirationDate) ?? new Date(0);
    item.sessionReferenceNumber = sessionReferenceNumber;
    return item;
  });
  return result;
}

/**
 * An online session right after `POST /sessions/online`: KSeF's answer has only the reference and
 * `validUntil`, and KSeF's rule fixes the rest (status 100, no invoices yet), so no status call.
 */
export function toSnapshotFromOpenResponse(
  response: OpenOnlineSessionResponseDto,
  now: Date,
): SessionSnapshot {
  return {
    referenceNumber: response.referenceNumber,
    status: { code: 100, description: ONLINE_SESSION_OPEN_DESCRIPTION, details: [] },
    dateCreated: now.toISOString(),
    dateUpdated: now.toISOString(),
    validUntil: response.validUntil,
    invoiceCount: 0,
    successfulInvoiceCount: 0,
    failedInvoiceCount: 0,
    upo: null,
    source: 'open',
  };
}

const STATUS_GROUPS: Readonly<
  Record<SessionStatusGroup, NonNullable<SessionsQueryDto['statuses']>[number]>
> = {
  [SessionStatusGroup.IN_PROGRESS]: 'InProgress',
  [SessionStatusGroup.SUCCEEDED]: 'Succeeded',
  [SessionStatusGroup.FAILED]: 'Failed',
  [SessionStatusGroup.CANCELLED]: 'Cancelled',
};

/** The list arguments as KSeF query parameters (without `pageSize`, which paging decides). */
export function toSessionsQuery(
  type: SessionType,
  filter: SessionFilter | null | undefined,
): SessionsQueryDto {
  const query: SessionsQueryDto = { sessionType: type === SessionType.ONLINE ? 'Online' : 'Batch' };
  if (!filter) return query;
  if (filter.referenceNumber) query.referenceNumber = filter.referenceNumber;
  if (filter.statuses && filter.statuses.length > 0) {
    query.statuses = [...new Set(filter.statuses)].map((s) => STATUS_GROUPS[s]);
  }
  const iso = (date: Date | null | undefined): string | undefined => date?.toISOString();
  const dates: [keyof SessionsQueryDto, Date | null | undefined][] = [
    ['dateCreatedFrom', filter.createdFrom],
    ['dateCreatedTo', filter.createdTo],
    ['dateClosedFrom', filter.closedFrom],
    ['dateClosedTo', filter.closedTo],
    ['dateModifiedFrom', filter.modifiedFrom],
    ['dateModifiedTo', filter.modifiedTo],
  ];
  for (const [key, value] of dates) {
    const text = iso(value);
    if (text !== undefined) (query as unknown as Record<string, string>)[key] = text;
  }
  return query;
}
