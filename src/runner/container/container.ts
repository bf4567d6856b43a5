/**
 * The narrow slice of a WebContainer the container runtime depends on. The
 * real adapter wraps @webcontainer/api; tests use a Node implementation
 * (a temporary folder and child processes) behind the same interface, so the
 * runtime is proven without a browser or a network.
 */
export type Files = Record<string, string | Uint8Array>;

export interface ContainerProcess {
  /** Called with each chunk the process writes to stdout or stderr. */
  onOutput(listener: (chunk: string) => void): void;
  exit: Promise<number>;
  kill(): void;
}

export interface Container {
  /** Writes files, by path relative to the working folder (folders are created). */
  mount(files: Files): Promise<void>;
  spawn(command: string, args: string[]): Promise<ContainerProcess>;
  /** Ends every process and frees the container; it cannot be used again. */
  teardown(): void;
}

/** The runner's messages travel on stdout as lines with this prefix; other output is the program's own. */
export const MESSAGE_PREFIX = '\u0000runner:';
