{{%AUTOESCAPE context="HTML"}}<div class="content-section">
  <h1 class="h3 mb-3">{{TITLE}}</h1>
  <p>{{MESSAGE}}</p>
  <p><a href="/">{{T_BACK_HOME}}</a></p>
</div>
