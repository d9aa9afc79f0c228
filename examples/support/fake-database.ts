/** A goal row of the example database. */
export interface Goal {
  id: string
  title: string
  ownerId: string
  progress: number
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))

/**
 * A small in-process database with realistic latency (15 ms a query), counting queries so the
 * examples can show how many the cache saved.
 */
export class GoalDatabase {
  queries = 0
  private readonly rows = new Map<string, Goal>()
  private readonly listeners = new Map<string, ((goal: Goal) => void)[]>()

  constructor(goals: Goal[]) {
    for (const goal of goals) this.rows.set(goal.id, goal)
  }

  async find(id: string): Promise<Goal | undefined> {
    this.queries++
    await sleep(15)
    return this.rows.get(id)
  }

  async listByOwner(ownerId: string): Promise<Goal[]> {
    this.queries++
    await sleep(15)
    return [...this.rows.values()].filter((goal) => goal.ownerId === ownerId)
  }

  async update(id: string, change: Partial<Omit<Goal, 'id'>>): Promise<Goal> {
    this.queries++
    await sleep(15)
    const current = this.rows.get(id)
    if (current === undefined) throw new Error(`goal ${id} does not exist`)
    const updated = { ...current, ...change }
    this.rows.set(id, updated)
    for (const listener of this.listeners.get('goal.updated') ?? []) listener(updated)
    return updated
  }

  /** Change notifications, like a database trigger or a CDC stream would deliver. */
  on(event: 'goal.updated', listener: (goal: Goal) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
  }
}

/** Twenty goals owned by three users. */
export function seedGoals(): Goal[] {
  return Array.from({ length: 20 }, (_, index) => ({
    id: String(index + 1),
    title: `Goal ${index + 1}`,
    ownerId: `user:${(index % 3) + 1}`,
    progress: (index * 7) % 100,
  }))
}
