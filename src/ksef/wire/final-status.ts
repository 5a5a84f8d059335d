// KSeF's rule for the status of a session or of an invoice in one: a code ≥ 200 is final (success
// 200, every error code 4xx/5xx). A final status never changes again, which is what lets the
// gateway stop polling and keep the answer (shared-reads/). Declared once here, on the wire floor,
// so that domain/ and ksef/ ask the same question.
export const FIRST_FINAL_STATUS_CODE = 200;

export function isFinalStatusCode(statusCode: number): boolean {
  return statusCode >= FIRST_FINAL_STATUS_CODE;
}
