// For tools that drive the service without a screen (seed, bench): sign in as an administrator,
// creating it first on a fresh file exactly as the first-start screen would.
import type { Service } from '../service';

export function adminSession(service: Service, username = 'admin', password = 'admin passw0rd'): string {
  const setup = service.dispatch('auth.setup', { username, displayName: '管理员', password });
  const signedIn = setup.ok ? setup : service.dispatch('auth.signIn', { username, password });
  if (!signedIn.ok) throw new Error(`cannot sign in as ${username}: ${JSON.stringify(signedIn.error)}`);
  return (signedIn.value as { sessionId: string }).sessionId;
}
