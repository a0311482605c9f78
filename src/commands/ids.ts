/** Every command id in one place; package.json's `contributes.commands` must match (tested). */
export const Commands = {
  setUp: 'accord.setUp',
  addGoal: 'accord.addGoal',
  addMicroGoal: 'accord.addMicroGoal',
  refresh: 'accord.refresh',
  showDataProblems: 'accord.showDataProblems',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
