/**
 * Inline mode drivers: one function per (f, verb) with the run-time API's signature and result
 * shape. Each calls the tangent function once per seed direction with a reused seed array, so
 * the loop allocates nothing.
 */
import * as C from '../../codegen/code.js';
import * as S from '../../codegen/statements.js';
import type { Param, Statement } from '../../codegen/statements.js';
import type { NumericFunction } from '../../analyze/ir.js';
import { verbs, type VerbName } from '../../analyze/verbs.js';
import { captureType } from '../primal.js';
import type { OutPart } from '../module.js';
import { generatedGlobals, Namer, type Globals } from '../names.js';

export type Shape = { k: 'scalar' } | { k: 'array' } | { k: 'params'; count: number };

export function shapeOf(fn: NumericFunction): Shape {
  if (fn.params.length === 1) return fn.params[0].kind === 'array' ? { k: 'array' } : { k: 'scalar' };
  return { k: 'params', count: fn.params.length };
}

/** The argument list of a tangent function for point `x` and seed arrays `seeds`. */
function tangentArgs(shape: Shape, seeds: string[]): string {
  if (shape.k === 'array') return ['x', ...seeds].join(', ');
  if (shape.k === 'scalar') return ['x', ...seeds].join(', ');
  const out: string[] = [];
  for (let k = 0; k < shape.count; k++) out.push(`x[${k}]`, ...seeds.map((s) => `${s}[${k}]`));
  return out.join(', ');
}

/** A function of several numbers needs a point of that many coordinates; any other, a point (checkVector checks the rest where it runs). */
export function lengthCheck(verb: string, shape: Shape, fnName: string, RangeErr: string, checked: boolean, point = 'x'): Statement[] {
  // The messages name the verb's argument `x`, as the engine's do, whatever the driver's local is called.
  if (shape.k !== 'params') return checked ? [] : [throwIf(`${point}.length === 0`, `new ${RangeErr}('${verb}: \`x\` must not be empty')`)];
  return [throwIf(`${point}.length !== ${shape.count}`, `new ${RangeErr}(\`${verb}: \\\`x\\\` must have length ${shape.count} (${fnName} takes ${shape.count} parameters), got \${${point}.length}\`)`)];
}

/** The drivers' statements are written as they print: their expressions are kept as written. */
const code = C.verbatim;
const run = (text: string): Statement => S.expression(code(text));
const set = (target: string, value: string): Statement => S.assign(code(target), code(value));
const constant = (name: string, init: string, type?: string): Statement => S.declare('const', [{ name, type, init: code(init) }]);
const returns = (text: string): Statement => S.ret(code(text));
const when = (test: string, then: Statement | Statement[]): Statement => ({ k: 'if', test: code(test), then: Array.isArray(then) ? S.block(then) : then });
const throwIf = (test: string, error: string): Statement => when(test, { k: 'throw', value: code(error) });
/** `for (let i = from; i < bound; i++) body` */
const loop = (i: string, from: string, bound: string, body: Statement | Statement[]): Statement => ({
  k: 'for', init: S.declare('let', [{ name: i, init: code(from) }]), test: code(`${i} < ${bound}`), update: code(`${i}++`),
  body: Array.isArray(body) ? S.block(body) : body,
});

export interface DriverInput {
  readonly verb: VerbName;
  readonly name: string;
  readonly fn: NumericFunction;
  /** The tangent (order 1) or hyper-dual (order 2) function to call. */
  readonly tangent: string;
  /** The module-level variable holding a returned part. */
  readonly out: (part: OutPart) => string;
  readonly global: Globals;
  /** The module's function making n zeros held as doubles (declared on first use: ../zeros.ts). */
  readonly zeros: () => string;
  /** The names of the generated argument checks; undefined: no checks. */
  readonly checks: (() => ArgumentCheckNames) | undefined;
  readonly exported: boolean;
  /** The module's namer, which names nothing later after the driver's locals. */
  readonly moduleNames: Namer;
}

/** The drivers' own locals: the values passed through are named to avoid them. */
const driverLocals = ['x', 'v', 'n', 'i', 'j', 'seed', 'gradient', 'value', 'e1', 'e2', 'e12', 'result', 'y', 'dy', 'jacobian', 'hessian'];

export function emitInlineDriver({ verb, name, fn, tangent, out: outPart, global, zeros: zerosOfLength, checks, exported, moduleNames }: DriverInput): Statement {
  // Values the function reads from its enclosing scope are trailing arguments, passed through;
  // they keep their names unless a driver local (or a global the driver reads) has it.
  // Module-level names (the tangent function, the engine's checks) differ from every user name.
  const names = moduleNames.adopt(new Namer([...driverLocals, ...generatedGlobals, tangent]));
  // The run-time engine's own checks of the point (and direction): the same errors as its verbs.
  const scalarCheck = checks && verbs[verb].input === 'scalar' ? [when("typeof x !== 'number'", run(`${checks().point}('${verb}', x)`))] : [];
  const vectorCheck = (v = false) => (checks ? [run(`${checks().vector}('${verb}', x, 'x')`), ...(v ? [run(`${checks().vector}('${verb}', v, 'v')`)] : [])] : []);
  const passed = fn.captures.map((c) => names.fresh(c.name));
  const out = outPart;
  const [Arr, NaN_, RangeErr] = [global('Array'), global('NaN'), global('RangeError')];
  const extra = fn.captures.map((c, k): Param => ({ name: passed[k], type: captureType(c) }));
  const T = (args: string): string => `${tangent}(${[args, ...passed].join(', ')})`;
  const shape = shapeOf(fn);
  const scalar: Param[] = [{ name: 'x', type: 'number' }];
  const vec: Param[] = [{ name: 'x', type: 'ArrayLike<number>' }];
  const direction: Param[] = [...vec, { name: 'v', type: 'ArrayLike<number>' }];
  const driver = (what: string, params: Param[], returnType: string, body: Statement[]): Statement =>
    ({ k: 'function', doc: `${what} of ${fn.name} (generated by ddx).`, exported, name, params: [...params, ...extra], returnType, body });
  const checked = (v = false): Statement[] => [...vectorCheck(v), ...lengthCheck(verb, shape, fn.name, RangeErr, checks !== undefined)];
  const sameLength = throwIf('v.length !== x.length', `new ${RangeErr}(\`${verb}: \\\`v\\\` has length \${v.length} but \\\`x\\\` has length \${x.length}; they must match\`)`);
  // Seeds and results held as doubles: a seed of small integers would make the tangent code's reads
  // of it polymorphic once a direction with fractions (jvp, hvp) comes, a result converted on its first fraction.
  const zeros = (n: string): string => `${zerosOfLength()}(${n})`;
  switch (verb) {
    case 'derivative':
      return driver("f'(x)", scalar, 'number', [...scalarCheck, run(T('x, 1')), returns(out('d'))]);
    case 'valueAndDerivative':
      return driver("f(x) and f'(x)", scalar, '{ value: number; derivative: number }', [...scalarCheck,
        constant('value', T('x, 1')), returns(`{ value, derivative: ${out('d')} }`)]);
    case 'secondDerivative':
      return driver("f''(x)", scalar, 'number', [...scalarCheck, run(T('x, 1, 1, 0')), returns(out('e12'))]);
    case 'valueAndDerivatives':
      return driver("f(x), f'(x) and f''(x)", scalar, '{ value: number; first: number; second: number }', [...scalarCheck,
        constant('value', T('x, 1, 1, 0')), returns(`{ value, first: ${out('e1')}, second: ${out('e12')} }`)]);
    case 'gradient': case 'valueAndGradient': {
      const value = verb === 'valueAndGradient';
      return driver(value ? 'f(x) and ∇f(x)' : '∇f(x)', vec, value ? '{ value: number; gradient: number[] }' : 'number[]', [
        ...checked(),
        constant('n', 'x.length'),
        constant('seed', zeros('n')),
        constant('gradient', zeros('n')),
        S.declare('let', [{ name: 'value', init: code(NaN_) }]),
        loop('i', '0', 'n', [
          set('seed[i]', '1'),
          set('value', T(tangentArgs(shape, ['seed']))),
          set('gradient[i]', out('d')),
          set('seed[i]', '0'),
        ]),
        ...(value ? [returns('{ value, gradient }')] : [run('void value'), returns('gradient')]),
      ]);
    }
    case 'jacobian': case 'valueAndJacobian': {
      const value = verb === 'valueAndJacobian';
      return driver(value ? 'f(x) and J(x)' : 'J(x)', vec, value ? '{ value: number[]; jacobian: number[][] }' : 'number[][]', [
        ...checked(),
        constant('n', 'x.length'),
        constant('seed', zeros('n')),
        S.declare('let', [{ name: 'value', type: 'number[]', init: code('[]') }]),
        constant('jacobian', '[]', 'number[][]'),
        loop('j', '0', 'n', [
          set('seed[j]', '1'),
          constant('y', T(tangentArgs(shape, ['seed']))),
          constant('dy', out('dArray')),
          when('j === 0', [
            set('value', `${Arr}.from(y)`),
            loop('i', '0', 'y.length', run(`jacobian.push(${zeros('n')})`)),
          ]),
          loop('i', '0', 'y.length', set('jacobian[i][j]', 'dy[i]')),
          set('seed[j]', '0'),
        ]),
        returns(value ? '{ value, jacobian }' : 'jacobian'),
      ]);
    }
    case 'jvp': {
      const array = fn.returns === 'array';
      return driver('J(x)·v', direction, array ? 'number[]' : 'number', [
        ...checked(true),
        sameLength,
        run(T(tangentArgs(shape, ['v']))),
        returns(array ? `${Arr}.from(${out('dArray')})` : out('d')),
      ]);
    }
    case 'hessian': case 'valueGradientHessian': {
      const value = verb === 'valueGradientHessian';
      return driver(value ? 'f(x), ∇f(x) and ∇²f(x)' : '∇²f(x)', vec, value ? '{ value: number; gradient: number[]; hessian: number[][] }' : 'number[][]', [
        ...checked(),
        constant('n', 'x.length'),
        S.declare('const', ['e1', 'e2', 'e12'].map((part) => ({ name: part, init: code(zeros('n')) }))),
        constant('gradient', zeros('n')),
        constant('hessian', '[]', 'number[][]'),
        loop('i', '0', 'n', run(`hessian.push(${zeros('n')})`)),
        S.declare('let', [{ name: 'value', init: code(NaN_) }]),
        loop('i', '0', 'n', [
          loop('j', 'i', 'n', [
            set('e1[i]', '1'),
            set('e2[j]', '1'),
            set('value', T(tangentArgs(shape, ['e1', 'e2', 'e12']))),
            { k: 'assign', targets: [code('hessian[i][j]'), code('hessian[j][i]')], value: code(out('e12')) },
            when('i === j', set('gradient[i]', out('e1'))),
            set('e1[i]', '0'),
            set('e2[j]', '0'),
          ]),
        ]),
        ...(value ? [returns('{ value, gradient, hessian }')] : [run('void value'), run('void gradient'), returns('hessian')]),
      ]);
    }
    case 'hvp':
      return driver('∇²f(x)·v', direction, 'number[]', [
        ...checked(true),
        sameLength,
        constant('n', 'x.length'),
        S.declare('const', ['e1', 'e12'].map((part) => ({ name: part, init: code(zeros('n')) }))),
        constant('result', zeros('n')),
        loop('i', '0', 'n', [
          set('e1[i]', '1'),
          run(T(tangentArgs(shape, ['e1', 'v', 'e12']))),
          set('result[i]', out('e12')),
          set('e1[i]', '0'),
        ]),
        returns('result'),
      ]);
    case 'vjp': case 'valueAndVjp':
      // Call sites of vjp are reverse mode's (analyze/program.ts).
      throw new Error(`internal: ${verb} is compiled in reverse mode only`);
  }
}

/** The names of the generated argument checks of a module. */
export interface ArgumentCheckNames {
  readonly point: string;
  /** The check every call runs: small, so that the JIT inlines it; it calls `vectorError` only where the point is not a non-empty array of numbers. */
  readonly vector: string;
  /** The full check, with the engine's messages: throws, or returns for a typed array. */
  readonly vectorError: string;
  readonly describe: string;
}

/**
 * The run-time engine's checks of a point and a direction, as generated code (compiled code
 * depends on nothing at run time): the same errors, with the same messages, as @ddx/dual's
 * verbs give (packages/dual/src/check.ts; test/hygiene.test.ts compares them case by case).
 */
export function emitArgumentChecks(names: ArgumentCheckNames, global: Globals): Statement[] {
  const [Obj, Arr, Str, TypeErr] = [global('Object'), global('Array'), global('String'), global('TypeError')];
  const check = (doc: string, name: string, params: Param[], returnType: string, body: Statement[]): Statement =>
    ({ k: 'function', doc: `${doc} (generated by ddx).`, exported: false, name, params, returnType, body });
  const typeError = (message: string): Statement => ({ k: 'throw', value: code(`new ${TypeErr}(\`${message}\`)`) });
  const vectorParams: Param[] = [{ name: 'verb', type: 'string' }, { name: 'x', type: 'unknown' }, { name: 'name', type: 'string' }];
  return [
    check('A value as the run-time engine\'s errors describe it', names.describe, [{ name: 'v', type: 'unknown' }], 'string', [
      when('v === null || v === undefined', returns(`${Str}(v)`)),
      when(`${Arr}.isArray(v)`, returns('`an array of length ${v.length}`')),
      when("typeof v === 'function'", returns("'a function'")),
      when("typeof v === 'object'", [
        constant('proto', `${Obj}.getPrototypeOf(v)`, 'unknown'),
        when(`proto !== ${Obj}.prototype && proto !== null`, returns(`\`an object (\${${Obj}.prototype.toString.call(v).slice(8, -1)})\``)),
        constant('keys', `${Obj}.keys(v)`),
        returns("keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}`"),
      ]),
      when("typeof v === 'string'", returns(`\`the string \${${global('JSON')}.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}\``)),
      returns(`\`\${typeof v} \${${Str}(v)}\``),
    ]),
    check('The run-time engine\'s error for a point that is not a number', names.point, [{ name: 'verb', type: 'string' }, { name: 'x', type: 'unknown' }], 'never', [
      typeError(`\${verb}: \\\`x\\\` must be a number, got \${${names.describe}(x)}`),
    ]),
    check('The run-time engine\'s check of a point or direction: a flat, non-empty array of numbers', names.vector, vectorParams, 'void', [
      // Eight tests per step (a loop's own test and step cost as much as a test of an element); kept
      // this small so that the JIT inlines it into each caller, the messages left to vectorError.
      when(`!${Arr}.isArray(x) || x.length === 0`, [run(`${names.vectorError}(verb, x, name)`), { k: 'return' }]),
      S.declare('let', [{ name: 'i', init: code('0') }]),
      { k: 'for', test: code('i + 8 <= x.length'), update: code('i += 8'), body: S.block([
        when(Array.from({ length: 8 }, (_, k) => `typeof x[${k === 0 ? 'i' : `i + ${k}`}] !== 'number'`).join(' || '), { k: 'break' }),
      ]) },
      { k: 'for', test: code('i < x.length'), update: code('i++'), body: S.block([
        when("typeof x[i] !== 'number'", [run(`${names.vectorError}(verb, x, name)`), { k: 'return' }]),
      ]) },
    ]),
    check('The run-time engine\'s errors for a point or direction that is not a flat, non-empty array of numbers', names.vectorError, vectorParams, 'void', [
        when(`!${Arr}.isArray(x) && !(${global('ArrayBuffer')}.isView(x) && !(x instanceof ${global('DataView')}))`, [
          constant('arrayLike', "typeof x === 'object' && x !== null && 'length' in x"),
          typeError(`\${verb}: \\\`\${name}\\\` must be an array of numbers, got \${${names.describe}(x)}\${arrayLike ? \`; an array-like object is not an array: pass Array.from(\${name})\` : ''}`),
        ]),
        constant('xs', 'x as ArrayLike<unknown>'),
        throwIf('xs.length === 0', `new ${global('RangeError')}(\`\${verb}: \\\`\${name}\\\` must not be empty\`)`),
        // Which element is not a number, and which error applies.
        { k: 'for', init: S.declare('let', [{ name: 'i', init: code('0') }]), test: code('i < xs.length'), update: code('i++'), body: S.block([
          when("typeof xs[i] !== 'number'", [
            when(`${Arr}.isArray(xs[i]) || ${global('ArrayBuffer')}.isView(xs[i])`, [
              typeError(`\${verb}: \\\`\${name}[\${i}]\\\` is an array; \\\`\${name}\\\` must be a flat vector of numbers (flatten nested or ragged arrays first)`),
            ]),
            typeError(`\${verb}: \\\`\${name}[\${i}]\\\` must be a number, got \${${names.describe}(xs[i])}`),
          ]),
        ]) },
      ]),
  ];
}

/**
 * The run-time engine's check of a matrix point (checkPointOrMatrix in packages/dual/src/check.ts,
 * the same errors and messages), as generated code: `name(verb, x, 'x')` returns x laid out as a
 * matrix parameter is (analyze/scalarise.ts: the row-offset table, then the rows' numbers); the
 * third argument names the argument in the messages. Emitted only in a module with a matrix site; a
 * point that is not an array gets the vector check's error.
 */
export function emitMatrixCheck(name: string, checks: ArgumentCheckNames, global: Globals): Statement {
  const [Arr, TypeErr] = [global('Array'), global('TypeError')];
  const typeError = (message: string): Statement => ({ k: 'throw', value: code(`new ${TypeErr}(\`${message}\`)`) });
  return {
    k: 'function', doc: 'The run-time engine\'s check of a matrix point (number[][]), returning its layout (generated by ddx).', exported: false, name,
    params: [{ name: 'verb', type: 'string' }, { name: 'x', type: 'unknown' }, { name: 'name', type: 'string' }], returnType: 'number[]',
    body: [
      when(`!${Arr}.isArray(x)`, [run(`${checks.vector}(verb, x, name)`)]),
      constant('m', 'x as ArrayLike<unknown>[]'),
      constant('out', '[m.length]', 'number[]'),
      S.declare('let', [{ name: 'end', init: code('m.length + 2') }]),
      loop('i', '0', 'm.length', [
        constant('row', 'm[i]', 'unknown'),
        when(`!${isRow('row', global)}`, [
          typeError(`\${verb}: \\\`\${name}[\${i}]\\\` must be a row (an array of numbers), got \${${checks.describe}(row)}; \\\`\${name}\\\` is a matrix (number[][]), so each of its elements is a row`),
        ]),
        constant('r', 'row as ArrayLike<unknown>'),
        loop('j', '0', 'r.length', [
          when(isRow('r[j]', global), [
            typeError(`\${verb}: \\\`\${name}[\${i}][\${j}]\\\` is an array; a point is a vector or a matrix (number[][]) of numbers: flatten deeper nesting first`),
          ]),
          throwIf("typeof r[j] !== 'number'", `new ${TypeErr}(\`\${verb}: \\\`\${name}[\${i}][\${j}]\\\` must be a number, got \${${checks.describe}(r[j])}\`)`),
        ]),
        run('out.push(end)'),
        set('end', 'end + r.length'),
      ]),
      run('out.push(end)'),
      throwIf('end === m.length + 2', `new ${global('RangeError')}(\`\${verb}: \\\`\${name}\\\` is a matrix without numbers (every row is empty); it must hold at least one\`)`),
      loop('i', '0', 'm.length', [loop('j', '0', 'm[i].length', [run('out.push(m[i][j] as number)')])]),
      returns('out'),
    ],
  };
}

/** The test, as code, that `v` is a row: an array or a typed array (as isArrayOrTyped in packages/dual/src/check.ts). */
const isRow = (v: string, global: Globals): string =>
  `(${global('Array')}.isArray(${v}) || (${global('ArrayBuffer')}.isView(${v}) && !(${v} instanceof ${global('DataView')})))`;

/**
 * The run-time engine's check of jvp's and hvp's direction at a matrix point (checkPointOrMatrix
 * and checkSameShape in packages/dual/src/check.ts, the same errors): `name(verb, v, layout)` checks
 * `v` against the point's `layout` (emitMatrixCheck's `point`) and returns v laid out the same way,
 * with zeros along the row-offset table, whose numbers are indices and do not vary.
 */
export function emitMatrixDirectionCheck(name: string, point: string, checks: ArgumentCheckNames, global: Globals): Statement {
  const [TypeErr, RangeErr] = [global('TypeError'), global('RangeError')];
  const rows = (l: string, i: string): string => `${l}[${i} + 2] - ${l}[${i} + 1]`;
  return {
    k: 'function', doc: 'The run-time engine\'s check of a direction at a matrix point, returning its layout (generated by ddx).', exported: false, name,
    params: [{ name: 'verb', type: 'string' }, { name: 'v', type: 'unknown' }, { name: 'x', type: 'number[]' }], returnType: 'number[]',
    body: [
      when(`!${global('Array')}.isArray(v) || !v.some((row) => ${isRow('row', global)})`, [
        run(`${checks.vector}(verb, v, 'v')`),
        { k: 'throw', value: code(`new ${TypeErr}(\`\${verb}: \\\`v\\\` is a vector but \\\`x\\\` is a matrix; they must have the same shape\`)`) },
      ]),
      constant('d', `${point}(verb, v, 'v')`),
      throwIf('d[0] !== x[0]', `new ${RangeErr}(\`\${verb}: \\\`v\\\` has \${d[0]} rows but \\\`x\\\` has \${x[0]}; they must have the same shape\`)`),
      loop('i', '0', 'x[0]', [
        throwIf(`${rows('d', 'i')} !== ${rows('x', 'i')}`,
          `new ${RangeErr}(\`\${verb}: \\\`v[\${i}]\\\` has length \${${rows('d', 'i')}} but \\\`x[\${i}]\\\` has length \${${rows('x', 'i')}}; they must have the same shape\`)`),
      ]),
      returns('d.fill(0, 0, x[0] + 2)'),
    ],
  };
}
