// A real OpenID provider for the single sign-on tests: node-oidc-provider 9 (npm oidc-provider, a
// devDependency), with one client for the app, PKCE required, and the signing key the test fixture made.
//
//   node tests/oidc/provider.mjs '<json>'   with {issuer, client: {client_id, client_secret, redirect_uris,
//                                            post_logout_redirect_uris}, jwk}
//
// Listens on a free loopback port and prints it as "listening <port>". Logging in uses the package's
// development interactions: any login name, any password. The login name is the e-mail address, optionally
// followed by " groups=a,b" for the groups claim (role mapping).
import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2]);

function parseLogin(login) {
  const [email, ...rest] = login.trim().split(/\s+/);
  const groups = rest.find((part) => part.startsWith('groups='));
  return { email, groups: groups ? groups.slice('groups='.length).split(',').filter(Boolean) : [] };
}

const provider = new Provider(config.issuer, {
  clients: [{
    ...config.client,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [config.jwk] },
  pkce: { required: () => true },
  // Claims of the scopes asked for go into the ID token too, as Entra ID and AD FS put them there.
  conformIdTokenClaims: false,
  claims: { email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  cookies: { keys: ['frivillig-tests-only'] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="en"><head><title>Sign out</title></head><body>
          <h1>Sign out of the test provider?</h1>${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
          </body></html>`;
      },
    },
  },
  async findAccount(ctx, id) {
    const { email, groups } = parseLogin(id);
    return {
      accountId: id,
      async claims() {
        return { sub: id, email, email_verified: true, name: email, groups };
      },
    };
  },
  // The app is a first-party client: no consent page, the grant covers what it asks for.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups']);
    await grant.save();
    return grant;
  },
});

const server = provider.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
