/**
 * Field paths in problems, as people write them: `items[2].type`. Kept apart from the YAML
 * parser so that code checking API input does not pull a YAML library into the API bundle.
 */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}
