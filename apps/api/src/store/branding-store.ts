import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Branding } from '@gatehouse/core';
import { GatehouseError } from '@gatehouse/core';
import { isConditionFailure } from './dynamo-errors.ts';
import { parseBrandingItem } from './item-schemas.ts';
import type { DynamoConnection } from './table.ts';

/** The installation's branding of the setup wizard: one item for the whole table, like a job's last run. */
export interface BrandingStore {
  /** The stored branding, or null while the operator has never saved any. */
  get(): Promise<Branding | null>;
  /** Stores `branding` (whose version is the next one) if the stored version is still `expectedVersion`. */
  save(branding: Branding & { updatedAt: string }, expectedVersion: number): Promise<void>;
}

const brandingKey = { PK: 'SETTINGS', SK: 'BRANDING' };

export class DynamoBrandingStore implements BrandingStore {
  constructor(private readonly db: DynamoConnection) {}

  async get(): Promise<Branding | null> {
    const result = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: brandingKey, ConsistentRead: true }),
    );
    if (!result.Item) return null;
    const item = parseBrandingItem(result.Item);
    return {
      productName: item.productName,
      accentColor: item.accentColor,
      logo: item.logo,
      version: item.version,
      updatedAt: item.updatedAt,
    };
  }

  async save(branding: Branding & { updatedAt: string }, expectedVersion: number): Promise<void> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: { ...brandingKey, type: 'branding', ...branding },
          // Version 0 is the branding nobody has saved yet: there is no item to compare with.
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.get();
      throw new GatehouseError('VERSION_CONFLICT', 'Someone else changed the branding at the same time. Reload and try again.', {
        currentVersion: current?.version ?? 0,
      });
    }
  }
}
