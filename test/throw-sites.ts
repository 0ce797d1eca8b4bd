/**
 * Walks the throw sites of TypeScript sources with the compiler API and reports every one that
 * does not throw a DarkfleetError (the error policy: docs/architecture.md). A site passes when it
 *  - throws `new X(...)` with X, resolved by name, one of the error classes src/errors.ts exports;
 *  - rethrows the variable of an enclosing `catch`;
 *  - throws any other expression whose type the checker knows is one of those classes (a helper
 *    returning SourceError, a variable narrowed by `instanceof`);
 *  - is a conditional whose both branches pass.
 * Anywhere in the code, `new Error(...)` and the other built-in error constructors are reported
 * too, so errors handed to Promise.reject or a callback are held to the same rule.
 */
import ts from 'typescript';

export interface ThrowProblem {
  file: string;
  line: number;
  text: string;
  why: string;
}

const BUILTIN_ERRORS = new Set(['Error', 'RangeError', 'TypeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

export interface ThrowWalk {
  problems: ThrowProblem[];
  /** throw statements looked at */
  sites: number;
}

/**
 * @param files the sources to walk (absolute paths); they become the program's roots
 * @param errorsFile absolute path of src/errors.ts
 * @param errorClasses names of the classes src/errors.ts exports that are DarkfleetError or extend it
 */
export function walkThrowSites(files: readonly string[], errorsFile: string, errorClasses: ReadonlySet<string>, options: ts.CompilerOptions): ThrowWalk {
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const problems: ThrowProblem[] = [];
  let sites = 0;
  const errorsPath = ts.sys.resolvePath(errorsFile);

  const resolved = (node: ts.Node): ts.Symbol | undefined => {
    let sym = checker.getSymbolAtLocation(node);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym;
  };
  /** a class src/errors.ts declares and exports as a DarkfleetError */
  const isErrorClass = (sym: ts.Symbol | undefined): boolean =>
    !!sym && errorClasses.has(sym.name) && (sym.declarations ?? []).some((d) => ts.sys.resolvePath(d.getSourceFile().fileName) === errorsPath);
  const typeIsErrorClass = (type: ts.Type): boolean =>
    type.isUnion() ? type.types.every(typeIsErrorClass) : isErrorClass(type.getSymbol());
  const isCaughtVariable = (node: ts.Identifier): boolean => {
    const decl = resolved(node)?.valueDeclaration;
    return !!decl && ts.isVariableDeclaration(decl) && ts.isCatchClause(decl.parent);
  };

  /** why `expr` may throw something that is not a DarkfleetError, or null when it is fine */
  const judge = (expr: ts.Expression): string | null => {
    if (ts.isParenthesizedExpression(expr)) return judge(expr.expression);
    if (ts.isConditionalExpression(expr)) return judge(expr.whenTrue) ?? judge(expr.whenFalse);
    if (ts.isNewExpression(expr)) {
      return isErrorClass(resolved(expr.expression)) ? null : `${expr.expression.getText()} is not a DarkfleetError class exported by src/errors.ts`;
    }
    if (ts.isIdentifier(expr) && isCaughtVariable(expr)) return null;
    if (typeIsErrorClass(checker.getTypeAtLocation(expr))) return null;
    return `throws ${checker.typeToString(checker.getTypeAtLocation(expr))}, not a DarkfleetError (and not a rethrow of a caught variable)`;
  };

  for (const sf of program.getSourceFiles()) {
    if (!files.includes(ts.sys.resolvePath(sf.fileName))) continue;
    const report = (node: ts.Node, why: string): void => {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      problems.push({ file: sf.fileName, line: line + 1, text: node.getText(sf).split('\n')[0]!.slice(0, 120), why });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isThrowStatement(node)) {
        sites++;
        const why = judge(node.expression);
        if (why) report(node, why);
      } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && BUILTIN_ERRORS.has(node.expression.text)) {
        // thrown ones are reported by their throw statement
        let up: ts.Node = node.parent;
        while (ts.isParenthesizedExpression(up) || ts.isConditionalExpression(up)) up = up.parent;
        if (!ts.isThrowStatement(up)) report(node, `new ${node.expression.text}: use a DarkfleetError subclass from src/errors.ts`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { problems, sites };
}

/** The repository's compiler options (tsconfig.json). */
export function compilerOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, (f) => ts.sys.readFile(f));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, tsconfig.replace(/[^/]+$/, '')).options;
}
