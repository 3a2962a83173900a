/**
 * Where a rule's documentation lives. Every rule has a page at `docs/rules/<rule-id>.md`: it ships
 * inside the extension and the npm package (so editors can open it offline) and is published with
 * the repository.
 */
export const PROJECT_URL = 'https://github.com/podsec/podsec';

/** Path of a rule's page relative to the package root. */
export function ruleDocsRelativePath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/** Public web address of a rule's page (for SARIF and JSON reports read outside an editor). */
export function ruleDocsUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/${ruleDocsRelativePath(ruleId)}`;
}
