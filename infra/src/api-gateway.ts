import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface ApiStageOptions {
  retention: logs.RetentionDays;
  /** Steady-state request rate limit (requests per second). */
  rateLimit?: number;
  burstLimit?: number;
  /** The discovery route's own steady rate and burst, apart from the rest of the API. */
  discoveryRateLimit?: number;
  discoveryBurstLimit?: number;
}

/**
 * The HTTP API in front of the API Lambda: its routes, its one throttled and logged stage. CloudFront
 * reaches it under /v1 (originDomainName).
 *
 * Not a construct of its own: everything is created directly in `scope` (the stack), so the logical IDs
 * stay those of the deployed stack. The API exists before its function (the distribution needs its
 * domain, and the function the distribution's URL); serve() connects the two.
 */
export class ApiGateway {
  readonly httpApi: apigwv2.HttpApi;

  constructor(private readonly scope: Construct) {
    this.httpApi = new apigwv2.HttpApi(scope, 'HttpApi', {
      description: 'Gatehouse API, reached through CloudFront under /v1',
      createDefaultStage: false,
    });
  }

  /** The API's own host name, CloudFront's origin for /v1/*. */
  get originDomainName(): string {
    return `${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }

  /** Routes /v1 to `apiFunction` on the `$default` stage, with access logs and throttling. */
  serve(apiFunction: lambda.IFunction, options: ApiStageOptions): apigwv2.HttpStage {
    const apiIntegration = new HttpLambdaIntegration('ApiIntegration', apiFunction);
    this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [apigwv2.HttpMethod.ANY], integration: apiIntegration });
    // Discovery on a route of its own: HTTP API throttles each route apart, so a flood of lookups from the
    // login pages uses up discovery's allowance, never the wizard's and the console's.
    this.httpApi.addRoutes({ path: '/v1/discovery', methods: [apigwv2.HttpMethod.POST], integration: apiIntegration });
    const accessLogs = new logs.LogGroup(this.scope, 'ApiAccessLogs', {
      retention: options.retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new apigwv2.HttpStage(this.scope, 'ApiStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: options.rateLimit ?? 50, burstLimit: options.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    (stage.node.defaultChild as apigwv2.CfnStage).addPropertyOverride('RouteSettings', {
      'POST /v1/discovery': {
        ThrottlingRateLimit: options.discoveryRateLimit ?? 100,
        ThrottlingBurstLimit: options.discoveryBurstLimit ?? 200,
      },
    });
    return stage;
  }
}
