// Input of `Mutation.openOnlineSession`.
import { Field, InputType } from 'type-graphql';
import { FormCode } from './session-enums';

@InputType({
  description:
    'Your own session key: an AES-256 key wrapped with RSA-OAEP (SHA-256) for the KSeF certificate of usage SymmetricKeyEncryption.',
})
export class EncryptionInput {
  @Field(() => String, {
    description: 'Base64 of the RSA-OAEP-encrypted 32-byte AES key (256–512 bytes).',
  })
  encryptedSymmetricKey!: string;

  @Field(() => String, { description: 'Base64 of the 16-byte AES-CBC initialisation vector.' })
  initializationVector!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Base64 (44 characters) id of the KSeF public key used to wrap the key.',
  })
  publicKeyId?: string | null;
}

@InputType({ description: 'What to open an online (interactive) session with.' })
export class OpenOnlineSessionInput {
  @Field(() => FormCode, { description: 'The invoice schema of the session.' })
  formCode!: FormCode;

  @Field(() => EncryptionInput, {
    nullable: true,
    description: 'Omitted: the gateway generates the key and returns it once in `generatedKey`.',
  })
  encryption?: EncryptionInput | null;
}
