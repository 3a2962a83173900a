/**
 * Work counted in steps, so that tests hold an algorithm's cost to the size of its input without
 * timing it (a timed test fails on a busy machine; speed is for the benchmarks). A matcher or pass
 * whose cost must follow its input takes one as an optional last argument and adds a step per
 * unit of its work: each automaton state looked at per character, each node visited.
 */
export interface Steps {
  n: number;
}
