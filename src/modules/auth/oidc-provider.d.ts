// The small part of oidc-provider (which ships no type declarations) this app uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcSession {
    readonly accountId?: string;
    readonly transient?: boolean;
    readonly authorizations?: Record<string, { grantId?: string }>;
    grantIdFor(clientId: string): string | undefined;
    destroy(): Promise<void>;
  }

  export interface OidcContext {
    readonly params?: Record<string, unknown>;
    readonly client?: { readonly clientId: string };
    readonly session?: OidcSession;
    readonly result?: { consent?: { grantId?: string } };
    /** Validated request entities; IdTokenHint is the decoded `id_token_hint` of an end-session request. */
    readonly entities: { readonly IdTokenHint?: { readonly payload: Record<string, unknown> } };
    readonly provider: Provider;
  }

  export interface KoaContextWithOIDC {
    oidc: OidcContext;
    type: string;
    body: unknown;
    status: number;
    host: string;
    cookies: { set(name: string, value: string | null, options?: Record<string, unknown>): void };
    redirect(url: string): void;
  }

  export interface InteractionDetails {
    readonly uid: string;
    readonly prompt: { readonly name: string; readonly reasons: readonly string[] };
    readonly params: Record<string, unknown>;
    readonly session?: { readonly accountId?: string };
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface TokenModel {
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface GrantConstructor {
    new (init: { accountId: string; clientId: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }

  export interface AccessTokenLike {
    readonly kind: string;
    readonly resourceServer?: { readonly audience?: string };
  }

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    proxy: boolean;
    readonly Grant: GrantConstructor;
    readonly AccessToken: TokenModel;
    readonly AuthorizationCode: TokenModel;
    cookieName(type: 'session' | 'interaction' | 'resume'): string;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  };
}
