/**
 * Sign-in through a hosted identity provider (Cognito's hosted UI) with the authorization code
 * flow and PKCE (RFC 7636): the page keeps a random verifier, sends its SHA-256 as the
 * challenge, and proves it holds the verifier when it trades the code for tokens. WebCrypto
 * only, so the same code runs in browsers and in Node's tests.
 */

/** Bytes in the unpadded base64url alphabet of RFC 4648 §5. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** A fresh verifier (32 random bytes: 43 characters), its S256 challenge, and a `state`. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string; state: string }> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  return {
    verifier,
    challenge: await challengeOf(verifier),
    state: base64Url(crypto.getRandomValues(new Uint8Array(16))),
  };
}

/** The hosted sign-in page to send the browser to. */
export function authorizeLocation(options: {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
}): string {
  const url = new URL(options.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: 'openid email profile',
    code_challenge: options.challenge,
    code_challenge_method: 'S256',
    state: options.state,
  }).toString();
  return url.href;
}

/** The token endpoint beside the authorize endpoint: `https://…/oauth2/token`. */
export function tokenEndpoint(authorizeUrl: string): string {
  return new URL('/oauth2/token', authorizeUrl).href;
}

/** The form body that trades an authorization code for tokens. */
export function tokenRequestBody(options: {
  clientId: string;
  code: string;
  redirectUri: string;
  verifier: string;
}): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: options.clientId,
    code: options.code,
    redirect_uri: options.redirectUri,
    code_verifier: options.verifier,
  }).toString();
}
