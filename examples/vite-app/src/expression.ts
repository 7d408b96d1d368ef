import { derivative, ops, secondDerivative, unaryNames, type Real } from '@ddx/dual';
import type { Curve } from './builtins.js';

// A typed function cannot be compiled at build time, so this small expression language compiles
// it at run time onto @ddx/dual's operations: its derivatives come from dual numbers.
//   expression := term (('+' | '-') term)*        term := factor (('*' | '/') factor)*
//   factor := '-' factor | power                   power := atom ('^' factor)?
//   atom := number | 'x' | 'pi' | 'e' | name '(' expression (',' expression)* ')' | '(' expression ')'

type Fn = (x: Real) => Real;

const binaryFunctions: Record<string, (a: Real, b: Real) => Real> = {
  pow: ops.pow, atan2: ops.atan2, hypot: ops.hypot, min: ops.min, max: ops.max,
};
const unaryFunctions = new Set<string>(unaryNames);
const constants: Record<string, number> = { pi: Math.PI, e: Math.E };

/** A syntax error, with the 0-based offset in the expression where it was found. */
export class ExpressionError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const tokenPattern = /\s*(?:(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([a-z][a-z0-9]*)|(\*\*|[-+*/^(),]))/iy;

interface Token { text: string; kind: 'number' | 'name' | 'symbol' | 'end'; offset: number }

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  while (source.slice(tokenPattern.lastIndex).trim() !== '') {
    const rest = source.slice(tokenPattern.lastIndex);
    const offset = source.length - rest.trimStart().length;
    const match = tokenPattern.exec(source);
    if (!match) throw new ExpressionError(`unexpected character '${source[offset]}'`, offset);
    const [, number, name, symbol] = match;
    const text = number ?? name ?? (symbol === '**' ? '^' : symbol);
    tokens.push({ text, kind: number ? 'number' : name ? 'name' : 'symbol', offset });
  }
  tokens.push({ text: '', kind: 'end', offset: source.length });
  return tokens;
}

/** Compiles `source`, an expression in x, into a function over numbers and dual numbers. */
export function compileExpression(source: string): Fn {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const expect = (text: string) => {
    const token = next();
    if (token.text !== text) throw new ExpressionError(`expected '${text}'${token.kind === 'end' ? ' at the end' : ` before '${token.text}'`}`, token.offset);
  };

  /** operand (operator operand)*, left-associative, for the given operators. */
  function chain(operand: () => Fn, operators: Record<string, (a: Real, b: Real) => Real>): Fn {
    let left = operand();
    while (Object.hasOwn(operators, peek().text)) {
      const operator = operators[next().text];
      const [a, b] = [left, operand()];
      left = (x) => operator(a(x), b(x));
    }
    return left;
  }
  const expression = (): Fn => chain(term, { '+': ops.add, '-': ops.sub });
  const term = (): Fn => chain(factor, { '*': ops.mul, '/': ops.div });
  function factor(): Fn {
    if (peek().text === '-') {
      next();
      const a = factor();
      return (x) => ops.neg(a(x));
    }
    const base = atom();
    if (peek().text !== '^') return base;
    next();
    const exponent = factor();
    return (x) => ops.pow(base(x), exponent(x));
  }
  function atom(): Fn {
    const token = next();
    if (token.kind === 'number') {
      const value = Number(token.text);
      return () => value;
    }
    if (token.text === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (token.kind !== 'name') throw new ExpressionError(token.kind === 'end' ? 'the expression ends too early' : `unexpected '${token.text}'`, token.offset);
    const name = token.text.toLowerCase();
    if (name === 'x') return (x) => x;
    if (name in constants) return () => constants[name];
    if (peek().text !== '(') throw new ExpressionError(`unknown name '${token.text}' (use x, pi, e or a function such as sin(x))`, token.offset);
    next();
    const args = [expression()];
    while (peek().text === ',') {
      next();
      args.push(expression());
    }
    expect(')');
    return call(name, args, token.offset);
  }

  const compiled = expression();
  if (peek().kind !== 'end') throw new ExpressionError(`unexpected '${peek().text}'`, peek().offset);
  return compiled;
}

function call(name: string, args: Fn[], offset: number): Fn {
  if (unaryFunctions.has(name)) {
    if (args.length !== 1) throw new ExpressionError(`${name} takes one argument`, offset);
    const operation = ops[name as (typeof unaryNames)[number]];
    const [a] = args;
    return (x) => operation(a(x));
  }
  if (name in binaryFunctions) {
    if (args.length !== 2) throw new ExpressionError(`${name} takes two arguments`, offset);
    const operation = binaryFunctions[name];
    const [a, b] = args;
    return (x) => operation(a(x), b(x));
  }
  throw new ExpressionError(`unknown function '${name}'`, offset);
}

/** A typed function as a curve whose derivatives come from the run-time dual-number engine. */
export function expressionCurve(source: string): Curve {
  const compiled = compileExpression(source);
  return {
    label: source,
    f: (x) => ops.primal(compiled(x)),
    first: (x) => derivative(compiled, x),
    second: (x) => secondDerivative(compiled, x),
  };
}
