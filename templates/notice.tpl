{{%AUTOESCAPE context="HTML"}}<div class="content-section">
  <legend class="border-bottom mb-4"><h1 class="legend-heading">{{TITLE}}</h1></legend>
  <p><a class="btn btn-outline-info" href="{{LOGIN_URL}}">{{T_LOG_IN}}</a></p>
</div>
