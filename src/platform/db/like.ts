// LIKE and ILIKE patterns built from what someone typed.

/** `text` taken literally inside a LIKE pattern: `%`, `_` and the escape character `\` escaped. */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
