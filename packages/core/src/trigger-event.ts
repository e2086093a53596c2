/** What every event Cognito sends a user pool trigger carries, as far as Gatehouse reads it (developer guide, "Lambda triggers", common parameters). */
export interface CognitoTriggerCommon {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { clientId: string; awsSdkVersion?: string };
}
