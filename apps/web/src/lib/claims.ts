// One rule for a claim's short name, shared with the explainer's messages in core.
export { claimShortName } from '@gatehouse/core/claim-name';
