// web-ext ships no types: the part of its API that lint-firefox.ts uses.
declare module 'web-ext' {
  export interface LintMessage {
    _type: 'error' | 'warning' | 'notice';
    code: string;
    message: string;
    description?: string;
    file?: string;
    line?: number;
    column?: number;
  }
  export interface LintResult {
    errors: LintMessage[];
    warnings: LintMessage[];
    notices: LintMessage[];
    summary: { errors: number; warnings: number; notices: number };
  }
  const webExt: {
    cmd: {
      lint(
        params: {
          sourceDir: string;
          output: 'none' | 'text' | 'json';
          selfHosted: boolean;
          warningsAsErrors: boolean;
          boring: boolean;
        },
        options: { shouldExitProgram: boolean },
      ): Promise<LintResult>;
    };
  };
  export default webExt;
}
