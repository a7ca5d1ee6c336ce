import { describe, expect, it } from 'vitest';
import { PLAIN_HTTP_WARNING, URL_CREDENTIALS_ERROR, optionalTextMax, plainHttpWarning, urlCredentialsError } from './validation';

describe('plainHttpWarning', () => {
  it.each(['http://api.example.com', 'HTTP://10.0.0.5:8080/v1', 'http://localhost.example.com'])(
    'warns about plain http to %s',
    (url) => expect(plainHttpWarning(url)).toBe(PLAIN_HTTP_WARNING),
  );

  it.each(['https://api.example.com', 'http://localhost:8080', 'http://127.0.0.1/api', 'http://[::1]:9000', '', 'http'])(
    'stays quiet for %s',
    (url) => expect(plainHttpWarning(url)).toBeNull(),
  );
});

describe('urlCredentialsError', () => {
  it.each(['https://admin:s3cret@api.example.com', 'https://token@api.example.com', 'http://u:p@', 'https://a:b@host with space'])(
    'refuses credentials in %s, as the backend does',
    (url) => expect(urlCredentialsError(url)).toBe(URL_CREDENTIALS_ERROR),
  );

  it.each(['https://api.example.com/path@v2', 'https://api.example.com', 'mailto:team@example.com', ''])(
    'accepts %s',
    (url) => expect(urlCredentialsError(url)).toBeNull(),
  );
});

describe('optionalTextMax', () => {
  it('allows empty text and counts characters, not UTF-16 units, like the backend', () => {
    const rule = optionalTextMax('Description', 3);
    expect(rule('')).toBeNull();
    expect(rule(' 😀😀😀 ')).toBeNull();
    expect(rule('abcd')).toBe('Description must be at most 3 characters');
  });
});
