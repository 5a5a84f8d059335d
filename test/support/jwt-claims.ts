// An unsigned JWT-shaped token with the given claims, as the gateway sees KSeF's access tokens
// (it decodes them, it cannot verify them).
export function jwtWithClaims(claims: Record<string, unknown>, signature = 'c2lnbmF0dXJl'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${signature}`;
}
