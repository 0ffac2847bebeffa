// The device flow's verification page (`<login URL>/setup/connect`, Salesforce's "Connect Your Device"): a
// person enters the user code, picks which emulator user signs in, and allows or denies access.

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function renderConnectPage(
  users: readonly { username: string; name: string; profile: { name: string } }[],
  notice = '',
  code = '',
): string {
  const options = users
    .map(
      (u) =>
        `<option value="${escapeHtml(u.username)}">${escapeHtml(u.name)} &lt;${escapeHtml(u.username)}&gt; (${escapeHtml(u.profile.name)})</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Connect your device (Salesforce emulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:1rem 0 .25rem}
input,select,button{font-size:1rem;padding:.4rem}button{margin:1rem .5rem 0 0}.notice{padding:.75rem;background:#eef6ff;border-radius:4px}</style></head>
<body>
<h1>Connect your device</h1>
<p>Salesforce emulator: enter the code the application shows, choose who signs in, and allow or deny access.</p>
${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ''}
<form method="post" action="/setup/connect">
<label for="user_code">Code</label><input id="user_code" name="user_code" autocomplete="off" value="${escapeHtml(code)}" required>
<label for="username">Sign in as</label><select id="username" name="username">${options}</select>
<div><button name="action" value="allow" type="submit">Allow</button><button name="action" value="deny" type="submit">Deny</button></div>
</form>
</body>
</html>`;
}
