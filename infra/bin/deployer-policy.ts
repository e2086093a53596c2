// Prints the IAM policies a Gatehouse deployment needs, for one account, Region and user pool:
//   tsx infra/bin/deployer-policy.ts --account 123456789012 --region eu-west-1 --user-pool-id eu-west-1_AbC123
// `--kind execution` (default): CloudFormation's execution policy, for `cdk bootstrap`.
// `--kind deployer`: what the person or CI role running `cdk deploy` needs.
import { parseArgs } from 'node:util';
import { cloudFormationExecutionPolicy, deployerPolicy } from '../src/deployer-policy.ts';

const { values } = parseArgs({
  options: {
    account: { type: 'string' },
    region: { type: 'string' },
    'user-pool-id': { type: 'string' },
    'stack-name': { type: 'string', default: 'Gatehouse' },
    kind: { type: 'string', default: 'execution' },
  },
});

const account = values.account ?? '';
const region = values.region ?? '';
if (!/^\d{12}$/.test(account) || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
  console.error(
    'Usage: deployer-policy --account <12 digits> --region <region> [--user-pool-id <id>] [--kind execution|deployer]',
  );
  process.exit(2);
}
if (values.kind === 'deployer') {
  console.log(JSON.stringify(deployerPolicy({ account, region }), null, 2));
} else {
  const userPoolId = values['user-pool-id'] ?? '';
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) {
    console.error('--user-pool-id is required for the execution policy (e.g. eu-west-1_AbC123).');
    process.exit(2);
  }
  console.log(
    JSON.stringify(cloudFormationExecutionPolicy({ account, region, userPoolId, stackName: values['stack-name'] }), null, 2),
  );
}
