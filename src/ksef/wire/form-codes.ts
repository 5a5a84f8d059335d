// The invoice schemas a session can be opened for (the OpenAPI spec's FormCode and KSeF docs: sesja-interaktywna.md). The GraphQL enum names map to
// KSeF's `FormCode` triple; note the space in `FA (3)`, which matches `KodFormularza@kodSystemowy`.
import type { FormCodeDto } from './sessions.dto';

export type FormCodeName = 'FA_2' | 'FA_3' | 'PEF_3' | 'PEF_KOR_3' | 'FA_RR_1';

export const FORM_CODES: Readonly<Record<FormCodeName, FormCodeDto>> = {
  FA_2: { systemCode: 'FA (2)', schemaVersion: '1-0E', value: 'FA' },
  FA_3: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
  PEF_3: { systemCode: 'PEF (3)', schemaVersion: '2-1', value: 'PEF' },
  PEF_KOR_3: { systemCode: 'PEF_KOR (3)', schemaVersion: '2-1', value: 'PEF' },
  FA_RR_1: { systemCode: 'FA_RR (1)', schemaVersion: '1-1E', value: 'FA_RR' },
};

/** Form codes KSeF accepts in batch sessions (PEF is online only). */
export const BATCH_FORM_CODES: readonly FormCodeName[] = ['FA_2', 'FA_3', 'FA_RR_1'];

export function toFormCodeDto(name: FormCodeName): FormCodeDto {
  return FORM_CODES[name];
}

/** The enum name of a wire form code, or null when KSeF does not support that combination. */
export function formCodeNameOf(dto: FormCodeDto): FormCodeName | null {
  for (const [name, code] of Object.entries(FORM_CODES) as [FormCodeName, FormCodeDto][]) {
    if (
      code.systemCode === dto.systemCode &&
      code.schemaVersion === dto.schemaVersion &&
      code.value === dto.value
    ) {
      return name;
    }
  }
  return null;
}
