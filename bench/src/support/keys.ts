/** A key prefix no earlier run used; every bench key starts with "bench/". */
export function freshPrefix(label: string): string {
  return `bench/${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}/${label}`;
}
