/**
 * The shipped general policy's file format (resources/policies/general-policy.json): a SavedPolicy with
 * its weights as base64 (JSON has no bytes), plus the report of the run that produced it. Plain data in,
 * Result out: the hosts read the file, the core never touches the file system here.
 */
import { fail, ok, type Result } from '../common/result';
import { policyFormat, type SavedPolicy } from './checkpoint';

export const pretrainedFileName = 'general-policy.json';

export interface PretrainedPolicyFile {
  policy: Omit<SavedPolicy, 'weights'> & { weights: string };
  /** How it was trained (seed, updates, contexts, selection scores, backend, seconds). */
  report: Record<string, unknown>;
}

export function serializePretrainedPolicy(policy: SavedPolicy, report: Record<string, unknown>): string {
  const file: PretrainedPolicyFile = { policy: { ...policy, weights: Buffer.from(policy.weights).toString('base64') }, report };
  return `${JSON.stringify(file, null, 1)}\n`;
}

export function parsePretrainedPolicy(text: string): Result<{ policy: SavedPolicy; report: Record<string, unknown> }> {
  let file: PretrainedPolicyFile;
  try {
    file = JSON.parse(text) as PretrainedPolicyFile;
  } catch (error) {
    return fail('invalid-input', `The general policy file is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (file?.policy?.format !== policyFormat || typeof file.policy.weights !== 'string') {
    return fail('invalid-input', `The general policy file does not hold a ${policyFormat}.`);
  }
  const weights = new Uint8Array(Buffer.from(file.policy.weights, 'base64'));
  return ok({ policy: { ...file.policy, weights }, report: file.report ?? {} });
}
