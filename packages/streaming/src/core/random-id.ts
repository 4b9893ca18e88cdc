/**
 * A new id of 128 random bits, base64url (22 characters): unguessable, so that holding a stream's id can be what
 * lets a client read or stop it.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
