// GET /sessions semantics (NOTES.md §2.1): newest first (dateCreated desc), every filter, and the
// CommonSessionStatus groups: InProgress = not final; Succeeded = 200; Cancelled = 440;
// Failed = any other final code.
import type { CommonSessionStatusDto } from '../../ksef/wire/sessions.dto';
import { validationError } from '../server/api-error';
import { isFinal, type SessionKindName, type SessionRecord } from '../state/session';
import { optionalDate } from '../validation/request-validation';

export interface SessionQuery {
  kind: SessionKindName;
  referenceNumber?: string;
  createdFrom?: Date;
  createdTo?: Date;
  closedFrom?: Date;
  closedTo?: Date;
  modifiedFrom?: Date;
  modifiedTo?: Date;
  statuses: CommonSessionStatusDto[];
}

const STATUS_GROUPS: readonly CommonSessionStatusDto[] = [
  'InProgress',
  'Succeeded',
  'Failed',
  'Cancelled',
];

export function parseSessionQuery(query: URLSearchParams): SessionQuery {
  const type = query.get('sessionType');
  if (!type) throw validationError('The sessionType field is required.');
  if (type !== 'Online' && type !== 'Batch')
    throw validationError(`The value '${type}' is not valid for sessionType.`);
  const statuses = query
    .getAll('statuses')
    .flatMap((s) => s.split(','))
    .filter((s) => s !== '');
  for (const status of statuses) {
    if (!STATUS_GROUPS.includes(status as CommonSessionStatusDto)) {
      throw validationError(`The value '${status}' is not valid for statuses.`);
    }
  }
  const referenceNumber = query.get('referenceNumber') ?? undefined;
  if (referenceNumber !== undefined && referenceNumber.length !== 36) {
    throw validationError('The field referenceNumber must be a string with a length of 36.');
  }
  return {
    kind: type === 'Online' ? 'online' : 'batch',
    referenceNumber,
    createdFrom: optionalDate(query, 'dateCreatedFrom'),
    createdTo: optionalDate(query, 'dateCreatedTo'),
    closedFrom: optionalDate(query, 'dateClosedFrom'),
    closedTo: optionalDate(query, 'dateClosedTo'),
    modifiedFrom: optionalDate(query, 'dateModifiedFrom'),
    modifiedTo: optionalDate(query, 'dateModifiedTo'),
    statuses: statuses as CommonSessionStatusDto[],
  };
}

export function statusGroupOf(code: number): CommonSessionStatusDto {
  if (!isFinal(code)) return 'InProgress';
  if (code === 200) return 'Succeeded';
  if (code === 440) return 'Cancelled';
  return 'Failed';
}

function within(date: Date | undefined, from?: Date, to?: Date): boolean {
  if (!from && !to) return true;
  if (!date) return false;
  return (!from || date >= from) && (!to || date <= to);
}

export function matchesQuery(session: SessionRecord, query: SessionQuery): boolean {
  return (
    session.kind === query.kind &&
    (query.referenceNumber === undefined || session.referenceNumber === query.referenceNumber) &&
    within(session.dateCreated, query.createdFrom, query.createdTo) &&
    within(session.dateClosed, query.closedFrom, query.closedTo) &&
    within(session.dateUpdated, query.modifiedFrom, query.modifiedTo) &&
    (query.statuses.length === 0 || query.statuses.includes(statusGroupOf(session.status.code)))
  );
}

/** Sort key: descending order of this string is dateCreated desc, ties broken by reference. */
export function sortKeyOf(session: SessionRecord): string {
  return `${String(session.dateCreated.getTime()).padStart(15, '0')}|${session.referenceNumber}`;
}

/** A stable description of the query, so a continuation token only works with the same filters. */
export function queryScope(token: string, query: SessionQuery): string {
  return JSON.stringify(['sessions', token, { ...query, statuses: [...query.statuses].sort() }]);
}
