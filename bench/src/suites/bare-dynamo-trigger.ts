// The cold-start reference for the tenant claims trigger: a bare Pre Token Generation handler that makes
// the one read any such trigger needs, with the AWS SDK's DynamoDB client, and returns the event.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT }),
);

export const handler = async (event: { userName: string; response: Record<string, unknown> }) => {
  const provider = event.userName.slice(0, event.userName.indexOf('_'));
  const found = await doc.send(
    new GetCommand({ TableName: process.env.GATEHOUSE_TABLE, Key: { PK: `PROVIDER#${provider}`, SK: 'PROVIDER' } }),
  );
  return { ...event, response: { found: Boolean(found.Item) } };
};
