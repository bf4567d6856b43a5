/**
 * What lesson 06 lets the learner's SQL do. The order page only reads; the
 * index lists only create indexes. Anything else (a write, a schema change,
 * a setting, the end of the call's transaction) is refused before it reaches
 * the database, with a message that says which rule it broke.
 *
 * These checks read only the statement's first word, which is enough because
 * each statement is sent on its own (PostgreSQL's extended protocol runs one
 * statement per message and refuses a second), and because the database
 * refuses the rest itself: the page's statements run in a read-only
 * transaction as a role that can read only its own side's tables and may not
 * call set_config.
 */

/** The statement without the comments and blanks in front of it. */
export function withoutLeadingComments(sql: string): string {
  let rest = sql;
  for (;;) {
    const trimmed = rest.replace(/^\s+/, '');
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      rest = end === -1 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      rest = trimmed.slice(blockCommentEnd(trimmed));
    } else {
      return trimmed;
    }
  }
}

/** Where a (possibly nested) block comment at the start of `text` ends. */
function blockCommentEnd(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (text.startsWith('/*', i)) {
      depth += 1;
      i += 1;
    } else if (text.startsWith('*/', i)) {
      depth -= 1;
      i += 1;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** The statement's first word in capitals ("SELECT", "CREATE INDEX"…), for messages and rules. */
export function statementKind(sql: string): string {
  const code = withoutLeadingComments(sql);
  if (code.startsWith('(')) return 'SELECT';
  const words = /^([A-Za-z]+)(?:\s+([A-Za-z]+))?(?:\s+([A-Za-z]+))?/.exec(code);
  if (!words) return code === '' ? '' : code.slice(0, 12);
  const [first, second, third] = [words[1]!, words[2], words[3]].map((w) => w?.toUpperCase());
  if (first === 'CREATE' && second === 'INDEX') return 'CREATE INDEX';
  if (first === 'CREATE' && second === 'UNIQUE' && third === 'INDEX') return 'CREATE INDEX';
  if (first === 'CREATE' || first === 'ALTER' || first === 'DROP') return second ? `${first} ${second}` : first!;
  return first!;
}

const READS = new Set(['SELECT', 'WITH', 'TABLE', 'VALUES']);
const TRANSACTION = new Set(['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT', 'SAVEPOINT', 'RELEASE', 'PREPARE']);
const SETTINGS = new Set(['SET', 'RESET', 'DISCARD', 'LOAD']);

/**
 * Why the order page may not run this statement, or null when it may. The
 * reasons name the rule in the lesson's terms.
 */
export function refusePageStatement(sql: string): string | null {
  const kind = statementKind(sql);
  if (READS.has(kind)) return null;
  if (kind === '') return 'db.query was given no SQL statement';
  if (TRANSACTION.has(kind)) {
    return `db.query refused ${kind}: each call runs in a transaction the lesson opens and ends, and the order page's queries may not end or change it`;
  }
  if (SETTINGS.has(kind)) {
    return `db.query refused ${kind}: the database's settings belong to the lesson; the order page's queries may only read`;
  }
  if (kind.startsWith('CREATE') || kind.startsWith('ALTER') || kind.startsWith('DROP')) {
    return `db.query refused ${kind}: the order page only reads. Indexes belong in orderIndexes, which run once before anything is timed`;
  }
  return `db.query refused ${kind}: the order page only reads (SELECT)`;
}

/** Why an entry of `orderIndexes`/`eventIndexes` may not run, or null when it may. */
export function refuseIndexStatement(sql: string): string | null {
  const kind = statementKind(sql);
  if (kind === 'CREATE INDEX') return null;
  return `it is ${kind ? `a ${kind} statement` : 'empty'}, and these lists may only create indexes (CREATE INDEX …)`;
}
