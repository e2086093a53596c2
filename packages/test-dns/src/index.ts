export { type DnsServerOptions, normaliseName, splitCharacterStrings, startDnsServer, type TestDnsServer } from './dns-server.ts';
