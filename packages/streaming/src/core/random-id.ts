/**
 * A new id of 128 random bits, base64url (22 characters): unguessable, so that holding a stream's id can be what
 * lets a client read or stop it.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // 16 bytes are 22 base64 characters and 2 of padding, which a slice drops.
  return btoa(String.fromCharCode(...bytes))
    .slice(0, 22)
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
