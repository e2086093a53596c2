import { EDGE_SECRET_HEADER, WEB_CSP, type WebRuntimeConfig } from '@gatehouse/api/infra-contract';
import { Aws, Duration, Fn, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { SPA_ROUTING_FUNCTION_CODE } from './spa-routing.ts';
import type { StackParameters } from './stack-parameters.ts';

export interface WebDistributionProps {
  parameters: StackParameters;
  /** The HTTP API's host name: CloudFront serves /v1/* from it, on the portal's own origin. */
  apiOriginDomainName: string;
  /** The built web app (apps/web/dist), uploaded to the bucket. */
  webDistDir: string;
  /** Named in /config.json. */
  environmentName: string;
}

/**
 * The portal as browsers reach it: the web app's bucket, the CloudFront distribution in front of it and of
 * the API (under /v1, same origin), their response headers, the optional custom domain and web ACL, and
 * the upload of the built app with its /config.json.
 *
 * Not a construct of its own: everything is created directly in `scope` (the stack), so the logical IDs
 * stay those of the deployed stack (a new distribution would mean a new domain name).
 */
export class WebDistribution {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** A value unique to this stack and never sent to browsers (the UUID at the end of the stack id). */
  readonly edgeSecret: string;
  /** https:// and the custom domain, or the distribution's own domain without one. */
  readonly portalUrl: string;

  constructor(scope: Construct, props: WebDistributionProps) {
    const { parameters } = props;
    this.bucket = new s3.Bucket(scope, 'WebBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Only build output lives here; it is uploaded again by every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const hsts = { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true };
    const webHeaders = new cloudfront.ResponseHeadersPolicy(scope, 'WebHeaders', {
      comment: 'Gatehouse web app: the same CSP the local server sends',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: WEB_CSP, override: true },
        strictTransportSecurity: hsts,
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentTypeOptions: { override: true },
      },
    });
    // The API sets its own CSP (default-src 'none' for JSON) and headers; CloudFront adds HSTS and
    // fills in anything missing without replacing what the API chose.
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(scope, 'ApiHeaders', {
      comment: 'Gatehouse API: HSTS, the API’s own headers kept',
      securityHeadersBehavior: {
        strictTransportSecurity: hsts,
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: false },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: false },
        contentTypeOptions: { override: false },
      },
    });

    const spaRouting = new cloudfront.Function(scope, 'SpaRouting', {
      code: cloudfront.FunctionCode.fromInline(SPA_ROUTING_FUNCTION_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Serves index.html for /setup/* and /admin/*',
    });

    this.edgeSecret = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.distribution = new cloudfront.Distribution(scope, 'Distribution', {
      comment: 'Gatehouse portal',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: webHeaders,
        functionAssociations: [{ function: spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // Same origin as the web app: cookies stay first-party and no CORS is needed.
        '/v1/*': {
          origin: new origins.HttpOrigin(props.apiOriginDomainName, {
            // Marks requests as coming through this distribution, so the API may trust the viewer address.
            customHeaders: { [EDGE_SECRET_HEADER]: this.edgeSecret },
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // API Gateway routes by its own Host header; everything else (cookies, Origin, query) goes through.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
      },
    });
    // The custom domain is a deploy-time choice, so aliases and certificate are conditional.
    const cfnDistribution = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfnDistribution.addPropertyOverride(
      'DistributionConfig.Aliases',
      Fn.conditionIf(parameters.hasPortalDomain.logicalId, [parameters.portalDomainName.valueAsString], Aws.NO_VALUE),
    );
    cfnDistribution.addPropertyOverride(
      'DistributionConfig.ViewerCertificate',
      Fn.conditionIf(
        parameters.hasPortalDomain.logicalId,
        {
          AcmCertificateArn: parameters.portalCertificateArn.valueAsString,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
        { CloudFrontDefaultCertificate: true },
      ),
    );
    cfnDistribution.addPropertyOverride(
      'DistributionConfig.WebACLId',
      Fn.conditionIf(parameters.hasWebAcl.logicalId, parameters.webAclArn.valueAsString, Aws.NO_VALUE),
    );
    Validations.of(cfnDistribution).acknowledge({
      id: 'CloudFormation-Validate::F3014',
      reason: 'ViewerCertificate is an Fn::If whose branches each set exactly one certificate source.',
    });
    this.portalUrl = Token.asString(
      Fn.conditionIf(
        parameters.hasPortalDomain.logicalId,
        `https://${parameters.portalDomainName.valueAsString}`,
        `https://${this.distribution.distributionDomainName}`,
      ),
    );

    const runtimeConfig: WebRuntimeConfig = { apiBaseUrl: '/v1', environment: props.environmentName };
    // Hashed assets first (kept from earlier deploys so open tabs still load them), then the entry
    // page and /config.json, so index.html never points at assets that are not there yet.
    const assets = new s3deploy.BucketDeployment(scope, 'WebAssets', {
      destinationBucket: this.bucket,
      sources: [s3deploy.Source.asset(props.webDistDir, { exclude: ['index.html'] })],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const entry = new s3deploy.BucketDeployment(scope, 'WebEntry', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(props.webDistDir, { exclude: ['*', '!index.html'] }),
        s3deploy.Source.jsonData('config.json', runtimeConfig),
      ],
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    entry.node.addDependency(assets);
  }
}
