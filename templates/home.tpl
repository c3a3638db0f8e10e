{{%AUTOESCAPE context="HTML"}}<div class="content-section">
  {{#GREETING}}<h1 class="h3 mb-3">{{USERNAME:x-into=T_HELLO}}</h1>
  <p>{{EMAIL:x-into=T_LOGGED_IN_AS}}</p>
  <p><a href="/logout">{{T_LOG_OUT_LINK}}</a></p>{{/GREETING}}
  {{#WELCOME}}<h1 class="h3 mb-3">{{T_WELCOME}}</h1>
  <p><a href="/login">{{T_LOG_IN_LINK}}</a> {{T_OR}} <a href="/register">{{T_CREATE_ACCOUNT}}</a>.</p>{{/WELCOME}}
</div>
