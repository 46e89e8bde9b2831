/** Where every write the console makes is reported: one line each, never a secret (names, counts, outcomes only). */
export type WriteLog = (line: string) => void;

export const stderrLog: WriteLog = (line) => {
  process.stderr.write(`${new Date().toISOString()} console: ${line}\n`);
};
