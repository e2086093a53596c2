import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseName, splitCharacterStrings, startDnsServer, type TestDnsServer } from '../src/index.ts';

/** The error code node:dns gives for a lookup, or 'OK'. */
async function lookupCode(resolver: Resolver, name: string): Promise<string> {
  try {
    await resolver.resolveTxt(name);
    return 'OK';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
  }
}

describe('test DNS server through node:dns', () => {
  let dns: TestDnsServer;
  let resolver: Resolver;

  beforeAll(async () => {
    dns = await startDnsServer();
    // Exactly how the API queries: a Resolver pointed at one server, no fallback.
    resolver = new Resolver({ timeout: 2_000, tries: 1 });
    resolver.setServers([dns.address]);
  });
  afterAll(() => dns.stop());

  it('listens on a free loopback port', () => {
    expect(dns.host).toBe('127.0.0.1');
    expect(dns.port).toBeGreaterThan(0);
    expect(dns.address).toBe(`127.0.0.1:${dns.port}`);
  });

  it('answers the TXT records set at run time, one record per value', async () => {
    dns.setTxt('_gatehouse.acme.example', ['gatehouse-verification=abc123', 'v=spf1 -all']);
    const records = await resolver.resolveTxt('_gatehouse.acme.example');
    expect(records.map((chunks) => chunks.join('')).sort()).toEqual(['gatehouse-verification=abc123', 'v=spf1 -all']);
  });

  it('replaces a record set when set again', async () => {
    dns.setTxt('replace.acme.example', ['first']);
    dns.setTxt('replace.acme.example', ['second']);
    expect(await resolver.resolveTxt('replace.acme.example')).toEqual([['second']]);
  });

  it('splits a TXT value over 255 characters into character-strings that join back', async () => {
    const long = `gatehouse-verification=${'x'.repeat(300)}${'y'.repeat(300)}`;
    dns.setTxt('_gatehouse.long.example', [long]);
    const [record] = await resolver.resolveTxt('_gatehouse.long.example');
    expect(record?.length).toBe(3);
    for (const chunk of record ?? []) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(255);
    expect(record?.join('')).toBe(long);
  });

  it('delivers a record set too large for a UDP answer whole, over TCP', async () => {
    const values = Array.from({ length: 8 }, (_, index) => `${index}:${'z'.repeat(400)}`);
    dns.setTxt('big.acme.example', values);
    const records = await resolver.resolveTxt('big.acme.example');
    expect(records.map((chunks) => chunks.join('')).sort()).toEqual(values);
  });

  it('matches names without regard to case or a trailing dot', async () => {
    dns.setTxt('_Gatehouse.MixedCase.Example.', ['token-1']);
    expect(await resolver.resolveTxt('_gatehouse.mixedcase.example')).toEqual([['token-1']]);
    expect(await resolver.resolveTxt('_GATEHOUSE.MIXEDCASE.EXAMPLE.')).toEqual([['token-1']]);
  });

  it('answers NXDOMAIN (ENOTFOUND) for a name it does not know', async () => {
    expect(await lookupCode(resolver, 'nothing-here.example')).toBe('ENOTFOUND');
  });

  it('answers an empty NOERROR (ENODATA) for a name that only has records below it', async () => {
    dns.setTxt('_gatehouse.parent.example', ['token']);
    expect(await lookupCode(resolver, 'parent.example')).toBe('ENODATA');
  });

  it('answers an empty NOERROR (ENODATA) for another record type of a known name', async () => {
    dns.setTxt('typed.example', ['token']);
    await expect(resolver.resolve4('typed.example')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('forgets a removed record: the name is unknown again', async () => {
    dns.setTxt('_gatehouse.removed.example', ['token']);
    expect(await lookupCode(resolver, '_gatehouse.removed.example')).toBe('OK');
    dns.removeTxt('_gatehouse.removed.example.');
    expect(await lookupCode(resolver, '_gatehouse.removed.example')).toBe('ENOTFOUND');
  });
});

describe('TXT character-string splitting', () => {
  it('keeps short values whole and an empty value as one empty string', () => {
    expect(splitCharacterStrings('abc')).toEqual(['abc']);
    expect(splitCharacterStrings('')).toEqual(['']);
  });

  it('cuts at 255 bytes exactly', () => {
    expect(splitCharacterStrings('a'.repeat(510)).map((piece) => piece.length)).toEqual([255, 255]);
    expect(splitCharacterStrings('a'.repeat(511)).map((piece) => piece.length)).toEqual([255, 255, 1]);
  });

  it('never cuts inside a multi-byte character', () => {
    const value = `${'a'.repeat(254)}é${'b'.repeat(10)}`;
    const pieces = splitCharacterStrings(value);
    expect(pieces).toEqual(['a'.repeat(254), `é${'b'.repeat(10)}`]);
    expect(pieces.join('')).toBe(value);
  });

  it('normalises names to lower case without the trailing dot', () => {
    expect(normaliseName('_Gatehouse.Acme.Example.')).toBe('_gatehouse.acme.example');
  });
});

describe('test DNS server lifecycle', () => {
  it('stops and frees its port for UDP and TCP', async () => {
    const dns = await startDnsServer();
    const { port } = dns;
    await dns.stop();
    const again = await startDnsServer({ port });
    expect(again.port).toBe(port);
    await again.stop();
  });
});
