export declare const REPO: string;
export interface Outcome {
    code: number;
    stdout: string;
    /** stdout as bytes, for `get ... -`. */
    bytes: Buffer;
    stderr: string;
}
export interface RunOptions {
    cwd: string;
    env?: Record<string, string>;
    /** Run the installed bin (bin/elemental.js) instead of the TypeScript entry. */
    bin?: boolean;
    /** Bytes for standard input (none: stdin is closed). */
    input?: Buffer | string;
}
/** Runs the `elemental` command as a user would: a new process, in a folder, with arguments. */
export declare function elemental(args: readonly string[], options: RunOptions): Promise<Outcome>;
/** A temporary application folder with an app.json and the given files (path -> text or JSON). */
export declare function tempApp(appJson: object, files?: Record<string, string | object>): {
    root: string;
    remove: () => void;
};
/** No stack trace: no `    at ` frames. */
export declare const STACK_FRAME: RegExp;
