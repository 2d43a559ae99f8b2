// Who acts, and from where: what every service needs of the signed-in artist to authorize an action (their id
// scopes every query) and to record it in the audit trail. Built from a request by actorOf (auth-context.ts).

export interface Actor {
  readonly artistId: string;
  /** The artist's e-mail, as the audit trail names them. */
  readonly actor: string;
  readonly requestId?: string | undefined;
  readonly ip?: string | undefined;
  readonly userAgent?: string | undefined;
}
