// The official status descriptions (NOTES.md §4), in Polish as KSeF sends them.
import type { InvoiceStatusInfoDto, StatusInfoDto } from '../../ksef/wire/sessions.dto';

const ONLINE: Record<number, string> = {
  100: 'Sesja interaktywna otwarta',
  170: 'Sesja interaktywna zamknięta',
  200: 'Sesja interaktywna przetworzona pomyślnie',
  415: 'Błąd odszyfrowania dostarczonego klucza',
  440: 'Sesja anulowana',
  445: 'Błąd weryfikacji, brak poprawnych faktur',
};

const BATCH: Record<number, string> = {
  100: 'Sesja wsadowa rozpoczęta',
  150: 'Trwa przetwarzanie',
  200: 'Sesja wsadowa przetworzona pomyślnie',
  405: 'Błąd weryfikacji poprawności dostarczonych elementów paczki',
  415: 'Błąd odszyfrowania dostarczonego klucza',
  420: 'Przekroczony limit faktur w sesji',
  430: 'Błąd dekompresji pierwotnego archiwum',
  435: 'Błąd odszyfrowania zaszyfrowanych części archiwum',
  440: 'Sesja anulowana',
  445: 'Błąd weryfikacji, brak poprawnych faktur',
};

const INVOICE: Record<number, string> = {
  100: 'Faktura przyjęta do dalszego przetwarzania',
  150: 'Trwa przetwarzanie',
  200: 'Sukces',
  405: 'Przetwarzanie anulowane z powodu błędu sesji',
  410: 'Nieprawidłowy zakres uprawnień',
  415: 'Brak możliwości wysyłania faktury z załącznikiem',
  430: 'Błąd weryfikacji pliku faktury',
  435: 'Błąd odszyfrowania pliku',
  440: 'Duplikat faktury',
  450: 'Błąd weryfikacji semantyki dokumentu faktury',
  550: 'Operacja została anulowana przez system',
};

export function sessionStatus(
  kind: 'online' | 'batch',
  code: number,
  details?: string[],
): StatusInfoDto {
  const description = (kind === 'online' ? ONLINE : BATCH)[code] ?? `Nieznany błąd (${code})`;
  return details?.length ? { code, description, details } : { code, description };
}

export function invoiceStatus(
  code: number,
  details?: string[],
  extensions?: Record<string, string | null>,
): InvoiceStatusInfoDto {
  const status: InvoiceStatusInfoDto = {
    code,
    description: INVOICE[code] ?? `Nieznany błąd (${code})`,
  };
  if (details?.length) status.details = details;
  if (extensions) status.extensions = extensions;
  return status;
}
