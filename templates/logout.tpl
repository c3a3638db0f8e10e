{{%AUTOESCAPE context="HTML"}}<div class="content-section">
  <form method="POST" action="/logout">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <legend class="border-bottom mb-4"><h1 class="legend-heading">{{T_LOG_OUT}}</h1></legend>
    <p>{{T_LOG_OUT_QUESTION}}</p>
    <div class="form-group">
      <input class="btn btn-outline-info" id="submit" name="submit" type="submit" value="{{T_LOG_OUT}}" autofocus>
    </div>
  </form>
</div>
