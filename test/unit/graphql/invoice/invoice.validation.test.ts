import { checkSendInvoiceInput } from '../../../../src/graphql/invoice/invoice.validation';
import type { SendInvoiceInput } from '../../../../src/graphql/invoice/send-invoice.input';

const base = (): SendInvoiceInput => ({
  sessionReferenceNumber: '20261202-SO-0123456789-ABCDEF0123-4F',
  invoiceXml: '<Faktura><Fa><P_2>FV/1</P_2></Fa></Faktura>',
  sessionKey: 'v1.k.abc',
  key: null,
  offlineMode: false,
  hashOfCorrectedInvoice: null,
});

function fieldOf(input: SendInvoiceInput): unknown {
  try {
    checkSendInvoiceInput(input);
  } catch (error) {
    return (error as { extensions?: { field?: string; code?: string } }).extensions;
  }
  return 'accepted';
}

describe('sendInvoice arguments', () => {
  it('take a handle or a key, the document as bytes', () => {
    expect(checkSendInvoiceInput(base())).toMatchObject({
      keySource: { kind: 'handle', handle: 'v1.k.abc' },
    });
    const withKey = checkSendInvoiceInput({
      ...base(),
      sessionKey: null,
      key: {
        symmetricKey: Buffer.alloc(32).toString('base64'),
        initializationVector: Buffer.alloc(16).toString('base64'),
      },
    });
    expect(withKey.keySource).toMatchObject({ kind: 'key' });
    expect(withKey.document.toString('utf8')).toBe(base().invoiceXml);
  });

  it.each([
    [
      'both a handle and a key',
      { key: { symmetricKey: 'a', initializationVector: 'b' } },
      'input.key',
    ],
    ['neither', { sessionKey: null }, 'input.sessionKey'],
    [
      'a batch session',
      { sessionReferenceNumber: '20261202-SB-0123456789-ABCDEF0123-4F' },
      'input.sessionReferenceNumber',
    ],
    ['a malformed reference', { sessionReferenceNumber: 'nope' }, 'input.sessionReferenceNumber'],
    [
      'a short key',
      {
        sessionKey: null,
        key: { symmetricKey: 'AAAA', initializationVector: Buffer.alloc(16).toString('base64') },
      },
      'input.key.symmetricKey',
    ],
    [
      'a corrected-invoice hash that is not one',
      { hashOfCorrectedInvoice: 'abc' },
      'input.hashOfCorrectedInvoice',
    ],
    ['broken XML', { invoiceXml: '<Faktura>' }, 'input.invoiceXml'],
  ])('refuse %s, naming the field', (_name, change, field) => {
    expect(fieldOf({ ...base(), ...change })).toEqual({
      code: 'BAD_USER_INPUT',
      field,
    });
  });
});
