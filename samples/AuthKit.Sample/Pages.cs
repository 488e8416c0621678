namespace AuthKit.Sample;

/// <summary>The sample's HTML pages: plain HTML and a little JavaScript calling the JSON endpoints.</summary>
internal static class Pages
{
    public const string Home = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>AuthKit sample</title>
          <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
            form { display: grid; gap: .5rem; margin: 1rem 0; }
            input, button { font: inherit; padding: .4rem .6rem; }
            #message { min-height: 1.5rem; }
            .error { color: #b42318; }
          </style>
        </head>
        <body>
          <h1>AuthKit sample</h1>
          <p>Create an account, then sign in. Passwords are hashed with PBKDF2 and checked against common-password lists.</p>
          <form id="form">
            <label>Email <input name="email" type="email" autocomplete="username" required></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <div><button data-action="signup">Sign up</button> <button data-action="login">Sign in</button></div>
          </form>
          <p id="message" role="status"></p>
          <script>
            const form = document.getElementById('form');
            const message = document.getElementById('message');
            form.addEventListener('submit', e => e.preventDefault());
            for (const button of form.querySelectorAll('button')) {
              button.addEventListener('click', async () => {
                const body = JSON.stringify({ email: form.email.value, password: form.password.value });
                const response = await fetch('/api/auth/' + button.dataset.action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
                const data = await response.json().catch(() => ({}));
                message.className = response.ok ? '' : 'error';
                message.textContent = response.ok ? 'Done: user ' + data.userId : (data.error || data.detail || data.title || 'Something went wrong.');
              });
            }
          </script>
        </body>
        </html>
        """;
}
