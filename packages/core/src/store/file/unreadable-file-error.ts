/** The text did not parse, or holds something other than expected: the file must not be overwritten. */
export class UnreadableFileError extends Error {}
