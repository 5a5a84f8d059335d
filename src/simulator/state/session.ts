// The simulator's records. They hold more than the wire shows (keys, plaintext, blob keys); the
// routes map them to the DTOs and never send a record as it is.
import type { FormCodeName } from '../../ksef/wire/form-codes';
import type {
  BatchFileInfoDto,
  InvoiceStatusInfoDto,
  InvoicingModeDto,
  StatusInfoDto,
} from '../../ksef/wire/sessions.dto';

export type SessionKindName = 'online' | 'batch';

export interface InvoiceRecord {
  ordinalNumber: number;
  referenceNumber: string;
  /** Base64 SHA-256 of the plaintext invoice. */
  invoiceHash: string;
  invoicingDate: Date;
  invoicingMode: InvoicingModeDto;
  status: InvoiceStatusInfoDto;
  invoiceFileName?: string;
  invoiceNumber?: string;
  sellerNip?: string;
  /** RodzajFaktury (VAT, KOR, …), part of KSeF's duplicate criterion. */
  invoiceKind?: string;
  /** Set for an offline invoice's technical correction (the only online send with attachments). */
  hashOfCorrectedInvoice?: string;
  issueDate?: string;
  ksefNumber?: string;
  acquisitionDate?: Date;
  permanentStorageDate?: Date;
  /** Key of the invoice UPO in the blob store, once generated. */
  upoBlobKey?: string;
  /** Decrypted invoice, or null when decryption failed (it will end as 435). */
  plaintext?: Buffer | null;
}

export interface UpoPageRecord {
  referenceNumber: string;
  blobKey: string;
}

export interface BatchState {
  file: BatchFileInfoDto;
  parts: Map<number, Buffer>;
  uploadDeadline: Date;
}

export interface SessionRecord {
  /** The key of the caller context that opened it (CallerIdentity.key). */
  context: string;
  kind: SessionKindName;
  referenceNumber: string;
  formCode: FormCodeName;
  status: StatusInfoDto;
  dateCreated: Date;
  dateUpdated: Date;
  dateClosed?: Date;
  validUntil: Date;
  /** The unwrapped AES-256 key; null when it could not be unwrapped (status 415). */
  key: Buffer | null;
  iv: Buffer;
  offlineMode: boolean;
  invoices: InvoiceRecord[];
  upoPages: UpoPageRecord[];
  batch?: BatchState;
}

export function isFinal(code: number): boolean {
  return code >= 200;
}

export function touch(session: SessionRecord, at: Date = new Date()): void {
  session.dateUpdated = at;
}
