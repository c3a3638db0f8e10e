{{%AUTOESCAPE context="HTML"}}<div class="content-section">
  {{#GREETING}}<h1 class="h3 mb-3">Hello, {{USERNAME}}!</h1>
  <p>You are logged in as {{EMAIL}}.</p>
  <p><a href="/logout">Log out</a></p>{{/GREETING}}
  {{#WELCOME}}<h1 class="h3 mb-3">Welcome</h1>
  <p><a href="/login">Log in</a> or <a href="/register">create an account</a>.</p>{{/WELCOME}}
</div>
