/**
 * The one printer of generated code: a statement list (./statements.ts) to text, two spaces of
 * indentation per level, braces on the head's line, trailing comments after the statement.
 */
import type { Declarator, Statement } from './statements.js';

/** The statements, one per line (a compound one over several), indented `depth` levels. */
export function print(statements: readonly Statement[], depth = 0): string {
  return statements.flatMap((s) => lines(s, depth)).join('\n');
}

/** A module's declarations, a blank line between two. */
export function printDeclarations(declarations: readonly Statement[]): string {
  return declarations.map((d) => print([d])).join('\n\n');
}

const indentation = (depth: number): string => '  '.repeat(depth);

const compound = new Set<Statement['k']>(['block', 'if', 'for', 'while', 'do', 'labelled', 'function']);

function lines(s: Statement, depth: number): string[] {
  const code = statementLines(s, depth);
  // A compound statement's comment ends its first line (`{ // adjoint of: …`).
  if (s.comment !== undefined && compound.has(s.k)) code[0] = `${code[0]} // ${s.comment}`;
  return s.doc === undefined ? code : [`${indentation(depth)}/** ${s.doc} */`, ...code];
}

function statementLines(s: Statement, depth: number): string[] {
  const indent = indentation(depth);
  switch (s.k) {
    case 'block': return [`${indent}{`, ...body(s.body, depth), `${indent}}`];
    case 'if': {
      const head = withBody(`if (${s.test.text})`, s.then, depth);
      if (!s.else) return head;
      if (s.then.k !== 'block') throw new Error('printer: an if with an else needs a block');
      // `}` and `} else {` share a line.
      return [...head.slice(0, -1), ...withBody('} else', s.else, depth)];
    }
    case 'for': {
      const init = s.init ? withoutSemicolon(s.init) : '';
      return withBody(`for (${init}; ${s.test?.text ?? ''}; ${s.update?.text ?? ''})`, s.body, depth);
    }
    case 'while': return withBody(`while (${s.test.text})`, s.body, depth);
    case 'do': {
      if (s.body.k !== 'block') throw new Error('printer: the body of a do loop needs a block');
      return [...withBody('do', s.body, depth).slice(0, -1), `${indent}} while (${s.test.text});`];
    }
    case 'labelled': {
      const [first, ...rest] = lines(s.body, depth);
      return [`${indent}${s.label}: ${first.slice(indent.length)}`, ...rest];
    }
    case 'function': {
      const params = s.params.map((p) => `${p.name}: ${p.type}`).join(', ');
      const returnType = s.returnType === undefined ? '' : `: ${s.returnType}`;
      return [
        `${indent}${s.exported ? 'export ' : ''}function ${s.name}(${params})${returnType} {`,
        ...body(s.body, depth),
        `${indent}}`,
      ];
    }
    default: return [`${indent}${oneLine(s)}${s.comment === undefined ? '' : ` // ${s.comment}`}`];
  }
}

function body(statements: readonly Statement[], depth: number): string[] {
  return statements.flatMap((s) => lines(s, depth + 1));
}

/** `head {` … `}` for a block, `head statement;` for a statement that fits on one line. */
function withBody(head: string, b: Statement, depth: number): string[] {
  const indent = indentation(depth);
  if (b.k === 'block') return [`${indent}${head} {`, ...body(b.body, depth), `${indent}}`];
  const [line, ...more] = lines(b, 0);
  if (more.length > 0) throw new Error(`printer: a ${b.k} statement after '${head}' needs a block`);
  return [`${indent}${head} ${line}`];
}

/** A statement that fits on one line, with its semicolon and without its comment. */
function oneLine(s: Statement): string {
  switch (s.k) {
    case 'declare': case 'assign': case 'expression': return `${withoutSemicolon(s)};`;
    case 'return': return s.value === undefined ? 'return;' : `return ${s.value.text};`;
    case 'throw': return `throw ${s.value.text};`;
    case 'break': case 'continue': return s.label === undefined ? `${s.k};` : `${s.k} ${s.label};`;
    case 'oneLine': return s.statements.map(oneLine).join(' ');
    default: throw new Error(`printer: a ${s.k} statement does not fit on one line`);
  }
}

/** A declaration, assignment or expression without its semicolon (as in a for-loop head). */
function withoutSemicolon(s: Statement): string {
  switch (s.k) {
    case 'declare': return `${s.keyword} ${s.declarators.map(declarator).join(', ')}`;
    case 'assign': return `${s.targets.map((t) => `${t.text} = `).join('')}${s.value.text}`;
    case 'expression': return s.code.text;
    default: throw new Error(`printer: a ${s.k} statement cannot be a for-loop initialiser`);
  }
}

function declarator(d: Declarator): string {
  return `${d.name}${d.definite ? '!' : ''}${d.type === undefined ? '' : `: ${d.type}`}${d.init === undefined ? '' : ` = ${d.init.text}`}`;
}
