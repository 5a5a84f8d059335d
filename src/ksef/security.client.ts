// GET /security/public-key-certificates: public data, so no caller and no token travel with it.
import type { KsefHttp } from './http';
import { requestJson } from './request-json';
import { isPublicKeyCertificateList } from './response-shape';
import type { PublicKeyCertificateDto } from './wire/sessions.dto';

export interface KsefSecurityClient {
  getPublicKeyCertificates(): Promise<PublicKeyCertificateDto[]>;
}

export function createKsefSecurityClient(http: KsefHttp): KsefSecurityClient {
  return {
    getPublicKeyCertificates() {
      return requestJson(
        http,
        { method: 'GET', pathTemplate: '/security/public-key-certificates', expectedStatus: [200] },
        isPublicKeyCertificateList,
        'PublicKeyCertificate list',
      );
    },
  };
}
