import * as v from 'valibot';

/** A Cognito trigger's settings (tenant claims, SSO enforcement), from its Lambda environment or the local stack. */
const triggerEnvSchema = v.object({
  GATEHOUSE_TABLE: v.pipe(v.string('Set GATEHOUSE_TABLE to Gatehouse’s DynamoDB table name.'), v.minLength(3)),
  AWS_REGION: v.pipe(v.string('Set AWS_REGION.'), v.minLength(1)),
  /** DynamoDB Local; unset in AWS. */
  DYNAMODB_ENDPOINT: v.optional(v.pipe(v.string(), v.url())),
  /** How long a provider's tenant is kept in the Lambda instance (0 to 300 seconds). */
  TRIGGER_CACHE_SECONDS: v.optional(
    v.pipe(v.string(), v.transform(Number), v.number(), v.integer(), v.minValue(0), v.maxValue(300)),
    '10',
  ),
  LOG_LEVEL: v.optional(v.picklist(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
});

export interface TriggerConfig {
  tableName: string;
  region: string;
  dynamoEndpoint: string | undefined;
  cacheSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/** Parses the trigger's settings; throws a readable error naming every bad one. */
export function loadTriggerConfig(source: Record<string, string | undefined> = process.env): TriggerConfig {
  const parsed = v.safeParse(triggerEnvSchema, source);
  if (!parsed.success) {
    const lines = parsed.issues.map((issue) => `  ${v.getDotPath(issue) ?? ''}: ${issue.message}`);
    throw new Error(`Invalid trigger configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.output;
  return {
    tableName: env.GATEHOUSE_TABLE,
    region: env.AWS_REGION,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT,
    cacheSeconds: env.TRIGGER_CACHE_SECONDS,
    logLevel: env.LOG_LEVEL,
  };
}
