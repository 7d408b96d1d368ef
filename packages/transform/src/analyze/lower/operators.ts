/** Lowering: the TypeScript operator tokens and the IR operators they become. */
import { ts } from 'ts-morph';
import type { ArithOp, BitwiseOp, CompareOp } from '../ir.js';

export const arithOps: Partial<Record<ts.SyntaxKind, ArithOp>> = {
  [ts.SyntaxKind.PlusToken]: '+', [ts.SyntaxKind.MinusToken]: '-', [ts.SyntaxKind.AsteriskToken]: '*',
  [ts.SyntaxKind.SlashToken]: '/', [ts.SyntaxKind.PercentToken]: '%', [ts.SyntaxKind.AsteriskAsteriskToken]: '**',
};

export const compoundOps: Partial<Record<ts.SyntaxKind, ArithOp>> = {
  [ts.SyntaxKind.PlusEqualsToken]: '+', [ts.SyntaxKind.MinusEqualsToken]: '-', [ts.SyntaxKind.AsteriskEqualsToken]: '*',
  [ts.SyntaxKind.SlashEqualsToken]: '/', [ts.SyntaxKind.PercentEqualsToken]: '%', [ts.SyntaxKind.AsteriskAsteriskEqualsToken]: '**',
};

export const bitwiseOps: Partial<Record<ts.SyntaxKind, BitwiseOp>> = {
  [ts.SyntaxKind.BarToken]: '|', [ts.SyntaxKind.AmpersandToken]: '&', [ts.SyntaxKind.CaretToken]: '^',
  [ts.SyntaxKind.LessThanLessThanToken]: '<<', [ts.SyntaxKind.GreaterThanGreaterThanToken]: '>>',
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken]: '>>>',
};

export const compoundBitwiseOps: Partial<Record<ts.SyntaxKind, BitwiseOp>> = {
  [ts.SyntaxKind.BarEqualsToken]: '|', [ts.SyntaxKind.AmpersandEqualsToken]: '&', [ts.SyntaxKind.CaretEqualsToken]: '^',
  [ts.SyntaxKind.LessThanLessThanEqualsToken]: '<<', [ts.SyntaxKind.GreaterThanGreaterThanEqualsToken]: '>>',
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken]: '>>>',
};

export const logicalAssignOps: Partial<Record<ts.SyntaxKind, '??=' | '||=' | '&&='>> = {
  [ts.SyntaxKind.QuestionQuestionEqualsToken]: '??=', [ts.SyntaxKind.BarBarEqualsToken]: '||=', [ts.SyntaxKind.AmpersandAmpersandEqualsToken]: '&&=',
};

export const compareOps: Partial<Record<ts.SyntaxKind, CompareOp>> = {
  [ts.SyntaxKind.LessThanToken]: '<', [ts.SyntaxKind.LessThanEqualsToken]: '<=', [ts.SyntaxKind.GreaterThanToken]: '>',
  [ts.SyntaxKind.GreaterThanEqualsToken]: '>=', [ts.SyntaxKind.EqualsEqualsEqualsToken]: '===',
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '!==', [ts.SyntaxKind.EqualsEqualsToken]: '==',
  [ts.SyntaxKind.ExclamationEqualsToken]: '!=',
};
