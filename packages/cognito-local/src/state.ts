import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One attribute of a pool's schema, as DescribeUserPool returns it. */
export interface SchemaAttribute {
  Name: string;
  AttributeDataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  DeveloperOnlyAttribute: boolean;
  Mutable: boolean;
  Required: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

export interface PoolRecord {
  Id: string;
  Name: string;
  Arn: string;
  CreationDate: number;
  LastModifiedDate: number;
  SchemaAttributes: SchemaAttribute[];
  /** Other CreateUserPool inputs, echoed back by DescribeUserPool. */
  settings: Record<string, unknown>;
  Domain?: string;
  clients: Record<string, ClientRecord>;
  /** Identity providers in creation order (ListIdentityProviders pages through them in that order). */
  idps: Record<string, IdpRecord>;
  groups: Record<string, GroupRecord>;
  users: Record<string, UserRecord>;
  /** Resource servers by identifier; absent in state saved before they existed. */
  resourceServers?: Record<string, ResourceServerRecord>;
  /** The pool's RSA key for tokens and its SAML signing certificate, made when first needed. */
  keys?: PoolKeys;
}

export interface PoolKeys {
  kid: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  /** PEM private key and base64 DER certificate for SAML (AuthnRequest signing, GetSigningCertificate). */
  samlPrivateKeyPem: string;
  samlCertificate: string;
}

export interface ClientRecord {
  UserPoolId: string;
  ClientId: string;
  ClientName: string;
  ClientSecret?: string;
  CreationDate: number;
  LastModifiedDate: number;
  [setting: string]: unknown;
}

export interface IdpRecord {
  UserPoolId: string;
  ProviderName: string;
  ProviderType: string;
  ProviderDetails: Record<string, string>;
  AttributeMapping: Record<string, string>;
  IdpIdentifiers: string[];
  CreationDate: number;
  LastModifiedDate: number;
  /** Metadata XML in force (from MetadataFile or fetched from MetadataURL). */
  samlMetadata?: string;
}

export interface GroupRecord {
  GroupName: string;
  UserPoolId: string;
  Description?: string;
  RoleArn?: string;
  Precedence?: number;
  CreationDate: number;
  LastModifiedDate: number;
}

export interface ResourceServerRecord {
  UserPoolId: string;
  Identifier: string;
  Name: string;
  Scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
}

export interface UserRecord {
  Username: string;
  Attributes: Record<string, string>;
  UserCreateDate: number;
  UserLastModifiedDate: number;
  Enabled: boolean;
  UserStatus: string;
  groups: string[];
  /** Native users: the password as an scrypt hash (`scrypt$<salt>$<hash>`, base64url), never the password. */
  passwordHash?: string;
}

export interface StateData {
  pools: Record<string, PoolRecord>;
  /** Domain prefix -> pool id. */
  domains: Record<string, string>;
}

/** Where the state lives between runs: nowhere (memory only) or one JSON file in a folder. */
export interface StateStore {
  load(): StateData;
  save(data: StateData): void;
}

export const memoryStore = (): StateStore => ({
  load: () => ({ pools: {}, domains: {} }),
  save: () => undefined,
});

/** Keeps the state in `<dir>/cognito-local.json`, written atomically after every change. */
export function fileStore(dir: string): StateStore {
  const file = join(dir, 'cognito-local.json');
  return {
    load() {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as StateData;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pools: {}, domains: {} };
        throw error;
      }
    },
    save(data) {
      mkdirSync(dir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(data));
      renameSync(temporary, file);
    },
  };
}
