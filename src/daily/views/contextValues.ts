/** `contextValue`s of tree items, matched in package.json menus by `viewItem == …`. */
export const ContextValues = {
  goal: 'accord.goal',
  microGoal: 'accord.microGoal',
  microGoalDone: 'accord.microGoalDone',
  standalone: 'accord.standalone',
} as const;
