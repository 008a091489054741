// What the EUDR reference step keeps in its state store, so that a document waiting for TRACES
// survives a restart (DESIGN.md, "State": pending statements awaiting a receipt):
//   s/<statement id>                 a statement we asked for, its status and numbers
//   a/<client>/<affirmation>         which statement covers a client's felling affirmation
//   p/<document edi-id>              a parked document: where it lies on the bus, what it waits for
//   w/<statement id>/<document id>   index: the documents a statement's receipt releases
// A parked document is a pointer to its record on the input topic, not a copy: documents may
// be megabytes, and the Kafka state store keeps every entry in memory.

export type StatementStatus = 'requested' | 'available' | 'rejected';

export interface StatementState {
  id: string;
  client: string;
  affirmations: string[];
  status: StatementStatus;
  requestedAt: string;
  /** The document that asked for it: kind and number. */
  requestedBy: string;
  referenceNumber?: string;
  verificationNumber?: string;
  /** Why TRACES (or the statement's preparation) refused it. */
  code?: string;
  reason?: string;
  decidedAt?: string;
}

export interface AffirmationCover {
  statement: string;
}

export interface ParkedDocument {
  /** edi-id of the document. */
  id: string;
  topic: string;
  partition: number;
  offset: string;
  document: string;
  number: string;
  client: string;
  /** Missing affirmation → the statement that will cover it. */
  statements: Record<string, string>;
  parkedAt: string;
  /** ms since the epoch after which the document goes to the DLQ. */
  deadline: number;
}

const part = (s: string): string => encodeURIComponent(s.trim().toUpperCase());

export const stateKey = {
  statement: (id: string): string => `s/${id}`,
  cover: (client: string, affirmation: string): string => `a/${part(client)}/${part(affirmation)}`,
  parked: (documentId: string): string => `p/${documentId}`,
  parkedPrefix: 'p/',
  waiting: (statement: string, documentId: string): string => `w/${statement}/${documentId}`,
  waitingPrefix: (statement: string): string => `w/${statement}/`,
} as const;

/** Statements a parked document still waits for, given the statements' states. */
export function pendingStatements(parked: Pick<ParkedDocument, 'statements'>, status: (id: string) => StatementStatus | undefined): string[] {
  return [...new Set(Object.values(parked.statements))].filter((id) => status(id) !== 'available');
}
