/**
 * An error the user can fix (bad arguments, an unreadable file, a broken configuration): the CLI
 * prints `podsec: <message>`, without a stack, and exits with code 2. Each kind is a subclass
 * where it is raised (UsageError, InputError, ConfigError, IgnoreFileError).
 */
export class UserError extends Error {}
