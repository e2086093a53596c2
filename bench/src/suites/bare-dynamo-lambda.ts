// A second cold-start reference: the bare Hono handler plus the one thing discovery cannot skip, the
// AWS SDK's DynamoDB client making one GetItem. What Gatehouse costs beyond it is its own code and zod.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT }),
);
const app = new Hono();
app.post('/v1/discovery', async (c) => {
  const { email } = await c.req.json<{ email: string }>();
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const owner = await doc.send(
    new GetCommand({ TableName: process.env.GATEHOUSE_TABLE, Key: { PK: `DOMAIN#${domain}`, SK: 'DOMAIN' } }),
  );
  return c.json({ providerName: owner.Item ? 'found' : null });
});

export const handler = handle(app);
