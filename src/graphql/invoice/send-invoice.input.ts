// Arguments of `Mutation.sendInvoice`.
import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description: "The session's AES key and IV, Base64, when you hold them yourself.",
})
export class SessionKeyInput {
  @Field(() => String, { description: 'Base64 of the 32-byte AES-256 key.' })
  symmetricKey!: string;

  @Field(() => String, { description: 'Base64 of the 16-byte initialisation vector.' })
  initializationVector!: string;
}

@InputType({ description: 'One invoice to send into an open online session.' })
export class SendInvoiceInput {
  @Field(() => ID, { description: 'The online session (type `SO`) to send it into.' })
  sessionReferenceNumber!: string;

  @Field(() => String, {
    description:
      'The invoice document (UTF-8 XML without BOM), exactly as it is to be stored: its hash is of these bytes.',
  })
  invoiceXml!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The `sessionKey` handle from openOnlineSession (or give `key`; exactly one).',
  })
  sessionKey?: string | null;

  @Field(() => SessionKeyInput, {
    nullable: true,
    description: "The session's key and IV in clear (or give `sessionKey`; exactly one).",
  })
  key?: SessionKeyInput | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'The invoice was issued in offline mode (KSeF offline24 and outage modes).',
  })
  offlineMode!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Base64 SHA-256 of the offline invoice this one technically corrects (KSeF technical correction).',
  })
  hashOfCorrectedInvoice?: string | null;
}
