// Opportunity stages: the StageName picklist and what each stage implies (IsClosed, IsWon, default
// Probability), as Setup → Opportunity Stages defines them. The defaults are Salesforce's out-of-the-box sales
// process plus 'On Hold', an open stage orgs commonly add and a sync must map somewhere.

export interface StageDef {
  readonly name: string;
  readonly isClosed: boolean;
  readonly isWon: boolean;
  /** Default probability (%) a record gets when it moves to this stage. */
  readonly probability: number;
}

export const defaultStages: readonly StageDef[] = [
  { name: 'Prospecting', isClosed: false, isWon: false, probability: 10 },
  { name: 'Qualification', isClosed: false, isWon: false, probability: 10 },
  { name: 'Needs Analysis', isClosed: false, isWon: false, probability: 20 },
  { name: 'Value Proposition', isClosed: false, isWon: false, probability: 50 },
  { name: 'Id. Decision Makers', isClosed: false, isWon: false, probability: 60 },
  { name: 'Perception Analysis', isClosed: false, isWon: false, probability: 70 },
  { name: 'Proposal/Price Quote', isClosed: false, isWon: false, probability: 75 },
  { name: 'Negotiation/Review', isClosed: false, isWon: false, probability: 90 },
  { name: 'On Hold', isClosed: false, isWon: false, probability: 0 },
  { name: 'Closed Won', isClosed: true, isWon: true, probability: 100 },
  { name: 'Closed Lost', isClosed: true, isWon: false, probability: 0 },
];

export function checkStages(stages: readonly StageDef[]): void {
  if (stages.length === 0) throw new RangeError('stages: at least one stage is needed');
  const names = new Set<string>();
  for (const stage of stages) {
    if (stage.name.trim() === '') throw new RangeError('stages: a stage needs a name');
    if (names.has(stage.name.toLowerCase())) throw new RangeError(`stages: '${stage.name}' is listed twice`);
    if (stage.isWon && !stage.isClosed) throw new RangeError(`stages: '${stage.name}' is won but not closed`);
    names.add(stage.name.toLowerCase());
  }
}
