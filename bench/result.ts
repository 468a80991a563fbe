/** What every benchmark reports: its figure, the baseline measured in the same run, and an optional verdict. */
export interface BenchResult {
  name: string;
  ms: number;
  baselineMs: number;
  baselineName: string;
  /** A limit the figure is judged against, when there is one. */
  limitMs?: number;
  pass?: boolean;
}
