/**
 * The name that a copy of a program made for profiling calls before each
 * statement (line-marks.ts adds the calls; the sandbox binds the name, see
 * SandboxOptions.lineMark). A module of its own, so the sandbox can name it
 * without loading the parser.
 */
export const LINE_MARK = '$$line';
