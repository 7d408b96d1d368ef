/**
 * f's parameter list, read from its source text: `f.length` counts only the parameters before the
 * first default or rest parameter, and the verbs need to know about those to explain a failure or
 * a point of the wrong length. (Reading costs a few hundred ns, about as much as a small gradient,
 * so the verbs read it only then, never on a call that succeeds.)
 */

/** What f's parameter list declares: how many parameters, and whether one has a default or is a rest parameter. */
export interface ParameterList {
  count: number;
  hasDefault: boolean;
  hasRest: boolean;
}

/** f's parameter list, or undefined when its source does not show one (native or bound functions). */
export function parameterList(f: (...args: never[]) => unknown): ParameterList | undefined {
  return readParameterList(Function.prototype.toString.call(f));
}

const closing: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Reads the parameter list at the start of a function's source: counts the parameters at the top
 * level and notes a default (`=`) or a rest parameter (`...`) among them. Strings, template
 * literals and comments are skipped; nested brackets (destructuring, default values) are not
 * looked into. Undefined when the text is not a parameter list it can read.
 */
export function readParameterList(source: string): ParameterList | undefined {
  if (source.endsWith('[native code] }')) return undefined;
  const open = source.indexOf('(');
  // `x => …` (one parameter without parentheses): an arrow comes before any parenthesis.
  const arrow = open < 0 ? source.indexOf('=>') : source.lastIndexOf('=>', open);
  if (arrow >= 0) return { count: 1, hasDefault: false, hasRest: false };
  if (open < 0) return undefined;
  const list: ParameterList = { count: 0, hasDefault: false, hasRest: false };
  const expected: string[] = [];
  let segmentHasText = false;
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) {
      const end = source[i + 1] === '/' ? source.indexOf('\n', i) : source.indexOf('*/', i + 2) + 1;
      if (end <= 0) return undefined;
      i = end;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = endOfString(source, i);
      if (end < 0) return undefined;
      i = end;
      segmentHasText = true;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (expected.length === 0) {
      if (c === ')') {
        if (segmentHasText) list.count++;
        return list;
      }
      if (c === ',') {
        if (segmentHasText) list.count++;
        segmentHasText = false;
        continue;
      }
      if (c === '=' && source[i + 1] !== '>') list.hasDefault = true;
      if (c === '.' && source.startsWith('...', i)) list.hasRest = true;
    }
    segmentHasText = true;
    if (c in closing) expected.push(closing[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (expected.pop() !== c) return undefined;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string or template literal opened at `start` (-1 if none). */
function endOfString(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === quote) return i;
    else if (quote === '`' && c === '$' && source[i + 1] === '{') {
      // A substitution: skip to its closing brace, past nested strings.
      let depth = 0;
      for (i += 1; i < source.length; i++) {
        const d = source[i];
        if (d === '"' || d === "'" || d === '`') {
          i = endOfString(source, i);
          if (i < 0) return -1;
        } else if (d === '{') depth++;
        else if (d === '}' && --depth === 0) break;
      }
    }
  }
  return -1;
}
