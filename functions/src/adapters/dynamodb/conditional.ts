import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DatarunError, problem } from '../../core/errors.ts';

/** Runs a conditional write and turns a failed condition into a `conflict` error. */
export async function conditionally<T>(
  write: () => Promise<T>,
  conflictMessage: string,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (
      error instanceof ConditionalCheckFailedException ||
      (error as Error).name === 'ConditionalCheckFailedException'
    )
      throw new DatarunError(problem('conflict', conflictMessage));
    throw error;
  }
}
