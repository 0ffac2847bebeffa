// The page a person opens from the device code message (the emulator's stand-in for microsoft.com/devicelogin):
// enter the code, pick which Dynamics 365 user signs in, approve or decline.

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function renderDevicePage(
  users: readonly { username: string; fullName: string; roles: readonly string[]; applicationId?: string }[],
  notice = '',
  code = '',
): string {
  const options = users
    .filter((u) => u.applicationId === undefined)
    .map((u) => {
      const roles = u.roles.length > 0 ? u.roles.join(', ') : 'no security role';
      return `<option value="${escapeHtml(u.username)}">${escapeHtml(u.fullName)} &lt;${escapeHtml(u.username)}&gt; (${escapeHtml(roles)})</option>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in to Dynamics 365 (emulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:1rem 0 .25rem}
input,select,button{font-size:1rem;padding:.4rem}button{margin:1rem .5rem 0 0}.notice{padding:.75rem;background:#eef6ff;border-radius:4px}</style></head>
<body>
<h1>Enter code</h1>
<p>Dynamics 365 emulator: approve a device sign-in as one of the environment's users.</p>
${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ''}
<form method="post" action="/device">
<label for="code">Code</label><input id="code" name="code" autocomplete="off" value="${escapeHtml(code)}" required>
<label for="username">Sign in as</label><select id="username" name="username">${options}</select>
<div><button name="action" value="approve" type="submit">Approve</button><button name="action" value="decline" type="submit">Decline</button></div>
</form>
</body>
</html>`;
}
