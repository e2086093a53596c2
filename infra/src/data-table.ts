import { TABLE_KEYS } from '@gatehouse/api/infra-contract';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * Gatehouse's one DynamoDB table: tenants, connections, sessions, the audit trail and the outbox, with the
 * keys and indexes the API creates locally (TABLE_KEYS).
 *
 * Not a construct of its own: the table is created directly in `scope` (the stack), so its logical ID
 * stays `Table…`. Under a new construct path CloudFormation would create a new, empty table.
 */
export class DataTable {
  readonly table: dynamodb.Table;

  constructor(scope: Construct) {
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.Table(scope, 'Table', {
      partitionKey: attribute(TABLE_KEYS.partitionKey),
      sortKey: attribute(TABLE_KEYS.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The event publisher reads the outbox items from the stream (docs/events.md).
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      // Tenants, connections and the audit trail outlive any one deployment.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2, TABLE_KEYS.gsi3]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
